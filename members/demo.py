"""Demo members: agencies, people, memberships and one login per role and level."""

import datetime
import zlib

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from gugustugas.demo import DEMO_PASSWORD, TASK_FORCES
from gugustugas.models import Role, SubTaskForce, TaskForce, role_title
from members import demo_provinces
from members.models import (
    Agency,
    InductionItem,
    Membership,
    MoU,
    NeedsSurveyResponse,
    Partner,
    PartnerContact,
    Person,
    Training,
    TrainingParticipant,
    create_default_agencies,
)

# Per task force: (login suffix or None, name, titles, role, agency short name, position,
# sub-GT kind or None, start, end or None, handover note)
PEOPLE = {
    "nasional": [
        (
            "koordinator",
            "Pratikno Wibisono",
            "Prof. Dr.",
            Role.CHAIR,
            "Kemenko PMK",
            "Menteri Koordinator Bidang Pembangunan Manusia dan Kebudayaan",
            None,
        ),
        (
            "ketuaharian",
            "Arifah Choiri Fauzi",
            "Dr.",
            Role.DAILY_CHAIR,
            "KemenPPPA",
            "Menteri Pemberdayaan Perempuan dan Perlindungan Anak",
            None,
        ),
        (
            "sekretariat",
            "Dewi Anggraini",
            "S.Sos., M.Si.",
            Role.SECRETARIAT,
            "KemenPPPA",
            "Asisten Deputi Perlindungan Hak Perempuan dari TPPO",
            None,
        ),
        (
            "subgt",
            "Hendra Kusumawardhana",
            "S.Pd., M.Pd.",
            Role.SUBGT_HEAD,
            "Kemendikdasmen",
            "Direktur Sekolah Menengah Pertama",
            "prevention",
        ),
        (
            "anggota",
            "Yulia Sembiring",
            "S.H.",
            Role.MEMBER,
            "Kemnaker",
            "Direktur Bina Penempatan Pekerja Migran",
            "cooperation",
        ),
        (
            None,
            "Komjen Pol. Wahyu Hadiningrat",
            "S.I.K., M.H.",
            Role.SUBGT_HEAD,
            "Bareskrim",
            "Direktur Tindak Pidana Umum",
            "law_enforcement",
        ),
        (
            None,
            "dr. Maria Ulfah",
            "M.Kes.",
            Role.SUBGT_HEAD,
            "Kemenkes",
            "Direktur Pelayanan Kesehatan Rujukan",
            "health_rehabilitation",
        ),
    ],
    "jabar": [
        (
            "ketua",
            "Herman Suryatman",
            "Dr. Ir., M.Si.",
            Role.CHAIR,
            "Bappeda",
            "Sekretaris Daerah Provinsi Jawa Barat",
            None,
        ),
        (
            "pengarah",
            "Siska Gerfianti",
            "dr., M.H.Kes.",
            Role.DAILY_CHAIR,
            "DP3A",
            "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            None,
        ),
        (
            "sekretariat",
            "Rina Marlina",
            "S.E.",
            Role.SECRETARIAT,
            "DP3A",
            "Kepala Bidang Perlindungan Perempuan dan Anak",
            None,
        ),
        (
            "subgt",
            "Asep Saepudin",
            "S.Pd., M.M.Pd.",
            Role.SUBGT_HEAD,
            "Disdik",
            "Kepala Bidang Pembinaan SMA",
            "prevention",
        ),
        (
            "anggota",
            "Nurul Hidayah",
            "S.Sos.",
            Role.MEMBER,
            "Disnakertrans",
            "Kepala Seksi Penempatan Tenaga Kerja Luar Negeri",
            "prevention",
        ),
        (
            None,
            "AKBP Dedi Supriadi",
            "S.I.K.",
            Role.SUBGT_HEAD,
            "Polda",
            "Kepala Subdirektorat Renakta Ditreskrimum",
            "law_enforcement",
        ),
        (
            None,
            "Euis Komariah",
            "S.H., M.H.",
            Role.SUBGT_HEAD,
            "Biro Hukum",
            "Kepala Bagian Bantuan Hukum",
            "legal_norms",
        ),
        (
            None,
            "Tatang Sutisna",
            "S.Sos., M.Si.",
            Role.SUBGT_HEAD,
            "Dinsos",
            "Kepala Bidang Rehabilitasi Sosial",
            "social_rehabilitation",
        ),
        (
            None,
            "dr. Lina Herlina",
            "M.K.M.",
            Role.MEMBER,
            "Dinkes",
            "Kepala Seksi Pelayanan Kesehatan Rujukan",
            "health_rehabilitation",
        ),
    ],
    "sukabumi": [
        (
            "ketua",
            "Ade Suryaman",
            "Drs., M.Si.",
            Role.CHAIR,
            "Bappeda",
            "Sekretaris Daerah Kabupaten Sukabumi",
            None,
        ),
        (
            "pengarah",
            "Eki Radiana Rizki",
            "S.STP., M.Si.",
            Role.DAILY_CHAIR,
            "DP3A",
            "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            None,
        ),
        (
            "sekretariat",
            "Siti Rohmah",
            "S.Kom.",
            Role.SECRETARIAT,
            "DP3A",
            "Analis Perlindungan Perempuan",
            None,
        ),
        (
            "subgt",
            "Dadan Hamdani",
            "S.Sos.",
            Role.SUBGT_HEAD,
            "Dinsos",
            "Kepala Bidang Rehabilitasi Sosial",
            "social_rehabilitation",
        ),
        (
            "anggota",
            "Ujang Mulyana",
            "S.E.",
            Role.MEMBER,
            "Disnaker",
            "Kepala Seksi Penempatan Tenaga Kerja",
            "prevention",
        ),
        (
            None,
            "AKP Rudi Hartono",
            "S.H.",
            Role.SUBGT_HEAD,
            "Polres",
            "Kepala Unit PPA Satreskrim",
            "law_enforcement",
        ),
    ],
    "bandung": [
        (
            "sekretariat",
            "Intan Permatasari",
            "S.IP.",
            Role.SECRETARIAT,
            "DP3A",
            "Kepala Seksi Perlindungan Khusus Anak",
            None,
        ),
        (
            None,
            "Rizal Firmansyah",
            "S.STP.",
            Role.DAILY_CHAIR,
            "DP3A",
            "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            None,
        ),
    ],
    "kepri": [
        (
            "sekretariat",
            "Fitri Handayani",
            "S.Sos.",
            Role.SECRETARIAT,
            "DP3A",
            "Kepala Bidang Perlindungan Hak Perempuan",
            None,
        ),
        (
            "pengarah",
            "Misni Mahmud",
            "S.H., M.H.",
            Role.DAILY_CHAIR,
            "DP3A",
            "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            None,
        ),
        (
            None,
            "Kombes Pol. Jefri Ronald Parulian",
            "S.I.K.",
            Role.SUBGT_HEAD,
            "Polda",
            "Direktur Reserse Kriminal Umum",
            "law_enforcement",
        ),
    ],
    "batam": [
        (
            "sekretariat",
            "Yanti Siregar",
            "S.E.",
            Role.SECRETARIAT,
            "DP3A",
            "Kepala Bidang Perlindungan Anak",
            None,
        ),
        (
            None,
            "Leo Putra Hutabarat",
            "S.H.",
            Role.SUBGT_HEAD,
            "Dinsos",
            "Kepala Bidang Rehabilitasi Sosial",
            "social_rehabilitation",
        ),
    ],
    "bintan": [
        (
            "sekretariat",
            "Raja Nurhayati",
            "S.Sos.",
            Role.SECRETARIAT,
            "DP3A",
            "Kepala Seksi Perlindungan Perempuan",
            None,
        ),
    ],
}

