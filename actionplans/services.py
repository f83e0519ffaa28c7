"""Plan operations that span models: creating and copying plans, the progress roll-up,
overdue quarters and version comparison. The plan page, the exports and (later) the
reports all compute progress here, with one rule."""

from __future__ import annotations

import datetime
import time
import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Evidence,
    Objective,
    PlanStatus,
    ProgressReport,
    ProgressStatus,
    ReviewState,
    Section,
)
from gugustugas.figures import display, quarter_end, quarter_label, round_half_up
from gugustugas.figures import percent as percent_of
from gugustugas.models import TaskForce
from gugustugas.workflow import TransitionError

HUNDRED = Decimal(100)
# The progress reports that count in every figure (issue 13 item 7): drafts never do.
COUNTED_STATES = frozenset({ReviewState.SUBMITTED, ReviewState.ACCEPTED})


@transaction.atomic
def create_plan(task_force: TaskForce, plan: ActionPlan) -> ActionPlan:
    """Save a new plan with one section per sub-GT of the task force."""
    plan.task_force = task_force
    plan.save()
    Section.objects.bulk_create(
        Section(plan=plan, sub_task_force=subgt, order=subgt.order)
        for subgt in task_force.subgts.all()
    )
    return plan


@transaction.atomic
def copy_plan(plan: ActionPlan, user) -> ActionPlan:
    """A new draft version with the same content; the old one stays as it was."""
    new = ActionPlan.objects.get(pk=plan.pk)
    new.pk = None
    new.version = plan.version + 1
    new.previous = plan
    new.status = PlanStatus.DRAFT
    new.save()
    for wg in plan.working_group.all():
        wg.pk, wg.plan = None, new
        wg.save()
    objective_map = {}
    for section in plan.sections.prefetch_related(
        "objectives", "activities__targets", "activities__implementing_agencies"
    ):
        old_section_id = section.pk
        section.pk, section.plan = None, new
        section.save()
        for objective in Objective.objects.filter(section_id=old_section_id):
            old_id = objective.pk
            objective.pk, objective.section = None, section
            objective.save()
            objective_map[old_id] = objective
        for activity in Activity.objects.filter(section_id=old_section_id).prefetch_related(
            "targets", "implementing_agencies"
        ):
            implementers = list(activity.implementing_agencies.all())
            targets = list(activity.targets.all())
            activity.pk, activity.section = None, section
            if activity.objective_id:
                activity.objective = objective_map.get(activity.objective_id)
            activity.save()
            activity.implementing_agencies.set(implementers)
            for target in targets:
                ActivityTarget.objects.create(
                    activity=activity, year=target.year, target=target.target
                )
    return new


def load_activities(
    plan: ActionPlan | None,
    activities=None,
    year: int | None = None,
    with_implementers=False,
    up_to_quarter: int | None = None,
    with_progress=True,
):
    """The plan's activities with everything the pages need, in a fixed number of queries.

    With ``year``, only that year's progress reports are loaded (all a one-year view
    needs); targets are always all loaded, since the SMART check asks for any target.
    With ``up_to_quarter`` too, only the reports of that quarter and before: the figures
    as they stood at the end of that quarter (a monitoring form of TW II).
    Exports ask for the implementing agencies too (``with_implementers``); one that
    reads the reports itself leaves them out (``with_progress``)."""
    qs = activities if activities is not None else plan.activities()
    qs = qs.select_related("section__sub_task_force", "responsible_agency", "objective")
    if with_implementers:
        qs = qs.prefetch_related("implementing_agencies")
    if with_progress:
        fields = ["activity_id", "year", "quarter", "achieved", "status", "review_state"]
        progress = ProgressReport.objects.only(*fields).order_by("year", "quarter")
        if year is not None:
            progress = progress.filter(year=year)
        if up_to_quarter is not None:
            progress = progress.filter(quarter__lte=up_to_quarter)
        qs = qs.prefetch_related(Prefetch("progress", queryset=progress))
    return list(
        qs.prefetch_related(
            Prefetch(
                "targets",
                queryset=ActivityTarget.objects.only("activity_id", "year", "target").order_by(
                    "year"
                ),
            ),
        ).order_by("section__order", "code", "pk")
    )


