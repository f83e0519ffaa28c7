"""Demo monitoring forms, an evaluation and checklist assessments.

Jawa Barat's RAD gets a final monitoring form of the quarter before last (one corrective
action taken into the next overall coordination meeting as an action point, one kept for
the next RAD revision) and a draft form of the last quarter; a mid-term evaluation of
the RAD's first years, final, with ratings, evidence links and recommendations. Every demo
task force with members assesses itself against the checklist twice, a year apart, so the
change over time and the side-by-side comparisons are not empty.

Dates are relative to today, like the meeting demo."""

from __future__ import annotations

import datetime
import zlib

from django.utils import timezone

from actionplans.models import PlanStatus
from gugustugas.models import Role, TaskForce
from meetings.models import Kind, Meeting, MinutesStatus
from members.models import Agency, Membership
from monitoring.checklist import STAGES, Answer
from monitoring.models import (
    ChecklistAnswer,
    ChecklistAssessment,
    CorrectiveAction,
    Criterion,
    Evaluation,
    MonitoringForm,
    Recommendation,
)
from monitoring.services_forms import create_evaluation, create_form, to_action_point

CHECKLIST_REGIONS = ["ID", "32", "32.02", "32.73", "21", "21.71"]


def seed() -> list:
    jabar = TaskForce.objects.select_related("region").get(region__code="32")
    if not jabar.monitoring_forms.exists():
        _jabar_forms(jabar)
    if not jabar.evaluations.exists():
        _jabar_evaluation(jabar)
    for code in CHECKLIST_REGIONS:
        task_force = TaskForce.objects.get(region__code=code)
        if not task_force.checklist_assessments.exists() and task_force.memberships.exists():
            _checklist(task_force)
    return []


def _quarter_before(date: datetime.date, back: int) -> tuple[int, int]:
    """The quarter ``back`` quarters before the one ``date`` is in."""
    index = date.year * 4 + (date.month - 1) // 3 - back
    return index // 4, index % 4 + 1


def _quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def _user(task_force, role):
    seat = (
        Membership.objects.current()
        .filter(task_force=task_force, role=role, person__user__isnull=False)
        .select_related("person__user", "agency")
        .first()
    )
    return seat


def _agency(task_force, short, fallback):
    return Agency.objects.filter(task_force=task_force, short_name=short).first() or fallback


def _jabar_forms(jabar):
    plan = jabar.plans.filter(status=PlanStatus.ENACTED).order_by("-start_year").first()
    secretariat = _user(jabar, Role.SECRETARIAT)
    steering = _user(jabar, Role.DAILY_CHAIR)
    if plan is None or secretariat is None:
        return
    today = timezone.localdate()
    own = secretariat.agency
    social = _agency(jabar, "Dinsos", own)
    labour = _agency(jabar, "Disnakertrans", own)
    education = _agency(jabar, "Disdik", own)

    year, quarter = _quarter_before(today, 2)
    if year not in plan.years:
        return
    final = create_form(
        jabar,
        MonitoringForm(
            plan=plan,
            agency=own,
            date=_quarter_end(year, quarter) + datetime.timedelta(days=14),
            purpose=(
                "Memantau capaian RAD per sub gugus tugas pada triwulan berjalan dan "
                "menyiapkan bahan rapat koordinasi."
            ),
            year=year,
            quarter=quarter,
            progress_summary=(
                "Sebagian besar kegiatan pencegahan berjalan sesuai jadwal. Rehabilitasi "
                "sosial dan pemulangan korban tertinggal karena anggaran baru cair."
            ),
            positive_findings=(
                "Sosialisasi migrasi aman menjangkau desa kantong pekerja migran\n"
                "Forum anak aktif di tiga kabupaten\n"
                "Data korban dikirim tepat waktu oleh UPTD PPA"
            ),
            negative_findings=(
                "Anggaran rehabilitasi sosial terlambat cair\n"
                "Pelatihan penyidik belum terlaksana\n"
                "Dua perangkat daerah belum memasukkan kegiatan RAD ke Renja"
            ),
        ),
        secretariat.person.user,
    )
    for row in final.rows.all()[:3]:
        row.comment = "Perlu percepatan pada triwulan berikutnya."
        row.save()
    to_meeting = CorrectiveAction.objects.create(
        form=final,
        action="Percepat pencairan anggaran rehabilitasi sosial dan laporkan di rapat koordinasi",
        deadline=final.date + datetime.timedelta(days=75),
        responsible_agency=social,
    )
    CorrectiveAction.objects.create(
        form=final,
        action="Tambahkan indikator pemulangan dan reintegrasi korban yang terukur per kabupaten",
        deadline=final.date + datetime.timedelta(days=180),
        responsible_agency=own,
        for_revision=True,
    )
    CorrectiveAction.objects.create(
        form=final,
        action="Jadwalkan pelatihan penyidik bersama Polda",
        deadline=final.date + datetime.timedelta(days=90),
        responsible_agency=labour,
    )
    final.take(
        "finalise", (steering or secretariat).person.user, note="Dibahas di rapat sekretariat"
    )
    meeting = (
        Meeting.objects.active()
        .filter(task_force=jabar, kind=Kind.OVERALL, starts_at__gte=timezone.now())
        .exclude(minutes_status=MinutesStatus.FINAL)
        .order_by("starts_at")
        .first()
    )
    if meeting is not None:
        to_action_point(to_meeting, meeting)

    year, quarter = _quarter_before(today, 1)
    if year not in plan.years:
        return
    draft = create_form(
        jabar,
        MonitoringForm(
            plan=plan,
            agency=education,
            date=min(today, _quarter_end(year, quarter) + datetime.timedelta(days=20)),
            purpose="Pemantauan kegiatan pencegahan di satuan pendidikan",
            year=year,
            quarter=quarter,
            progress_summary="Rancangan: menunggu laporan dua kabupaten.",
            positive_findings="Modul pencegahan TPPO dipakai di sekolah menengah",
        ),
        secretariat.person.user,
    )
    CorrectiveAction.objects.create(
        form=draft,
        action="Lengkapi laporan capaian sekolah dari Kabupaten Sukabumi dan Cianjur",
        deadline=draft.date + datetime.timedelta(days=30),
        responsible_agency=education,
    )


