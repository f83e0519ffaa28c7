"""Is a task force meeting as often as the guideline asks? Flags for the dashboard:

- no overall coordination meeting held in the last 4 months;
- a sub-GT without a sub-GT coordination meeting held in the last month;
- no yearly coordination meeting (national at national level, provincial at province
  level) held or scheduled this calendar year.

``cadence_flags`` answers for many task forces at once in three queries, whatever their
number (a province's districts, the national task force's provinces).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gugustugas.models import Level, SubTaskForce, TaskForce
from meetings.models import KIND_RULES, Kind, Meeting

YEARLY_KIND = {Level.NATIONAL: Kind.NATIONAL, Level.PROVINCE: Kind.PROVINCIAL}


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (clamped to month end)."""
    return moment - relativedelta(months=months)


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
    def behind(self) -> bool:
        """Any flag raised (``flags`` without building its sentences)."""
        return self.overall_overdue or self.yearly_missing or bool(self.subgts_without)

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
    # The last meeting of each sub-GT as a correlated subquery (an index probe per
    # sub-GT): a MAX over a join made PostgreSQL scan every meeting (12 ms nationally).
    last = (
        Meeting.objects.held(now)
        .filter(sub_task_force=OuterRef("pk"))
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    subgts = SubTaskForce.objects.filter(task_force_id__in=ids).annotate(last=Subquery(last))
    for subgt in subgts.order_by("task_force_id", "order", "pk"):
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
class KindCount:
    kind: str
    held: int
    required: int

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)


REQUIRED_RULE = gettext_lazy(
    "Required so far this year: one overall coordination meeting per started 4 months, "
    "one sub-GT coordination meeting per sub-GT and started month, and the yearly "
    "coordination meeting of the level once; special meetings are held when needed."
)


def held_against_required(
    task_forces, year: int, now: datetime.datetime | None = None
) -> dict[int, list[KindCount]]:
    """Meetings held in ``year`` (up to ``now``) against those the guideline requires by
    then, per task force and kind (``REQUIRED_RULE``); two queries whatever the number of
    task forces. The M&E page and (later) the reports use this one count."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    months = 12 if year < local.year else (local.month if year == local.year else 0)
    task_forces = list(task_forces)
    ids = [tf.pk for tf in task_forces]
    held: dict[tuple[int, str], int] = {}
    rows = (
        Meeting.objects.held(now)
        .filter(task_force_id__in=ids, starts_at__year=year)
        .order_by()
        .values_list("task_force_id", "kind")
        .annotate(n=Count("pk"))
    )
    for tf_id, kind, n in rows:
        held[tf_id, kind] = n
    subgts = dict(
        SubTaskForce.objects.filter(task_force_id__in=ids)
        .order_by()
        .values_list("task_force_id")
        .annotate(n=Count("pk"))
    )
    every = KIND_RULES[Kind.OVERALL].every_months
    result = {}
    for tf in task_forces:
        counts = [
            KindCount(Kind.OVERALL, held.get((tf.pk, Kind.OVERALL), 0), -(-months // every)),
            KindCount(Kind.SUBGT, held.get((tf.pk, Kind.SUBGT), 0), months * subgts.get(tf.pk, 0)),
        ]
        yearly = YEARLY_KIND.get(tf.level)
        if yearly:
            counts.append(KindCount(yearly, held.get((tf.pk, yearly), 0), 1 if months else 0))
        result[tf.pk] = counts
    return result