@dataclass
class ActivityProgress:
    activity: Activity
    target: Decimal | None
    achieved: Decimal | None
    percent: Decimal | None  # capped at 100; None when the year has no target
    status: str | None
    overdue: list[int] = field(default_factory=list)  # quarters of the year
    gaps: list[str] = field(default_factory=list)
    # Fields added here change what is cached: raise FIGURES_FORMAT with them.
    activity_id: int | None = None  # kept when the cached summary drops ``activity``
    # New each time the row is computed, kept while it is reused: what its rendered
    # HTML is kept by (``actionplans.views._activity_rows``).
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def status_label(self) -> str:
        """The reporter's word, unless the figures contradict it: an activity with a
        quarter overdue is not "on track", however its last report was worded."""
        finished = self.status in (ProgressStatus.DONE, ProgressStatus.CANCELLED)
        if self.overdue and not finished:
            return _("Overdue: no report for %(quarters)s") % {
                "quarters": ", ".join(quarter_label(q) for q in self.overdue)
            }
        return str(ProgressStatus(self.status).label) if self.status else ""


@dataclass
class GroupProgress:
    label: str
    rows: list[ActivityProgress]
    section: Section | None = None

    @property
    def measured(self) -> list[ActivityProgress]:
        return [r for r in self.rows if r.percent is not None]

    @property
    def without_target(self) -> int:
        return sum(1 for r in self.rows if r.percent is None)

    @property
    def percent(self) -> Decimal | None:
        measured = self.measured
        if not measured:
            return None
        return round_half_up(sum(r.percent for r in measured) / len(measured))

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def counted_reports(reports) -> list[ProgressReport]:
    """The reports that count in the figures: submitted or accepted, never a draft."""
    return [r for r in reports if r.review_state in COUNTED_STATES]


def activity_progress(
    activity: Activity, year: int, today: datetime.date | None = None, *, plan=None
):
    """The one rule: achieved so far this year / this year's target, capped at 100%.

    ``achieved`` is the latest reported quarter of the year (reports are cumulative
    within the year). Only submitted and accepted reports count: a draft (not yet
    submitted) or a returned report never moves an official figure. An activity without
    a target for the year is not measured. ``plan`` (the activity's, when the caller has
    it): a plan that is not enacted takes no progress, so nothing of it is overdue.
    """
    today = today or timezone.localdate()
    targets = list(activity.targets.all())
    target = next((t.target for t in targets if t.year == year), None)
    reports = [r for r in activity.progress.all() if r.year == year]
    counted = counted_reports(reports)
    latest = max(counted, key=lambda r: r.quarter) if counted else None
    achieved = latest.achieved if latest else None
    percent = None
    if target:
        percent = min(HUNDRED, percent_of(achieved or 0, target))
    elif target is not None and target == 0:
        percent = HUNDRED  # nothing to reach this year
    return ActivityProgress(
        activity=activity,
        target=target,
        achieved=achieved,
        percent=percent,
        status=latest.status if latest else None,
        overdue=[]
        if plan is not None and not plan.takes_progress
        else overdue_quarters(activity, year, reports, today),
        gaps=activity.smart_gaps(targets),
        activity_id=activity.pk,
    )


def overdue_quarters(activity, year, reports, today) -> list[int]:
    """Quarters of ``year`` that ended more than the grace period ago with no report
    submitted (a draft does not count as reported)."""
    if not activity.active_in(year):
        return []
    grace = datetime.timedelta(days=settings.PROGRESS_GRACE_DAYS)
    reported = {r.quarter for r in reports if r.review_state != ReviewState.DRAFT}
    overdue = []
    for quarter in range(1, 5):
        end = quarter_end(year, quarter)
        if activity.start_date and activity.start_date > end:
            continue
        if end + grace < today and quarter not in reported:
            overdue.append(quarter)
    return overdue


