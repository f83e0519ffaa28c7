"""Builders for report tests: a report of a task force in a chosen state, with its
figures and (stand-in) files, without rendering a PDF unless a test asks for one."""

from __future__ import annotations

import datetime
import functools
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from reports import sections
from reports.models import BuildStatus, Kind, Report, Status, sha256


@functools.cache
def tiny_pdf() -> bytes:
    """A one-page PDF that pyHanko can sign: the matrix and workflow tests need files,
    not a report's layout (tests/reports/test_build.py renders the real thing)."""
    from weasyprint import HTML

    return HTML(string="<p>Laporan uji</p>").write_pdf()


_years = itertools.count(2030)


def make_report(
    task_force,
    status: str = Status.DRAFT,
    built: bool = False,
    year: int | None = None,
    **fields,
) -> Report:
    """A report in ``status``; ``built`` gives it both editions (and, once signed, a
    signed file), its figures and a done build. Each call gets its own year, since a
    task force has one report per period."""
    year = year or next(_years)
    report = Report.objects.create(
        task_force=task_force,
        kind=fields.pop("kind", Kind.ANNUAL),
        year=year,
        end_year=fields.pop("end_year", year),
        snapshot_date=fields.pop("snapshot_date", datetime.date(year, 12, 31)),
        status=status,
        **fields,
    )
    if built or status != Status.DRAFT:
        attach_files(report)
    return report


def attach_files(report: Report) -> Report:
    report.snapshot = sections.build_snapshot(report)
    report.snapshot_taken_at = timezone.now()
    pdf = tiny_pdf()
    report.internal_pdf.save("internal.pdf", ContentFile(pdf), save=False)
    report.public_pdf.save("public.pdf", ContentFile(pdf), save=False)
    report.internal_sha256 = report.public_sha256 = sha256(pdf)
    report.build_status = BuildStatus.DONE
    report.built_at = timezone.now()
    if report.is_signed:
        signed = pdf + b"% signed\n"  # a stand-in: test_workflow signs for real
        report.signed_pdf.save("signed.pdf", ContentFile(signed), save=False)
        report.signed_sha256 = sha256(signed)
        report.signed_at = timezone.now()
        report.signer_name = "Ketua Uji"
        report.signer_role = "Ketua"
    if report.status == Status.PUBLISHED:
        report.published_at = timezone.now()
    report.save()
    return report


# --- URL argument builders for the access matrix ----------------------------------------


def report_in(status, **extra):
    def build(target):
        return {"pk": make_report(target, status).pk, **extra}

    return build


def part_of_draft(target):
    return {"pk": make_report(target).pk, "part": "summary"}


def download(edition):
    def build(target):
        return {"pk": make_report(target, Status.APPROVED).pk, "edition": edition}

    return build


def published_code(target):
    return {"code": make_report(target, Status.PUBLISHED).verification_code}