# Former members, to show turnover and handover notes: (prefix, name, role, agency,
# position, sub-GT, start, end, note)
FORMER = [
    (
        "jabar",
        "Wahyu Permana",
        Role.SECRETARIAT,
        "DP3A",
        "Kepala Bidang Perlindungan Perempuan dan Anak",
        None,
        datetime.date(2021, 1, 4),
        datetime.date(2024, 12, 31),
        "Arsip rapat koordinasi 2021-2024 ada di lemari B ruang Bidang PPA dan di folder "
        "bersama 'GT-PPTPPO'. Draf RAD 2025-2029 menunggu tanggapan Biro Hukum (surat "
        "tanggal 2 Desember 2024). Narahubung IOM: Ibu Sari, 0812-1111-2222.",
    ),
    (
        "sukabumi",
        "Cecep Supriatna",
        Role.SUBGT_HEAD,
        "Dinsos",
        "Kepala Bidang Rehabilitasi Sosial",
        "social_rehabilitation",
        datetime.date(2020, 3, 1),
        datetime.date(2024, 6, 30),
        "Rumah perlindungan sementara bekerja sama dengan Yayasan Bina Insani. "
        "Laporan triwulan II 2024 sudah dikirim ke provinsi.",
    ),
]

START = datetime.date(2024, 1, 15)


