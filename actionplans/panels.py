from actionplans.models import ActionPlan
from actionplans.services import current_year, plan_figures
from gugustugas import access
from gugustugas.access import Action
from gugustugas.panels import register


@register
def current_plan(request, task_force):
    """The task force's current plan: status, this year's progress and overdue activities."""
    plan = ActionPlan.objects.current_for(task_force)
    if plan is None:
        # An empty state that says what to do, with the button for whoever may.
        return {
            "template": "actionplans/panel_no_plan.html",
            "plan": None,
            "task_force": task_force,
            "can_create": access.can(request.user, Action.EDIT, task_force),
        }
    year = current_year(plan)
    overall, _sections = plan_figures(plan, year, with_activities=False)
    return {
        "template": "actionplans/panel_plan.html",
        "plan": plan,
        "year": year,
        "overall": overall,
    }
