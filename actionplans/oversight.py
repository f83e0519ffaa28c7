"""The action plans' oversight table (``gugustugas.oversight``): each task force below
with its current plan, its status, this year's progress and its overdue activities, all
from ``actionplans.services`` (the plan page's rule). A plan that is not enacted takes no
progress, so it is never counted overdue."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplans.models import ActionPlan
from actionplans.services import current_year, plans_figures
from gugustugas import oversight
from gugustugas.models import FormationStatus


def _rules() -> dict[str, str]:
    return {
        "no_plan": _("A task force formed by decree has an action plan in use."),
        "overdue": _(
            "Every quarter's progress is submitted within %(days)d days after the quarter "
            "ends; only enacted plans are counted."
        )
        % {"days": settings.PROGRESS_GRACE_DAYS},
    }


@oversight.register("plans", gettext_lazy("Action plans"), order=10)
def plans_table(user, parent, below, today) -> oversight.Table:
    """The plans in one query, their figures from the cached roll-up (``plans_figures``,
    the same as the plan page), whatever the number of task forces."""
    rules = _rules()
    current = ActionPlan.objects.current_by_task_force(below)
    for tf in below:
        if tf.pk in current:
            current[tf.pk].task_force = tf  # the roll-up reads its task force
    figures = plans_figures(
        [(plan, current_year(plan)) for plan in current.values()], with_activities=False
    )
    table = oversight.Table(
        columns=[
            oversight.Column("plan", _("Plan"), "text"),
            oversight.Column("status", _("Status"), "text"),
            oversight.Column("activities", _("Activities")),
            oversight.Column("progress", _("Progress this year"), "percent"),
            oversight.Column("overdue", _("Overdue activities")),
        ],
        rules=list(rules.values()),
    )
    for tf in below:
        plan = current.get(tf.pk)
        if plan is None:
            formed = tf.formation_status == FormationStatus.FORMED
            table.cells[tf.pk] = {
                "plan": oversight.Cell(
                    None,
                    text=_("No plan recorded."),
                    broken=_("no plan") if formed else "",
                    rule=rules["no_plan"] if formed else "",
                )
            }
            continue
        plan.task_force = tf
        overall, _sections = figures[plan.pk]
        enacted = plan.takes_progress
        overdue = overall.overdue_count if enacted else None
        table.cells[tf.pk] = {
            "plan": oversight.Cell(
                f"{plan.start_year}–{plan.end_year}", url=plan.get_absolute_url()
            ),
            "status": oversight.Cell(plan.get_status_display()),
            "activities": oversight.Cell(len(overall.rows)),
            "progress": oversight.Cell(overall.percent if enacted else None),
            "overdue": oversight.Cell(
                overdue,
                text=None if enacted else _("not enacted"),
                broken=_("quarters not reported") if overdue else "",
                rule=rules["overdue"] if overdue else "",
            ),
        }
    return table