def seed() -> list[tuple[str, str, str]]:
    """Create the demo members; return (username, role, task force) of each login."""
    user_model = get_user_model()
    logins = []
    for code, prefix, decree, decree_date, _signed_by in TASK_FORCES:
        task_force = TaskForce.objects.select_related("region").get(region__code=code)
        create_default_agencies(task_force)
        agencies = {a.short_name: a for a in task_force.agencies.all()}
        subgts = {s.kind: s for s in task_force.subgts.all()}
        for index, (login, name, titles, role, agency, position, kind) in enumerate(PEOPLE[prefix]):
            user = None
            if login:
                username = f"{prefix}.{login}"
                user = _user(user_model, username, name)
                logins.append((username, role_title(role, task_force.level), str(task_force)))
            person = _person(task_force, name, titles, user, prefix, index)
            Membership.objects.get_or_create(
                task_force=task_force,
                person=person,
                role=role,
                start_date=START,
                defaults=dict(
                    agency=agencies[agency],
                    position_title=position,
                    sub_task_force=subgts.get(kind),
                    decree_number=decree.replace("No.", "Lampiran No.") if decree else "",
                    decree_date=decree_date,
                ),
            )
    for prefix, name, role, agency, position, kind, start, end, note in FORMER:
        code = next(c for c, p, *_ in TASK_FORCES if p == prefix)
        task_force = TaskForce.objects.get(region__code=code)
        person = _person(task_force, name, "", None, prefix, 99)
        Membership.objects.get_or_create(
            task_force=task_force,
            person=person,
            role=role,
            start_date=start,
            defaults=dict(
                agency=Agency.objects.get(task_force=task_force, short_name=agency),
                position_title=position,
                sub_task_force=SubTaskForce.objects.filter(
                    task_force=task_force, kind=kind
                ).first(),
                end_date=end,
                handover_note=note,
            ),
        )
    seed_capacity()
    demo_provinces.seed()
    return logins


