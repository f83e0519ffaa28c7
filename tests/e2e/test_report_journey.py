"""The report journey in a real browser: the steering chair submits the annual report,
the chair approves and signs it and downloads the signed PDF (validated here with
pyHanko), publishes it; an anonymous visitor finds it on the portal, checks the
downloaded copy on its verification page ("valid and identical") and a copy with one
changed byte (refused).

The demo's Kabupaten Sukabumi report of this year was returned by its chair; its steering
chair (``sukabumi.pengarah``) submits it again. The build runs in the task queue
(``run_tasks``, as ``manage.py db_worker`` would). Selectors avoid visible text.
"""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import Report, Status
from tests.meetings.builders import run_tasks

SUKABUMI = "32.02"


@pytest.fixture
def returned_report(demo_data, own_task_queue):
    report = Report.objects.get(
        task_force__region__code=SUKABUMI, year=timezone.localdate().year, kind="annual"
    )
    assert report.status == Status.RETURNED
    return report


def step_button(page, report, step):
    return page.locator(f"form[action='/reports/{report.pk}/{step}/'] button[type=submit]")


def validate_with_pyhanko(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from reports.signing import _outside_event_loop, trust_roots

    reader = PdfFileReader(io.BytesIO(data))
    assert len(reader.embedded_signatures) == 1
    result = []
    # pyHanko's synchronous API runs its own event loop; Playwright's runs in this thread.
    _outside_event_loop(
        lambda: result.append(
            validate_pdf_signature(
                reader.embedded_signatures[0], ValidationContext(trust_roots=trust_roots())
            )
        )
    )
    status = result[0]
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"
    return status


def test_submit_approve_sign_publish_and_verify(
    page, browser, live_server, login, returned_report, tmp_path
):
    page.on("dialog", lambda dialog: dialog.accept())
    report = returned_report
    detail = f"{live_server.url}/reports/{report.pk}/"

    # The steering chair submits: the figures freeze and the build is queued.
    login(page, live_server, "sukabumi.pengarah")
    page.goto(detail)
    with page.expect_navigation():
        step_button(page, report, "submit").click()
    expect(page.locator("[data-test=report-status]")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.snapshot_taken_at
    assert step_button(page, report, "approve").count() == 0  # not the chair
    # The page reloads itself while the PDF is built; on the suite's in-memory SQLite a
    # request of the live server during the worker's exclusive transaction finds the table
    # locked. The browser waits on a blank page meanwhile (its last requests answered).
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    run_tasks()  # the worker builds both editions
    report.refresh_from_db()
    assert report.build_status == "done", report.build_error

    # The chair approves and signs, then downloads the signed PDF.
    page.context.clear_cookies()
    login(page, live_server, "sukabumi.ketua")
    page.goto(detail)
    with page.expect_navigation():
        step_button(page, report, "approve").click()
    report.refresh_from_db()
    assert report.status == Status.APPROVED and report.signed_sha256
    with page.expect_download() as download_info:
        page.locator("[data-test=download-signed]").click()
    signed = tmp_path / "signed.pdf"
    download_info.value.save_as(signed)
    data = signed.read_bytes()
    validate_with_pyhanko(data)
    with page.expect_navigation():
        step_button(page, report, "publish").click()
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED

    # An anonymous visitor finds it on the portal and checks the copy.
    visitor = browser.new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(f"{live_server.url}/public/reports/?q=Sukabumi&year={report.year}")
    link = visitor.locator(f"a[href='/public/reports/{report.pk}/']")
    expect(link).to_have_count(1)
    with visitor.expect_navigation():
        link.click()
    with visitor.expect_navigation():
        visitor.locator("[data-test=verify-link]").click()
    expect(visitor.locator("[data-test=sha256]")).to_have_text(report.signed_sha256)

    def check(path):
        visitor.locator("input[type=file][name=file]").set_input_files(str(path))
        with visitor.expect_navigation():
            visitor.locator("main form[method=post] button[type=submit]").click()
        return visitor.locator("[data-test=verdict]")

    expect(check(signed)).to_have_attribute("data-outcome", "identical")
    changed = tmp_path / "changed.pdf"
    tampered = bytearray(data)
    tampered[10] ^= 0x01  # the header's binary comment: inside the signed byte range
    changed.write_bytes(bytes(tampered))
    expect(check(changed)).to_have_attribute("data-outcome", "invalid")
    visitor.close()
