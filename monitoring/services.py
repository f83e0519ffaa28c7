"""Quarterly statistics: the aggregate, its public version and completeness, computed once.

Every page, export, e-mail and report takes these figures from here.

Which figures count (``AGGREGATE_RULE``): a task force's aggregate holds the figures of
every task force below it that the level above has accepted, and its own figures once
accepted; ``own_any_state=True`` adds its own figures in whatever state they are (the
province's page of what it is about to submit: its own figures plus its accepted
districts', computed, never typed twice).

For other apps (the reports import these)::

    aggregate(task_force, year, quarters=(1, 2, 3, 4), *, own_any_state=False) -> Aggregate
        Internal figures: ``Aggregate.cells`` maps every cell code (``monitoring.measures``)
        to a ``suppression.Cell`` (value, state: count / zero / not_known / not_submitted),
        summed over the quarters; ``Aggregate.sections()`` gives them grouped for a table;
        ``Aggregate.submissions`` is how many submissions were counted.
    public_aggregate(task_force, year, quarters=(1, 2, 3, 4)) -> Aggregate
        The same with small counts suppressed (``monitoring.suppression``): cells may also
        be ``suppressed``; ``Aggregate.public`` is True. Only these figures leave the system.
        The pattern is the same on every page and export that shows the level, and
        consistent with the levels above and below (``publication``; cached).
    publication(task_force, year, quarters=(1, 2, 3, 4)) -> (Aggregate, list[DrillRow])
        The public table and the public drill-down rows (headline figures) together.
    quarterly_series(task_force, [(year, quarter), ...], code) -> [((year, quarter), Cell)]
        One internal figure per quarter, for charts.
    drill_down(task_force, year, quarters=(1, 2, 3, 4)) -> list[DrillRow]
        One row per task force directly below: its counted figures (the same rule, so the
        rows add up to the aggregate) and, for one quarter, the state of its submission.
    completeness(task_force, year, quarter, level=None, today=None) -> Completeness
        DHIS2-style completeness and timeliness of the task forces of ``level`` below
        ``task_force`` (default: the level directly below): expected, submitted, on time,
        late, accepted, returned, missing (overdue), not yet due, with one row per task
        force; ``Completeness.by_parent()`` groups a national district table by province.
    timeliness_series(task_force, quarters: list[tuple[int, int]], level=None) -> list[Completeness]
        The same for several quarters, for the chart.

Query counts do not grow with the number of task forces: each function runs a fixed
number of grouped queries and sums in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas.cache import kept
from gugustugas.concurrency import check_version
from gugustugas.models import FormationStatus, Level, TaskForce
from monitoring import measures
from monitoring.models import QuarterlySubmission, StatisticCell, SubmissionState
from monitoring.models.statistics import deadline, quarter_end, quarter_label, quarter_start
from monitoring.suppression import NOT_SUBMITTED, Cell, CellState, suppress

ALL_QUARTERS = (1, 2, 3, 4)
# The public pattern of a period is computed once and kept until its accepted figures
# change (the key says when): suppressing every level at once takes a few seconds.
PUBLICATION_CACHE_SECONDS = 24 * 3600
S = SubmissionState

AGGREGATE_RULE = _(
    "A level's figures are those of every task force below it that the level above has "
    "accepted, and its own once accepted."
)
# The figures shown per task force in a drill-down table.
HEADLINE = (
    "identified.total",
    "assisted.total",
    "prosecution.reported",
    "prosecution.verdicts",
    "prosecution.suspects",
)


# --------------------------------------------------------------------------- aggregate
@dataclass
class Section:
    """One block of a table: a measure's total and one breakdown, or a list measure."""

    title: str
    rows: list[tuple[str, str, Cell]]  # (code, label, cell)
    total: tuple[str, str, Cell] | None = None


