# Kosakata terkendali (bahasa Indonesia). Kunci harus sama dengan locales/en/vocab.ftl.

## Bidang kerja sama

field-agriculture = Pertanian
field-business = Bisnis
field-business-incubation = Inkubasi bisnis
field-capacity-building = Peningkatan kapasitas
field-creative-economy = Ekonomi kreatif
field-culture = Seni dan budaya
field-disaster-management = Penanggulangan bencana
field-e-government = Pemerintahan berbasis elektronik
field-economy = Ekonomi
field-education = Pendidikan
field-energy = Energi
field-environment = Lingkungan hidup
field-finance = Keuangan
field-governance = Tata kelola pemerintahan
field-health = Kesehatan
field-heritage = Warisan budaya
field-housing = Perumahan
field-ict = Teknologi informasi dan komunikasi (TIK)
field-industry = Perindustrian
field-information-systems = Sistem informasi
field-infrastructure = Infrastruktur
field-investment = Investasi
field-livestock = Peternakan
field-maritime = Kemaritiman
field-msme = Usaha mikro, kecil, dan menengah (UMKM)
field-music = Musik
field-port = Kepelabuhanan
field-research = Penelitian
field-rural-development = Pembangunan perdesaan
field-science = Ilmu pengetahuan
field-smart-city = Kota cerdas
field-social = Sosial
field-sport = Olahraga
field-technology = Teknologi
field-tourism = Pariwisata
field-trade = Perdagangan
field-transport = Transportasi
field-urban-development = Pembangunan perkotaan
field-urban-management = Pengelolaan perkotaan
field-urban-planning = Perencanaan kota
field-vocational-training = Pelatihan vokasi
field-waste-management = Pengelolaan sampah
field-water = Sumber daya air
field-youth = Kepemudaan

## Faktor kegagalan dan keberhasilan

factor-weak-communication = Komunikasi antarmitra lemah
factor-low-capacity = Kapasitas SDM pemerintah daerah rendah
factor-no-central-support = Minimnya dukungan pemerintah pusat
factor-no-community-involvement = Masyarakat tidak dilibatkan
factor-elitist = Didominasi pejabat (elitis)
factor-policy-change = Perubahan kebijakan di salah satu pihak
factor-global-policy = Kebijakan tingkat global (Kebijakan Satu Tiongkok)
factor-central-government-dominance = Dominasi pemerintah pusat atas kewenangan daerah
factor-covid-19 = Pandemi Covid-19
factor-online-only = Kegiatan hanya dapat dilakukan secara daring
factor-time-difference = Perbedaan zona waktu
factor-leadership-change = Pergantian kepala daerah
factor-weak-leadership = Kepemimpinan kepala daerah lemah
factor-budget = Anggaran terbatas atau kurang terencana
factor-no-follow-up = Tidak ada tindak lanjut setelah penandatanganan
factor-no-results = Tidak ada hasil nyata
factor-no-mou-compliance = MoU tidak dipatuhi para pihak
factor-mou-not-renewed = Perjanjian tidak diperpanjang saat berakhir
factor-short-term-agreement = Jangka waktu perjanjian terlalu singkat
factor-implementation-delay = Pelaksanaan program tertunda
factor-weak-agreement-text = Naskah perjanjian lemah
factor-low-motivation = Motivasi pemerintah daerah rendah
factor-passive-local-government = Pemerintah daerah pihak Indonesia pasif
factor-one-sided = Hanya pihak mitra yang aktif
factor-partner-unresponsive = Mitra luar negeri tidak merespons
factor-no-facilitator = Tidak ada fasilitator pihak ketiga
factor-partner-choice = Pemilihan mitra kurang tepat atau tujuan berbeda
factor-differing-interests = Kepentingan kedua kota berbeda
factor-elite-interests = Didorong oleh kepentingan elite
factor-unintegrated-systems = Sistem kedua pihak tidak terintegrasi
factor-market-competition = Produk kalah bersaing di pasar
factor-investor-competition = Kedua kota bersaing menarik investor yang sama
factor-political-differences = Perbedaan sistem politik
factor-political-uncertainty = Ketidakpastian politik dan anggaran nasional
factor-global-crisis = Krisis ekonomi global
factor-infrastructure-deficit = Keterbatasan infrastruktur daerah
factor-no-overseas-office = Tidak ada kantor perwakilan daerah di negara mitra
factor-no-international-participation = Tidak ikut serta dalam kegiatan internasional
factor-no-roadmap = Peta jalan operasional tidak dipublikasikan
factor-vague-indicators = Indikator keberhasilan tidak jelas
factor-no-evaluation = Evaluasi minim atau tidak ada
factor-weak-reporting = Sistem pelaporan lemah
factor-low-transparency = Pelaksanaan tidak transparan
factor-bureaucratic-structure = Struktur birokrasi tidak mendukung
factor-language-barrier = Kendala bahasa
factor-distance = Kendala jarak geografis
factor-success-action-plan = Rencana aksi disepakati bersama MoU
factor-success-multi-stakeholder = Melibatkan pemerintah, akademisi, dan unsur nonpemerintah
factor-success-civil-society-association = Perkumpulan warga kota kembar menggerakkan kerja sama
factor-success-business-links = Hubungan bisnis yang sudah terjalin
factor-success-leader-commitment = Komitmen pribadi kedua kepala daerah
factor-success-regular-renewal = Diperpanjang secara berkala setiap lima tahun

