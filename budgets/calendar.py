"""The subnational budget calendar (APBD): working days, the nine deadlines of a fiscal
year, and their ``Milestone`` rows.

The budget for fiscal year Y is prepared during Y-1. Fixed calendar deadlines ("by
30 November") that fall on a weekend or a public holiday move to the *previous* working
day: a deadline must be met before the office closes, not after. Deadlines counted in
working days ("3 working days after approval") run from the previous deadline, so they
show the latest date the step can happen if every earlier step used its full time.

Working days are Monday to Friday minus Indonesia's public holidays as the ``holidays``
package knows them. Collective leave (cuti bersama) is not a holiday here: it is leave
taken from civil servants' annual entitlement, not a public holiday. Islamic holidays of
future years are estimates in that package until the government fixes them; milestones
keep the date they were created with (``ensure_milestones`` never rewrites a row).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import holidays
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.models import Milestone
from gugustugas.models import Level, TaskForce

Kind = Milestone.Kind

# Who evaluates a draft budget regulation: the governor (as the central government's
# representative) for a regency/city, the Ministry of Home Affairs for a province.
EVALUATOR = {
    Level.REGENCY: gettext_lazy("the governor"),
    Level.PROVINCE: gettext_lazy("the Ministry of Home Affairs (Kemendagri)"),
}
# The rules are written in Indonesian on the milestone rows (the language of the
# regulation); a page in English shows them again from ``schedule(..., language="en")``.
RULE_LANGUAGE = "id"


@dataclass(frozen=True)
class Deadline:
    """One step of the calendar: ``kind`` is a ``Milestone.Kind`` value, ``order`` its
    position (1-9), ``rule`` a short Indonesian explanation of how ``due`` is set."""

    kind: str
    order: int
    due: datetime.date
    rule: str


# --- working days -----------------------------------------------------------------


# One calendar for the process: the ``holidays`` package fills in each year on first use.
_INDONESIA = holidays.Indonesia()


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not an Indonesian public holiday (a datetime counts as its
    calendar day)."""
    return _INDONESIA.is_working_day(day)


def previous_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself if it is a working day, else the closest working day before it."""
    if is_working_day(day):
        return _INDONESIA.get_nth_working_day(day, 0)  # the calendar day of a datetime
    return _INDONESIA.get_nth_working_day(day, -1)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``day`` (``day`` itself does not count; ``n=0``
    gives ``day`` back, working day or not)."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return day.date() if isinstance(day, datetime.datetime) else day
    return _INDONESIA.get_nth_working_day(day, n)


# --- the schedule -----------------------------------------------------------------


def _fixed(kind: str, day: datetime.date, rule: str) -> tuple[str, datetime.date, str]:
    due = previous_working_day(day)
    if due != day:
        rule = _("%(rule)s (not a working day: brought forward to the previous working day)") % {
            "rule": rule
        }
    return kind, due, rule


def _by_date(day: datetime.date) -> str:
    return _("By %(date)s") % {"date": formats.date_format(day, "j F")}


def schedule(fiscal_year: int, level: str, language: str = RULE_LANGUAGE) -> list[Deadline]:
    """The nine deadlines of the APBD for ``fiscal_year`` at a task force's ``level``
    ("province" or "regency"), in ``Milestone.Kind`` order, their rules in ``language``.
    The national budget (APBN) follows another calendar: an empty list for "national"."""
    if level == Level.NATIONAL:
        return []
    if level not in EVALUATOR:
        raise ValueError(f"Unknown level: {level!r}")
    with translation.override(language):
        return _schedule(fiscal_year, level)


def rules_in(fiscal_year: int, level: str, language: str) -> dict[str, str]:
    """Each milestone kind's rule in ``language``, for a page in that language."""
    return {d.kind: d.rule for d in schedule(fiscal_year, level, language)}