RATINGS = {
    Criterion.RELEVANCE: (
        4,
        "Kegiatan RAD menjawab pola TPPO di Jawa Barat: pekerja migran "
        "nonprosedural dan eksploitasi seksual anak.",
    ),
    Criterion.EFFECTIVENESS: (
        3,
        "Dua pertiga target tahun pertama tercapai; penegakan hukum tertinggal.",
    ),
    Criterion.EFFICIENCY: (
        2,
        "Biaya administrasi beberapa perangkat daerah melebihi biaya "
        "operasional; ada paket anggaran tanpa rincian.",
    ),
    Criterion.IMPACT: (
        3,
        "Identifikasi korban naik setelah pelatihan petugas; dampak jangka "
        "panjang belum bisa diukur.",
    ),
    Criterion.SUSTAINABILITY: (
        2,
        "Rotasi pejabat tinggi; kegiatan belum seluruhnya masuk Renstra perangkat daerah.",
    ),
}


def _jabar_evaluation(jabar):
    plan = jabar.plans.filter(status=PlanStatus.ENACTED).order_by("-start_year").first()
    steering = _user(jabar, Role.DAILY_CHAIR) or _user(jabar, Role.SECRETARIAT)
    if plan is None or steering is None:
        return
    today = timezone.localdate()
    end_year = max(plan.start_year, min(today.year, plan.end_year))
    evaluation = create_evaluation(
        jabar,
        Evaluation(
            plan=plan,
            title="Evaluasi paruh waktu RAD Jawa Barat",
            start_year=plan.start_year,
            end_year=end_year,
            date=today - datetime.timedelta(days=20),
            evaluator="Tim Evaluasi Bappeda dan Pusat Studi Gender Universitas Padjadjaran",
            summary=(
                "RAD relevan dan sebagian besar berjalan; efisiensi anggaran dan keberlanjutan "
                "perlu diperkuat sebelum revisi."
            ),
        ),
        steering.person.user,
    )
    for assessment in evaluation.criteria.all():
        rating, narrative = RATINGS[assessment.criterion]
        assessment.rating = rating
        assessment.narrative = narrative
        assessment.evidence_links = "https://jdih.jabarprov.go.id/\nhttps://dp3akb.jabarprov.go.id/"
        assessment.save()
    for text, short in (
        ("Rinci paket anggaran menjadi satuan dan harga satuan", "Bappeda"),
        ("Masukkan kegiatan RAD ke Renstra setiap perangkat daerah anggota", "DP3A"),
        ("Tambah pelatihan penyidik dan jaksa tentang TPPO", "Disnakertrans"),
    ):
        Recommendation.objects.create(
            evaluation=evaluation,
            text=text,
            owner_agency=_agency(jabar, short, steering.agency),
            due_date=today + datetime.timedelta(days=120),
        )
    evaluation.take("finalise", steering.person.user)


def _checklist(task_force):
    """Two assessments a year apart; the later one further along."""
    today = timezone.localdate()
    for n, date in enumerate(
        (today - datetime.timedelta(days=395), today - datetime.timedelta(days=30))
    ):
        assessment = ChecklistAssessment.objects.create(
            task_force=task_force,
            date=date,
            note="Penilaian mandiri oleh sekretariat" if n else "Penilaian awal",
        )
        answers = []
        for s, stage in enumerate(STAGES):
            for item in stage.items:
                # A fixed pseudo-random spread per task force and item; later stages and
                # the first assessment are behind.
                roll = zlib.crc32(f"{task_force.pk}-{item.code}".encode()) % 100 + 15 * n - 8 * s
                value = Answer.DONE if roll > 55 else Answer.PARTLY if roll > 25 else Answer.NOT_YET
                answers.append(
                    ChecklistAnswer(
                        assessment=assessment, stage=stage.code, item=item.code, value=value
                    )
                )
        ChecklistAnswer.objects.bulk_create(answers)