## Negara (ISO 3166-1 alpha-2)

country-AT = Austria
country-AU = Australia
country-BG = Bulgaria
country-CN = Tiongkok
country-CU = Kuba
country-CZ = Ceko
country-DE = Jerman
country-EC = Ekuador
country-EG = Mesir
country-FR = Prancis
country-GB = Britania Raya
country-HR = Kroasia
country-HU = Hongaria
country-ID = Indonesia
country-IT = Italia
country-JP = Jepang
country-KH = Kamboja
country-KP = Korea Utara
country-KR = Korea Selatan
country-KZ = Kazakhstan
country-MA = Maroko
country-MY = Malaysia
country-MZ = Mozambik
country-NL = Belanda
country-PH = Filipina
country-PK = Pakistan
country-PL = Polandia
country-PS = Palestina
country-RU = Rusia
country-SA = Arab Saudi
country-TH = Thailand
country-TR = Turki
country-TW = Taiwan
country-UA = Ukraina
country-US = Amerika Serikat
country-VN = Vietnam
country-ZA = Afrika Selatan

## Jenis tempat

place-kind-city = Kota
place-kind-regency = Kabupaten
place-kind-province = Provinsi
place-kind-capital-region = Daerah ibu kota
place-kind-organisation = Organisasi

## Jenis kerja sama

tie-kind-sister-city = Kota kembar
tie-kind-sister-province = Provinsi kembar
tie-kind-friendship-city = Kota sahabat
tie-kind-other = Kerja sama lain

## Jenis dokumen perjanjian

agreement-kind-loi = Pernyataan Kehendak Kerja Sama (LoI)
agreement-kind-mou = Nota Kesepahaman (MoU)
agreement-kind-implementing = Perjanjian Kerja Sama (PKS)
agreement-kind-renewal = Perpanjangan
agreement-kind-amendment = Adendum
agreement-kind-termination = Pengakhiran
agreement-kind-other = Dokumen lain

## Status menurut sumber (pada tanggal sumber)

reported-status-active = Aktif
reported-status-dormant = Kurang aktif
reported-status-expired = Habis masa berlaku
reported-status-terminated = Diakhiri
reported-status-proposed = Diusulkan
reported-status-unknown = Tidak diketahui

## Status perjanjian dan status kegiatan (hasil perhitungan Pantau)

agreement-status-proposed = Diusulkan
agreement-status-in-force = Berlaku
agreement-status-expiring = Segera berakhir
agreement-status-lapsed = Habis masa berlaku
agreement-status-terminated = Diakhiri
agreement-status-unknown = Tidak diketahui
activity-status-active = Aktif
activity-status-dormant = Kurang aktif
activity-status-silent = Tidak aktif

