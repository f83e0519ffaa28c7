"""The budgets' items of “Tugas saya” (``gugustugas.inbox``): deadlines of the budget
calendar within 14 days, and those passed without being marked done."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from budgets import calendar
from gugustugas import inbox
from gugustugas.access import Action

DAYS_AHEAD = 14


@inbox.register("budget_deadline", order=70)
def budget_deadlines(work: inbox.Work) -> list[inbox.Item]:
    task_forces = work.task_forces_for(Action.EDIT)
    if not task_forces:
        return []
    return [
        work.item(
            "budget_deadline",
            action=_("Meet the budget-calendar deadline, then mark it done"),
            subject=f"{milestone.get_kind_display()} {milestone.fiscal_year}",
            url=reverse("budgets:calendar", args=[milestone.task_force_id])
            + f"?year={milestone.fiscal_year}",
            task_force=milestone.task_force,
            due=milestone.due,
            detail=milestone.rule,
        )
        for milestone in calendar.due_within(task_forces, work.today, DAYS_AHEAD)
    ]
