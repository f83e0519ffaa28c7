"""Is a task force meeting as often as the guideline asks? Flags for the dashboard:

- no overall coordination meeting held in the last 4 months;
- a sub-GT without a sub-GT coordination meeting held in the last month;
- no yearly coordination meeting (national at national level, provincial at province
  level) held or scheduled this calendar year.

``cadence_flags`` answers for many task forces at once in three queries, whatever their
number (a province's districts, the national task force's provinces).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gugustugas.models import Level, SubTaskForce, TaskForce
from meetings.models import KIND_RULES, Kind, Meeting

YEARLY_KIND = {Level.NATIONAL: Kind.NATIONAL, Level.PROVINCE: Kind.PROVINCIAL}


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (clamped to month end)."""
    month_index = moment.month - 1 - months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass
class Cadence:
    task_force: TaskForce
    last_overall: datetime.datetime | None = None
    overall_overdue: bool = False
    yearly_kind: str | None = None
    yearly_missing: bool = False
    subgts_without: list[SubTaskForce] = field(default_factory=list)
    subgt_total: int = 0

    @property
    def flags(self) -> list[str]:
        out = []
        if self.overall_overdue:
            out.append(_("no overall coordination meeting in the last 4 months"))
        if self.yearly_missing:
            out.append(_("no %(kind)s this year") % {"kind": Kind(self.yearly_kind).label.lower()})
        if self.subgts_without:
            out.append(
                _("sub-GTs without a meeting in the last month: %(names)s")
                % {"names": ", ".join(s.name for s in self.subgts_without)}
            )
        return out

    @property
    def short_flags(self) -> list[str]:
        """The same flags in a few words, for lists of many task forces."""
        out = []
        if self.overall_overdue:
            out.append(_("no overall meeting in 4 months"))
        if self.yearly_missing:
            out.append(_("no yearly coordination meeting"))
        if self.subgts_without:
            out.append(
                _("%(n)d of %(total)d sub-GTs without a monthly meeting")
                % {"n": len(self.subgts_without), "total": self.subgt_total}
            )
        return out


def cadence_flags(task_forces, now: datetime.datetime | None = None) -> dict[int, Cadence]:
    now = now or timezone.now()
    task_forces = list(task_forces)
    ids = [tf.pk for tf in task_forces]
    result = {tf.pk: Cadence(tf) for tf in task_forces}
    overall_since = months_before(now, KIND_RULES[Kind.OVERALL].every_months)
    subgt_since = months_before(now, KIND_RULES[Kind.SUBGT].every_months)

    held = Meeting.objects.held(now).filter(task_force_id__in=ids)
    for row in held.filter(kind=Kind.OVERALL).values("task_force").annotate(last=Max("starts_at")):
        result[row["task_force"]].last_overall = row["last"]
    yearly = set(
        Meeting.objects.active()
        .filter(task_force_id__in=ids, kind__in=YEARLY_KIND.values(), starts_at__year=now.year)
        .values_list("task_force_id", flat=True)
    )
    subgts = SubTaskForce.objects.filter(task_force_id__in=ids).annotate(
        last=Max(
            "meetings__starts_at",
            filter=Q(meetings__cancelled_at__isnull=True, meetings__starts_at__lte=now),
        )
    )
    for subgt in subgts.order_by("task_force", "order", "pk"):
        result[subgt.task_force_id].subgt_total += 1
        if subgt.last is None or subgt.last < subgt_since:
            result[subgt.task_force_id].subgts_without.append(subgt)
    for tf in task_forces:
        cadence = result[tf.pk]
        cadence.overall_overdue = (
            cadence.last_overall is None or cadence.last_overall < overall_since
        )
        cadence.yearly_kind = YEARLY_KIND.get(tf.level)
        cadence.yearly_missing = cadence.yearly_kind is not None and tf.pk not in yearly
    return result


@dataclass
class Requirement:
    """One body's meetings in a period: how many the guideline asks for, how many held."""

    kind: str
    body: str
    required: int
    held: int

    @property
    def met(self) -> bool:
        return self.held >= self.required


def held_against_required(
    task_force: TaskForce, start: datetime.date, end: datetime.date
) -> list[Requirement]:
    """Meetings held from ``start`` to ``end`` (inclusive) against the guideline's cadence:
    one overall meeting every 4 months, one per sub-GT every month, the yearly
    coordination meeting of the level once a year. Two queries."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tz)
    until = datetime.datetime.combine(end, datetime.time.max, tz)
    counts: dict[tuple[str, int | None], int] = {}
    held = (
        Meeting.objects.held(min(until, timezone.now()))
        .filter(task_force=task_force, starts_at__gte=since)
        .values_list("kind", "sub_task_force_id")
    )
    for kind, subgt_id in held:
        counts[kind, subgt_id] = counts.get((kind, subgt_id), 0) + 1
    result = [
        Requirement(
            Kind.OVERALL,
            str(Kind.OVERALL.label),
            months // KIND_RULES[Kind.OVERALL].every_months,
            counts.get((Kind.OVERALL, None), 0),
        )
    ]
    yearly = YEARLY_KIND.get(task_force.level)
    if yearly is not None:
        result.append(
            Requirement(
                yearly, str(Kind(yearly).label), max(1, months // 12), counts.get((yearly, None), 0)
            )
        )
    for subgt in task_force.subgts.order_by("order", "pk"):
        result.append(
            Requirement(
                Kind.SUBGT,
                subgt.name,
                months // KIND_RULES[Kind.SUBGT].every_months,
                counts.get((Kind.SUBGT, subgt.pk), 0),
            )
        )
    special = sum(n for (kind, _subgt), n in counts.items() if kind == Kind.SPECIAL)
    result.append(Requirement(Kind.SPECIAL, str(Kind.SPECIAL.label), 0, special))
    return result