def _user(user_model, username, name):
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={"first_name": name[:150], "email": f"{username}@demo.gugustugas.id"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _person(task_force, name, titles, user, prefix, index):
    person, _ = Person.objects.get_or_create(
        task_force=task_force,
        full_name=name,
        defaults=dict(
            honorific=titles,
            user=user,
            email=f"{prefix}.{index}@demo.gugustugas.id",
            phone=f"0812-{zlib.crc32(name.encode()) % 9000 + 1000}-{index:04d}",
        ),
    )
    return person


# --- partners, MoUs, training, induction, survey -------------------------------------

PARTNERS = [
    # (name, kind, prevention, protection, prosecution, description)
    (
        "Yayasan Bina Insani",
        "ngo",
        True,
        True,
        False,
        "Rumah aman sementara dan pendampingan psikososial korban.",
    ),
    ("LBH Bandung", "legal_aid", False, True, True, "Bantuan hukum bagi korban dan saksi."),
    (
        "Universitas Padjadjaran",
        "academic",
        True,
        False,
        False,
        "Kajian pola perekrutan dan pelatihan.",
    ),
    (
        "Fatayat NU Jawa Barat",
        "faith_based",
        True,
        True,
        False,
        "Sosialisasi migrasi aman melalui majelis taklim.",
    ),
    (
        "Radio Republik Indonesia Bandung",
        "media",
        True,
        False,
        False,
        "Siaran kampanye pencegahan TPPO.",
    ),
]


def seed_capacity() -> None:
    today = timezone.localdate()
    jabar = TaskForce.objects.get(region__code="32")
    if jabar.partners.exists():
        return
    partners = []
    for name, kind, prev, prot, pros, description in PARTNERS:
        partner = Partner.objects.create(
            task_force=jabar,
            name=name,
            kind=kind,
            prevention=prev,
            protection=prot,
            prosecution=pros,
            description=description,
            email=f"{name.split()[0].lower()}@demo.gugustugas.id",
        )
        PartnerContact.objects.create(
            partner=partner, name="Koordinator Program", position="Koordinator", phone="0812"
        )
        partners.append(partner)
    partners[0].works_with.set(TaskForce.objects.filter(region__code__in=["32.02", "21.71"]))
    components = {
        "purpose": "Kerja sama penanganan korban TPPO.",
        "principles": "Kepentingan terbaik korban, kerahasiaan, nondiskriminasi.",
        "target_group": "Korban dan saksi TPPO, terutama perempuan dan anak.",
        "responsibilities": "Rujukan korban dalam 1x24 jam; pendampingan psikososial.",
        "information_sharing": "Data agregat tanpa identitas korban, setiap triwulan.",
        "duration": "Tiga tahun",
        "funding": "Masing-masing pihak menanggung biayanya sendiri.",
        "monitoring": "Rapat evaluasi setiap enam bulan.",
        "amendment": "Dengan persetujuan tertulis kedua pihak.",
        "evaluation": "Evaluasi akhir tiga bulan sebelum berakhir.",
        "dispute_settlement": "Musyawarah untuk mufakat.",
        "termination": "Pemberitahuan tertulis 60 hari sebelumnya.",
    }
    active = MoU.objects.create(
        task_force=jabar,
        title="Nota Kesepahaman Rumah Aman Korban TPPO",
        number="NK/463/2023/DP3A",
        start_date=today - relativedelta(years=3) + datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=60),
        signed_on=today - relativedelta(years=3),
        status="active",
        document=ContentFile(b"%PDF-1.4 demo", name="mou-rumah-aman.pdf"),
        **components,
    )
    active.partners.set([partners[0]])
    draft = MoU.objects.create(
        task_force=jabar,
        title="Nota Kesepahaman Bantuan Hukum Korban",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=30) + relativedelta(years=3),
        **{k: v for k, v in components.items() if k not in ("funding", "dispute_settlement")},
    )
    draft.partners.set([partners[1]])
    transit = MoU.objects.create(
        task_force=jabar,
        title="Kesepakatan Pemulangan Korban antara Jawa Barat dan Kota Batam",
        start_date=today - relativedelta(years=1),
        end_date=today + relativedelta(years=2),
        signed_on=today - relativedelta(years=1),
        status="active",
        document=ContentFile(b"%PDF-1.4 demo", name="kesepakatan-batam.pdf"),
        **components,
    )
    transit.other_task_forces.set(TaskForce.objects.filter(region__code="21.71"))

    members = list(jabar.memberships.current().select_related("person"))
    for n, (topic, title, mandatory) in enumerate(
        [
            ("definition", "Pelatihan dasar TPPO bagi anggota baru", True),
            ("interview", "Teknik wawancara ramah korban", False),
        ]
    ):
        training = Training.objects.create(
            task_force=jabar,
            topic=topic,
            title=title,
            date=today - datetime.timedelta(days=120 - 40 * n),
            place="Aula DP3A Provinsi Jawa Barat",
            organiser="IOM Indonesia" if n == 0 else "Polda Jawa Barat",
            partner=partners[2] if n == 0 else None,
            mandatory=mandatory,
            external_participants=12 + n * 5,
        )
        for k, membership in enumerate(members[: 6 - n]):
            pre = 45 + (k * 7) % 30
            TrainingParticipant.objects.create(
                training=training,
                person=membership.person,
                pre_score=pre,
                post_score=pre + (15 if k % 4 else -5),
            )
    for kind, title in [
        ("learning", "Modul dasar pencegahan dan penanganan TPPO"),
        ("member_list", "Daftar anggota Gugus Tugas (SK terbaru)"),
        ("rad", "RAD 2025–2029"),
        ("sop", "SOP identifikasi dan rujukan korban"),
        ("statistics", "Data kasus agregat 2025"),
        ("situation", "Gambaran situasi TPPO Jawa Barat"),
    ]:
        InductionItem.objects.create(
            task_force=jabar, kind=kind, title=title, url="https://example.go.id/gt/" + kind
        )
    for k, membership in enumerate(members):
        if k % 3:
            membership.induction_pack_received = today - datetime.timedelta(days=200)
            membership.mandatory_training_done = (
                today - datetime.timedelta(days=120) if k % 2 else None
            )
            membership.save()
    for k, membership in enumerate(members[:6]):
        NeedsSurveyResponse.objects.create(
            task_force=jabar,
            year=today.year,
            person=membership.person,
            topics=[["trauma", "interview"], ["labour", "detection"], ["children", "trauma"]][
                k % 3
            ],
            other_needs="Penggunaan sistem data kasus" if k == 0 else "",
        )
    former = jabar.memberships.filter(end_date__isnull=False).first()
    successor = jabar.memberships.filter(role="secretariat", end_date__isnull=True).first()
    if former and successor:
        former.successor = successor
        former.save()
