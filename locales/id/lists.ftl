# Daftar daerah yang dibagi per provinsi dan per negara (isu 15).
places-by-province-first = Provinsi, kabupaten, dan kota menurut kode Kemendagri, dikelompokkan per provinsi. Di halaman ini tampil daerah yang sudah memiliki kerja sama tercatat; tautan di setiap provinsi membuka semua daerahnya.
places-province-all = Semua { $count } daerah di { $province }
places-by-country = Daerah mitra dikelompokkan per negara atau wilayah; pilih salah satu untuk melihat daerahnya.
places-back = Semua daerah
col-places = Daerah mitra
