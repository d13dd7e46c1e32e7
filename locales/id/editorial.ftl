# Halaman penyuntingan (daerah, kerja sama, penggabungan), pengelolaan akun, tautan atur ulang kata sandi, dan sesi (isu 17).
forbidden-editorial = Hanya penyunting dan administrator yang dapat menambah atau mengubah daerah dan kerja sama.
nav-sessions = Sesi
nav-editorial = Daerah dan kerja sama

editorial-title = Daerah dan kerja sama
editorial-explainer = Tambahkan daerah atau kerja sama yang belum tercatat, perbaiki data suatu daerah, atau gabungkan dua catatan yang ternyata daerah yang sama. Setiap perubahan wajib disertai alasan dan tampil dalam riwayat daerah atau kerja sama tersebut.
editorial-new-place-title = Tambahkan daerah
editorial-new-tie-title = Tambahkan kerja sama
editorial-find-title = Ubah atau gabungkan daerah
editorial-find-label = Daerah
editorial-find-help = Namanya seperti tertulis di situs ini, atau slug-nya (bagian akhir alamatnya, misalnya surabaya atau liverpool-gb).
editorial-find-button = Buka formulir daerah
editorial-edit-link = Ubah data daerah ini
editorial-merge-link = Gabungkan daerah lain ke daerah ini

editorial-place-explainer = Daerah langsung tampil untuk publik begitu disimpan. Alamat halamannya dibentuk dari namanya dan tidak berubah sesudahnya.
editorial-edit-place-title = Ubah data daerah { $name }
editorial-save = Simpan daerah
editorial-name = Nama (bahasa Indonesia)
editorial-name-en = Nama dalam bahasa Inggris
editorial-name-en-help = Isi hanya bila ejaan bahasa Inggrisnya berbeda (Moscow untuk Moskwa); selain itu biarkan kosong.
editorial-kind = Jenis daerah
editorial-country = Kode negara
editorial-country-help = Dua huruf (ISO 3166-1): ID untuk Indonesia, JP untuk Jepang, GB untuk Britania Raya.
editorial-province = Provinsi
editorial-province-help = Untuk kabupaten atau kota di Indonesia.
editorial-province-none = — tidak ada —
editorial-code = Kode wilayah Kemendagri
editorial-code-help = Wajib untuk provinsi (35), kabupaten, atau kota (35.78) di Indonesia; harus diawali kode provinsinya.
editorial-lat = Lintang
editorial-lat-help = Derajat desimal, negatif untuk selatan khatulistiwa (-7,25).
editorial-lon = Bujur
editorial-lon-help = Derajat desimal, negatif untuk barat Greenwich (112,75).
editorial-alt-names = Nama lain dan ejaan lain
editorial-alt-names-help = Satu nama per baris (Jogja, Yogya). Pencarian juga menemukan daerah lewat nama-nama ini.
editorial-ppid-title = Pejabat Pengelola Informasi dan Dokumentasi (PPID)
editorial-ppid-help = PPID daerah menurut Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik, tempat pembaca dapat meminta dokumen. Biarkan kosong bila belum diketahui.
editorial-ppid-name = Kantor atau pejabat
editorial-ppid-email = Surel
editorial-ppid-phone = Telepon
editorial-ppid-url = Laman
editorial-reason = Alasan perubahan
editorial-reason-help = Apa yang Anda ubah dan berdasarkan sumber apa; ditampilkan dalam riwayat publik.
editorial-slug = Alamat (slug)
editorial-merged = Daerah yang digabungkan
place-ppid-explainer = Untuk meminta dokumen tentang kerja sama daerah ini, hubungi PPID-nya.

editorial-error-country = Tulis kode negara dua huruf, misalnya ID atau JP.
editorial-error-code = Tulis kode Kemendagri: dua angka untuk provinsi (35); dua angka, titik, dan dua angka untuk kabupaten atau kota (35.78).
editorial-error-code-province = Kode harus diawali kode provinsi yang dipilih ({ $province }).
editorial-error-province = Pilih provinsi tempat kabupaten atau kota ini berada.
editorial-error-code-taken = Kode ini sudah dipakai daerah lain.
editorial-error-code-not-region = Kode Kemendagri hanya dimiliki provinsi, kabupaten, dan kota di Indonesia; kosongkan isian ini.
editorial-error-lat = Tulis lintang antara -90 dan 90.
editorial-error-lon = Tulis bujur antara -180 dan 180.
editorial-error-both-coordinates = Isi kedua koordinat, atau kosongkan keduanya.
editorial-error-alt-names = Nama lain paling banyak 30.
editorial-error-phone = Nomor telepon hanya boleh berisi angka, spasi, +, -, dan tanda kurung.
editorial-error-reason = Jelaskan apa yang Anda ubah dan mengapa.
editorial-error-stale = Orang lain telah mengubah data ini lebih dahulu. Buka kembali untuk melihat perubahannya, lalu ulangi perubahan Anda.
editorial-error-place = Tidak ada daerah dengan nama atau slug ini. Periksa ejaannya, atau tambahkan daerahnya lebih dahulu.
editorial-error-place-indonesian = Daerah pertama dalam kerja sama adalah daerah di Indonesia.
editorial-error-same-place = Pilih dua daerah yang berbeda.
editorial-error-tie-exists = Kerja sama antara kedua daerah ini sudah tercatat.
editorial-error-shared-partner = Kedua daerah sama-sama bekerja sama dengan { $partner }. Penggabungan akan menghasilkan dua kerja sama untuk pasangan yang sama; selesaikan hal itu lebih dahulu.

