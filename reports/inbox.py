"""The reports' items of “Tugas saya” (``gugustugas.inbox``): reports waiting for the
steering chair's submission (drafts and returned ones, with the chair's reason) and
submitted reports waiting for the chair's approval and signature. Who may is the
report's workflow (``Report.steps_for``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from gugustugas import inbox
from gugustugas.access import Action
from gugustugas.models import WorkflowRecord
from reports.models import EDITABLE_STATES, Report, Status


def _last_notes(reports: list[Report]) -> dict[int, str]:
    """The note of the latest "return" step of each report, in one query."""
    notes: dict[int, str] = {}
    if not reports:
        return notes
    records = WorkflowRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Report),
        object_id__in=[r.pk for r in reports],
        step="return",
    ).order_by("at", "pk")
    for record in records:
        notes[record.object_id] = record.note
    return notes


@inbox.register("report_submit", order=80)
def reports_to_submit(work: inbox.Work) -> list[inbox.Item]:
    task_forces = work.task_forces_for(Action.SUBMIT_REPORT)
    if not task_forces:
        return []
    reports = list(
        Report.objects.filter(task_force__in=task_forces, status__in=EDITABLE_STATES)
        .select_related("task_force__region")
        .order_by("year", "pk")
    )
    returned = [r for r in reports if r.status == Status.RETURNED]
    notes = _last_notes(returned)
    return [
        work.item(
            "report_submit",
            action=_("Correct the returned report and submit it again")
            if report.status == Status.RETURNED
            else _("Complete the report and submit it to the chair"),
            subject=report.title,
            url=report.get_absolute_url(),
            task_force=report.task_force,
            since=report.created_at,
            reason=notes.get(report.pk, ""),
        )
        for report in reports
    ]


@inbox.register("report_sign", order=11)
def reports_to_sign(work: inbox.Work) -> list[inbox.Item]:
    task_forces = work.task_forces_for(Action.APPROVE_REPORT)
    if not task_forces:
        return []
    reports = (
        Report.objects.filter(task_force__in=task_forces, status=Status.SUBMITTED)
        .select_related("task_force__region")
        .order_by("snapshot_taken_at", "pk")
    )
    return [
        work.item(
            "report_sign",
            action=_("Approve and sign the report, or return it"),
            subject=report.title,
            url=report.get_absolute_url(),
            task_force=report.task_force,
            since=report.snapshot_taken_at,
        )
        for report in reports
    ]
