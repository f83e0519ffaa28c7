"""Demo action plans: an enacted RAN, enacted RADs with two years of quarterly progress,
a RAD in legal review with comments, a draft with SMART gaps, and a revised plan."""

import datetime
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Integration,
    Objective,
    PlanStatus,
    ProgressReport,
    ProgressStatus,
    ReviewComment,
    ReviewState,
    WorkingGroupMember,
)
from actionplans.services import copy_plan, create_plan
from gugustugas.models import TaskForce

# sub-GT kind -> activities: (title, indicator, unit, area, yearly target, agency short name)
ACTIVITIES = {
    "prevention": [
        (
            "Sosialisasi migrasi aman di desa kantong pekerja migran",
            "Jumlah desa yang mendapat sosialisasi",
            "desa",
            "prevention",
            40,
            "Disnakertrans",
        ),
        (
            "Pelatihan guru BK tentang indikator TPPO dan eksploitasi anak",
            "Jumlah guru BK terlatih",
            "orang",
            "prevention",
            120,
            "Disdik",
        ),
        (
            "Kampanye pencegahan perekrutan daring di media sosial",
            "Jumlah konten kampanye yang terbit",
            "konten",
            "prevention",
            24,
            "Diskominfo",
        ),
        (
            "Forum anak sebagai pelopor dan pelapor TPPO",
            "Jumlah forum anak yang aktif",
            "forum",
            "prevention",
            15,
            "DP3A",
        ),
    ],
    "health_rehabilitation": [
        (
            "Layanan pemeriksaan kesehatan korban di rumah sakit rujukan",
            "Persentase korban yang mendapat layanan kesehatan",
            "persen",
            "protection",
            100,
            "Dinkes",
        ),
        (
            "Pelatihan tenaga kesehatan tentang penanganan trauma",
            "Jumlah tenaga kesehatan terlatih",
            "orang",
            "protection",
            60,
            "Dinkes",
        ),
    ],
    "social_rehabilitation": [
        (
            "Rehabilitasi sosial dan pendampingan psikososial korban",
            "Jumlah korban yang didampingi",
            "orang",
            "protection",
            156,
            "Dinsos",
        ),
        (
            "Pemulangan korban ke daerah asal",
            "Jumlah korban yang dipulangkan",
            "orang",
            "protection",
            80,
            "Dinsos",
        ),
        (
            "Pemberdayaan ekonomi penyintas",
            "Jumlah penyintas yang menerima modal usaha",
            "orang",
            "protection",
            30,
            "Diskop UKM",
        ),
    ],
    "legal_norms": [
        (
            "Penyusunan Peraturan Daerah tentang pencegahan dan penanganan TPPO",
            "Perda ditetapkan",
            "dokumen",
            "cross_cutting",
            1,
            "Biro Hukum",
        ),
        (
            "Harmonisasi SOP identifikasi korban dan rujukan",
            "SOP ditetapkan",
            "dokumen",
            "cross_cutting",
            2,
            "Biro Hukum",
        ),
    ],
    "law_enforcement": [
        (
            "Pelatihan penyidik tentang teknik wawancara ramah korban",
            "Jumlah penyidik terlatih",
            "orang",
            "prosecution",
            50,
            "Polda",
        ),
        (
            "Operasi gabungan di pelabuhan dan bandara",
            "Jumlah operasi gabungan",
            "kegiatan",
            "prosecution",
            8,
            "Polda",
        ),
        (
            "Penanganan perkara TPPO sampai tahap penuntutan",
            "Jumlah perkara yang dilimpahkan",
            "perkara",
            "prosecution",
            20,
            "Polda",
        ),
    ],
    "cooperation": [
        (
            "Rapat koordinasi Gugus Tugas provinsi dan kabupaten/kota",
            "Jumlah rapat koordinasi",
            "rapat",
            "cooperation",
            3,
            "DP3A",
        ),
        (
            "Nota kesepahaman dengan daerah transit",
            "Jumlah MoU yang ditandatangani",
            "dokumen",
            "cooperation",
            2,
            "Biro Kerja Sama",
        ),
        (
            "Pengembangan sistem data terpilah TPPO",
            "Laporan data triwulanan tersusun",
            "laporan",
            "cross_cutting",
            4,
            "BPS Provinsi",
        ),
    ],
}

