# Usulan dari publik dan antrean moderasi (isu 17).
role-editor = Penyunting
forbidden-role-editor = Penyunting memeriksa usulan dari publik dan dapat mengubah data semua kerja sama.
forbidden-moderation = Antrean moderasi hanya dapat dibuka oleh penyunting dan administrator.
dashboard-intro-editor = Semua kerja sama beserta kewajiban kepada publik yang belum dipenuhi. Usulan dari publik menunggu di antrean moderasi.
nav-moderation = Antrean moderasi

suggest-link-tie = Sarankan koreksi atau tambahkan bukti
suggest-link-tie-help = Menemukan data yang keliru atau sumber yang belum kami catat? Kirimkan kepada kami, tanpa perlu akun.
suggest-link-missing = Beri tahu kami kerja sama yang belum tercatat
suggest-title-tie = Sarankan koreksi atau tambahkan bukti
suggest-title-missing = Beri tahu kami kerja sama yang belum tercatat
suggest-explainer = Usulan Anda akan diperiksa oleh penyunting sebelum data diubah. Sertakan sumber yang dapat diperiksa: alamat tautan atau berkas PDF.
suggest-fix-errors = Usulan belum terkirim. Periksa isian yang ditandai di bawah.
suggest-body-tie = Apa yang keliru atau kurang?
suggest-body-missing = Kerja sama apa yang belum tercatat? Sebutkan kedua daerah dan, bila ada, tanggal penandatanganannya.
suggest-body-help = Paling banyak { $max } karakter.
suggest-source-url = Alamat sumber
suggest-source-help = Berita, dokumen resmi, atau halaman pemerintah daerah yang memuat informasi ini. Isi alamat sumber atau lampirkan PDF.
suggest-document = Atau lampirkan dokumen PDF (paling besar 20 MB)
suggest-contact = Kontak untuk tindak lanjut (tidak wajib)
suggest-contact-help = Nama dan surel Anda hanya dilihat penyunting bila perlu bertanya. Keduanya tidak pernah ditampilkan, diekspor, atau dicantumkan dalam riwayat, dan dihapus 90 hari setelah usulan Anda diputuskan.
suggest-contact-name = Nama
suggest-contact-email = Surel
suggest-honeypot = Jangan isi kolom ini
suggest-consent = Saya menyetujui bahwa isi usulan dan sumbernya dapat diterbitkan bila diterima, sedangkan nama dan surel saya tetap dirahasiakan.
suggest-send = Kirim usulan
suggest-back = Kembali

suggest-error-honeypot = Usulan tidak diterima karena formulir diisi secara otomatis. Bila Anda manusia, muat ulang halaman ini lalu kirim kembali.
suggest-error-too-fast = Formulir dikirim terlalu cepat setelah dibuka. Baca kembali isian Anda, tunggu beberapa detik, lalu kirim lagi.
suggest-error-stale = Formulir ini sudah kedaluwarsa. Isian Anda masih ada di bawah; kirim sekali lagi.
suggest-error-address-limit = Sudah ada lima usulan dari alamat Anda dalam satu jam terakhir. Coba lagi satu jam lagi; isian Anda tetap di bawah.
suggest-error-tie-limit = Kerja sama ini sudah menerima banyak usulan dalam satu jam terakhir. Coba lagi nanti; isian Anda tetap di bawah.
suggest-error-source = Isi alamat sumber atau lampirkan PDF.
suggest-error-email = Tulis alamat surel yang lengkap, misalnya nama@contoh.id.
suggest-error-consent = Centang persetujuan ini untuk mengirim usulan.
suggest-error-reason = Pilih alasan penolakan dari daftar.

flash-suggestion-sent = Terima kasih, usulan Anda sudah kami terima. Simpan alamat halaman ini untuk melihat perkembangannya.
flash-suggestion-accepted = Usulan diterima. Lakukan perubahannya melalui formulir di bawah; alasan perubahan akan menyebut usulan ini.
flash-suggestion-decided = Keputusan atas usulan sudah disimpan.
flash-suggestion-stale = Usulan ini sudah diputuskan oleh penyunting lain.

suggestion-title = Usulan publik #{ $id }
suggestion-status-explainer = Halaman ini hanya dapat dibuka melalui tautan pribadi yang Anda terima. Jangan bagikan tautannya.
suggestion-state = Status
suggestion-about = Tentang
suggestion-sent = Dikirim
suggestion-text = Isi usulan
suggestion-status-pending = Menunggu pemeriksaan
suggestion-status-accepted = Diterima
suggestion-status-rejected = Ditolak
suggestion-status-spam = Pesan sampah (spam)
suggestion-accepted-note = penyunting menerima usulan ini dan memperbarui data berdasarkan sumbernya.
suggestion-new-tie = Kerja sama yang belum tercatat
suggestion-reason = Berdasarkan usulan publik #{ $id }; sumber: { $source }

reject-reason-no-source = Sumber tidak dapat diperiksa
reject-reason-source-disagrees = Sumber tidak mendukung usulan
reject-reason-already-recorded = Sudah tercatat
reject-reason-out-of-scope = Di luar cakupan situs
reject-reason-other = Alasan lain

moderation-title = Antrean moderasi
moderation-explainer = Usulan dari publik yang menunggu keputusan, dari yang terlama. Nama dan surel pengirim hanya untuk tindak lanjut dan tidak boleh diterbitkan.
moderation-empty = Tidak ada usulan yang menunggu.
moderation-contact = Kontak pengirim
moderation-document = Unduh PDF yang dilampirkan
moderation-duplicates = Usulan lain tentang kerja sama yang sama
moderation-accept = Terima dan ubah data
moderation-reason = Alasan penolakan
moderation-note = Keterangan untuk pengirim
moderation-reject = Tolak
moderation-spam = Tandai sebagai spam

suggestion-credit = Diperbaiki dengan bantuan publik: { $count } usulan
history-suggestions = Usulan publik yang diterima
dashboard-suggestions = Usulan publik tentang daerah Anda yang menunggu moderasi

# Mengganti kata sandi sendiri.
nav-password = Ganti kata sandi
password-title = Ganti kata sandi
password-explainer = Masukkan kata sandi Anda saat ini, lalu kata sandi baru dua kali. Sesi Anda di perangkat lain akan berakhir.
password-current = Kata sandi saat ini
password-new = Kata sandi baru (paling sedikit 12 karakter)
password-again = Ulangi kata sandi baru
password-save = Simpan kata sandi baru
password-wrong-current = Kata sandi saat ini tidak cocok.
password-mismatch = Kedua isian kata sandi baru tidak sama.
flash-password-changed = Kata sandi sudah diganti. Sesi di perangkat lain sudah diakhiri.