## Tahapan prosedur dan dokumen yang dihasilkan

step-exploration = Penjajakan
step-exploration-doc = Kajian kelayakan
step-loi = Pernyataan Kehendak Kerja Sama (LoI)
step-loi-doc = Pernyataan Kehendak Kerja Sama yang telah ditandatangani
step-cooperation-plan = Rencana Kerja Sama (RKS)
step-cooperation-plan-doc = Kerangka acuan kerja dan rencana aksi
step-home-affairs-consideration = Pertimbangan Kemendagri
step-home-affairs-consideration-doc = Surat pertimbangan Menteri Dalam Negeri
step-dprd-approval = Persetujuan DPRD
step-dprd-approval-doc = Keputusan DPRD
step-central-verification = Verifikasi pemerintah pusat
step-central-verification-doc = Surat persetujuan
step-draft-agreement = Rancangan naskah perjanjian
step-draft-agreement-doc = Rancangan naskah yang telah diparaf
step-full-powers = Surat Kuasa Penuh (Full Powers)
step-full-powers-doc = Surat Kuasa Penuh dari Menteri Luar Negeri
step-signing = Penandatanganan
step-signing-doc = Naskah MoU atau perjanjian yang telah ditandatangani
step-deposit = Penyimpanan naskah asli
step-deposit-doc = Naskah asli disimpan Kementerian Luar Negeri; salinan resmi untuk daerah dan Kementerian Dalam Negeri
step-implementation = Pelaksanaan, pemantauan, dan evaluasi
step-implementation-doc = Kegiatan dan laporan evaluasi

## Status tonggak capaian

milestone-status-planned = Direncanakan
milestone-status-in-progress = Sedang berjalan
milestone-status-done = Selesai
milestone-status-missed = Tidak tercapai

## Jenis kegiatan

activity-kind-visit = Kunjungan
activity-kind-exchange = Pertukaran
activity-kind-event = Acara
activity-kind-training = Pelatihan
activity-kind-project = Proyek
activity-kind-other = Lainnya

## Sektor peserta

sector-government = Pemerintah
sector-business = Dunia usaha
sector-academia = Akademisi
sector-community = Masyarakat
sector-youth = Pemuda

## Indikator keberhasilan (Tjandradewi & Marcotullio 2009)

indicator-commitment = Komitmen kedua belah pihak
indicator-commitment-help = Kepala daerah dan jajaran pemerintahannya di kedua belah pihak aktif menjalankan kerja sama serta menyediakan staf dan anggaran.
indicator-participation = Partisipasi dan tanggapan
indicator-participation-help = Kedua mitra saling menanggapi, dan warga, pelaku usaha, serta akademisi ikut serta dalam kegiatan.
indicator-mou = Adanya Nota Kesepahaman (MoU)
indicator-mou-help = Nota Kesepahaman yang masih berlaku menetapkan tujuan, bidang, dan jangka waktu kerja sama.
indicator-benefit = Saling menguntungkan
indicator-benefit-help = Kedua belah pihak, bukan hanya salah satu, memperoleh manfaat dari kerja sama.
indicator-results = Hasil nyata
indicator-results-help = Kerja sama menghasilkan keluaran konkret yang dapat dilihat dan diperiksa oleh publik.

## Skor indikator keberhasilan (0–3)

rating-0 = 0 – tidak ada
rating-1 = 1 – lemah
rating-2 = 2 – memadai
rating-3 = 3 – kuat

# Status metodologi v2 (isu 12).
agreement-status-ended-reported = Berakhir (menurut sumber)
agreement-status-term-not-recorded = Jangka waktu tidak tercatat

## #16: partner countries of the added ties
country-AS = Samoa Amerika
country-IN = India
country-KE = Kenya
country-LB = Lebanon
country-MX = Meksiko
country-NP = Nepal
country-SG = Singapura
country-UZ = Uzbekistan
country-CD = Republik Demokratik Kongo
country-PG = Papua Nugini
