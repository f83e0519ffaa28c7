from actionplans import services
from actionplans.services import current_year, load_activities, plan_progress
from gugustugas.panels import register


@register
def current_plan(request, task_force):
    """The task force's current plan: status, this year's progress and overdue activities."""
    plan = services.current_plan(task_force)
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
