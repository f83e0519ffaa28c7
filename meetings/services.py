"""Meeting operations that span models: scheduling a meeting (a case conference opens
with its fixed agenda), saving a change (a new time or place after the invitations went
out is sent to every invitee again), adding an agenda item in its place, and the row lock
every change of the minutes takes.

Views call these; who may organise comes from ``meetings.rules`` and is checked again
here, after saving, inside the transaction (the form may have moved the meeting to
another sub-GT)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gugustugas.models import TaskForce
from meetings import rules, tasks
from meetings.models import CASE_CONFERENCE_TOPICS, AgendaItem, Meeting, MinutesStatus

# A change of any of these after the invitations went out is told to every invitee.
WATCHED = ("starts_at", "ends_at", "place", "online_link")


def _save_organised(meeting: Meeting, user) -> None:
    if meeting.chair_id is None:
        meeting.chair = meeting.default_chair()
    meeting.save()
    if not rules.can_organise(user, meeting):
        raise PermissionDenied


@transaction.atomic
def schedule(meeting: Meeting, task_force: TaskForce, user) -> Meeting:
    """Save a new (unsaved) meeting of ``task_force``, chaired by default by the level's
    chair; a case conference gets its fixed agenda."""
    meeting.task_force = task_force
    _save_organised(meeting, user)
    if meeting.is_case_conference:
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, order=n, title=str(topic)[:250])
            for n, topic in enumerate(CASE_CONFERENCE_TOPICS, start=1)
        )
    return meeting


def when_and_where(meeting: Meeting) -> dict:
    """The watched fields as they are now, for ``save_changes``."""
    return {name: getattr(meeting, name) for name in WATCHED}


def _moved(before: dict, meeting: Meeting) -> bool:
    for name, old in before.items():
        new = getattr(meeting, name)
        if hasattr(old, "replace") and name.endswith("_at"):
            # The form shows minutes: seconds do not make a new time.
            old, new = (
                old.replace(second=0, microsecond=0),
                new.replace(second=0, microsecond=0),
            )
        if old != new:
            return True
    return False


@transaction.atomic
def save_changes(meeting: Meeting, before: dict, user) -> bool:
    """Save an edited meeting (``before``: ``when_and_where`` as it was opened). True when
    its new time or place goes out to every invitee (and the reminder moves)."""
    _save_organised(meeting, user)
    # A correction after the meeting took place tells nobody (their answer links would
    # no longer work anyway).
    moved = (
        _moved(before, meeting)
        and meeting.invitations_sent_at is not None
        and meeting.starts_at > timezone.now()
    )
    if moved:
        tasks.reschedule(meeting)
    return moved


@transaction.atomic
def add_agenda_item(item: AgendaItem) -> AgendaItem:
    """Save a new agenda item last on its meeting's agenda. The meeting's row is locked
    first, so two items added at the same time never take the same place."""
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).values_list("pk").get()
    last = item.meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    item.order = last + 1
    item.save()
    return item


def lock_open_minutes(meeting: Meeting) -> bool:
    """Inside a transaction: lock the meeting's row and tell whether its minutes are
    still open (another request may have approved them meanwhile)."""
    status = (
        Meeting.objects.select_for_update()
        .filter(pk=meeting.pk)
        .values_list("minutes_status", flat=True)
        .get()
    )
    return status != MinutesStatus.FINAL
