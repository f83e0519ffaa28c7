"""“Tugas saya” (``gugustugas.inbox``): one test per kind of item (who sees it, what it
says, where its one click goes), the order of the list, the dashboard and the navigation
count, and a query count that does not grow with the number of items."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import PlanStatus, ReviewComment, ReviewState
from budgets import calendar
from gugustugas import inbox
from gugustugas.models import FormationStatus
from meetings.models import Amendment, Kind, MinutesStatus
from members.models.partners import MoUStatus
from monitoring.models import SubmissionState
from reports.models import Status
from tests.access.rows_partners import make_mou
from tests.actionplans.builders import make_activity, make_plan, make_report
from tests.meetings.builders import invite, make_action_point, make_meeting, member_of
from tests.monitoring.builders import make_submission
from tests.reports.builders import make_report as make_annual_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_today")]
TODAY = timezone.localdate()


def items(user, kind):
    return list(inbox.items_for(user, only=[kind]))


def submitted_report(tree, quarter=1):
    plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=TODAY.year - 1)
    activity = plan.activities().first()
    return make_report(activity, ReviewState.SUBMITTED, year=plan.start_year, quarter=quarter)


class TestProgressReports:
    def test_the_steering_chair_sees_submitted_reports_to_review(self, users, tree):
        report = submitted_report(tree)
        (item,) = items(users["province_daily_chair"], "progress_review")
        assert item.url == f"/activities/{report.activity_id}/#report-{report.pk}"
        assert "accept or return" in item.action
        assert item.task_force == tree["province"]

    def test_nobody_reviews_what_he_submitted_and_others_see_nothing(self, users, tree):
        report = submitted_report(tree)
        report.reported_by = users["province_daily_chair"]
        report.save()
        assert items(users["province_daily_chair"], "progress_review") == []
        assert items(users["province_secretariat"], "progress_review") == []
        assert items(users["district_daily_chair"], "progress_review") == []

    def test_the_reporter_sees_his_returned_report_with_the_reason(self, users, tree):
        report = submitted_report(tree)
        report.reported_by = users["province_subgt_head"]
        report.save()
        report.take("return", users["province_daily_chair"], note="Lampirkan daftar hadir.")
        (item,) = items(users["province_subgt_head"], "progress_returned")
        assert item.reason == "Lampirkan daftar hadir."
        assert item.url == reverse("actionplans:progress_edit", args=[report.pk])
        assert items(users["province_member"], "progress_returned") == []


class TestOverdueQuarters:
    def test_the_subgt_head_sees_his_sections_overdue_quarters(self, users, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=TODAY.year - 1)
        activity = plan.activities().first()
        (item,) = items(users["province_subgt_head"], "progress_overdue")
        assert item.url == reverse("actionplans:progress_create", args=[activity.pk])
        assert item.overdue
        assert str(TODAY.year) in item.action

    def test_the_secretariat_sees_one_summary_per_plan(self, users, tree):
        plan = make_plan(
            tree["province"], PlanStatus.ENACTED, start_year=TODAY.year - 1, activities=3
        )
        (item,) = items(users["province_secretariat"], "progress_overdue")
        assert item.url == plan.get_absolute_url()
        assert item.action.startswith("3 activities")

    def test_a_plan_not_enacted_is_never_overdue(self, users, tree):
        make_plan(tree["province"], PlanStatus.IN_REVIEW, start_year=TODAY.year - 1)
        assert items(users["province_subgt_head"], "progress_overdue") == []
        assert items(users["province_secretariat"], "progress_overdue") == []

    def test_a_submitted_quarter_is_not_overdue(self, users, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=TODAY.year)
        activity = plan.activities().first()
        for quarter in range(1, 5):
            make_report(activity, ReviewState.SUBMITTED, year=TODAY.year, quarter=quarter)
        assert items(users["province_subgt_head"], "progress_overdue") == []


class TestPlans:
    def test_comments_in_review_wait_for_the_secretariats_answer(self, users, tree):
        plan = make_plan(tree["province"], PlanStatus.IN_REVIEW)
        comment = ReviewComment.objects.create(plan=plan, reviewer="Biro Hukum", text="Dasar?")
        (item,) = items(users["province_secretariat"], "comment_answer")
        assert item.url == reverse("actionplans:comment_respond", args=[comment.pk])
        assert items(users["province_member"], "comment_answer") == []

    def test_a_comment_on_his_section_waits_for_the_subgt_head(self, users, tree):
        plan = make_plan(tree["province"], PlanStatus.IN_REVIEW)
        ReviewComment.objects.create(
            plan=plan, activity=plan.activities().first(), reviewer="Biro Hukum", text="Angka?"
        )
        assert len(items(users["province_subgt_head"], "comment_answer")) == 1

    def test_the_chair_enacts_plans_in_review(self, users, tree):
        plan = make_plan(tree["province"], PlanStatus.IN_REVIEW)
        (item,) = items(users["province_chair"], "plan_enact")
        assert item.url == reverse("actionplans:plan_enact", args=[plan.pk])
        assert items(users["province_secretariat"], "plan_enact") == []


class TestMeetings:
    def test_overdue_action_points_of_their_owner(self, users, tree):
        meeting = make_meeting(tree["province"], starts_in=-datetime.timedelta(days=40))
        agency = member_of(meeting, "province_member").agency
        make_action_point(meeting, owner_agency=agency, due_date=TODAY - datetime.timedelta(3))
        (item,) = items(users["province_member"], "action_point_overdue")
        assert item.days_late == 3
        assert item.url == meeting.get_absolute_url() + "#minutes"

    def test_an_unanswered_invitation_waits_until_the_meeting(self, users, tree):
        meeting = make_meeting(tree["province"])
        invite(meeting, member_of(meeting, "province_member"))
        (item,) = items(users["province_member"], "meeting_answer")
        assert item.due == timezone.localdate(meeting.starts_at)
        assert item.url.startswith("/rsvp/")
        answered = make_meeting(tree["province"])
        invite(answered, member_of(meeting, "province_secretariat"), response="accepted")
        assert items(users["province_secretariat"], "meeting_answer") == []

    def test_circulated_minutes_wait_for_the_chairs_approval(self, users, tree):
        chair = member_of(tree["province"], "province_chair")
        meeting = make_meeting(
            tree["province"],
            starts_in=-datetime.timedelta(days=5),
            chair=chair,
            minutes_status=MinutesStatus.CIRCULATED,
        )
        (item,) = items(users["province_chair"], "minutes_approve")
        assert item.url == meeting.get_absolute_url() + "#minutes"
        assert items(users["province_daily_chair"], "minutes_approve") == []

    def test_minutes_without_a_chair_wait_for_the_steering_chair(self, users, tree):
        make_meeting(
            tree["province"],
            starts_in=-datetime.timedelta(days=5),
            minutes_status=MinutesStatus.CIRCULATED,
        )
        assert len(items(users["province_daily_chair"], "minutes_approve")) == 1

    def test_amendments_wait_for_the_note_takers_answer(self, users, tree):
        meeting = make_meeting(
            tree["province"],
            Kind.SUBGT,
            starts_in=-datetime.timedelta(days=5),
            note_taker=member_of(tree["province"], "province_member"),
            minutes_status=MinutesStatus.CIRCULATED,
        )
        Amendment.objects.create(meeting=meeting, text="Nama narasumber salah ketik.")
        (item,) = items(users["province_member"], "amendment_answer")
        assert "salah ketik" in item.detail
        assert items(users["province_secretariat"], "amendment_answer") == []


class TestMembersBudgetsMonitoringReports:
    def test_mous_ending_within_90_days(self, users, tree):
        mou = make_mou(tree["province"], MoUStatus.ACTIVE)
        mou.end_date = TODAY + datetime.timedelta(days=30)
        mou.save()
        (item,) = items(users["province_secretariat"], "mou_ending")
        assert item.days_left == 30 and item.url == mou.get_absolute_url()
        assert items(users["province_member"], "mou_ending") == []

    def test_budget_deadlines_within_14_days(self, users, tree):
        milestones = calendar.ensure_milestones(tree["province"], TODAY.year + 1)
        soon, later = milestones[0], milestones[1]
        soon.due = TODAY + datetime.timedelta(days=10)
        later.due = TODAY + datetime.timedelta(days=40)
        for m in milestones[2:]:
            m.done_on = TODAY
            m.save()
        soon.save()
        later.save()
        (item,) = items(users["province_secretariat"], "budget_deadline")
        assert item.due == soon.due and item.detail == soon.rule

    def test_the_province_accepts_its_districts_statistics(self, users, tree):
        submission = make_submission(tree["district"], SubmissionState.SUBMITTED)
        (item,) = items(users["province_daily_chair"], "statistics_accept")
        assert item.url == submission.get_absolute_url()
        assert items(users["district_daily_chair"], "statistics_accept") == []
        assert items(users["national_daily_chair"], "statistics_accept") == []

    def test_the_secretariat_owes_the_last_quarter(self, users, tree):
        tree["district"].formation_status = FormationStatus.FORMED
        tree["district"].save()
        (item,) = items(users["district_secretariat"], "statistics_owed")
        assert item.due is not None

    def test_the_chair_signs_submitted_reports(self, users, tree):
        report = make_annual_report(tree["province"], Status.SUBMITTED)
        (item,) = items(users["province_chair"], "report_sign")
        assert item.url == report.get_absolute_url()
        assert items(users["province_daily_chair"], "report_sign") == []

    def test_the_steering_chair_submits_drafts_and_returned_reports(self, users, tree):
        report = make_annual_report(tree["province"], Status.SUBMITTED, built=True)
        report.take("return", users["province_chair"], note="Narasi anggaran kurang.")
        (item,) = items(users["province_daily_chair"], "report_submit")
        assert item.reason == "Narasi anggaran kurang."
        assert items(users["province_member"], "report_submit") == []


class TestTheList:
    def test_late_items_come_first_then_by_the_kinds_order(self, users, tree):
        submitted_report(tree)
        milestones = calendar.ensure_milestones(tree["province"], TODAY.year + 1)
        milestones[0].due = TODAY - datetime.timedelta(days=2)
        milestones[0].save()
        mou = make_mou(tree["province"], MoUStatus.ACTIVE)
        mou.end_date = TODAY + datetime.timedelta(days=5)
        mou.save()
        work = inbox.items_for(users["province_daily_chair"]).items
        kinds = [item.kind for item in work]
        lateness = [item.overdue for item in work]
        assert lateness == sorted(lateness, reverse=True)  # every late one first
        assert work[kinds.index("budget_deadline")].overdue
        # Not late: a report someone waits for comes before an MoU that ends in 5 days.
        assert kinds.index("progress_review") < kinds.index("mou_ending")

    def test_an_outsider_and_an_anonymous_user_have_nothing(self, users, tree, client):
        submitted_report(tree)
        assert items(users["outsider_secretariat"], "progress_review") == []
        from django.contrib.auth.models import AnonymousUser

        assert inbox.items_for(AnonymousUser()).count == 0

    def test_the_dashboard_shows_my_work_first(self, login, users, tree):
        submitted_report(tree)
        response = login(users["province_daily_chair"]).get(reverse("dashboard"))
        html = response.content.decode()
        assert response.context["inbox"].count >= 1
        assert html.index('id="my-work"') < html.index("card-header d-flex")
        assert 'data-test="inbox-progress_review"' in html

    def test_the_navigation_count(self, login, users, tree):
        submitted_report(tree)
        client = login(users["province_daily_chair"])
        data = client.get(reverse("inbox_count")).json()
        assert data["count"] == inbox.items_for(users["province_daily_chair"]).count
        assert client.get(reverse("inbox")).status_code == 200

    def test_queries_do_not_grow_with_the_number_of_items(self, users, tree):
        """One item of each kind, then many: the same number of queries."""
        province = tree["province"]
        chair = users["province_daily_chair"]

        def build(n, start_year):
            plan = make_plan(province, PlanStatus.ENACTED, start_year=start_year)
            # Its own years, past ones: from the builders' shared counter they depended on
            # how many plans earlier tests built, and one covering this year changed the count.
            review = make_plan(province, PlanStatus.IN_REVIEW, start_year=start_year - 10)
            for i in range(n):
                activity = make_activity(plan, code=f"9.{i}")
                make_report(activity, ReviewState.SUBMITTED, year=start_year)
                ReviewComment.objects.create(plan=review, reviewer="Biro Hukum", text=f"K{i}")
                make_meeting(
                    province,
                    starts_in=-datetime.timedelta(days=3),
                    minutes_status=MinutesStatus.CIRCULATED,
                )
                mou = make_mou(province, MoUStatus.ACTIVE)
                mou.end_date = TODAY + datetime.timedelta(days=20)
                mou.save()
            make_submission(tree["district"], SubmissionState.SUBMITTED, quarter=1 + n % 4)
            make_annual_report(province, Status.DRAFT)

        def count():
            cache.clear()  # the plans' figures computed again, as after a progress report
            with CaptureQueriesContext(connection) as queries:
                result = inbox.items_for(type(chair).objects.get(pk=chair.pk))
            return len(queries.captured_queries), result.count

        build(1, TODAY.year - 1)
        few, few_items = count()
        build(6, TODAY.year - 2)
        many, many_items = count()
        assert many_items > few_items + 20
        assert many == few
