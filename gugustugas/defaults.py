"""Default structure of a task force per level, taken from the 2019 technical guideline.

Plain data with no model imports, so data migrations can use it too. These are
defaults: a task force may add, rename or drop sub-GTs and member agencies.
"""

NATIONAL = "national"
PROVINCE = "province"
REGENCY = "regency"

# Sub-GT kinds in the order the guideline lists them.
PREVENTION = "prevention"
HEALTH_REHABILITATION = "health_rehabilitation"
SOCIAL_REHABILITATION = "social_rehabilitation"
LEGAL_NORMS = "legal_norms"
LAW_ENFORCEMENT = "law_enforcement"
COOPERATION = "cooperation"

SUBGT_KINDS = [
    PREVENTION,
    HEALTH_REHABILITATION,
    SOCIAL_REHABILITATION,
    LEGAL_NORMS,
    LAW_ENFORCEMENT,
    COOPERATION,
]

# Regency/city task forces have no legal-norm-development sub-GT by default.
SUBGTS_BY_LEVEL = {
    NATIONAL: SUBGT_KINDS,
    PROVINCE: SUBGT_KINDS,
    REGENCY: [k for k in SUBGT_KINDS if k != LEGAL_NORMS],
}

# The agency that coordinates each sub-GT, per level (Indonesian official names).
SUBGT_COORDINATORS = {
    NATIONAL: {
        PREVENTION: "Kementerian Pendidikan Dasar dan Menengah",
        HEALTH_REHABILITATION: "Kementerian Kesehatan",
        SOCIAL_REHABILITATION: "Kementerian Sosial",
        LEGAL_NORMS: "Kementerian Hukum dan Hak Asasi Manusia",
        LAW_ENFORCEMENT: "Badan Reserse Kriminal Polri",
        COOPERATION: "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan",
    },
    PROVINCE: {
        PREVENTION: "Dinas Pendidikan",
        HEALTH_REHABILITATION: "Dinas Kesehatan",
        SOCIAL_REHABILITATION: "Dinas Sosial",
        LEGAL_NORMS: "Biro Hukum Sekretariat Daerah",
        LAW_ENFORCEMENT: "Kepolisian Daerah",
        COOPERATION: "Biro Kerja Sama Sekretariat Daerah",
    },
    REGENCY: {
        PREVENTION: "Dinas Pendidikan",
        HEALTH_REHABILITATION: "Dinas Kesehatan",
        SOCIAL_REHABILITATION: "Dinas Sosial",
        LAW_ENFORCEMENT: "Kepolisian Resor",
        COOPERATION: "Bagian Kerja Sama Sekretariat Daerah",
    },
}

# Default member agencies per level: the guideline's lists, with the lead agency
# (the women's empowerment and child protection office, which runs the secretariat)
# and the coordinating ministry added at the top. (name, short name)
MEMBER_AGENCIES = {
    NATIONAL: [
        ("Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan", "Kemenko PMK"),
        ("Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", "KemenPPPA"),
        ("Kementerian Dalam Negeri", "Kemendagri"),
        ("Kementerian Luar Negeri", "Kemenlu"),
        ("Kementerian Keuangan", "Kemenkeu"),
        ("Kementerian Agama", "Kemenag"),
        ("Kementerian Hukum dan Hak Asasi Manusia", "Kemenkumham"),
        ("Kementerian Perhubungan", "Kemenhub"),
        ("Kementerian Ketenagakerjaan", "Kemnaker"),
        ("Kementerian Sosial", "Kemensos"),
        ("Kementerian Kesehatan", "Kemenkes"),
        ("Kementerian Pendidikan Dasar dan Menengah", "Kemendikdasmen"),
        ("Kementerian Pariwisata", "Kemenpar"),
        ("Kementerian Komunikasi dan Digital", "Komdigi"),
        ("Kementerian PPN/Bappenas", "Bappenas"),
        ("Kementerian Pemuda dan Olahraga", "Kemenpora"),
        ("Kepolisian Negara Republik Indonesia", "Polri"),
        ("Badan Reserse Kriminal Polri", "Bareskrim"),
        ("Kejaksaan Agung", "Kejagung"),
        ("Kementerian Pelindungan Pekerja Migran Indonesia/BP2MI", "KP2MI"),
        ("Badan Intelijen Negara", "BIN"),
        ("Badan Pusat Statistik", "BPS"),
    ],
    PROVINCE: [
        ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
        ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
        ("Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans"),
        ("Dinas Pendidikan", "Disdik"),
        ("Dinas Sosial", "Dinsos"),
        ("Dinas Kesehatan", "Dinkes"),
        ("Dinas Perhubungan", "Dishub"),
        ("Dinas Komunikasi dan Informatika", "Diskominfo"),
        ("Dinas Kebudayaan dan Pariwisata", "Disbudpar"),
        ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
        ("Dinas Pemuda dan Olahraga", "Dispora"),
        ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
        ("Dinas Koperasi dan Usaha Kecil Menengah", "Diskop UKM"),
        ("Dinas Perindustrian dan Perdagangan", "Disperindag"),
        ("Biro Hukum Sekretariat Daerah", "Biro Hukum"),
        ("Biro Kerja Sama Sekretariat Daerah", "Biro Kerja Sama"),
        ("Biro Kesejahteraan Rakyat Sekretariat Daerah", "Biro Kesra"),
        ("Satuan Polisi Pamong Praja", "Satpol PP"),
        ("Kantor Wilayah Kementerian Hukum dan HAM", "Kanwil Kemenkumham"),
        ("Kantor Wilayah Kementerian Agama", "Kanwil Kemenag"),
        ("Kepolisian Daerah", "Polda"),
        ("Kejaksaan Tinggi", "Kejati"),
        ("Badan Pusat Statistik", "BPS Provinsi"),
        ("Balai Pelayanan Pelindungan Pekerja Migran Indonesia", "BP3MI"),
    ],
    REGENCY: [
        ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
        ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
        ("Dinas Tenaga Kerja", "Disnaker"),
        ("Dinas Pendidikan", "Disdik"),
        ("Dinas Sosial", "Dinsos"),
        ("Dinas Kesehatan", "Dinkes"),
        ("Dinas Perhubungan", "Dishub"),
        ("Dinas Komunikasi dan Informatika", "Diskominfo"),
        ("Dinas Kebudayaan dan Pariwisata", "Disbudpar"),
        ("Badan Keuangan dan Aset Daerah", "BKAD"),
        ("Dinas Pemuda dan Olahraga", "Dispora"),
        ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
        ("Dinas Koperasi dan Usaha Mikro", "Diskopum"),
        ("Dinas Perindustrian dan Perdagangan", "Disperindag"),
        ("Bagian Hukum Sekretariat Daerah", "Bagian Hukum"),
        ("Bagian Kerja Sama Sekretariat Daerah", "Bagian Kerja Sama"),
        ("Bagian Kesejahteraan Rakyat Sekretariat Daerah", "Bagian Kesra"),
        ("Satuan Polisi Pamong Praja", "Satpol PP"),
        ("Kantor Kementerian Agama", "Kemenag"),
        ("Komando Distrik Militer", "Kodim"),
        ("Pengadilan Negeri", "PN"),
        ("Kepolisian Resor", "Polres"),
        ("Kejaksaan Negeri", "Kejari"),
        ("Badan Pusat Statistik", "BPS"),
    ],
}
