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

from budgets.models import Milestone
from gugustugas.models import Level, TaskForce

Kind = Milestone.Kind

# Who evaluates a draft budget regulation: the governor (as the central government's
# representative) for a regency/city, the Ministry of Home Affairs for a province.
EVALUATOR = {
    Level.REGENCY: "gubernur",
    Level.PROVINCE: "Kemendagri",
}

_MONTHS = {5: "Mei", 7: "Juli", 9: "September", 10: "Oktober", 11: "November", 12: "Desember"}
_MOVED = " (bukan hari kerja: dimajukan ke hari kerja sebelumnya)"


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
    return kind, due, rule + (_MOVED if due != day else "")


def _by_date(day: datetime.date) -> str:
    return f"Paling lambat {day.day} {_MONTHS[day.month]}"


def schedule(fiscal_year: int, level: str) -> list[Deadline]:
    """The nine deadlines of the APBD for ``fiscal_year`` at a task force's ``level``
    ("province" or "regency"), in ``Milestone.Kind`` order. The national budget (APBN)
    follows another calendar: an empty list for "national"."""
    if level == Level.NATIONAL:
        return []
    if level not in EVALUATOR:
        raise ValueError(f"Unknown level: {level!r}")
    evaluator = EVALUATOR[level]
    year = fiscal_year - 1

    rkpd = datetime.date(year, 5, 31)
    kua_ppas = datetime.date(year, 7, 31)
    rka = datetime.date(year, 9, 30)
    draft = datetime.date(year, 10, 7)
    approval = datetime.date(year, 11, 30)
    enactment = datetime.date(year, 12, 31)

    steps = [
        _fixed(Kind.RKPD_RENJA, rkpd, _by_date(rkpd)),
        _fixed(Kind.KUA_PPAS, kua_ppas, f"{_by_date(kua_ppas)}, disepakati bersama DPRD"),
        _fixed(Kind.RKA, rka, _by_date(rka)),
        _fixed(Kind.DRAFT_TO_DPRD, draft, "Minggu pertama Oktober (paling lambat 7 Oktober)"),
        _fixed(Kind.DPRD_APPROVAL, approval, f"{_by_date(approval)}, persetujuan bersama DPRD"),
    ]
    approved = steps[-1][1]
    sent = add_working_days(approved, 3)
    evaluated = add_working_days(sent, 15)
    corrected = add_working_days(evaluated, 7)
    steps += [
        (
            Kind.SENT_FOR_EVALUATION,
            sent,
            f"3 hari kerja setelah persetujuan bersama, dikirim ke {evaluator} untuk dievaluasi",
        ),
        (
            Kind.EVALUATION,
            evaluated,
            f"15 hari kerja setelah dikirim untuk dievaluasi, evaluasi oleh {evaluator}",
        ),
        (Kind.CORRECTIONS, corrected, f"7 hari kerja setelah hasil evaluasi {evaluator}"),
        _fixed(Kind.ENACTMENT, enactment, f"{_by_date(enactment)}, ditetapkan sebagai Perda APBD"),
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