def _schedule(fiscal_year: int, level: str) -> list[Deadline]:
    evaluator = {"evaluator": str(EVALUATOR[level])}
    year = fiscal_year - 1

    rkpd = datetime.date(year, 5, 31)
    kua_ppas = datetime.date(year, 7, 31)
    rka = datetime.date(year, 9, 30)
    draft = datetime.date(year, 10, 7)
    approval = datetime.date(year, 11, 30)
    enactment = datetime.date(year, 12, 31)

    steps = [
        _fixed(Kind.RKPD_RENJA, rkpd, _by_date(rkpd)),
        _fixed(
            Kind.KUA_PPAS,
            kua_ppas,
            _("%(by)s, agreed with the DPRD") % {"by": _by_date(kua_ppas)},
        ),
        _fixed(Kind.RKA, rka, _by_date(rka)),
        _fixed(Kind.DRAFT_TO_DPRD, draft, _("First week of October (by 7 October)")),
        _fixed(
            Kind.DPRD_APPROVAL,
            approval,
            _("%(by)s, approved jointly with the DPRD") % {"by": _by_date(approval)},
        ),
    ]
    approved = steps[-1][1]
    sent = add_working_days(approved, 3)
    evaluated = add_working_days(sent, 15)
    corrected = add_working_days(evaluated, 7)
    steps += [
        (
            Kind.SENT_FOR_EVALUATION,
            sent,
            _("3 working days after the joint approval, sent to %(evaluator)s for evaluation")
            % evaluator,
        ),
        (
            Kind.EVALUATION,
            evaluated,
            _("15 working days after being sent for evaluation, evaluated by %(evaluator)s")
            % evaluator,
        ),
        (
            Kind.CORRECTIONS,
            corrected,
            _("7 working days after the evaluation by %(evaluator)s") % evaluator,
        ),
        _fixed(
            Kind.ENACTMENT,
            enactment,
            _("%(by)s, enacted as the regional budget regulation (Perda APBD)")
            % {"by": _by_date(enactment)},
        ),
    ]
    return [
        Deadline(kind=str(kind), order=order, due=due, rule=rule)
        for order, (kind, due, rule) in enumerate(steps, start=1)
    ]


# --- milestone rows ---------------------------------------------------------------


@transaction.atomic
def ensure_milestones(task_force: TaskForce, fiscal_year: int) -> list[Milestone]:
    """Create the milestones of ``fiscal_year`` that ``task_force`` does not have yet and
    return all of them in calendar order. Existing rows are left exactly as they are
    (users record ``done_on``), so a second call changes nothing."""
    existing = {
        milestone.kind: milestone
        for milestone in Milestone.objects.filter(task_force=task_force, fiscal_year=fiscal_year)
    }
    result = []
    for deadline in schedule(fiscal_year, task_force.level):
        milestone = existing.get(deadline.kind)
        if milestone is None:
            # get_or_create, one row at a time: a concurrent call cannot trip the unique
            # constraint, and the audit trail records each row.
            milestone, _created = Milestone.objects.get_or_create(
                task_force=task_force,
                fiscal_year=fiscal_year,
                kind=deadline.kind,
                defaults={"order": deadline.order, "due": deadline.due, "rule": deadline.rule},
            )
        result.append(milestone)
    return result


def upcoming(
    task_forces: QuerySet[TaskForce], today: datetime.date, limit: int = 5
) -> list[Milestone]:
    """The next ``limit`` milestones not done yet and not overdue, across ``task_forces``,
    soonest first, in one query."""
    return list(
        Milestone.objects.filter(task_force__in=task_forces, done_on__isnull=True, due__gte=today)
        .select_related("task_force__region")
        .order_by("due", "task_force__region__path", "order")[:limit]
    )


def due_within(task_forces, today: datetime.date, days: int) -> list[Milestone]:
    """Milestones of ``task_forces`` not done yet whose deadline is within ``days`` days
    or already passed, soonest first, in one query (the "Tugas saya" items). Passed ones
    count only in the calendars still being worked on (this fiscal year and later)."""
    return list(
        Milestone.objects.filter(
            task_force__in=task_forces,
            fiscal_year__gte=today.year,
            done_on__isnull=True,
            due__lte=today + datetime.timedelta(days=days),
        )
        .select_related("task_force__region")
        .order_by("due", "task_force__region__path", "order")
    )
