"""Word lists for synthetic letters: regions, agencies, people, subjects, sentences.

Proper-case names here are the ground truth; letters print some of them upper-cased.
Every subject is written so that title-casing its upper-case form gives it back
(small words lower case, acronyms from ``ACRONYMS``), because SE/SK print subjects in capitals.
"""
from __future__ import annotations

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
NUMBER_WORDS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
                "sembilan", "sepuluh"]

# Small words kept lower case and acronyms kept upper case when title-casing.
SMALL_WORDS = {"dan", "di", "ke", "dari", "untuk", "yang", "atas", "pada", "serta", "dalam",
               "tentang", "atau", "bagi", "oleh", "se", "s.d."}
ACRONYMS = {"ASN", "PNS", "RKPD", "APBD", "OPD", "UMKM", "BPJS", "TPP", "SPPD", "SOP", "DPRD",
            "RSUD", "PPPK", "SPIP", "SAKIP", "SPBE", "TIK", "LKPJ", "PBB", "KTP", "UPTD", "II",
            "III", "IV", "TK", "SD", "SMP", "PAUD", "CPNS", "DAK", "PKK", "JRA"}

# (kind of region, name, capital, time zone)
REGIONS = [
    ("Kabupaten", "Penajam Paser Utara", "Penajam", "WITA"),
    ("Kabupaten", "Paser", "Tana Paser", "WITA"),
    ("Kabupaten", "Kutai Kartanegara", "Tenggarong", "WITA"),
    ("Kabupaten", "Berau", "Tanjung Redeb", "WITA"),
    ("Kota", "Balikpapan", "Balikpapan", "WITA"),
    ("Kota", "Samarinda", "Samarinda", "WITA"),
    ("Kabupaten", "Sleman", "Sleman", "WIB"),
    ("Kabupaten", "Banyumas", "Purwokerto", "WIB"),
    ("Kabupaten", "Gowa", "Sungguminasa", "WITA"),
    ("Kota", "Padang", "Padang", "WIB"),
    ("Kabupaten", "Lombok Timur", "Selong", "WITA"),
    ("Kabupaten", "Sumedang", "Sumedang", "WIB"),
    ("Kabupaten", "Sidoarjo", "Sidoarjo", "WIB"),
    ("Kota", "Pontianak", "Pontianak", "WIB"),
]

