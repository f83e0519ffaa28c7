"""Building a report's PDFs in the task queue: both editions with their hashes and page
count, the figures embedded; a failed build says why and is retried; a build whose
worker died is taken as dead after a while and can be retried."""

import datetime
import hashlib
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import pdf, tasks
from reports.models import BuildStatus, Report, Status
from tests.meetings.builders import run_tasks
from tests.reports.builders import make_report

pytestmark = pytest.mark.django_db


def _queued(report):
    tasks.request_build(report)
    return Report.objects.get(pk=report.pk)


def test_a_build_makes_both_editions_with_figures_attached(
    tree, users, django_capture_on_commit_callbacks
):
    report = make_report(tree["district"], year=2025)
    report.set_narrative("summary", "Ringkasan naratif tahun ini.", "Catatan internal rahasia.")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.request_build(report)
    assert DBTaskResult.objects.filter(task_path__endswith="build_report").count() == 1
    run_tasks()
    report.refresh_from_db()
    assert report.build_status == BuildStatus.DONE, report.build_error
    internal = report.internal_pdf.read()
    public = report.public_pdf.read()
    assert internal.startswith(b"%PDF") and public.startswith(b"%PDF")
    assert report.internal_sha256 == hashlib.sha256(internal).hexdigest()
    assert report.public_sha256 == hashlib.sha256(public).hexdigest()
    assert report.page_count >= 3
    files, metadata = _embedded(public)
    assert set(files) == {"angka-laporan.json", "angka-laporan.csv"}
    figures = json.loads(files["angka-laporan.json"])
    assert figures["parts"]["summary"] == report.snapshot["parts"]["summary"]
    assert b"pdfaid:part" in metadata and b"3" in metadata  # PDF/A-3
    assert report.snapshot is not None  # a draft keeps its preview figures


def _embedded(data: bytes) -> tuple[dict[str, bytes], bytes]:
    """The files embedded in a PDF, by name, and its XMP metadata."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    files = {str(names[i]): names[i + 1]["/EF"]["/F"].data for i in range(0, len(names), 2)}
    return files, reader.root["/Metadata"].data


def test_the_internal_note_is_only_in_the_internal_edition(tree, users):
    report = make_report(tree["district"], year=2025)
    report.set_narrative("summary", "Narasi umum.", "Catatan internal rahasia.")
    from reports import sections

    snapshot = sections.build_snapshot(report)
    internal = pdf.context(report, snapshot, "internal")
    public = pdf.context(report, snapshot, "public")
    assert internal["parts"][0]["note"] == "Catatan internal rahasia."
    assert public["parts"][0]["note"] == ""
    assert public["parts"][0]["narrative"] == "Narasi umum."


def test_a_failed_build_says_why_and_can_be_retried(
    tree, users, monkeypatch, client, django_capture_on_commit_callbacks
):
    report = make_report(tree["province"])

    def explode(*args, **kwargs):
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf, "render", explode)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.request_build(report)
    run_tasks()
    report.refresh_from_db()
    assert report.build_status == BuildStatus.FAILED
    assert "font missing" in report.build_error
    client.force_login(users["province_secretariat"])
    page = client.get(report.get_absolute_url())
    assert b"font missing" in page.content and b'data-test="build-again"' in page.content
    response = client.post(reverse("reports:report_build", args=[report.pk]))
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).build_status == BuildStatus.QUEUED


def test_a_build_whose_worker_died_is_retryable_after_a_while(tree, settings):
    report = _queued(make_report(tree["province"]))
    Report.objects.filter(pk=report.pk).update(
        build_status=BuildStatus.BUILDING, building_since=timezone.now()
    )
    report.refresh_from_db()
    assert not report.build_retryable  # a live build is not started twice
    assert tasks.build_report.call(report.pk) == {"built": False}
    Report.objects.filter(pk=report.pk).update(
        building_since=timezone.now()
        - datetime.timedelta(minutes=settings.REPORT_BUILD_STALE_MINUTES + 1)
    )
    report.refresh_from_db()
    assert report.build_stale and report.build_retryable
    assert tasks.request_build(report)
    assert tasks.build_report.call(report.pk)["built"] is True
    assert Report.objects.get(pk=report.pk).build_status == BuildStatus.DONE


def test_a_signed_report_is_never_rebuilt(tree, users):
    report = make_report(tree["province"], Status.APPROVED)
    sha = report.public_sha256
    assert not tasks.request_build(report)
    Report.objects.filter(pk=report.pk).update(build_status=BuildStatus.QUEUED)
    assert tasks.build_report.call(report.pk) == {"built": False}
    assert Report.objects.get(pk=report.pk).public_sha256 == sha
