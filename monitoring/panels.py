"""Dashboard panels of the statistics: a quarter the task force owes (due soon, overdue
or returned), and, for a province or the national task force, the task forces below that
owe the last quarter. A fixed number of queries whatever the number of task forces."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from gugustugas.models import FormationStatus, Level, TaskForce
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


@dataclass
class Below:
    """What the task forces directly below owe for the last ended quarter."""

    year: int
    quarter: int
    expected: int
    missing: int
    awaiting_review: int
    missing_names: list

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)


def owed_below(task_force, today=None) -> Below | None:
    """One query: the task forces directly below with their submission of the quarter."""
    if task_force.level == Level.REGENCY:
        return None
    today = today or timezone.localdate()
    year, quarter = services.recent_quarters(1, today)[0]
    level = Level.PROVINCE if task_force.level == Level.NATIONAL else Level.REGENCY
    due = deadline(level, year, quarter)
    theirs = QuarterlySubmission.objects.filter(
        task_force=OuterRef("pk"), year=year, quarter=quarter
    )
    rows = list(
        TaskForce.objects.children_of(task_force)
        .annotate(
            sub_state=Subquery(theirs.values("state")[:1]),
            sub_at=Subquery(theirs.values("submitted_at")[:1]),
        )
        .filter(Q(formation_status=FormationStatus.FORMED) | Q(sub_state__isnull=False))
        .select_related("region")
        .order_by("region__path")
    )
    missing = [tf for tf in rows if tf.sub_at is None and today > due]
    awaiting = sum(1 for tf in rows if tf.sub_state == SubmissionState.SUBMITTED)
    if not missing and not awaiting:
        return None
    return Below(year, quarter, len(rows), len(missing), awaiting, [tf.region for tf in missing])


@register
def statistics_owed_panel(request, task_force):
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    owed = owed_by(task_force, today)
    below = owed_below(task_force, today)
    if not owed and below is None:
        return None
    return {
        "template": "monitoring/statistics/panel_owed.html",
        "owed": owed,
        "below": below,
        "missing": below.missing_names[:PANEL_LIMIT] if below else [],
        "task_force": task_force,
    }