editorial-merge-title = Gabungkan daerah lain ke { $name }
editorial-merge-explainer = Gunakan ini bila dua catatan ternyata daerah yang sama. Kerja sama, nama lain, dan akun daerah yang digabungkan pindah ke { $name }; namanya menjadi nama lain; alamat halamannya selanjutnya mengarah ke sini. Penggabungan tidak dapat dibatalkan dari situs.
editorial-merge-other = Daerah yang digabungkan ke daerah ini
editorial-merge-other-help = Nama atau slug-nya. Daerah itu tidak lagi berdiri sendiri.
editorial-merge-button = Gabungkan kedua daerah

editorial-tie-explainer = Kerja sama langsung tampil untuk publik begitu disimpan; naskah perjanjian dan catatan lainnya ditambahkan di halaman berikutnya.
editorial-tie-place = Daerah di Indonesia
editorial-tie-place-help = Nama atau slug-nya (surabaya, Kabupaten Badung).
editorial-tie-partner = Daerah mitra
editorial-tie-partner-help = Nama atau slug-nya; tambahkan daerahnya lebih dahulu bila belum tercatat.
editorial-tie-kind = Bentuk kerja sama
editorial-tie-started = Dimulai
editorial-tie-save = Simpan kerja sama
editorial-place-history-explainer = Setiap perubahan data daerah ini, dari yang terbaru, beserta siapa yang mengubah dan alasannya.
revision-action-merge = digabungkan

flash-place-added = Daerah telah ditambahkan.
flash-place-saved = Data daerah telah disimpan.
flash-places-merged = Kedua daerah telah digabungkan.
flash-tie-added = Kerja sama telah ditambahkan. Catat naskah perjanjian dan catatan lainnya di halaman ini.
flash-user-saved = Peran dan daerah akun telah disimpan.
flash-user-enabled = Akun telah diaktifkan kembali.
flash-reset-link = Tautan atur ulang telah dibuat. Salin sekarang; tautan ini tidak ditampilkan lagi.
flash-password-reset = Kata sandi baru Anda telah disimpan. Silakan masuk dengan kata sandi itu.
flash-session-ended = Sesi telah diakhiri.
flash-sessions-ended = Semua sesi lain telah diakhiri.
flash-suggestion-accepted-tie = Usulan diterima. Tambahkan kerja samanya dengan formulir di bawah; alasannya merujuk usulan tersebut.

user-sessions-count = { $count ->
   *[other] { $count } sesi aktif
}
user-access-title = Peran dan daerah
user-access-save = Simpan peran dan daerah
users-error-own-role = Anda tidak dapat mencabut peran administrator dari akun Anda sendiri.
user-password-title = Kata sandi
user-reset-explainer = Membuat tautan untuk pemilik akun memilih kata sandi baru. Tautan hanya dapat dipakai sekali dan berlaku 24 jam; situs ini tidak mengirim surel, jadi sampaikan tautannya sendiri. Tautan sebelumnya yang belum dipakai tidak berlaku lagi.
user-reset-button = Buat tautan atur ulang
user-reset-link-title = Tautan atur ulang kata sandi
user-reset-link-explainer = Sampaikan tautan ini kepada pemilik akun melalui saluran yang tepercaya. Tautan hanya ditampilkan sekarang, hanya dapat dipakai sekali, dan kedaluwarsa dalam 24 jam.
user-enable-explainer = Akun ini nonaktif dan tidak dapat masuk.
user-enable = Aktifkan kembali akun
user-disable-explainer = Menonaktifkan akun langsung mengakhiri semua sesinya; akun dapat diaktifkan kembali.

reset-title = Pilih kata sandi baru
reset-explainer = Untuk akun { $email }. Tautan ini hanya dapat dipakai sekali; sesi Anda di semua perangkat akan berakhir.
reset-gone = Tautan ini sudah kedaluwarsa atau sudah dipakai. Mintalah tautan baru kepada administrator.

sessions-title = Sesi Anda
sessions-explainer = Semua perangkat tempat akun Anda sedang masuk. Sesi berakhir setelah 2 jam tidak dipakai atau 12 jam sejak masuk. Akhiri sesi yang tidak Anda kenali, lalu ganti kata sandi Anda.
sessions-device = Perangkat (peramban)
sessions-started = Masuk
sessions-last-seen = Terakhir terlihat
sessions-actions = Tindakan
sessions-this-device = perangkat ini
sessions-end = Akhiri
sessions-end-others = Akhiri semua sesi lain
sessions-unknown-device = Peramban tidak dikenal