# (agency name, unit code, web slug)
AGENCIES = [
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", "pupr"),
    ("Dinas Pendidikan", "DISDIK", "disdik"),
    ("Dinas Kesehatan", "DINKES", "dinkes"),
    ("Dinas Komunikasi dan Informatika", "DISKOMINFO", "diskominfo"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "bkpsdm"),
    ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA", "bappeda"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "bpkad"),
    ("Dinas Perpustakaan dan Kearsipan", "DPK", "dpk"),
    ("Sekretariat Daerah", "OR", "setda"),
    ("Dinas Sosial", "DINSOS", "dinsos"),
    ("Dinas Lingkungan Hidup", "DLH", "dlh"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "DISDUKCAPIL", "disdukcapil"),
    ("Inspektorat Daerah", "INSP", "inspektorat"),
    ("Dinas Perhubungan", "DISHUB", "dishub"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", "bpbd"),
    ("Dinas Pertanian dan Ketahanan Pangan", "DPKP", "dpkp"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dpmptsp"),
    ("Dinas Pemuda dan Olahraga", "DISPORA", "dispora"),
]

STREETS = ["Jalan Provinsi Km. 9", "Jalan Jenderal Sudirman No. 12", "Jalan Ahmad Yani No. 45",
           "Jalan Pangeran Diponegoro No. 7", "Jalan Soekarno-Hatta Km. 4", "Jalan Pahlawan No. 21",
           "Jalan Merdeka No. 3", "Jalan Gatot Subroto No. 88", "Jalan Kesuma Bangsa No. 15",
           "Jalan Basuki Rahmat No. 30", "Jalan Imam Bonjol No. 2", "Jalan R.A. Kartini No. 19"]

# Classification codes: Permendagri 83/2022 top levels with sub-codes, and older codes
# still printed on many letters (005 undangan, 045 kearsipan, 090 perjalanan dinas).
CLASSIFICATION_CODES = [
    "000", "000.1", "000.1.2.3", "000.2", "000.5", "000.5.2", "000.5.6.2", "000.8", "000.8.3.3",
    "000.9.2", "100", "100.1", "100.2.2", "100.3.3", "200", "200.1.4", "300", "300.1", "300.2.3",
    "400", "400.3", "400.5.1", "400.7.2", "400.14", "500", "500.2", "500.4.1", "500.15", "600",
    "600.1", "600.2.1", "600.3.4", "700", "700.1.1", "700.2.3", "800", "800.1.2", "800.1.11.13",
    "800.2.3", "900", "900.1.3", "900.1.13.2", "005", "045", "090", "045.2", "027",
]

FIRST_NAMES = ["Ahmad", "Budi", "Siti", "Dewi", "Rahmat", "Agus", "Sri", "Hendra", "Nurul",
               "Yusuf", "Fitri", "Andi", "Rina", "Bambang", "Wahyu", "Lestari", "Muhammad",
               "Indah", "Dedi", "Ratna", "Hasanuddin", "Eko", "Kartika", "Rudi", "Novi",
               "Syamsul", "Taufik", "Ayu", "Irwan", "Maya", "Fajar", "Sulastri", "Abdul",
               "Yuliana", "Arief", "Dian", "Sugeng", "Mulyadi", "Herlina", "Rizal"]
LAST_NAMES = ["Subagio", "Rahmawati", "Santoso", "Hidayat", "Wibowo", "Saputra", "Lestari",
              "Kurniawan", "Pratama", "Susanti", "Nugroho", "Setiawan", "Hakim", "Maulana",
              "Siregar", "Harahap", "Sitompul", "Rahman", "Syahputra", "Wulandari", "Purnomo",
              "Prasetyo", "Hasibuan", "Nasution", "Gunawan", "Suryani", "Effendi", "Ramadhan",
              "Yulianti", "Firmansyah", "Aritonang", "Batubara", "Tanjung", "Daeng", "Mappa"]
TITLES_BEFORE = ["", "", "", "", "Ir. ", "Dr. ", "Drs. ", "H. ", "Hj. ", "dr. ", "Ir. H. "]
TITLES_AFTER = ["", "S.T.", "S.T., M.T.", "S.E.", "S.E., M.Si.", "S.Sos.", "S.Sos., M.A.P.",
                "S.H.", "S.H., M.H.", "S.Pd.", "M.Pd.", "S.Kom.", "S.K.M., M.Kes.", "S.STP., M.Si.",
                "S.IP.", "M.M."]
PANGKAT = ["Pembina Utama Madya (IV/d)", "Pembina Utama Muda (IV/c)", "Pembina Tingkat I (IV/b)",
           "Pembina (IV/a)", "Penata Tingkat I (III/d)", "Penata (III/c)"]

# Subject building blocks: (prefix, is invitation)
SUBJECT_PREFIXES = ["Permohonan Data", "Undangan Rapat Koordinasi", "Penyampaian Laporan",
                    "Pemberitahuan Pelaksanaan", "Usulan", "Permohonan Fasilitasi", "Sosialisasi",
                    "Monitoring dan Evaluasi", "Pelaksanaan", "Permintaan Narasumber",
                    "Penyampaian Hasil", "Undangan Bimbingan Teknis", "Percepatan", "Penyusunan",
                    "Verifikasi", "Pendataan"]
SUBJECT_OBJECTS = [
    "Rencana Strategis Perangkat Daerah", "Pemeliharaan Jalan Kabupaten", "Program Imunisasi Anak Sekolah",
    "Pengadaan Barang dan Jasa", "Penataan Arsip Inaktif", "Kenaikan Pangkat Periode April",
    "Penyusunan RKPD", "Penerimaan PPPK", "Realisasi Anggaran Triwulan III", "Penilaian SAKIP",
    "Penanganan Banjir di Kecamatan", "Pembangunan Jembatan Desa", "Bantuan Sosial Lanjut Usia",
    "Cuti Bersama ASN", "Rekonsiliasi Aset Daerah", "Pengelolaan Sampah Rumah Tangga",
    "Penerapan SPBE", "Pelayanan Administrasi Kependudukan", "Gerakan Literasi Sekolah",
    "Pencegahan Stunting", "Penertiban Reklame", "Pemutakhiran Data Pegawai", "Evaluasi LKPJ",
    "Uji Kompetensi Jabatan Fungsional", "Peringatan Hari Ulang Tahun Kabupaten", "Ketahanan Pangan Daerah",
    "Perizinan Berusaha Berbasis Risiko", "Pengawasan Dana Desa", "Pembinaan UMKM",
    "Keselamatan Lalu Lintas Angkutan Sekolah", "Tanggap Darurat Bencana", "Peningkatan Disiplin Pegawai",
    "Pemeliharaan Gedung Kantor", "Penghapusan Barang Milik Daerah", "Pelatihan Operator Aplikasi",
    "Pengembangan Perpustakaan Desa", "Penyaluran Pupuk Bersubsidi", "Penataan Ruang Terbuka Hijau",
]
DECREE_SUBJECTS = [
    "Pembentukan Tim Pelaksana", "Penetapan Panitia Penilai", "Penunjukan Pejabat Pengadaan",
    "Pembentukan Kelompok Kerja", "Penetapan Lokasi Kegiatan", "Penetapan Petugas Pengelola",
]
VILLAGES = ["Nipah-Nipah", "Sotek", "Giri Mukti", "Petung", "Sepaku", "Babulu Darat", "Waru",
            "Lawe-Lawe", "Sidorejo", "Karang Jinawi", "Sukaraja", "Tanjung Harapan", "Bukit Raya",
            "Sumber Sari", "Rintik", "Gunung Makmur", "Telemow", "Api-Api", "Maridan", "Buluminung"]
VENUES = ["Ruang Rapat Lantai 2 Kantor Bupati", "Aula Sekretariat Daerah", "Ruang Rapat Bappeda",
          "Gedung Serbaguna", "Aula Kantor Camat", "Ruang Pertemuan Dinas", "Hotel Grand Senyiur",
          "Ruang Rapat Wakil Bupati", "Balai Pertemuan Umum", "Pendopo Kabupaten"]
REGULATIONS = [
    "Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan",
    "Peraturan Menteri Dalam Negeri Nomor 83 Tahun 2022 tentang Pedoman Pengelolaan Kearsipan",
    "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil",
    "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Menteri Dalam Negeri Nomor 1 Tahun 2023 tentang Tata Naskah Dinas",
    "Peraturan Pemerintah Nomor 12 Tahun 2019 tentang Pengelolaan Keuangan Daerah",
    "Peraturan Presiden Nomor 12 Tahun 2021 tentang Pengadaan Barang/Jasa Pemerintah",
]
PURPOSES = [
    "meningkatkan kualitas pelayanan publik", "mendukung pelaksanaan program prioritas daerah",
    "tertib administrasi pengelolaan kearsipan", "percepatan realisasi anggaran tahun berjalan",
    "menyusun dokumen perencanaan pembangunan", "mengevaluasi capaian kinerja perangkat daerah",
    "menjaga ketertiban dan keamanan lingkungan", "memperkuat koordinasi antarperangkat daerah",
    "mewujudkan tata kelola pemerintahan yang baik", "memenuhi kebutuhan data pembangunan",
]
ACTIONS = [
    "menyampaikan data pendukung paling lambat tanggal {deadline}",
    "menugaskan pejabat yang membidangi untuk hadir dan membawa bahan paparan",
    "melakukan pendataan ulang terhadap {count} unit sarana yang tersebar di {n_kec} kecamatan",
    "memberikan tanggapan tertulis atas rancangan yang terlampir",
    "mengisi formulir isian sebagaimana terlampir dan mengirimkannya melalui pos-el dinas",
    "berkoordinasi dengan camat dan kepala desa di wilayah kerja masing-masing",
    "menyiapkan laporan realisasi fisik dan keuangan sampai dengan bulan {month}",
    "menindaklanjuti temuan hasil pemeriksaan sesuai ketentuan yang berlaku",
]
DETAILS = [
    "Anggaran kegiatan tersebut sebesar Rp{amount},00 bersumber dari APBD Tahun Anggaran {year}.",
    "Kegiatan dilaksanakan di Desa {village} dan Desa {village2} dengan melibatkan {count} orang peserta.",
    "Sampai dengan saat ini tercatat {count} berkas yang belum dilengkapi oleh perangkat daerah.",
    "Hasil pemantauan lapangan menunjukkan {count} titik kerusakan yang memerlukan penanganan segera.",
    "Data yang disampaikan agar dilengkapi dengan rekapitulasi per kecamatan dan per desa.",
    "Pelaksanaan kegiatan berpedoman pada {regulation}.",
    "Narahubung kegiatan ini adalah Saudara {contact} dengan nomor telepon 08{phone}.",
    "Jadwal pelaksanaan dimulai pada bulan {month} dan berakhir paling lambat bulan {month2} {year}.",
    "Biaya perjalanan dinas peserta dibebankan pada anggaran masing-masing perangkat daerah.",
    "Bahan rapat dapat diunduh melalui laman resmi pemerintah daerah.",
]
CLOSINGS = [
    "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
    "Demikian untuk menjadi perhatian dan dilaksanakan sebagaimana mestinya.",
    "Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.",
    "Demikian kami sampaikan, atas perhatiannya kami ucapkan terima kasih.",
]
ADDRESSEE_ROLES = ["Kepala Dinas Pendidikan", "Kepala Dinas Kesehatan", "Sekretaris Daerah",
                   "Inspektur Daerah", "Camat Penajam", "Camat Waru", "Kepala Badan Perencanaan Pembangunan Daerah",
                   "Para Kepala Perangkat Daerah", "Kepala Dinas Sosial", "Direktur RSUD",
                   "Kepala Bagian Organisasi", "Kepala Dinas Perhubungan", "Para Camat",
                   "Kepala Dinas Komunikasi dan Informatika", "Para Lurah dan Kepala Desa"]
TEMBUSAN_ROLES = ["{head} {region} (sebagai laporan)", "Wakil {head} {region}", "Sekretaris Daerah",
                  "Inspektur Daerah", "Ketua DPRD {region}", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
                  "Asisten Administrasi Umum", "Arsip"]