@dataclass
class Aggregate:
    task_force: TaskForce
    year: int
    quarters: tuple[int, ...]
    cells: dict[str, Cell]
    submissions: int
    public: bool = False

    def __getitem__(self, code: str) -> Cell:
        return self.cells[code]

    @property
    def period_label(self) -> str:
        if len(self.quarters) == 1:
            return quarter_label(self.year, self.quarters[0])
        if tuple(self.quarters) == ALL_QUARTERS:
            return str(self.year)
        return ", ".join(quarter_label(self.year, q) for q in self.quarters)

    def sections(self) -> list[Section]:
        return sections(self.cells)


def sections(cells: dict[str, Cell]) -> list[Section]:
    """The cells grouped as the pages and exports show them."""
    result = []
    for measure in measures.MEASURES:
        if measure.has_total:
            total_code = measure.code("total")
            total = (total_code, str(_("Total")), cells[total_code])
            for breakdown in measure.breakdowns:
                rows = [
                    (code, str(label), cells[code])
                    for key, label in breakdown.keys
                    for code in [measure.code(breakdown.name, key)]
                ]
                sums_to = measure.code(*breakdown.sums_to.split("."))
                head = (sums_to, measures.label_of(sums_to), cells[sums_to])
                result.append(
                    Section(
                        f"{measure.label} {breakdown.label}",
                        rows,
                        total if sums_to == total_code else head,
                    )
                )
        else:
            rows = [
                (measure.code(k), str(label), cells[measure.code(k)]) for k, label in measure.items
            ]
            result.append(Section(str(measure.label), rows))
    return result


def _counted(task_force: TaskForce, year: int, quarters: Sequence[int], own_any_state: bool):
    path = task_force.region.path
    below = Q(task_force__region__path__startswith=path + ".", state=S.ACCEPTED)
    own = Q(task_force=task_force)
    if not own_any_state:
        own &= Q(state=S.ACCEPTED)
    return QuarterlySubmission.objects.filter(below | own, year=year, quarter__in=list(quarters))


def _cells_from(
    sums: dict[str, tuple[int | None, int, int]], submissions: int, codes: Sequence[str] = ()
) -> dict[str, Cell]:
    """Sums per code (sum, cells not known, cells entered) -> cells. A code is not known
    when any counted submission did not know it (or did not enter it, in a draft)."""
    if submissions == 0:
        return {code: NOT_SUBMITTED for code in codes or measures.all_codes()}
    cells = {}
    for code in codes or measures.all_codes():
        total, unknown, entered = sums.get(code, (None, 0, 0))
        if unknown or entered < submissions:
            cells[code] = Cell(None, CellState.NOT_KNOWN)
        else:
            cells[code] = Cell.of(total or 0)
    return cells


def aggregate(
    task_force: TaskForce,
    year: int,
    quarters: Iterable[int] = ALL_QUARTERS,
    *,
    own_any_state: bool = False,
) -> Aggregate:
    """The internal figures of ``task_force`` for the quarters of ``year`` (two queries)."""
    quarters = tuple(quarters)
    counted = _counted(task_force, year, quarters, own_any_state)
    submissions = counted.count()
    rows = (
        StatisticCell.objects.filter(submission__in=counted)
        .values("code")
        .annotate(
            total=Sum("value"),
            unknown=Count("pk", filter=Q(value__isnull=True)),
            entered=Count("pk"),
        )
    )
    sums = {r["code"]: (r["total"], r["unknown"], r["entered"]) for r in rows}
    return Aggregate(task_force, year, quarters, _cells_from(sums, submissions), submissions)


