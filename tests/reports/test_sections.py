"""Every figure of a report is the one the app's own pages show: the same function
computes it (actionplans.services, budgets.services, meetings.cadence); the public
edition leaves out the names below the chairs; a roll-up notes who had no data."""

import datetime
from decimal import Decimal

import pytest

from actionplans.services import load_activities, plan_progress
from budgets import services as budget_services
from budgets.models import BudgetLine
from gugustugas.models import Role
from meetings.cadence import held_against_required
from meetings.models import Kind
from reports import sections
from tests.actionplans.builders import make_plan, member_agency
from tests.actionplans.builders import make_report as make_progress
from tests.conftest import make_member
from tests.meetings.builders import make_meeting
from tests.reports.builders import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tree):
    plan = make_plan(tree["province"], "enacted", start_year=2025, activities=3)
    for activity in plan.activities():
        make_progress(activity, "accepted", year=2025, quarter=2)
    return plan


def test_progress_is_the_plan_pages_figure(tree, plan):
    report = make_report(tree["province"], year=2025)
    snapshot = sections.build_snapshot(report)
    overall, groups = plan_progress(plan, 2025, load_activities(plan))
    part = snapshot["parts"]["progress"]
    assert Decimal(part["overall"]["2025"]) == overall.percent == Decimal("25.0")
    assert len(part["sections"]) == len(groups)
    for stored, group in zip(part["sections"], groups, strict=True):
        expected = None if group.percent is None else str(group.percent)
        assert stored["percent"]["2025"] == expected
    assert snapshot["parts"]["summary"]["progress"] == part["overall"]["2025"]


def test_budget_is_the_budget_pages_figure(tree, plan):
    BudgetLine.objects.create(
        task_force=tree["province"],
        agency=member_agency(tree["province"]),
        fiscal_year=2025,
        activity=plan.activities().first(),
        item="Sosialisasi",
        unit="kali",
        quantity=4,
        unit_cost=2_500_000,
        funding_source="apbd_province",
        justification="RAD",
    )
    report = make_report(tree["province"], year=2025)
    part = sections.build_snapshot(report)["parts"]["budget"]
    summary = budget_services.summarise(budget_services.lines_for(tree["province"], 2025))
    assert part["total"]["total"] == summary.total.total == 10_000_000
    assert [b["label"] for b in part["by_agency"]] == [b.label for b in summary.by_agency]
    unbudgeted = budget_services.unbudgeted(tree["province"], 2025)
    assert part["unbudgeted_count"] == sum(len(a) for a in unbudgeted.values()) == 2


def test_meetings_held_against_required(tree):
    make_meeting(
        tree["province"],
        Kind.OVERALL,
        starts_at=datetime.datetime(2025, 3, 10, 9, tzinfo=datetime.UTC),
    )
    report = make_report(tree["province"], year=2025)
    part = sections.build_snapshot(report)["parts"]["meetings"]
    overall = next(r for r in part["requirements"] if r["kind"] == Kind.OVERALL)
    assert overall == {**overall, "required": 3, "held": 1, "met": False}
    subgt = next(r for r in part["requirements"] if r["kind"] == Kind.SUBGT)
    assert subgt["required"] == 12 * tree["province"].subgts.count()
    counts = held_against_required([tree["province"]], 2025)[tree["province"].pk]
    assert [(c.kind, c.held, c.required) for c in counts] == [
        (r["kind"], r["held"], r["required"]) for r in part["requirements"]
    ]


def test_public_edition_hides_names_below_the_chairs(tree, users):
    make_member(tree["province"], Role.MEMBER, start_date=datetime.date(2025, 2, 1))
    report = make_report(tree["province"], year=2025)
    snapshot = sections.build_snapshot(report)
    chair_name = str(users["province_chair"].person)
    internal = sections.for_edition(snapshot, public=False)["parts"]["structure"]
    public = sections.for_edition(snapshot, public=True)["parts"]["structure"]
    assert any(m["person"] for m in internal["joined"])
    assert all(m["person"] == "" for m in public["joined"])
    assert chair_name in [m["person"] for m in public["chairs"]]
    heads = [s["head"] for s in public["subgts"] if s["head"]]
    assert heads and all(h["person"] == "" and h["agency"] for h in heads)
    assert snapshot["parts"]["structure"]["joined"][0]["person"]  # the stored copy is whole


def test_district_report_has_no_rollup_and_province_names_who_had_no_data(tree, plan):
    district = sections.build_snapshot(make_report(tree["district"], year=2025))
    assert "rollup" not in district["parts"]
    province = sections.build_snapshot(make_report(tree["province"], year=2025))
    rollup = province["parts"]["rollup"]
    assert rollup["count"] == tree["province"].region.children.count()
    codes = {r["code"] for r in rollup["rows"] if r["gaps"]}
    assert tree["district"].region.code in codes
    assert len(rollup["missing"]) == rollup["count"] - rollup["complete"]
    assert province["parts"]["summary"]["rollup"]["count"] == rollup["count"]


def test_monitoring_parts_say_no_data_until_the_module_has_figures(tree):
    parts = sections.build_snapshot(make_report(tree["district"], year=2025))["parts"]
    for key in ("monitoring", "statistics", "checklist"):
        assert parts[key]["has_data"] is False