def plan_progress(
    plan: ActionPlan,
    year: int,
    activities=None,
    sections=None,
    today: datetime.date | None = None,
) -> tuple[GroupProgress, list[GroupProgress]]:
    """Progress of the whole plan and of each section for ``year``.

    ``activities`` and ``sections`` may be passed in already loaded (see
    ``load_activities``) so that pages showing many plans keep a fixed query count.
    ``today`` is the day overdue quarters are counted on (a report's snapshot date)."""
    if activities is None:
        activities = load_activities(plan)
    if sections is None:
        sections = plan.sections.select_related("sub_task_force")
    rows = [activity_progress(a, year, today, plan=plan) for a in activities]
    groups = {s.pk: GroupProgress(str(s), [], s) for s in sections}
    for row in rows:
        groups[row.activity.section_id].rows.append(row)
    return GroupProgress(str(plan), rows), list(groups.values())


# The roll-up of a plan's year, as ``plan_progress`` computes it, is kept in the shared
# cache until a write changes it (``invalidate_plan_figures``, connected in apps.py) or
# the day changes (the overdue flags count from today), and at most an hour.
FIGURES_TIMEOUT = 3600
# A progress report changes one activity's row: the roll-up cached before it is reused
# with the rows reported since computed again, over at most this many changes (a posted
# report makes four: its save and its submit step, each forgotten now and after the
# commit).
DELTA_DEPTH = 32


# The shape of the cached rows (``ActivityProgress``) and changes: a new release that
# changes it raises this, so it never reads what an earlier release cached otherwise.
FIGURES_FORMAT = 3


def _generation_key(plan_id: int) -> str:
    return f"rad-figures-gen:{plan_id}"


def _delta_key(plan_id: int, generation: int) -> str:
    """What changed to make ``generation``, when only progress reports did: the earlier
    generations, newest first, each with the activities reported since."""
    return f"rad-figures-delta:v{FIGURES_FORMAT}:{plan_id}:{generation}"


def _latest_key(plan_id: int, year: int, day: str, light: bool) -> str:
    """The latest generation of the plan whose figures (in this form) were cached."""
    return f"rad-figures-latest:{plan_id}:{year}:{day}:{int(light)}"


def _today_key() -> str:
    """The day the figures are of: their overdue flags count from it."""
    return timezone.localdate().strftime("%Y%m%d")


def _figures_key(plan_id: int, generation: int, year: int, day: str, light: bool) -> str:
    kind = "rad-summary" if light else "rad-figures"
    return f"{kind}:v{FIGURES_FORMAT}:{plan_id}:{generation}:{year}:{day}"


def plan_figures(
    plan: ActionPlan, year: int, with_activities: bool = True
) -> tuple[GroupProgress, list[GroupProgress]]:
    """``plan_progress`` of ``plan`` for ``year`` as of now, computed once per change of
    its progress: the dashboard, the plan page, the oversight tables and the monitoring
    overview read it from the cache. The rows keep their activities (code, title,
    responsible agency, unit) but not the loaded targets and reports; without
    ``with_activities`` (the figures alone, for dashboards and oversight tables, much
    smaller) every row's ``activity`` is None."""
    return plans_figures([(plan, year)], with_activities)[plan.pk]


def _without_activities(figures):
    def strip(group: GroupProgress) -> GroupProgress:
        rows = [replace(row, activity=None) for row in group.rows]
        return GroupProgress(group.label, rows, group.section)

    overall, sections = figures
    return strip(overall), [strip(s) for s in sections]


def _generations(plan_ids) -> dict[int, int]:
    """Each plan's current generation of figures (a new one for a plan never seen)."""
    found = cache.get_many([_generation_key(pk) for pk in plan_ids])
    generations = {pk: found.get(_generation_key(pk)) for pk in plan_ids}
    new = {pk: time.time_ns() for pk, generation in generations.items() if generation is None}
    if new:
        cache.set_many({_generation_key(pk): value for pk, value in new.items()}, None)
    return generations | new


