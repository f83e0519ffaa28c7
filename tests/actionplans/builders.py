"""Plans in every state, for the access matrix and the action-plan tests."""

import datetime
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Evidence,
    Integration,
    PlanStatus,
    ProgressReport,
    ReviewComment,
    ReviewState,
    WorkingGroupMember,
)
from actionplans.services import copy_plan, create_plan
from gugustugas.models import Role
from members.models import Agency, Membership
from tests.conftest import AgencyFactory


def member_agency(task_force) -> Agency:
    """The agency of the task force's Anggota login (``<level>_member``), if any."""
    seat = Membership.objects.filter(
        task_force=task_force, role=Role.MEMBER, person__user__username__endswith="_member"
    ).first()
    return seat.agency if seat else AgencyFactory(task_force=task_force)


# A task force has one plan per period and version: give each built plan its own period,
# within the years the plan form accepts (2000-2100; a plain counter ran past 2100 in a long
# run of the suite): twenty periods 2001-2096, then the same shifted by a year, and so on,
# so that a test building up to a hundred plans gets a hundred start years.
_years = (2000 + shift + 5 * n for shift in itertools.cycle(range(1, 6)) for n in range(20))


def make_plan(task_force, status=PlanStatus.DRAFT, start_year=None, activities=1) -> ActionPlan:
    start_year = start_year or next(_years)
    plan = create_plan(
        task_force, ActionPlan(title="RAD uji", start_year=start_year, period_years=5)
    )
    for n in range(activities):
        make_activity(plan, code=f"1.{n + 1}")
    if status != PlanStatus.DRAFT:
        plan.status = status
        plan.save()
    return plan


def head_section(plan):
    """The section of the sub-GT whose head is the ``<level>_subgt_head`` login."""
    return plan.sections.get(sub_task_force=plan.task_force.subgts.first())


def make_activity(plan, code="1.1", section=None, **overrides) -> Activity:
    fields = dict(
        section=section or head_section(plan),
        code=code,
        title=f"Sosialisasi migrasi aman {code}",
        indicator="Jumlah desa",
        unit="desa",
        start_date=datetime.date(plan.start_year, 1, 1),
        end_date=datetime.date(plan.end_year, 12, 31),
        responsible_agency=member_agency(plan.task_force),
        area="prevention",
    )
    fields.update(overrides)
    activity = Activity.objects.create(**fields)
    for year in plan.years:
        ActivityTarget.objects.create(activity=activity, year=year, target=Decimal(40))
    return activity


def make_report(activity, state=ReviewState.DRAFT, year=None, quarter=1) -> ProgressReport:
    return ProgressReport.objects.create(
        activity=activity,
        year=year or activity.section.plan.start_year,
        quarter=quarter,
        achieved=Decimal(10),
        status="on_track",
        review_state=state,
    )


# --- URL argument builders for the access matrix: each makes fresh objects --------------


def plan_in(status):
    def build(target):
        return {"pk": make_plan(target, status).pk}

    return build


def revised_pair(target):
    old = make_plan(target, PlanStatus.ENACTED)
    new = copy_plan(old, None)
    return {"pk": new.pk}


def work_plan_year(target):
    plan = make_plan(target, PlanStatus.ENACTED)
    return {"pk": plan.pk, "year": plan.start_year}


def working_group_member(target):
    plan = make_plan(target)
    return {"pk": WorkingGroupMember.objects.create(plan=plan, name="Narasumber").pk}


def integration(target):
    plan = make_plan(target, PlanStatus.ENACTED)
    record = Integration.objects.create(
        plan=plan, agency=member_agency(target), document="renja", reference="Renja", year=2025
    )
    return {"pk": record.pk}


def plan_comment(target):
    plan = make_plan(target, PlanStatus.IN_REVIEW)
    comment = ReviewComment.objects.create(
        plan=plan, reviewer="Biro Hukum", text="Perbaiki dasar hukum.", response="Sudah."
    )
    return {"pk": comment.pk}


def section_of(status):
    def build(target):
        return {"pk": head_section(make_plan(target, status)).pk}

    return build


def activity_of(status):
    def build(target):
        return {"pk": make_plan(target, status).activities().get().pk}

    return build


def report_in(state):
    def build(target):
        activity = make_plan(target, PlanStatus.ENACTED).activities().get()
        return {"pk": make_report(activity, state).pk}

    return build


def evidence(target):
    activity = make_plan(target, PlanStatus.ENACTED).activities().get()
    report = make_report(activity)
    item = Evidence(report=report, original_name="bukti.pdf", size=8)
    item.file.save("bukti.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": item.pk}


# --- budgets -------------------------------------------------------------------------


def budget_line(status="proposed", enacted=True):
    """A line of the ``<level>_member`` login's agency on an activity of a plan."""
    from budgets.models import BudgetLine

    def build(target):
        plan = make_plan(target, PlanStatus.ENACTED if enacted else PlanStatus.DRAFT)
        line = BudgetLine.objects.create(
            task_force=target,
            agency=member_agency(target),
            fiscal_year=plan.start_year,
            activity=plan.activities().get(),
            item="Pelatihan",
            unit="orang",
            quantity=10,
            unit_cost=1_000_000,
            funding_source="apbd_province",
            justification="RAD",
            status=status,
        )
        return {"pk": line.pk}

    return build


def calendar_year(target):
    return {"tf": target.pk, "year": 2027}


def milestone(target):
    from budgets.calendar import ensure_milestones

    return {"pk": ensure_milestones(target, 2027)[0].pk}