def quarterly_series(
    task_force: TaskForce, quarters: Sequence[tuple[int, int]], code: str
) -> list[tuple[tuple[int, int], Cell]]:
    """One figure of the aggregate for each of several quarters (two queries), for the
    charts: the same rule as ``aggregate``."""
    path = task_force.region.path
    years = sorted({y for y, _q in quarters})
    counted = QuarterlySubmission.objects.filter(
        Q(task_force__region__path__startswith=path + ".") | Q(task_force=task_force),
        state=S.ACCEPTED,
        year__in=years,
    )
    counts = {
        (r["year"], r["quarter"]): r["n"]
        for r in counted.values("year", "quarter").annotate(n=Count("pk"))
    }
    sums = {
        (r["submission__year"], r["submission__quarter"]): (r["total"], r["unknown"], r["entered"])
        for r in StatisticCell.objects.filter(submission__in=counted, code=code)
        .values("submission__year", "submission__quarter")
        .annotate(
            total=Sum("value"),
            unknown=Count("pk", filter=Q(value__isnull=True)),
            entered=Count("pk"),
        )
    }
    result = []
    for key in quarters:
        cells = _cells_from({code: sums[key]} if key in sums else {}, counts.get(key, 0), [code])
        result.append((key, cells[code]))
    return result


def public_aggregate(
    task_force: TaskForce, year: int, quarters: Iterable[int] = ALL_QUARTERS
) -> Aggregate:
    """The figures as the public may see them: accepted only, small counts suppressed,
    consistently with every other published level (``publication``)."""
    return publication(task_force, year, quarters)[0]


def publish(internal: Aggregate) -> Aggregate:
    return Aggregate(
        internal.task_force,
        internal.year,
        internal.quarters,
        suppress(internal.cells),
        internal.submissions,
        public=True,
    )


def own_figures(submission: QuarterlySubmission) -> Aggregate:
    """A submission's own figures as entered (a cell not entered shows as not known)."""
    values = submission.values()
    cells = {
        code: Cell.of(values[code]) if code in values else Cell(None, CellState.NOT_KNOWN)
        for code in measures.all_codes()
    }
    return Aggregate(submission.task_force, submission.year, (submission.quarter,), cells, 1)


@dataclass
class DrillRow:
    task_force: TaskForce
    cells: dict[str, Cell]
    submission: QuarterlySubmission | None = None


def drill_down(
    task_force: TaskForce,
    year: int,
    quarters: Iterable[int] = ALL_QUARTERS,
    codes: Sequence[str] = HEADLINE,
) -> list[DrillRow]:
    """Per task force directly below: its counted figures (accepted ones in its subtree),
    so the rows add up to ``aggregate(task_force, ...)`` less the task force's own."""
    quarters = tuple(quarters)
    path = task_force.region.path
    width = len(path) + 3  # "ID" -> "ID.32", "ID.32" -> "ID.32.02"
    children = list(TaskForce.objects.children_of(task_force).select_related("region"))
    accepted = QuarterlySubmission.objects.filter(
        task_force__region__path__startswith=path + ".",
        state=S.ACCEPTED,
        year=year,
        quarter__in=list(quarters),
    )
    branch = Substr("task_force__region__path", 1, width)
    counts = dict(
        accepted.annotate(branch=branch)
        .values("branch")
        .annotate(n=Count("pk"))
        .values_list("branch", "n")
    )
    sums: dict[str, dict[str, tuple]] = defaultdict(dict)
    rows = (
        StatisticCell.objects.filter(submission__in=accepted, code__in=list(codes))
        .annotate(branch=Substr("submission__task_force__region__path", 1, width))
        .values("branch", "code")
        .annotate(
            total=Sum("value"),
            unknown=Count("pk", filter=Q(value__isnull=True)),
            entered=Count("pk"),
        )
    )
    for r in rows:
        sums[r["branch"]][r["code"]] = (r["total"], r["unknown"], r["entered"])
    own = {}
    if len(quarters) == 1:
        own = {
            s.task_force_id: s
            for s in QuarterlySubmission.objects.filter(
                task_force__in=children, year=year, quarter=quarters[0]
            )
        }
    result = []
    for child in children:
        n = counts.get(child.region.path, 0)
        cells = _cells_from(sums.get(child.region.path, {}), n, codes)
        result.append(DrillRow(child, {c: cells[c] for c in codes}, own.get(child.pk)))
    return result


