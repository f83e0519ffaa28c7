"""Dashboard panels of the meetings app: overdue action points (for their owner and the
meeting's chair) and the meeting cadence of the task force and of those below it."""

from django.db.models import Q

from gugustugas import access
from gugustugas.models import FormationStatus, TaskForce
from gugustugas.panels import register
from meetings.cadence import cadence_flags
from meetings.models import ActionPoint

PANEL_LIMIT = 10


def overdue_for(user, task_force, today=None):
    """Overdue action points of the task force's meetings that are the user's to follow
    up: he owns them (named, or through his agency when nobody is named), or he chairs
    the meeting that agreed them."""
    agencies = access.agencies_of(user, task_force)
    mine = (
        Q(owner_person__user=user)
        | Q(owner_person__isnull=True, owner_agency_id__in=agencies)
        | Q(meeting__chair__person__user=user)
    )
    return (
        ActionPoint.objects.overdue(today)
        .filter(mine, meeting__task_force=task_force, meeting__cancelled_at__isnull=True)
        .select_related("meeting", "owner_agency", "owner_person")
        .order_by("due_date", "pk")
    )


@register
def overdue_action_points_panel(request, task_force):
    if not request.user.is_authenticated:
        return None
    today = task_force.today()
    points = overdue_for(request.user, task_force, today)
    shown = list(points[: PANEL_LIMIT + 1])
    if not shown:
        return None
    more = points.count() - PANEL_LIMIT if len(shown) > PANEL_LIMIT else 0
    for point in shown:
        point.days_late = (today - point.due_date).days
    return {
        "template": "meetings/panel_overdue.html",
        "points": shown[:PANEL_LIMIT],
        "more": more,
        "task_force": task_force,
    }


@register
def cadence_panel(request, task_force):
    """The task force's own cadence flags, and which task forces directly below it miss
    their meetings (a province sees its districts, the national task force its
    provinces). Only task forces formed by decree are expected to meet. Four queries
    whatever the number of task forces."""
    below = list(
        access.visible(request.user, TaskForce.objects.children_of(task_force))
        .filter(formation_status=FormationStatus.FORMED)
        .select_related("region")
    )
    flags = cadence_flags([task_force, *below])
    own = flags[task_force.pk]
    lagging = [flags[tf.pk] for tf in below if flags[tf.pk].behind]
    return {
        "template": "meetings/panel_cadence.html",
        "own": own,
        "lagging": lagging,
        "below_total": len(below),
        "task_force": task_force,
    }
