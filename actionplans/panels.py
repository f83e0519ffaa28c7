from actionplans.models import PlanStatus
from actionplans.services import current_year, load_activities, plan_progress
from gugustugas.panels import register


@register
def current_plan(request, task_force):
    """The task force's current plan: status, this year's progress and overdue activities."""
    plan = (
        task_force.plans.exclude(status__in=[PlanStatus.REVISED, PlanStatus.CLOSED])
        .order_by("-start_year", "-version")
        .first()
    )
    if plan is None:
        return None
    year = current_year(plan)
    overall, _sections = plan_progress(plan, year, load_activities(plan, year=year))
    return {
        "template": "actionplans/panel_plan.html",
        "plan": plan,
        "year": year,
        "overall": overall,
    }