PLANS = [
    # (region code, title, start year, period, status to reach)
    ("ID", "Rencana Aksi Nasional Pencegahan dan Penanganan TPPO", 2025, 5, PlanStatus.ENACTED),
    (
        "32",
        "Rencana Aksi Daerah Pencegahan dan Penanganan TPPO Jawa Barat",
        2025,
        5,
        PlanStatus.ENACTED,
    ),
    ("32.02", "RAD Pencegahan dan Penanganan TPPO Kabupaten Sukabumi", 2024, 3, PlanStatus.REVISED),
    ("32.73", "RAD Pencegahan dan Penanganan TPPO Kota Bandung", 2026, 3, PlanStatus.DRAFT),
    ("21", "RAD Pencegahan dan Penanganan TPPO Kepulauan Riau", 2026, 5, PlanStatus.IN_REVIEW),
    ("21.71", "RAD Pencegahan dan Penanganan TPPO Kota Batam", 2025, 5, PlanStatus.ENACTED),
]


def seed() -> list:
    for code, title, start, period, status in PLANS:
        task_force = TaskForce.objects.select_related("region").get(region__code=code)
        if task_force.plans.exists():
            continue
        _make_plan(task_force, title, start, period, status)
    from actionplans import demo_provinces  # it reads this module's activities

    demo_provinces.seed()
    return []


def _agency(task_force, short_name):
    agencies = task_force.agencies.all()
    return (
        agencies.filter(short_name=short_name).first()
        or agencies.filter(short_name__in=["Polres", "Bagian Hukum", "BPS", "Diskopum"]).first()
        or agencies.first()
    )


