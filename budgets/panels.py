from budgets import calendar
from gugustugas.models import TaskForce
from gugustugas.panels import register


@register
def next_deadlines(request, task_force):
    milestones = calendar.upcoming(
        TaskForce.objects.filter(pk=task_force.pk), task_force.today(), limit=3
    )
    if not milestones:
        return None
    return {"template": "budgets/panel_deadlines.html", "milestones": milestones}