def public_drill_down(
    task_force: TaskForce, year: int, quarters: Iterable[int] = ALL_QUARTERS
) -> list[DrillRow]:
    """The drill-down rows as the public may see them (``publication``)."""
    return publication(task_force, year, quarters)[1]


def publication(
    task_force: TaskForce, year: int, quarters: Iterable[int] = ALL_QUARTERS
) -> tuple[Aggregate, list[DrillRow]]:
    """The public table of ``task_force`` and its public drill-down rows, suppressed so
    that no small count can be worked out across levels either.

    Each level's aggregate is its own figures plus its children's: for every cell that
    is one more equation (the parent's cell = its own figures, never published, plus
    the children's cells; the national level has no own figures, so there they are 0).
    The pattern is fixed from the top down: the national table first; then its
    children's tables and these equations together, hiding more until neither needs
    more; then the same one level down along the way to ``task_force``. Every page,
    export and report that publishes a level gets the same pattern, so combining them
    reveals nothing one of them hides."""
    quarters = tuple(quarters)
    stamp = _publication_stamp(year, quarters)
    key = f"monitoring:pub:{task_force.pk}:{stamp}"
    cached = cache.get(key)
    if cached is None:
        cached = _publication(task_force, year, quarters, stamp)
        cache.set(key, cached, PUBLICATION_CACHE_SECONDS)
    return cached


def _publication_stamp(year: int, quarters: tuple[int, ...]) -> str:
    """The period and a stamp of its accepted figures, which changes whenever they change
    (accepting, reopening: accepted figures themselves cannot change)."""
    stamp = QuarterlySubmission.objects.filter(
        year=year, quarter__in=list(quarters), state=S.ACCEPTED
    ).aggregate(n=Count("pk"), last=Max("accepted_at"), top=Max("pk"))
    last = stamp["last"].timestamp() if stamp["last"] else 0
    period = f"{year}:{'-'.join(map(str, quarters))}"
    return f"{period}:{stamp['n']}:{stamp['top']}:{last}"


def _publication(
    task_force: TaskForce, year: int, quarters: tuple[int, ...], stamp: str
) -> tuple[Aggregate, list[DrillRow]]:
    paths = _ancestor_paths(task_force.region.path)
    chain = sorted(
        TaskForce.objects.filter(region__path__in=paths).select_related("region"),
        key=lambda tf: len(tf.region.path),
    )
    withheld: set[str] = set()
    for i, tf in enumerate(chain):
        internal, public, rows, child_public = _publication_level(
            tf, year, quarters, stamp, withheld
        )
        if i + 1 == len(chain):
            shown = []
            for row, cells in zip(rows, child_public, strict=True):
                shown.append(DrillRow(row.task_force, {c: cells[c] for c in HEADLINE}))
            result = Aggregate(tf, year, quarters, public, internal.submissions, public=True)
            return result, shown
        below = chain[i + 1]
        index = next(j for j, row in enumerate(rows) if row.task_force.pk == below.pk)
        withheld = {
            code for code, cell in child_public[index].items() if cell.state == CellState.SUPPRESSED
        }
    raise AssertionError("unreachable: the chain ends at task_force")


