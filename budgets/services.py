"""Budget figures: every total, absorption rate and flag is computed here, from the lines
themselves, so the page, the export and (later) the reports agree to the rupiah."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from actionplans.models import Activity, Area
from budgets.models import BudgetLine, CostType, FundingSource, Realisation, compute_total
from gugustugas import access
from gugustugas.access import Action
from gugustugas.figures import percent, round_half_up
from gugustugas.models import TaskForce
from members.models import Agency


def absorption(realised: int, planned: int) -> Decimal | None:
    """The share of the planned amount that was spent: one decimal, rounded half up
    (49 of 400 is 12.3 %), None when nothing is planned. The one rule for the line page,
    the summaries and the exports."""
    return percent(realised, planned)


def proposing_agencies(user, task_force: TaskForce) -> set[int] | None:
    """For whom the user may propose (and change) budget lines of ``task_force``: None
    for every agency (the secretariat and the steering chair), else the agencies he sits
    on the task force for; an empty set if he may propose none."""
    if access.can(user, Action.EDIT, task_force):
        return None
    return access.agencies_of(user, task_force)


def may_propose_line(user, task_force: TaskForce) -> bool:
    """May the user propose a budget line on ``task_force`` (for some agency)?"""
    return proposing_agencies(user, task_force) != set()


def realised_of_line():
    """What was realised on a line (``OuterRef`` the line), as a correlated subquery: a
    SUM over a join made PostgreSQL group the lines with every agency of the country
    (13,000 rows hashed for 300 lines: 14-37 ms)."""
    realised = (
        Realisation.objects.filter(line=OuterRef("pk"))
        .order_by()
        .values("line")
        .annotate(sum=Sum("amount"))
        .values("sum")
    )
    return Coalesce(Subquery(realised), 0)


def lines_for(task_force: TaskForce, year: int):
    """The task force's lines of ``year`` by agency name, activity code and pk, with what
    was realised on each. The agencies come in a query of their own and the order by
    their name from a subquery: joining them made PostgreSQL hash every agency of the
    country (13,000) to sort 300 lines."""
    agency_name = Agency.objects.filter(pk=OuterRef("agency_id")).order_by().values("name")[:1]
    return (
        BudgetLine.objects.filter(task_force=task_force, fiscal_year=year)
        .select_related("activity__section__sub_task_force")
        .prefetch_related("agency")
        .annotate(realised=realised_of_line())
        .order_by(Subquery(agency_name), "activity__code", "pk")
    )


@dataclass
class Bucket:
    """Lines grouped under one label: planned total, realised, absorption."""

    label: str
    total: int = 0
    realised: int = 0
    count: int = 0

    def add(self, line) -> None:
        self.total += line.total
        self.realised += getattr(line, "realised", 0)  # annotated by ``lines_for``
        self.count += 1

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.realised, self.total)


@dataclass
class Summary:
    total: Bucket
    by_agency: list[Bucket]
    by_source: list[Bucket]
    by_subgt: list[Bucket]
    by_area: list[Bucket]
    by_cost_type: list[Bucket]
    lump_sums: list = field(default_factory=list)
    admin_heavy: list[str] = field(default_factory=list)  # agencies: admin > operational


OPERATIONS = "operations"


def summarise(lines) -> Summary:
    """All the summaries of a set of lines (with ``realised`` annotated, see ``lines_for``)."""
    total = Bucket(_("Total"))
    groups: dict[str, dict[str, Bucket]] = defaultdict(dict)
    cost_by_agency: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lump_sums = []
    sources = dict(FundingSource.choices)
    areas = dict(Area.choices)
    costs = dict(CostType.choices)
    for line in lines:
        total.add(line)
        activity = line.activity
        keys = {
            "agency": line.agency.name,
            "source": str(sources[line.funding_source]),
            "subgt": activity.section.sub_task_force.name
            if activity
            else str(_("Task-force operations")),
            "area": str(areas[activity.area]) if activity else str(_("Task-force operations")),
            "cost": str(costs[line.cost_type]),
        }
        for group, key in keys.items():
            groups[group].setdefault(key, Bucket(key)).add(line)
        cost_by_agency[line.agency.name][line.cost_type] += line.total
        if line.is_lump_sum:
            lump_sums.append(line)

    def ordered(group):
        return sorted(groups[group].values(), key=lambda b: (-b.total, b.label))

    return Summary(
        total=total,
        by_agency=ordered("agency"),
        by_source=ordered("source"),
        by_subgt=ordered("subgt"),
        by_area=ordered("area"),
        by_cost_type=ordered("cost"),
        lump_sums=lump_sums,
        admin_heavy=sorted(
            name
            for name, by_type in cost_by_agency.items()
            if by_type[CostType.ADMINISTRATIVE] > by_type[CostType.OPERATIONAL]
        ),
    )


def unbudgeted(task_force: TaskForce, year: int) -> dict[str, list[Activity]]:
    """Activities of the task force's plans that run in ``year`` with no line that year,
    per responsible agency. The source: every RAD activity must be budgeted."""
    result: dict[str, list[Activity]] = {}
    for activity in unbudgeted_by_task_force([task_force], year).get(task_force.pk, []):
        agency = activity.responsible_agency.name if activity.responsible_agency else _("—")
        result.setdefault(str(agency), []).append(activity)
    return result


def unbudgeted_by_task_force(task_forces, year: int) -> dict[int, list[Activity]]:
    """``unbudgeted`` for many task forces in one query: their activities of plans in use
    that run in ``year`` with no budget line that year, by task force id."""
    activities = (
        Activity.objects.of_plans_in_use()
        .filter(section__plan__task_force__in=task_forces)
        .filter(
            Q(start_date__isnull=True) | Q(start_date__year__lte=year),
            Q(end_date__isnull=True) | Q(end_date__year__gte=year),
            section__plan__start_year__lte=year,
        )
        .exclude(budget_lines__fiscal_year=year)
        .select_related("responsible_agency", "section__plan")
        .order_by("responsible_agency__name", "code")
    )
    result: dict[int, list[Activity]] = {}
    for activity in activities:
        if activity.section.plan.end_year < year:
            continue
        result.setdefault(activity.section.plan.task_force_id, []).append(activity)
    return result


def year_on_year(task_force: TaskForce, year: int) -> list[tuple[str, int, int]]:
    """Total per agency this year and the year before: (agency, previous, this)."""
    # Summed by agency id, named afterwards: grouping by the joined name made PostgreSQL
    # hash every agency of the country.
    rows = list(
        BudgetLine.objects.filter(task_force=task_force, fiscal_year__in=[year - 1, year])
        .order_by()
        .values_list("agency_id", "fiscal_year")
        .annotate(sum=Sum("total"))
    )
    names = dict(Agency.objects.filter(pk__in={row[0] for row in rows}).values_list("pk", "name"))
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for agency_id, fiscal_year, amount in rows:
        table[names[agency_id]][fiscal_year - (year - 1)] += amount
    return sorted((agency, prev, this) for agency, (prev, this) in table.items())


def totals_below(task_force: TaskForce, year: int, visible_task_forces):
    """The task forces below with their planned and realised totals, in one query."""
    planned = (
        BudgetLine.objects.filter(task_force=OuterRef("pk"), fiscal_year=year)
        .order_by()
        .values("task_force")
        .annotate(s=Sum("total"))
        .values("s")
    )
    realised = (
        Realisation.objects.filter(line__task_force=OuterRef("pk"), line__fiscal_year=year)
        .order_by()
        .values("line__task_force")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return (
        visible_task_forces.children_of(task_force)
        .select_related("region")
        .annotate(
            planned=Coalesce(Subquery(planned[:1]), 0),
            realised=Coalesce(Subquery(realised[:1]), 0),
        )
        .order_by("region__path")
    )


@dataclass
class Forecast:
    baseline: Decimal
    change_percent: Decimal
    quantity: Decimal
    unit_cost: int | None

    @property
    def total(self) -> int | None:
        if self.unit_cost is None:
            return None
        return compute_total(self.quantity, self.unit_cost)  # as the line will compute it


def forecast(baseline: Decimal, change_percent: Decimal, unit_cost: int | None = None) -> Forecast:
    """Next year's quantity from last year's baseline and an expected change:
    120 victims assisted and +30 % gives 156 (rounded half up to a whole unit)."""
    quantity = round_half_up(Decimal(baseline) * (100 + Decimal(change_percent)) / 100, Decimal(1))
    return Forecast(Decimal(baseline), Decimal(change_percent), quantity, unit_cost)
