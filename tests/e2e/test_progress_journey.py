"""Progress journeys in a real browser: report a quarter with evidence, bad evidence, scope.

The Jawa Barat plan of the demo data is enacted; ``jabar.subgt`` heads its prevention
sub-GT, so he reports progress on the prevention activities (codes "1.x") and on no other
section's. Selectors avoid visible text: ids, names, URLs and form field names only.
"""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from actionplans.models import ActionPlan, Activity, Evidence, ProgressReport, ReviewState
from gugustugas.models import QUARTER_CHOICES

JABAR = "32"
SUBGT_HEAD = "jabar.subgt"
MAIN_FORM = "main form[method=post]"
# A small but well-formed PDF: header, one empty page, cross-reference table, trailer.
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"xref\n0 4\n"
    b"0000000000 65535 f \n"
    b"0000000009 00000 n \n"
    b"0000000058 00000 n \n"
    b"0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\n"
    b"startxref\n186\n"
    b"%%EOF\n"
)


def jabar_plan() -> ActionPlan:
    return ActionPlan.objects.get(task_force__region__code=JABAR, status="enacted")


def section_activity(plan: ActionPlan, kind: str) -> Activity:
    """The first activity (by code) of the plan's section for the sub-GT of ``kind``."""
    activity = (
        Activity.objects.filter(section__plan=plan, section__sub_task_force__kind=kind)
        .order_by("code")
        .first()
    )
    assert activity is not None, f"the demo plan has no {kind} activity"
    return activity


def open_progress_form(page, live_server, plan: ActionPlan, activity: Activity):
    """Plan page -> the activity -> its "report progress" link; return the form."""
    response = page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert response.status == 200
    activity_link = page.locator(f"main a[href='/activities/{activity.pk}/']").first
    expect(activity_link).to_be_visible()
    with page.expect_navigation():
        activity_link.click()
    assert page.url == f"{live_server.url}/activities/{activity.pk}/"

    report_link = page.locator("main a[href$='/progress/add/']")
    expect(report_link).to_have_count(1)
    expect(report_link).to_have_attribute("href", f"/activities/{activity.pk}/progress/add/")
    with page.expect_navigation() as navigation:
        report_link.click()
    assert navigation.value.status == 200
    assert page.url == f"{live_server.url}/activities/{activity.pk}/progress/add/"
    return page.locator(MAIN_FORM)


def fill_progress(form, year: int, quarter: int, achieved: str, evidence_path) -> None:
    form.locator("select[name=year]").select_option(str(year))
    form.locator("select[name=quarter]").select_option(str(quarter))
    form.locator("input[name=achieved]").fill(achieved)
    form.locator("select[name=status]").select_option("on_track")
    form.locator("textarea[name=narrative]").fill(
        "Sosialisasi migrasi aman dilaksanakan di 17 desa kantong pekerja migran."
    )
    form.locator("input[name=evidence]").set_input_files(str(evidence_path))