def _publication_level(
    tf: TaskForce, year: int, quarters: tuple[int, ...], stamp: str, withheld: set[str]
):
    """One level of the chain: its figures, its public table (hiding what the level above
    hides of it) and its children's rows and public tables. Kept by the period's stamp
    (``gugustugas.cache.kept``): every publication below this level starts from the same
    one (the national level's is the same for every province and district)."""

    def build():
        internal = aggregate(tf, year, quarters)
        public = suppress(internal.cells, hidden=withheld)
        rows = drill_down(tf, year, quarters, measures.all_codes())
        return internal, public, rows, _settle_children(tf, internal.cells, public, rows)

    return kept(("monitoring-level", tf.pk, stamp, sorted(withheld)), build)


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _settle_children(
    task_force: TaskForce, internal: dict[str, Cell], public: dict[str, Cell], rows
) -> list[dict[str, Cell]]:
    """The children's public tables, with the cross-level equations protected."""
    withheld: list[set[str]] = [set() for _row in rows]
    tables = [suppress(row.cells) for row in rows]
    while True:
        more = _cross_level_hidden(task_force, internal, public, rows, tables)
        changed = False
        for j, codes in enumerate(more):
            # Only a figure can be hidden (a safeguard: the loop must end).
            new = {c for c in codes if tables[j][c].is_number}
            if new:
                withheld[j] |= new
                # Only a child that hides more is suppressed again (the others' tables
                # are the same function of the same cells).
                tables[j] = suppress(rows[j].cells, hidden=withheld[j])
                changed = True
        if not changed:
            return tables


def _cross_level_hidden(task_force, internal, public, rows, tables) -> list[set[str]]:
    """Per child, the cells the equation parent = own + children makes hide too."""
    protected = measures.protected_codes()
    result: list[set[str]] = [set() for _row in rows]
    for code in measures.all_codes():
        if code not in protected:
            continue
        table: dict[str, Cell] = {"parent": internal[code]}
        # Hidden in the parent's table or a child's: they must stay protected here too.
        already = set() if public[code].is_number else {"parent"}
        withheld = set()
        children = []
        for j, row in enumerate(rows):
            cell = row.cells[code]
            if cell.state == CellState.NOT_SUBMITTED:
                continue  # counts nothing, and everyone can see that
            table[f"c{j}"] = cell
            children.append(cell)
            if tables[j][code].state == CellState.SUPPRESSED:
                already.add(f"c{j}")
        # The national level has no figures of its own: its equation has no own part.
        if task_force.level != Level.NATIONAL:
            if internal[code].is_number and all(c.is_number for c in children):
                table["own"] = Cell.of(internal[code].value - sum(c.value for c in children))
                withheld.add("own")
            else:
                table["own"] = Cell(None, CellState.NOT_KNOWN)
        small = any(cell.value in range(1, 5) for cell in table.values() if cell.is_number)
        if not small and not already:
            continue
        parts = [key for key in table if key.startswith("c")]
        own = ("own",) if "own" in table else ()
        equation = measures.Equation("parent", (*own, *parts))
        hidden = suppress(table, [equation], set(table), withheld, already)
        for key in parts:
            if hidden[key].state == CellState.SUPPRESSED:
                result[int(key[1:])].add(code)
    return result


# ------------------------------------------------------------------------ completeness
class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"  # not submitted, deadline passed: missing
    NOT_DUE = "not_due"


TIMELINESS_LABELS = {
    Timeliness.ON_TIME: _("on time"),
    Timeliness.LATE: _("late"),
    Timeliness.OVERDUE: _("missing, overdue"),
    Timeliness.NOT_DUE: _("not yet due"),
}


@dataclass
class CompletenessRow:
    task_force: TaskForce
    submission: QuarterlySubmission | None
    deadline: datetime.date
    timeliness: str

    @property
    def timeliness_label(self) -> str:
        return str(TIMELINESS_LABELS[self.timeliness])

    @property
    def state_label(self) -> str:
        if self.submission is None:
            return str(_("Not started"))
        return self.submission.get_state_display()


