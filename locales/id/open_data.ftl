# Data terbuka: lisensi data, entri umpan, bagian baru halaman API.
data-licence = Data: CC BY 4.0
data-licence-title = Lisensi data
data-licence-text = Data situs ini (halaman, API, ekspor, unduhan lengkap, dan umpan) berlisensi Creative Commons Atribusi 4.0 Internasional (CC BY 4.0): Anda boleh memakainya kembali untuk tujuan apa pun asalkan mengutip Pantau Kota Kembar dan sumber aslinya. Kode situs web ini berlisensi tersendiri, yaitu MIT.
feed-kind-reported = status yang dilaporkan
feed-kind-correction = koreksi
feed-content-agreement = Sebuah perjanjian ({ $what }) dalam { $tie } dipublikasikan atau diubah pada { $date }.
feed-content-roadmap = Peta jalan "{ $what }" dalam { $tie } dipublikasikan atau diubah pada { $date }.
feed-content-activity = Kegiatan "{ $what }" dalam { $tie } dipublikasikan atau diubah pada { $date }.
feed-content-report = Laporan evaluasi "{ $what }" tentang { $tie } dipublikasikan atau diubah pada { $date }.
feed-content-reported = Sumber melaporkan status { $tie } sebagai: { $what }. Dicatat pada { $date }.
feed-content-correction = Sebuah catatan terbitan dalam { $tie } dikoreksi pada { $date }. Alasan: { $what }
api-sources = Semua sumber yang dikutip (kajian, artikel, halaman web).
api-index = Pintu masuk API: daftar-daftarnya, dokumen OpenAPI-nya, dan lisensi datanya.
api-conv-caching = Setiap jawaban membawa ETag (dan Last-Modified bila data menyebut kapan terakhir berubah) serta menjawab 304 Not Modified untuk permintaan bersyarat yang cocok; daftar mengirim header Link (first, prev, next, last) dengan URL absolut.
api-conv-params = page dan per_page berupa bilangan bulat (page mulai 1, per_page 1–500, bawaan 100) di setiap daftar; parameter yang tidak dikenal suatu daftar, atau id yang cacat, ditolak dengan 400 yang menyebut namanya; nilai yang tidak ada ditulis null.
api-datapackage = Paket data Frictionless yang menjelaskan setiap ekspor (kolom, tipe, nilai yang diizinkan, kunci, dan lisensi):