def _one_year(plans) -> int | None:
    """The year of every (plan, year) pair, if they share one (``load_activities`` then
    loads only that year's reports)."""
    years = {y for _p, y in plans}
    return years.pop() if len(years) == 1 else None


def plans_figures(
    plans: list[tuple[ActionPlan, int]], with_activities: bool = True
) -> dict[int, tuple[GroupProgress, list[GroupProgress]]]:
    """``plan_figures`` of many (plan, year) pairs in a fixed number of queries: the cache
    reads, and for the plans not cached one ``load_activities`` for all of them (both
    forms are cached then). A plan whose figures were cached before its last progress
    reports gets those figures with the reported activities' rows computed again."""
    if not plans:
        return {}
    generations = _generations([p.pk for p, _y in plans])
    day = _today_key()
    keys = {
        p.pk: _figures_key(p.pk, generations[p.pk], y, day, not with_activities) for p, y in plans
    }
    found = cache.get_many(keys.values())
    result = {p.pk: found[keys[p.pk]] for p, _y in plans if keys[p.pk] in found}
    missing = [(p, y) for p, y in plans if p.pk not in result]
    fresh: dict[str, Any] = {}
    computed = _patched(missing, generations, day, with_activities)
    patched = {plan.pk for plan, *_rest in computed}
    missing = [(p, y) for p, y in missing if p.pk not in patched]
    if missing:
        by_plan, sections = _load_plans(missing)
        for plan, year in missing:
            figures = plan_progress(plan, year, by_plan.get(plan.pk, []), sections.get(plan.pk, []))
            _lighten([row.activity for row in figures[0].rows])
            computed.append((plan, year, figures, True))
    for plan, year, figures, full in computed:
        entries = _both_forms(plan.pk, generations[plan.pk], year, day, figures, full)
        result[plan.pk] = entries[keys[plan.pk]]
        fresh |= entries
    if fresh:
        cache.set_many(fresh, FIGURES_TIMEOUT)
    return result


def _both_forms(plan_id, generation, year, day, figures, full: bool) -> dict[str, Any]:
    """The cache entries of ``figures``: with their activities (when ``full``) and the
    lighter summary without them, and the marks that they are the plan's latest."""
    summary = _without_activities(figures) if full else figures
    entries: dict[str, Any] = {_figures_key(plan_id, generation, year, day, True): summary}
    entries[_latest_key(plan_id, year, day, True)] = generation
    if full:
        entries[_figures_key(plan_id, generation, year, day, False)] = figures
        entries[_latest_key(plan_id, year, day, False)] = generation
    return entries


def _load_plans(plans) -> tuple[dict[int, list], dict[int, list]]:
    """The activities (``load_activities``) and sections of many plans, by plan."""
    activities = load_activities(
        None, Activity.objects.filter(section__plan__in=[p for p, _y in plans]), _one_year(plans)
    )
    by_plan: dict[int, list] = {}
    for activity in activities:
        by_plan.setdefault(activity.section.plan_id, []).append(activity)
    sections: dict[int, list] = {}
    for section in Section.objects.filter(plan__in=[p for p, _y in plans]).select_related(
        "sub_task_force"
    ):
        sections.setdefault(section.plan_id, []).append(section)
    return by_plan, sections


def _patched(missing, generations, day, with_activities):
    """The plans of ``missing`` whose figures of an earlier generation are still cached
    and changed since only by progress reports: (plan, year, figures, whether its rows
    carry their activities), the rows of the reported activities computed again, in a
    fixed number of queries (two cache reads, one ``load_activities`` of the reported
    activities)."""
    earlier = _earlier_figures(missing, generations, day, with_activities)
    if not earlier:
        return []
    reported = {activity_id for _figures, ids in earlier.values() for activity_id in ids}
    activities = {
        a.pk: a
        for a in load_activities(None, Activity.objects.filter(pk__in=reported), _one_year(missing))
    }
    patched = []
    for plan, year in missing:
        if plan.pk not in earlier:
            continue
        figures, ids = earlier[plan.pk]
        if not ids <= activities.keys():
            continue  # an activity gone meanwhile: the whole plan again
        rows = {pk: activity_progress(activities[pk], year, plan=plan) for pk in ids}
        _lighten([row.activity for row in rows.values()])
        full = any(row.activity is not None for row in figures[0].rows)
        if not full:
            rows = {pk: replace(row, activity=None) for pk, row in rows.items()}
        patched.append((plan, year, _with_rows(figures, rows), full))
    return patched


