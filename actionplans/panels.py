from actionplans.models import ActionPlan
from actionplans.services import current_year, plan_figures
from gugustugas.panels import register


@register
def current_plan(request, task_force):
    """The task force's current plan: status, this year's progress and overdue activities."""
    plan = ActionPlan.objects.current_for(task_force)
    if plan is None:
        return None
    year = current_year(plan)
    overall, _sections = plan_figures(plan, year, with_activities=False)
    return {
        "template": "actionplans/panel_plan.html",
        "plan": plan,
        "year": year,
        "overall": overall,
    }
