"""Plans and progress reports on the workflow mechanism: the steps offered, segregation of
duties, the timeline, and two simultaneous steps on one row."""

import dataclasses
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation

from actionplans.models import PlanStatus, ProgressReport, ReviewState
from gugustugas.workflow import TransitionError
from tests.actionplans.builders import make_plan, make_report

SECOND_STEP = "You took the previous step yourself: someone else must do this one."


def refused_as_second_step(html: str) -> bool:
    """The segregation refusal is on the page, in English or in its Indonesian wording."""
    with translation.override("id"):
        indonesian = translation.gettext(SECOND_STEP)
    return SECOND_STEP in html or indonesian in html


def enacted_activity(tree):
    return make_plan(tree["province"], PlanStatus.ENACTED).activities().get()


class TestSegregationOfDuties:
    def test_nobody_accepts_a_report_they_submitted_themselves(self, login, users, tree):
        report = make_report(enacted_activity(tree))
        chair = login(users["province_daily_chair"])
        chair.post(reverse("actionplans:progress_submit", args=[report.pk]))
        response = chair.post(reverse("actionplans:progress_accept", args=[report.pk]), follow=True)
        report.refresh_from_db()
        assert report.review_state == ReviewState.SUBMITTED
        html = response.content.decode()
        assert refused_as_second_step(html)

    def test_nobody_returns_a_report_they_submitted_themselves(self, users, tree):
        report = make_report(enacted_activity(tree))
        chair = users["province_daily_chair"]
        report.take("submit", chair)
        with pytest.raises(TransitionError):
            report.take("return", chair, note="Lampirkan bukti")
        report.refresh_from_db()
        assert report.review_state == ReviewState.SUBMITTED

    def test_another_reviewer_accepts_and_is_recorded(self, users, tree):
        report = make_report(enacted_activity(tree))
        report.take("submit", users["province_subgt_head"])
        report.take("accept", users["province_daily_chair"])
        report.refresh_from_db()
        assert report.review_state == ReviewState.ACCEPTED
        assert report.reviewed_by == users["province_daily_chair"]
        assert [r.step for r in report.timeline] == ["submit", "accept"]


class TestStepsOnThePages:
    def test_the_plan_page_offers_the_steps_of_the_state_and_shows_the_timeline(
        self, login, users, tree
    ):
        plan = make_plan(tree["province"])
        client = login(users["province_secretariat"])
        client.post(reverse("actionplans:plan_submit", args=[plan.pk]), {"note": "ke Biro Hukum"})
        page = client.get(plan.get_absolute_url()).content.decode()
        assert reverse("actionplans:plan_return", args=[plan.pk]) in page
        assert reverse("actionplans:plan_submit", args=[plan.pk]) not in page
        assert "ke Biro Hukum" in page  # the timeline
        # Only the chair enacts: the secretariat is not offered the step.
        assert reverse("actionplans:plan_enact", args=[plan.pk]) not in page
        chair_page = login(users["province_chair"]).get(plan.get_absolute_url())
        assert reverse("actionplans:plan_enact", args=[plan.pk]) in chair_page.content.decode()

    def test_a_step_recorded_without_a_person_shows_as_the_system(self, login, users, tree):
        # The demo and the system's own steps record no user; the page must still render.
        from actionplans.models import ActionPlan

        plan = make_plan(tree["province"])
        ActionPlan.workflow.record(plan, "submit", None, "Draf dikirim ke Biro Hukum.")
        response = login(users["national_secretariat"]).get(plan.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert "Draf dikirim ke Biro Hukum." in page
        assert "<strong>sistem</strong>" in page

    def test_oversight_sees_no_steps(self, login, users, tree):
        plan = make_plan(tree["province"])
        page = login(users["national_secretariat"]).get(plan.get_absolute_url())
        assert reverse("actionplans:plan_submit", args=[plan.pk]) not in page.content.decode()

    def test_a_reviewer_is_offered_accept_and_return_on_the_activity_page(self, login, users, tree):
        activity = enacted_activity(tree)
        report = make_report(activity, ReviewState.SUBMITTED)
        page = login(users["province_daily_chair"]).get(activity.get_absolute_url())
        html = page.content.decode()
        assert reverse("actionplans:progress_accept", args=[report.pk]) in html
        assert reverse("actionplans:progress_return", args=[report.pk]) in html
        assert reverse("actionplans:progress_edit", args=[report.pk]) not in html


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite has no row locks, so "
    "select_for_update is a no-op there and the race cannot be shown",
)
def test_the_same_step_twice_at_once_succeeds_once(committed_tree, users, monkeypatch):
    """Two requests accept one report at the same moment, on two connections: the row lock
    lets one through; the other then sees the new state and is refused."""
    tree = committed_tree  # an earlier transactional test may have flushed the task forces
    report = make_report(enacted_activity(tree), ReviewState.SUBMITTED)
    reviewer = users["province_daily_chair"]
    workflow = ProgressReport.workflow
    accept = workflow.by_name["accept"]

    def slow_guard(obj, **params):
        time.sleep(0.3)  # hold the lock long enough for the other request to arrive

    monkeypatch.setitem(workflow.by_name, "accept", dataclasses.replace(accept, guard=slow_guard))
    barrier = threading.Barrier(2)
    outcomes = []

    def accept_once():
        try:
            mine = ProgressReport.objects.get(pk=report.pk)  # read before the race
            barrier.wait()
            mine.take("accept", reviewer)
            outcomes.append("accepted")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "refused"]
    report.refresh_from_db()
    assert report.review_state == ReviewState.ACCEPTED
    assert [r.step for r in report.timeline] == ["accept"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite has no row locks",
)
def test_two_reports_at_once_on_one_plan_both_reach_its_figures(committed_tree, monkeypatch):
    """Issue 14: two progress reports of one plan, written at the same moment on two
    connections, each record which generation of the cached figures they follow. The plan's
    row lock makes the second follow the first: unlocked, both followed the same one and the
    later record hid the earlier report from the next read (the figures reused without it)."""
    from actionplans import services

    plan = make_plan(committed_tree["province"], PlanStatus.ENACTED, activities=2)
    year = plan.start_year
    first, second = services.load_activities(plan)
    assert services.plan_figures(plan, year)[0].percent == Decimal("0.0")  # now cached
    clock = time.time_ns

    def slow_clock():  # widen the window between reading a generation and writing the next
        time.sleep(0.2)
        return clock()

    monkeypatch.setattr(services.time, "time_ns", slow_clock)
    barrier = threading.Barrier(2)

    def report(activity):
        try:
            barrier.wait()
            make_report(activity, ReviewState.SUBMITTED, year=year)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=report, args=(a,)) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    monkeypatch.setattr(services.time, "time_ns", clock)
    overall, _sections = services.plan_figures(plan, year)
    assert [row.achieved for row in overall.rows] == [Decimal(10), Decimal(10)]