def _earlier_figures(missing, generations, day, with_activities) -> dict[int, tuple]:
    """For each plan of ``missing`` whose changes since its latest cached figures (with
    activities if they are wanted) were all progress reports: those figures and the
    activities reported since. Two cache reads, whatever the number of plans and reports:
    each plan's chain of changes and its latest marks, then the figures they point to."""
    years = {p.pk: y for p, y in missing}
    forms = [False] if with_activities else [True, False]  # light (a summary) first
    chain_keys = {pk: _delta_key(pk, generations[pk]) for pk in years}
    latest_keys = {
        (pk, light): _latest_key(pk, years[pk], day, light) for pk in years for light in forms
    }
    found = cache.get_many([*chain_keys.values(), *latest_keys.values()])
    wanted: dict[int, tuple[str, frozenset]] = {}
    for pk, year in years.items():
        since = dict(found.get(chain_keys[pk], ()))
        for light in forms:
            latest = found.get(latest_keys[pk, light])
            if latest in since:
                wanted[pk] = (_figures_key(pk, latest, year, day, light), since[latest])
                break
    entries = cache.get_many([key for key, _ids in wanted.values()])
    return {pk: (entries[key], ids) for pk, (key, ids) in wanted.items() if key in entries}


def _with_rows(figures, rows: dict[int, ActivityProgress]):
    """``figures`` with the rows of ``rows``'s activities replaced (overall and section)."""
    overall, sections = figures

    def swap(group: GroupProgress) -> GroupProgress:
        return GroupProgress(
            group.label, [rows.get(r.activity_id, r) for r in group.rows], group.section
        )

    return swap(overall), [swap(s) for s in sections]


def _lighten(activities) -> None:
    """Keep of each activity what the pages show from the cached rows: its own fields and
    its responsible agency (one object per agency), not its loaded targets, reports,
    section and objective. Unpickling each model object costs: the plan page read the
    300 activities of a large plan in 65 ms before, about a fifth of it after."""
    agencies: dict = {}
    for activity in activities:
        activity._prefetched_objects_cache = {}
        cached = activity._state.fields_cache
        kept = {}
        if "responsible_agency" in cached:
            agency = cached["responsible_agency"]
            kept["responsible_agency"] = agencies.setdefault(agency.pk, agency) if agency else None
        activity._state.fields_cache = kept


def for_plan(plan_id: int, name: str, build):
    """``build()`` (an export of the plan, say) kept in the cache until a write changes
    the plan's figures or content (the same generation as ``plan_figures``)."""
    generation = _generations([plan_id])[plan_id]
    key = f"rad-{name}:{plan_id}:{generation}:{_today_key()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FIGURES_TIMEOUT)
    return value


def invalidate_plan_figures(plan_id: int | None, activity_id: int | None = None) -> None:
    """Forget the cached figures of a plan: now (a read later in the same transaction
    sees the change) and again after the commit (a read that raced with the write may
    have cached what it saw before). With ``activity_id`` (a progress report of it was
    written) the change is recorded, so the next read computes that activity's row again
    over the figures cached before instead of the whole plan (``plans_figures``).

    The plan's row is locked while its generation moves on: two writers never both
    follow the same generation, which would lose one of their changes."""
    if plan_id is None:
        return

    def forget():
        with transaction.atomic():
            list(ActionPlan.objects.select_for_update().filter(pk=plan_id).values_list("pk"))
            before = cache.get(_generation_key(plan_id))
            generation = time.time_ns()
            if before is not None and activity_id is not None:
                reported = frozenset({activity_id})
                earlier = cache.get(_delta_key(plan_id, before), ())[: DELTA_DEPTH - 1]
                chain = ((before, reported), *((g, ids | reported) for g, ids in earlier))
                cache.set(_delta_key(plan_id, generation), chain, FIGURES_TIMEOUT)
            cache.set(_generation_key(plan_id), generation, None)

    forget()
    transaction.on_commit(forget)