@dataclass
class Completeness:
    task_force: TaskForce
    year: int
    quarter: int
    level: str
    deadline: datetime.date
    rows: list[CompletenessRow] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def expected(self) -> int:
        return len(self.rows)

    def _count(self, test) -> int:
        return sum(1 for row in self.rows if test(row))

    @property
    def submitted(self) -> int:
        return self._count(lambda r: r.submission is not None and r.submission.submitted_at)

    @property
    def on_time(self) -> int:
        return self._count(lambda r: r.timeliness == Timeliness.ON_TIME)

    @property
    def late(self) -> int:
        return self._count(lambda r: r.timeliness == Timeliness.LATE)

    @property
    def missing(self) -> int:
        return self._count(lambda r: r.timeliness == Timeliness.OVERDUE)

    @property
    def not_due(self) -> int:
        return self._count(lambda r: r.timeliness == Timeliness.NOT_DUE)

    @property
    def accepted(self) -> int:
        return self._count(lambda r: r.submission is not None and r.submission.state == S.ACCEPTED)

    @property
    def returned(self) -> int:
        return self._count(lambda r: r.submission is not None and r.submission.state == S.RETURNED)

    @property
    def awaiting_review(self) -> int:
        return self._count(lambda r: r.submission is not None and r.submission.state == S.SUBMITTED)

    def percent(self, count: int) -> int | None:
        return round(100 * count / self.expected) if self.expected else None

    @property
    def submitted_percent(self) -> int | None:
        return self.percent(self.submitted)

    @property
    def on_time_percent(self) -> int | None:
        return self.percent(self.on_time)

    @property
    def accepted_percent(self) -> int | None:
        return self.percent(self.accepted)

    def by_parent(self) -> list[Completeness]:
        """The rows grouped by the task force above each (a national district table
        shown one line per province)."""
        groups: dict[int, list[CompletenessRow]] = defaultdict(list)
        parents = {}
        for row in self.rows:
            parent = row.task_force.region.parent_id
            groups[parent].append(row)
        for tf in TaskForce.objects.filter(region_id__in=groups).select_related("region"):
            parents[tf.region_id] = tf
        return [
            Completeness(parents[rid], self.year, self.quarter, self.level, self.deadline, rows)
            for rid, rows in sorted(groups.items(), key=lambda kv: parents[kv[0]].region.path)
            if rid in parents
        ]


def _level_below(task_force: TaskForce) -> str:
    return Level.PROVINCE if task_force.level == Level.NATIONAL else Level.REGENCY


def timeliness_of(submission: QuarterlySubmission | None, due: datetime.date, today) -> str:
    if submission is not None and submission.submitted_at is not None:
        late = timezone.localdate(submission.submitted_at) > due
        return Timeliness.LATE if late else Timeliness.ON_TIME
    return Timeliness.OVERDUE if today > due else Timeliness.NOT_DUE


def completeness(
    task_force: TaskForce,
    year: int,
    quarter: int,
    level: str | None = None,
    today: datetime.date | None = None,
) -> Completeness:
    """Completeness and timeliness of the task forces of ``level`` below ``task_force``.

    Expected to report: every task force formed by decree, and any other that has
    started a submission for the quarter (two queries, whatever their number)."""
    return timeliness_series(task_force, [(year, quarter)], level, today)[0]


def timeliness_series(
    task_force: TaskForce,
    quarters: Sequence[tuple[int, int]],
    level: str | None = None,
    today: datetime.date | None = None,
) -> list[Completeness]:
    """``completeness`` for several quarters at once (still two queries)."""
    level = level or _level_below(task_force)
    today = today or timezone.localdate()
    below = list(
        TaskForce.objects.below(task_force)
        .filter(region__level=level)
        .select_related("region")
        .order_by("region__path")
    )
    asked = Q()
    for year, quarter in set(quarters):
        asked |= Q(year=year, quarter=quarter)
    submissions: dict[tuple[int, int], dict[int, QuarterlySubmission]] = defaultdict(dict)
    for s in QuarterlySubmission.objects.filter(
        asked,
        task_force__region__path__startswith=task_force.region.path + ".",
        task_force__region__level=level,
    ).only("pk", "task_force_id", "state", "submitted_at", "accepted_at", "year", "quarter"):
        submissions[(s.year, s.quarter)][s.task_force_id] = s
    result = []
    for year, quarter in quarters:
        due = deadline(level, year, quarter)
        mine = submissions.get((year, quarter), {})
        rows = []
        for tf in below:
            submission = mine.get(tf.pk)
            if submission is None and tf.formation_status != FormationStatus.FORMED:
                continue
            if submission is not None:
                submission.task_force = tf
            rows.append(CompletenessRow(tf, submission, due, timeliness_of(submission, due, today)))
        result.append(Completeness(task_force, year, quarter, level, due, rows))
    return result


