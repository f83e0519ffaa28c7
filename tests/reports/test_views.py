"""Report pages: creating a report, editing a part's narrative, the detail page with its
steps, downloads; the public portal shows published reports only, to anyone."""

import datetime

import pytest
from django.urls import reverse

from reports.models import Edition, Report, Status
from tests.reports.builders import make_report

pytestmark = pytest.mark.django_db


def test_secretariat_creates_an_annual_report(tree, users, client):
    client.force_login(users["province_secretariat"])
    url = reverse("reports:report_create", args=[tree["province"].pk])
    response = client.post(url, {"kind": "annual", "year": 2025})
    assert response.status_code == 302
    report = Report.objects.get(task_force=tree["province"])
    assert (report.year, report.end_year) == (2025, 2025)
    assert report.snapshot_date == datetime.date(2025, 12, 31)
    assert report.build_status == "queued"


def test_a_snapshot_date_outside_the_period_is_refused_by_the_form(tree, users, client):
    client.force_login(users["province_secretariat"])
    url = reverse("reports:report_create", args=[tree["province"].pk])
    response = client.post(url, {"kind": "annual", "year": 2025, "snapshot_date": "2024-06-30"})
    assert response.status_code == 200
    assert b"within the period" in response.content
    assert not Report.objects.exists()


def test_a_second_report_for_the_same_period_is_refused(tree, users, client):
    make_report(tree["province"], year=2025)
    client.force_login(users["province_secretariat"])
    url = reverse("reports:report_create", args=[tree["province"].pk])
    response = client.post(url, {"kind": "annual", "year": 2025})
    assert response.status_code == 200
    assert Report.objects.count() == 1


def test_five_year_report_covers_the_plan_period(tree, users, client):
    from tests.actionplans.builders import make_plan

    plan = make_plan(tree["province"], "enacted", start_year=2025)
    client.force_login(users["province_daily_chair"])
    url = reverse("reports:report_create", args=[tree["province"].pk])
    response = client.post(url, {"kind": "five_year", "plan": plan.pk})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.year, report.end_year) == (2025, 2029)


def test_narrative_is_edited_per_part(tree, users, client):
    report = make_report(tree["province"], built=True)
    client.force_login(users["province_secretariat"])
    url = reverse("reports:narrative_edit", args=[report.pk, "budget"])
    response = client.post(url, {"text": "Serapan anggaran meningkat.", "note": "Cek Bappeda."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative["budget"] == "Serapan anggaran meningkat."
    assert report.internal_notes["budget"] == "Cek Bappeda."
    page = client.get(report.get_absolute_url())
    assert "Serapan anggaran meningkat." in page.content.decode()
    unknown = reverse("reports:narrative_edit", args=[report.pk, "nope"])
    assert client.get(unknown).status_code == 404


def test_detail_page_offers_the_steering_chair_the_submit_step(tree, users, client):
    report = make_report(tree["province"], built=True)
    client.force_login(users["province_daily_chair"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:report_submit", args=[report.pk]) in page
    assert reverse("reports:report_approve", args=[report.pk]) not in page
    client.force_login(users["province_secretariat"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:report_submit", args=[report.pk]) not in page


def test_downloads_serve_each_edition(tree, users, client):
    report = make_report(tree["province"], Status.APPROVED)
    client.force_login(users["province_member"])
    for edition in Edition.values:
        response = client.get(reverse("reports:report_download", args=[report.pk, edition]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    draft = make_report(tree["province"])
    url = reverse("reports:report_download", args=[draft.pk, "signed"])
    assert client.get(url).status_code == 404


def test_portal_lists_published_reports_with_filters(tree, client):
    published = make_report(tree["province"], Status.PUBLISHED, year=2025)
    district = make_report(tree["district"], Status.PUBLISHED, year=2024)
    unpublished = make_report(tree["outsider"], Status.APPROVED, year=2025)
    page = client.get(reverse("reports:portal")).content.decode()
    assert published.get_public_url() in page and district.get_public_url() in page
    assert unpublished.get_public_url() not in page
    page = client.get(reverse("reports:portal"), {"level": "regency"}).content.decode()
    assert district.get_public_url() in page and published.get_public_url() not in page
    page = client.get(reverse("reports:portal"), {"year": 2025}).content.decode()
    assert published.get_public_url() in page and district.get_public_url() not in page
    page = client.get(reverse("reports:portal"), {"q": "sukabumi"}).content.decode()
    assert district.get_public_url() in page and published.get_public_url() not in page
    page = client.get(reverse("reports:portal"), {"province": "21"}).content.decode()
    assert published.get_public_url() not in page


UNPUBLISHED = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED]


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_nothing_unpublished_is_public(tree, client, status):
    report = make_report(tree["province"], status)
    for name in ("reports:public_report", "reports:public_download"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:verify", args=[report.verification_code])).status_code == 404
    assert client.get(report.get_absolute_url()).status_code == 302  # to the login
    url = reverse("reports:report_download", args=[report.pk, "internal"])
    assert client.get(url).status_code == 302


def test_public_report_serves_the_signed_file_and_says_replaced_by(tree, users, client):
    from reports import services

    old = make_report(tree["province"], Status.PUBLISHED)
    response = client.get(reverse("reports:public_download", args=[old.pk]))
    assert b"".join(response.streaming_content) == old.signed_pdf.open("rb").read()
    new = services.new_version(old, users["province_secretariat"], "Koreksi angka.")
    page = client.get(old.get_public_url()).content.decode()
    assert new.get_public_url() not in page  # not published yet
    Report.objects.filter(pk=new.pk).update(status=Status.PUBLISHED)
    page = client.get(old.get_public_url()).content.decode()
    assert new.get_public_url() in page
