from django.utils import timezone

from budgets import calendar
from gugustugas.models import TaskForce
from gugustugas.panels import register


@register
def next_deadlines(request, task_force):
    milestones = calendar.upcoming(
        TaskForce.objects.filter(pk=task_force.pk), timezone.localdate(), limit=3
    )
    if not milestones:
        return None
    return {"template": "budgets/panel_deadlines.html", "milestones": milestones}
