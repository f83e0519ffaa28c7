from django.db.models import Q

from gugustugas import access
from gugustugas.models import TaskForce
from gugustugas.panels import register
from members.models.partners import expiring_mous

# A dashboard card stays short; the register of each task force has the rest.
PANEL_LIMIT = 10


@register
def expiring_mous_panel(request, task_force):
    """MoUs of the task force and of those below it (as far as the user reads) that end
    within 90 days, soonest first, with the days left."""
    today = task_force.today()
    subtree = TaskForce.objects.filter(
        Q(pk=task_force.pk) | Q(region__path__startswith=task_force.region.path + ".")
    )
    mous = expiring_mous(access.visible(request.user, subtree), today)
    total = mous.count()
    if not total:
        return None
    shown = list(mous[:PANEL_LIMIT])
    for mou in shown:
        mou.days_to_end = mou.days_left(today)
    return {
        "template": "members/partners/panel_expiring.html",
        "mous": shown,
        "more": total - len(shown),
        "task_force": task_force,
    }
