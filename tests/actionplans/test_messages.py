"""Messages that name things (issue 13, items 7 and 8): the SMART refusal names each
failing activity and what it lacks; status words agree with the figures; the progress
form shows what the reporter needs and says plainly what "Save and submit" did."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import PlanStatus, ProgressReport, ReviewState
from actionplans.services import activity_progress
from tests.actionplans.builders import make_activity, make_plan, make_report


@pytest.mark.django_db
def test_the_smart_refusal_names_each_failing_activity_and_what_it_lacks(login, users, tree):
    plan = make_plan(tree["province"], activities=0, start_year=2026)
    make_activity(plan, code="1.1", title="Sosialisasi migrasi aman", indicator="")
    make_activity(plan, code="1.2", title="Pelatihan aparat desa", responsible_agency=None)
    make_activity(plan, code="1.3", title="Kegiatan yang SMART")
    client = login(users["province_secretariat"])
    response = client.post(reverse("actionplans:plan_submit", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    text = response.content.decode()
    assert "1.1 Sosialisasi migrasi aman: belum ada indikator" in text, text[:3000]
    assert "1.2 Pelatihan aparat desa: belum ada instansi penanggung jawab" in text
    assert "Kegiatan yang SMART" not in text.split("alert")[1]


@pytest.mark.django_db
def test_an_overdue_activity_at_zero_is_not_on_track(tree):
    plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=2025)
    activity = plan.activities().get()
    report = make_report(activity, ReviewState.SUBMITTED, year=2025, quarter=1)
    ProgressReport.objects.filter(pk=report.pk).update(achieved=Decimal(0), status="on_track")
    row = activity_progress(activity, 2025, today=datetime.date(2025, 12, 31))
    assert row.overdue == [2, 3]
    assert row.status_label == "Overdue: no report for Q2, Q3"
    # Once every ended quarter is reported, the reporter's own word stands.
    on_time = activity_progress(activity, 2025, today=datetime.date(2025, 4, 10))
    assert on_time.status_label == "On track"


@pytest.mark.django_db
def test_a_past_meeting_tells_the_answers_in_the_past_tense(tree):
    from gugustugas.models import Role
    from meetings.models import Attendance, Response
    from tests.conftest import make_member
    from tests.meetings.builders import invite, make_meeting

    ahead = make_meeting(tree["province"])
    past = make_meeting(tree["province"], starts_in=datetime.timedelta(days=-3))
    member = make_member(tree["province"], Role.MEMBER)
    (future_answer,) = invite(ahead, member, response=Response.ACCEPTED)
    said, came = invite(past, member, make_member(tree["province"], Role.MEMBER))
    said.response = Response.ACCEPTED
    came.response = Response.ACCEPTED
    came.attendance = Attendance.PRESENT
    assert future_answer.answer_label == "Will attend"
    assert said.answer_label == "Said they would attend"
    assert came.answer_label == "Present"


@pytest.mark.django_db
class TestProgressForm:
    def activity(self, tree):
        year = timezone.localdate().year
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=year)
        return plan.activities().get()

    def test_it_shows_target_unit_and_last_value_and_starts_on_this_quarter(
        self, login, users, tree
    ):
        activity = self.activity(tree)
        year = timezone.localdate().year
        make_report(activity, ReviewState.ACCEPTED, year=year, quarter=1)
        ProgressReport.objects.filter(activity=activity).update(achieved=Decimal("12.5"))
        response = login(users["province_subgt_head"]).get(
            reverse("actionplans:progress_create", args=[activity.pk])
        )
        assert response.status_code == 200
        facts = dict(response.context["form_facts"])  # the page speaks Indonesian
        assert facts[f"Target {year}"] == "40 desa"
        assert facts["Satuan"] == "desa"
        assert facts[f"Laporan terakhir {year}"] == "12,5 desa pada TW I (diterima)"
        assert 'data-test="form-facts"' in response.content.decode()
        form = response.context["form"]
        today = tree["province"].today()
        assert form.initial["year"] == year
        assert form.initial["quarter"] == (today.month - 1) // 3 + 1

    def test_save_and_submit_says_the_report_went_for_review(self, login, users, tree):
        activity = self.activity(tree)
        year = timezone.localdate().year
        client = login(users["province_subgt_head"])
        data = {"year": str(year), "quarter": "1", "achieved": "60,5", "status": "on_track"}
        response = client.post(
            reverse("actionplans:progress_create", args=[activity.pk]),
            data | {"submit": "1"},
            follow=True,
        )
        report = ProgressReport.objects.get(activity=activity)
        assert report.achieved == Decimal("60.5")  # the decimal comma
        assert report.review_state == ReviewState.SUBMITTED
        assert "telah diajukan untuk ditinjau" in response.content.decode()


@pytest.mark.django_db
def test_without_a_plan_the_dashboard_says_create_the_rad_with_the_button_for_editors(
    login, users, tree
):
    district = tree["district"]
    editor = login(users["district_secretariat"]).get(reverse("dashboard")).content.decode()
    assert "Belum ada rencana — buat RAD" in editor
    create = reverse("actionplans:plan_create", args=[district.pk])
    assert create in editor
    reader = login(users["district_member"]).get(reverse("dashboard")).content.decode()
    assert "Belum ada rencana — buat RAD" in reader
    assert create not in reader
