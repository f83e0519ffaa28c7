"""The report's workflow: the steering chair submits (the figures freeze), the chair
approves and signs or returns with a reason, then it is published; a signed report
never changes, a correction is a new version. Every step is recorded and e-mailed."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from budgets.models import BudgetLine
from gugustugas.workflow import TransitionError
from reports import services, signing
from reports.models import Report, Status
from tests.actionplans.builders import make_plan, member_agency
from tests.meetings.builders import run_tasks
from tests.reports.builders import attach_files, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tree):
    return make_plan(tree["province"], "enacted", start_year=2025, activities=2)


@pytest.fixture
def line(tree, plan):
    return BudgetLine.objects.create(
        task_force=tree["province"],
        agency=member_agency(tree["province"]),
        fiscal_year=2025,
        activity=plan.activities().first(),
        item="Pelatihan",
        unit="orang",
        quantity=10,
        unit_cost=1_000_000,
        funding_source="apbd_province",
        justification="RAD",
    )


def _submitted(tree, users):
    report = make_report(tree["province"], year=2025)
    report.take("submit", users["province_daily_chair"])
    attach_files(Report.objects.get(pk=report.pk))  # as the build would
    return Report.objects.get(pk=report.pk)


def test_submitting_freezes_the_figures(tree, users, line):
    report = _submitted(tree, users)
    assert report.status == Status.SUBMITTED
    assert report.snapshot["parts"]["budget"]["total"]["total"] == 10_000_000
    line.unit_cost = 2_000_000
    line.save()
    report.refresh_from_db()
    assert report.snapshot["parts"]["budget"]["total"]["total"] == 10_000_000
    assert report.snapshot_taken_at is not None


def test_secretariat_cannot_submit(tree, users):
    report = make_report(tree["province"])
    with pytest.raises(PermissionDenied):
        report.take("submit", users["province_secretariat"])


def test_snapshot_date_outside_the_period_is_refused(tree, users):
    report = make_report(tree["province"], year=2025, snapshot_date=datetime.date(2026, 1, 5))
    with pytest.raises(TransitionError, match="within the period"):
        report.take("submit", users["province_daily_chair"])
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_approving_an_unsubmitted_report_is_refused(tree, users):
    report = make_report(tree["province"], built=True)
    with pytest.raises(TransitionError):
        report.take("approve", users["province_chair"])


def test_only_the_chair_approves(tree, users):
    report = _submitted(tree, users)
    for name in ("province_daily_chair", "province_secretariat", "national_chair"):
        with pytest.raises(PermissionDenied):
            report.take("approve", users[name])
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_chair_approves_and_signs_then_publishes(tree, users, client):
    report = _submitted(tree, users)
    client.force_login(users["province_chair"])
    response = client.post(reverse("reports:report_approve", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert report.signed_pdf and len(report.signed_sha256) == 64
    assert report.signer_name and report.signed_at
    report.take("publish", users["province_daily_chair"])
    assert Report.objects.get(pk=report.pk).status == Status.PUBLISHED


def test_a_second_approval_is_refused_and_signs_nothing_again(tree, users):
    report = _submitted(tree, users)
    report.take("approve", users["province_chair"])
    sha = Report.objects.get(pk=report.pk).signed_sha256
    with pytest.raises(TransitionError):
        report.take("approve", users["province_chair"])
    assert Report.objects.get(pk=report.pk).signed_sha256 == sha


def test_approval_waits_for_the_build(tree, users):
    report = make_report(tree["province"])
    report.take("submit", users["province_daily_chair"])
    with pytest.raises(TransitionError, match="not built"):
        report.take("approve", users["province_chair"])


def test_a_signer_refusal_signs_nothing(tree, users, monkeypatch, client):
    report = _submitted(tree, users)

    class Broken:
        def sign(self, pdf_bytes, identity):
            raise signing.SigningError("wrong passphrase for the PKCS#12 file")

    monkeypatch.setattr(signing, "get_signer", lambda: Broken())
    client.force_login(users["province_chair"])
    response = client.post(reverse("reports:report_approve", args=[report.pk]), follow=True)
    assert response.status_code == 200
    assert b"wrong passphrase" in response.content
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert not report.signed_pdf and not report.signed_sha256


def test_return_needs_a_reason_and_reopens_the_narrative(tree, users):
    report = _submitted(tree, users)
    with pytest.raises(TransitionError):
        report.take("return", users["province_chair"])
    report.take("return", users["province_chair"], note="Lengkapi narasi anggaran.")
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert report.narrative_editable
    assert [r.note for r in report.timeline][-1] == "Lengkapi narasi anggaran."
    report.take("submit", users["province_daily_chair"])
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_signed_narrative_is_frozen(tree, users):
    report = make_report(tree["province"], Status.APPROVED)
    with pytest.raises(TransitionError):
        report.set_narrative("summary", "Baru", "")


def test_correction_is_a_new_version_naming_the_old(tree, users):
    old = make_report(tree["province"], Status.PUBLISHED)
    new = services.new_version(old, users["province_secretariat"], "Angka anggaran diperbaiki.")
    assert new.version == 2 and new.replaces == old and new.status == Status.DRAFT
    old.refresh_from_db()
    assert old.status == Status.PUBLISHED and old.signed_sha256  # still readable, verifiable
    assert old.replaced_by == new
    assert old.published_replacement() is None  # the correction is not published yet
    with pytest.raises(TransitionError):
        services.new_version(old, users["province_secretariat"], "lagi")
    with pytest.raises(TransitionError):
        services.new_version(new, users["province_secretariat"], "draft")


def test_every_step_is_e_mailed_through_the_queue(tree, users, django_capture_on_commit_callbacks):
    report = make_report(tree["province"], year=2025)
    with django_capture_on_commit_callbacks(execute=True):
        report.take("submit", users["province_daily_chair"])
    assert not mail.outbox  # queued, not sent in the request
    run_tasks()
    subjects = [m.subject for m in mail.outbox]
    with translation.override("id"):  # e-mails speak the site's language
        title = report.title
    assert subjects and all(title in s for s in subjects)
    recipients = {address for m in mail.outbox for address in m.to}
    assert users["province_chair"].person.email in recipients
    assert users["province_daily_chair"].person.email not in recipients  # the actor