def test_subgt_head_reports_progress_with_evidence(page, live_server, demo_data, login, tmp_path):
    plan = jabar_plan()
    activity = section_activity(plan, "prevention")
    assert activity.code.startswith("1."), activity.code
    year = plan.end_year  # the demo has no reports that far ahead
    assert not ProgressReport.objects.filter(activity=activity, year=year).exists()
    evidence_before = Evidence.objects.filter(report__activity=activity).count()
    pdf = tmp_path / "laporan-sosialisasi-q1.pdf"
    pdf.write_bytes(PDF_BYTES)
    login(page, live_server, SUBGT_HEAD)

    form = open_progress_form(page, live_server, plan, activity)
    fill_progress(form, year, 1, "17", pdf)
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").first.click()

    assert navigation.value.status == 200
    assert page.url == f"{live_server.url}/activities/{activity.pk}/"
    with translation.override("id"):  # the page speaks Indonesian: "TW I" for Q1
        quarter_label = str(dict(QUARTER_CHOICES)[1])
    row = page.locator("#progress-reports tbody tr").filter(has_text=f"{year} {quarter_label}")
    expect(row).to_have_count(1)
    evidence_link = row.locator("a[href^='/evidence/']")
    expect(evidence_link).to_have_count(1)
    expect(evidence_link).to_have_text(pdf.name)

    # Stored as a draft report of that quarter, with the file attached.
    report = ProgressReport.objects.get(activity=activity, year=year, quarter=1)
    assert report.achieved == Decimal("17")
    assert report.status == "on_track"
    assert report.review_state == ReviewState.DRAFT
    assert report.reported_by.username == SUBGT_HEAD
    evidence = report.evidence.get()
    assert evidence.original_name == pdf.name
    assert evidence.size == len(PDF_BYTES)
    assert evidence.uploaded_by.username == SUBGT_HEAD
    assert Evidence.objects.filter(report__activity=activity).count() == evidence_before + 1
    assert evidence_link.get_attribute("href") == f"/evidence/{evidence.pk}/"

    # The link serves the very file back, as a download, with the session's cookies.
    download = page.request.get(f"{live_server.url}{evidence_link.get_attribute('href')}")
    assert download.status == 200
    assert download.body() == PDF_BYTES
    assert "attachment" in download.headers["content-disposition"]
    assert pdf.name in download.headers["content-disposition"]


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("pemutakhiran.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        ("bukan-pdf.pdf", b"Ini hanya teks biasa, bukan dokumen PDF.\n"),
    ],
    ids=["exe", "text-renamed-pdf"],
)
def test_bad_evidence_file_is_refused(
    page, live_server, demo_data, login, tmp_path, filename, content
):
    plan = jabar_plan()
    activity = section_activity(plan, "prevention")
    year = plan.end_year
    reports_before = ProgressReport.objects.filter(activity=activity).count()
    evidence_before = Evidence.objects.count()
    bad = tmp_path / filename
    bad.write_bytes(content)
    login(page, live_server, SUBGT_HEAD)

    form = open_progress_form(page, live_server, plan, activity)
    fill_progress(form, year, 1, "17", bad)
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").first.click()

    response = navigation.value
    assert response.status == 200, f"expected the form again, got HTTP {response.status}"
    assert page.url == f"{live_server.url}/activities/{activity.pk}/progress/add/"
    expect(page.locator(f"{MAIN_FORM} .invalid-feedback").first).to_be_visible()
    expect(page.locator(f"{MAIN_FORM} input[name=evidence]")).to_have_class(
        re.compile(r"\bis-invalid\b")
    )
    # The other fields keep what was typed: only the file must be chosen again.
    expect(page.locator(f"{MAIN_FORM} input[name=achieved]")).to_have_value("17")

    assert ProgressReport.objects.filter(activity=activity).count() == reports_before
    assert not ProgressReport.objects.filter(activity=activity, year=year).exists()
    assert Evidence.objects.count() == evidence_before


def test_subgt_head_cannot_report_on_another_section(page, live_server, demo_data, login):
    plan = jabar_plan()
    other = section_activity(plan, "law_enforcement")
    assert not other.code.startswith("1."), other.code
    reports_before = ProgressReport.objects.filter(activity=other).count()
    login(page, live_server, SUBGT_HEAD)

    refused = page.goto(f"{live_server.url}/activities/{other.pk}/progress/add/")
    assert refused.status == 403
    expect(page.locator(f"{MAIN_FORM} input[name=achieved]")).to_have_count(0)

    # He may read the activity, but is offered no way to report on it.
    shown = page.goto(f"{live_server.url}/activities/{other.pk}/")
    assert shown.status == 200
    expect(page.locator("#progress-reports")).to_be_visible()
    expect(page.locator("main a[href$='/progress/add/']")).to_have_count(0)

    assert ProgressReport.objects.filter(activity=other).count() == reports_before