def plan_for_year(task_force: TaskForce, year: int) -> ActionPlan | None:
    """The plan a task force works to in ``year``: the latest version covering that year
    that is not superseded or abandoned, the enacted one first."""
    candidates = task_force.plans.exclude(status__in=[PlanStatus.REVISED, PlanStatus.CLOSED])
    candidates = [p for p in candidates.filter(start_year__lte=year) if p.end_year >= year]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (p.status == PlanStatus.ENACTED, p.start_year, p.version))


def current_year(plan: ActionPlan) -> int:
    year = timezone.localdate().year
    return min(max(year, plan.start_year), plan.end_year)


ACTIVITY_FIELDS = [
    "code",
    "title",
    "description",
    "expected_output",
    "indicator",
    "unit",
    "baseline",
    "start_date",
    "end_date",
    "responsible_agency",
    "area",
    "location",
]


def plan_diff(old: ActionPlan, new: ActionPlan) -> dict:
    """What changed between two versions: plan fields, and activities matched by
    section and code (or title when there is no code)."""
    plan_fields = ["title", "problem_statement", "situation_analysis", "vision", "period_years"]

    def shown(model, name, obj) -> str:
        field = model._meta.get_field(name)
        return display(getattr(obj, name), field)

    changes = {
        "plan": [
            (
                ActionPlan._meta.get_field(f).verbose_name,
                shown(ActionPlan, f, old),
                shown(ActionPlan, f, new),
            )
            for f in plan_fields
            if getattr(old, f) != getattr(new, f)
        ],
        "added": [],
        "removed": [],
        "changed": [],
    }

    def keyed(plan):
        result = {}
        for a in load_activities(plan):
            key = (a.section.sub_task_force_id, a.code or a.title)
            result[key] = a
        return result

    before, after = keyed(old), keyed(new)
    for key in after.keys() - before.keys():
        changes["added"].append(after[key])
    for key in before.keys() - after.keys():
        changes["removed"].append(before[key])
    for key in before.keys() & after.keys():
        a, b = before[key], after[key]
        diffs = [
            (Activity._meta.get_field(f).verbose_name, shown(Activity, f, a), shown(Activity, f, b))
            for f in ACTIVITY_FIELDS
            if getattr(a, f) != getattr(b, f)
        ]
        ta = {t.year: t.target for t in a.targets.all()}
        tb = {t.year: t.target for t in b.targets.all()}
        if ta != tb:
            diffs.append((_("yearly targets"), display(ta), display(tb)))
        if diffs:
            changes["changed"].append((b, diffs))
    for kind in ("added", "removed"):
        changes[kind].sort(key=lambda a: (a.section.order, a.code))
    return changes


def remove_activity(activity: Activity) -> None:
    """Remove a draft plan's activity; one with budget lines stays (they point to it)."""
    activity.section.plan.require_editable()
    try:
        activity.delete()
    except ProtectedError as error:
        raise TransitionError(
            _("This activity has budget lines; remove or move them first.")
        ) from error


@transaction.atomic
def save_progress(form, user, evidence=None, submit: bool = False) -> ProgressReport:
    """Save a progress form with its evidence file; ``submit`` sends it to review too."""
    form.instance.reported_by = user
    report = form.save()
    if evidence:
        Evidence.objects.create(
            report=report,
            file=evidence,
            original_name=evidence.name[:255],
            size=evidence.size,
            uploaded_by=user,
        )
    if submit:
        report.take("submit", user)
    return report