def recent_quarters(count: int = 8, today: datetime.date | None = None) -> list[tuple[int, int]]:
    """The last ``count`` quarters that have ended, oldest first."""
    today = today or timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    result = []
    for _i in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        result.append((year, quarter))
    return result[::-1]


# ------------------------------------------------------------------------ editing
class StatisticsError(Exception):
    """A change to the figures that is not allowed; the message says why."""


def start_submission(task_force: TaskForce, year: int, quarter: int) -> QuarterlySubmission:
    """A new draft for the quarter, with the prevention figures taken from the task
    force's training records where there are any."""
    from gugustugas.workflow import TransitionError

    if task_force.level == Level.NATIONAL:
        raise TransitionError(_("The national figures are the aggregate of the provinces."))
    if quarter_start(year, quarter) > timezone.localdate():
        raise TransitionError(_("This quarter has not started yet."))
    with transaction.atomic():
        if QuarterlySubmission.objects.filter(
            task_force=task_force, year=year, quarter=quarter
        ).exists():
            raise TransitionError(_("This task force already has figures for this quarter."))
        submission = QuarterlySubmission.objects.create(
            task_force=task_force, year=year, quarter=quarter
        )
        prefill = training_figures(task_force, year, quarter)
        StatisticCell.objects.bulk_create(
            StatisticCell(submission=submission, code=code, value=value)
            for code, value in prefill.items()
        )
    return submission


def training_figures(task_force: TaskForce, year: int, quarter: int) -> dict[str, int]:
    """Prevention figures from the training records (``members``) of the quarter; empty
    when the task force recorded no training then."""
    from members.models import Training

    trainings = list(
        Training.objects.filter(
            task_force=task_force,
            date__range=(quarter_start(year, quarter), quarter_end(year, quarter)),
        ).prefetch_related("participants")
    )
    if not trainings:
        return {}
    participants = [p for t in trainings for p in t.participants.all()]
    tested = [p for p in participants if p.improved is not None]
    return {
        "prevention.trainings": len(trainings),
        "prevention.trained": len(participants) + sum(t.external_participants for t in trainings),
        "prevention.tested": len(tested),
        "prevention.knowledge_rose": sum(1 for p in tested if p.improved),
    }


def save_figures(
    submission: QuarterlySubmission,
    values: dict[str, int | None | str],
    note: str,
    version: int | None = None,
) -> QuarterlySubmission:
    """Store the figures of a draft or returned submission under a row lock: ``values``
    maps a code to a count, None ("not known") or "" (not entered). ``version`` is the one
    the form was opened with: a save over someone else's raises ``StaleEdit`` and writes
    no cell (``gugustugas.concurrency``)."""
    with transaction.atomic():
        locked = QuarterlySubmission.objects.select_for_update().get(pk=submission.pk)
        locked.require_editable()
        check_version(locked, version)
        existing = {c.code: c for c in locked.cells.all()}
        create, update, delete = [], [], []
        for code in measures.all_codes():
            value = values.get(code, "")
            cell = existing.get(code)
            if value == "":
                if cell is not None:
                    delete.append(cell.pk)
            elif cell is None:
                create.append(StatisticCell(submission=locked, code=code, value=value))
            elif cell.value != value:
                cell.value = value
                update.append(cell)
        StatisticCell.objects.filter(pk__in=delete).delete()
        StatisticCell.objects.bulk_create(create)
        StatisticCell.objects.bulk_update(update, ["value"])
        locked.note = note
        locked.save(update_fields=["note", "version"])
    return locked
