"""Who may do what with a meeting, on top of ``gugustugas.access`` (which answers read
scope, the invitation's read grant and role actions). Personal roles count here too: the
note-taker writes the minutes, the meeting's chair approves them, an action point's owner
reports on it.

- **organise** (edit the meeting, agenda, materials, invitations, checklist): the
  secretariat and the steering chair; a Kepala Sub-GT for his own sub-GT's meetings.
- **write minutes** (discussion, decisions, action points, attendance): organisers and
  the note-taker.
- **approve minutes**: the meeting's chair; without a chair, the steering chair.
- **amend** circulated minutes: organisers, the note-taker, the chair and every invitee
  with a login.
- **update an action point's status**: organisers, the note-taker, the chair and the
  owner (the person, or any member of the owning agency when no person is named).
"""

from __future__ import annotations

from django.db.models import Q

from gugustugas import access
from gugustugas.access import Action
from meetings.models import Invitation, Meeting
from members.models import Membership


def invited(user) -> Q:
    """Meetings the user is invited to through a seat that is still current: the read
    grant of ``Meeting`` (registered in ``MeetingsConfig.ready``). A national or
    provincial coordination meeting invites the task forces below; their members read
    its page, materials and minutes and may ask amendments. When the seat ends, so does
    what the invitation gave."""
    seats = Membership.objects.current().filter(person__user=user)
    return Q(pk__in=Invitation.objects.filter(membership__in=seats).values("meeting_id"))


def _is_person(user, membership) -> bool:
    return (
        membership is not None
        and user.is_authenticated
        and membership.person.user_id is not None
        and membership.person.user_id == user.pk
    )


def can_organise_kind(user, task_force, kind: str, sub_task_force_id: int | None) -> bool:
    if access.can(user, Action.EDIT, task_force):
        return True
    return (
        kind == "subgt"
        and sub_task_force_id is not None
        and (access.can_edit_section(user, task_force, sub_task_force_id))
    )


def can_create_any(user, task_force) -> bool:
    """May the user schedule some meeting here (any kind, or his sub-GT's)?"""
    if access.can(user, Action.EDIT, task_force):
        return True
    return access.can(user, Action.EDIT_OWN_SECTION, task_force)


def can_organise(user, meeting) -> bool:
    return can_organise_kind(user, meeting.task_force, meeting.kind, meeting.sub_task_force_id)


def is_note_taker(user, meeting) -> bool:
    return _is_person(user, meeting.note_taker)


def is_chair(user, meeting) -> bool:
    return _is_person(user, meeting.chair)


def can_write_minutes(user, meeting) -> bool:
    return can_organise(user, meeting) or is_note_taker(user, meeting)


def can_approve_minutes(user, meeting) -> bool:
    if user.is_superuser:
        return True
    if meeting.chair_id is not None:
        return is_chair(user, meeting)
    return access.can(user, Action.APPROVE_MINUTES, meeting.task_force)


def is_invitee(user, meeting) -> bool:
    if not user.is_authenticated:
        return False
    return Meeting.objects.filter(invited(user), pk=meeting.pk).exists()


def can_amend(user, meeting) -> bool:
    return can_write_minutes(user, meeting) or is_chair(user, meeting) or is_invitee(user, meeting)


def can_update_action_point(user, point) -> bool:
    meeting = point.meeting
    if can_write_minutes(user, meeting) or can_approve_minutes(user, meeting):
        return True
    if point.owner_person_id is not None:
        return point.owner_person.user_id is not None and point.owner_person.user_id == user.pk
    return point.owner_agency_id in access.agencies_of(user, meeting.task_force)
