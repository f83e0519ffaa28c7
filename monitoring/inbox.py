"""The statistics' items of “Tugas saya” (``gugustugas.inbox``): submissions of the level
below waiting for the user's acceptance, and the quarters his own task force owes
(``monitoring.panels.owed_by``, the dashboard panel's rule)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gugustugas import access, inbox
from gugustugas.access import ROLE_ACTIONS, Action
from monitoring.models import QuarterlySubmission, SubmissionState
from monitoring.panels import owed_by


@inbox.register("statistics_accept", order=12)
def submissions_to_accept(work: inbox.Work) -> list[inbox.Item]:
    """Submitted quarters of the task forces directly below those where the user reviews
    submissions (``reviewer_of_parent``, the accept step's permission)."""
    paths = {
        seat.region_path
        for seat in work.seats
        if Action.REVIEW_SUBMISSION in ROLE_ACTIONS[seat.role]
    }
    if not paths:
        return []
    submissions = (
        QuarterlySubmission.objects.filter(
            state=SubmissionState.SUBMITTED, task_force__region__parent__path__in=paths
        )
        .select_related("task_force__region")
        .order_by("last_submitted_at", "pk")
    )
    return [
        work.item(
            "statistics_accept",
            action=_("Accept the quarterly statistics or return them"),
            subject=str(submission),
            url=submission.get_absolute_url(),
            task_force=submission.task_force,
            since=submission.last_submitted_at,
        )
        for submission in access.visible(work.user, submissions)
    ]


@inbox.register("statistics_owed", order=25)
def statistics_owed(work: inbox.Work) -> list[inbox.Item]:
    """The last ended quarter not yet submitted, and returned quarters, of the task forces
    where the user keeps the statistics."""
    items = []
    for task_force in work.task_forces_for(Action.EDIT):
        for owed in owed_by(task_force, work.today):
            submission = owed.get("submission")
            url = (
                submission.get_absolute_url()
                if submission is not None
                else _statistics_url(task_force)
            )
            items.append(
                work.item(
                    "statistics_owed",
                    action=_("Correct and submit again the returned statistics")
                    if owed.get("returned")
                    else _("Submit the quarterly statistics"),
                    subject=owed["label"],
                    url=url,
                    task_force=task_force,
                    due=owed.get("deadline"),
                )
            )
    return items


def _statistics_url(task_force) -> str:
    return reverse("monitoring:statistics_home", args=[task_force.pk])