def _make_plan(task_force, title, start, period, status):
    actor = _actor(task_force)
    plan = create_plan(
        task_force,
        ActionPlan(
            title=title,
            start_year=start,
            period_years=period,
            problem_statement=(
                "Daerah ini merupakan daerah asal dan transit pekerja migran. Kasus TPPO "
                "yang teridentifikasi meningkat, terutama eksploitasi tenaga kerja dan "
                "eksploitasi seksual anak melalui perekrutan daring."
            ),
            situation_analysis=(
                "Layanan korban sudah tersedia di UPTD PPA, tetapi rujukan antarinstansi belum "
                "baku, data belum terpilah, dan anggaran pencegahan masih kecil."
            ),
            vision="Daerah yang bebas dari perdagangan orang dan melindungi setiap korban.",
        ),
    )
    people = list(task_force.people.all()[:3])
    for person, role in zip(people, ["facilitator", "note_taker", "member"], strict=False):
        WorkingGroupMember.objects.create(plan=plan, person=person, role=role)
    WorkingGroupMember.objects.create(
        plan=plan,
        name="Dr. Sri Wahyuni",
        organisation="Universitas Padjadjaran",
        role="resource_person",
    )
    draft_gaps = status == PlanStatus.DRAFT
    for section in plan.sections.select_related("sub_task_force"):
        entries = ACTIVITIES.get(section.sub_task_force.kind, [])
        objective = Objective.objects.create(
            section=section, text=f"Memperkuat {section.sub_task_force.name.lower()}"
        )
        for n, (act_title, indicator, unit, area, target, agency) in enumerate(entries, start=1):
            seed_n = zlib.crc32(f"{task_force.pk}{act_title}".encode())
            activity = Activity.objects.create(
                section=section,
                objective=objective,
                code=f"{section.order}.{n}",
                title=act_title,
                description=act_title + ".",
                expected_output=indicator,
                indicator="" if draft_gaps and n == 1 else indicator,
                unit=unit,
                baseline=Decimal(target // 2),
                start_date=datetime.date(start, 1, 1),
                end_date=datetime.date(start + period - 1, 12, 31),
                responsible_agency=None if draft_gaps and n == 2 else _agency(task_force, agency),
                area=area,
                location=str(task_force.region),
            )
            if not (draft_gaps and n == 1):
                for year in plan.years:
                    ActivityTarget.objects.create(
                        activity=activity, year=year, target=Decimal(target)
                    )
            if status in (PlanStatus.ENACTED, PlanStatus.REVISED):
                _progress(activity, start, Decimal(target), seed_n, actor)
    _lifecycle(plan, status, actor)


def _progress(activity, start, target, seed_n, actor):
    today = timezone.localdate()
    for year in range(start, today.year + 1):
        for quarter in range(1, 5):
            quarter_end_month = quarter * 3
            if datetime.date(year, quarter_end_month, 28) > today:
                return
            # Leave a few recent quarters unreported so "overdue" shows.
            if year == today.year and seed_n % 4 == 0 and quarter >= 2:
                return
            share = Decimal(quarter) / 4 * (Decimal(60 + seed_n % 45) / 100)
            ProgressReport.objects.create(
                activity=activity,
                year=year,
                quarter=quarter,
                achieved=(target * share).quantize(Decimal("1")),
                status=ProgressStatus.DELAYED if seed_n % 5 == 0 else ProgressStatus.ON_TRACK,
                narrative=f"Kegiatan triwulan {quarter} berjalan sesuai jadwal.",
                obstacles="Keterbatasan anggaran perjalanan." if seed_n % 3 == 0 else "",
                review_state=ReviewState.ACCEPTED
                if year < today.year or quarter < 3
                else ReviewState.SUBMITTED,
                reported_by=actor,
            )


def _actor(task_force):
    membership = task_force.memberships.filter(role="secretariat", person__user__isnull=False)
    membership = membership.select_related("person__user").first()
    return (
        membership.person.user
        if membership
        else get_user_model().objects.filter(is_superuser=True).first()
    )


def _lifecycle(plan, status, actor):
    if status == PlanStatus.DRAFT:
        return
    _step(plan, "submit", actor, "Draf dikirim ke Biro Hukum.")
    comment = ReviewComment.objects.create(
        plan=plan,
        reviewer="Biro Hukum Sekretariat Daerah",
        text="Dasar hukum perlu mencantumkan Perpres 19/2023 tentang RAN PPTPPO.",
        created_by=actor,
    )
    ReviewComment.objects.create(
        plan=plan,
        activity=plan.activities().order_by("pk").first(),
        reviewer="Biro Hukum Sekretariat Daerah",
        text="Indikator perlu dinyatakan dalam jumlah, bukan persentase.",
        created_by=actor,
    )
    if status == PlanStatus.IN_REVIEW:
        comment.response = "Sudah ditambahkan pada bagian dasar hukum."
        comment.responded_by = actor
        comment.responded_at = timezone.now()
        comment.save()
        return
    plan.comments.update(
        response="Sudah diperbaiki sesuai masukan.",
        resolved=True,
        responded_by=actor,
        responded_at=timezone.now(),
    )
    plan.regulation_number = f"Peraturan Kepala Daerah No. {12 + plan.pk} Tahun {plan.start_year}"
    plan.regulation_date = datetime.date(plan.start_year, 3, 17)
    plan.monitoring_frequency = "quarterly"
    plan.reporting_frequency = "semiannual"
    plan.budget_sources = "APBD, APBN (dekonsentrasi), CSR"
    _step(plan, "enact", actor, "Ditetapkan dengan peraturan kepala daerah.")
    for agency in plan.task_force.agencies.filter(responsible_for__section__plan=plan).distinct()[
        :4
    ]:
        Integration.objects.create(
            plan=plan,
            agency=agency,
            document="renja",
            reference=f"Renja {agency.short_name}",
            year=plan.start_year,
        )
    if status == PlanStatus.REVISED:
        new = copy_plan(plan, actor)
        _step(plan, "revise", actor, "Revisi setelah evaluasi tahun pertama.")
        new.title = plan.title + " (Revisi)"
        new.save()
        activity = new.activities().order_by("pk").first()
        activity.title += " dan sekolah"
        activity.save()
        # The revision was enacted too, and its progress reported since.
        new.regulation_number = f"Peraturan Bupati No. {40 + new.pk} Tahun {plan.start_year + 1}"
        new.regulation_date = datetime.date(plan.start_year + 1, 9, 1)
        new.monitoring_frequency, new.reporting_frequency = "quarterly", "semiannual"
        _step(new, "submit", actor, "Revisi dikirim ke Bagian Hukum.")
        _step(new, "enact", actor, "Revisi ditetapkan.")
        for activity in new.activities().prefetch_related("targets"):
            target = activity.targets.all()[0].target if activity.targets.all() else Decimal(10)
            seed_n = zlib.crc32(f"{new.pk}{activity.title}".encode())
            _progress(activity, plan.start_year + 2, target, seed_n, actor)


def _step(plan, step, actor, note):
    """The demo's history happened elsewhere: record it without the step's checks."""
    ActionPlan.workflow.record(plan, step, actor, note)
