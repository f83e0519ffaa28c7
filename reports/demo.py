"""Demo reports: a published, signed annual report of last year for Jawa Barat and for
Kabupaten Sukabumi; last year's national report and this year's Jawa Barat report waiting
for their chairs (``nasional.koordinator`` and ``jabar.ketua`` approve and sign them);
this year's Sukabumi report returned with a reason."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gugustugas.models import TaskForce
from reports import tasks
from reports.models import Kind, Report

NARRATIVE = {
    "summary": (
        "Tahun ini Gugus Tugas memperkuat koordinasi pencegahan di desa asal pekerja "
        "migran, mempercepat layanan rehabilitasi korban, dan menuntaskan sebagian besar "
        "kegiatan RAD sesuai target."
    ),
    "progress": (
        "Sebagian besar kegiatan berjalan sesuai rencana. Kegiatan yang tertinggal terutama "
        "menunggu pencairan anggaran triwulan III."
    ),
    "budget": (
        "Serapan anggaran membaik dibanding tahun lalu; beberapa kegiatan RAD belum memiliki "
        "baris anggaran dan diusulkan untuk tahun berikutnya."
    ),
    "meetings": "Rapat koordinasi menyeluruh dan rapat Sub-GT dilaksanakan secara berkala.",
}
INTERNAL = {"budget": "Konfirmasi ulang angka realisasi Dinas Sosial sebelum publikasi."}


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _report(code: str, year: int, today: datetime.date) -> Report | None:
    task_force = TaskForce.objects.select_related("region").get(region__code=code)
    if Report.objects.filter(task_force=task_force, kind=Kind.ANNUAL, year=year).exists():
        return None
    return Report.objects.create(
        task_force=task_force,
        kind=Kind.ANNUAL,
        year=year,
        end_year=year,
        snapshot_date=min(datetime.date(year, 12, 31), today),
        narrative=NARRATIVE,
        internal_notes=INTERNAL,
    )


def _submit(report: Report, steering_chair: str, build_now: bool = False) -> None:
    """Submitted by the steering chair; its build is queued for the worker (``make run``
    starts one), or run at once for the reports the demo signs."""
    report.take("submit", _user(steering_chair))
    if build_now:
        tasks.build_report.call(report.pk)
        report.refresh_from_db()


def seed() -> list:
    today = timezone.localdate()
    last, this = today.year - 1, today.year
    # The reports signed here are built inside seed_demo's transaction; the queue entries
    # their submission left find the work done and do nothing.
    with transaction.atomic():
        for code, steering, chair in (
            ("32", "jabar.pengarah", "jabar.ketua"),
            ("32.02", "sukabumi.pengarah", "sukabumi.ketua"),
        ):
            report = _report(code, last, today)
            if report is None:
                continue
            _submit(report, steering, build_now=True)
            report.take("approve", _user(chair))
            report.take("publish", _user(chair))
        for code, steering in (("ID", "nasional.ketuaharian"), ("32", "jabar.pengarah")):
            year = last if code == "ID" else this
            report = _report(code, year, today)
            if report is not None:
                _submit(report, steering)
        report = _report("32.02", this, today)
        if report is not None:
            _submit(report, "sukabumi.pengarah")
            report.take(
                "return",
                _user("sukabumi.ketua"),
                note="Lengkapi narasi capaian Sub-GT rehabilitasi sosial dan perbarui angka "
                "realisasi triwulan III.",
            )
    return []
