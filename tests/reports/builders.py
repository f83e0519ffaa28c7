"""Builders for report tests: a report of a task force in a chosen state, with its
figures and (stand-in) files, without rendering a PDF unless a test asks for one."""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from reports import sections
from reports.models import BuildStatus, Kind, Report, Status, sha256

# A small valid-looking PDF: the matrix and workflow tests need files, not layouts.
FAKE_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

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
    report.internal_pdf.save("internal.pdf", ContentFile(FAKE_PDF), save=False)
    report.public_pdf.save("public.pdf", ContentFile(FAKE_PDF), save=False)
    report.internal_sha256 = report.public_sha256 = sha256(FAKE_PDF)
    report.build_status = BuildStatus.DONE
    report.built_at = timezone.now()
    if report.is_signed:
        signed = FAKE_PDF + b"% signed\n"
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
