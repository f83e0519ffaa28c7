"""Dashboard panels of the statistics: a quarter the task force owes (due soon, overdue
or returned), and, for a province or the national task force, the task forces below that
owe the last quarter. A fixed number of queries whatever the number of task forces."""

from django.utils import timezone

from gugustugas.models import FormationStatus, Level
from gugustugas.panels import register
from monitoring import services
from monitoring.models import QuarterlySubmission, SubmissionState
from monitoring.models.statistics import deadline, quarter_label

PANEL_LIMIT = 10


def owed_by(task_force, today=None) -> list[dict]:
    """The task force's own quarters that need it: the last ended quarter not yet
    submitted (with its deadline), and any returned submission."""
    if task_force.level == Level.NATIONAL or task_force.formation_status != FormationStatus.FORMED:
        return []
    today = today or timezone.localdate()
    year, quarter = services.recent_quarters(1, today)[0]
    due = deadline(task_force.level, year, quarter)
    mine = {
        (s.year, s.quarter): s
        for s in QuarterlySubmission.objects.filter(task_force=task_force).only(
            "pk", "year", "quarter", "state", "submitted_at", "task_force_id"
        )
    }
    result = []
    latest = mine.get((year, quarter))
    if latest is None or latest.submitted_at is None:
        result.append(
            {
                "label": quarter_label(year, quarter),
                "deadline": due,
                "overdue": today > due,
                "days": abs((today - due).days),
                "submission": latest,
            }
        )
    for s in mine.values():
        if s.state == SubmissionState.RETURNED:
            result.append({"label": s.period_label, "returned": True, "submission": s})
    return result


@register
def statistics_owed_panel(request, task_force):
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    owed = owed_by(task_force, today)
    below = None
    if task_force.level != Level.REGENCY:
        year, quarter = services.recent_quarters(1, today)[0]
        c = services.completeness(task_force, year, quarter, today=today)
        if c.missing or c.awaiting_review:
            below = c
    if not owed and below is None:
        return None
    return {
        "template": "monitoring/statistics/panel_owed.html",
        "owed": owed,
        "below": below,
        "missing": [r for r in below.rows if r.timeliness == services.Timeliness.OVERDUE][
            :PANEL_LIMIT
        ]
        if below
        else [],
        "task_force": task_force,
    }
