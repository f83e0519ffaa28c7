"""The meetings' items of “Tugas saya” (``gugustugas.inbox``): my overdue action points,
invitations I have not answered, minutes waiting for my approval and amendments waiting
for my answer. The rules are ``meetings.rules`` and ``meetings.panels.overdue_for``."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gugustugas import access, inbox
from gugustugas.access import Action
from meetings import rules
from meetings.models import Amendment, Invitation, Meeting, MinutesStatus, Response
from meetings.panels import overdue_for
from meetings.rsvp import make_token
from members.models import Membership

MEETING_RELATED = ("task_force__region", "chair__person", "note_taker__person")


def _minutes_url(meeting: Meeting) -> str:
    return meeting.get_absolute_url() + "#minutes"


@inbox.register("action_point_overdue", order=40)
def overdue_action_points(work: inbox.Work) -> list[inbox.Item]:
    """Action points past their due date that the user owns or whose meeting he chaired
    (the dashboard panel's rule), one query per task force he sits on."""
    items = []
    for task_force in work.task_forces:
        for point in overdue_for(work.user, task_force, work.today):
            items.append(
                work.item(
                    "action_point_overdue",
                    action=_("Follow up the overdue action point"),
                    subject=str(point),
                    url=_minutes_url(point.meeting),
                    task_force=task_force,
                    due=point.due_date,
                    detail=str(point.meeting),
                )
            )
    return items


@inbox.register("meeting_answer", order=50)
def meetings_to_answer(work: inbox.Work) -> list[inbox.Item]:
    """Meetings still to come to which the user is invited through a current seat and has
    not answered: the deadline is the meeting's start."""
    seats = Membership.objects.current(work.today).filter(person__user=work.user)
    invitations = (
        Invitation.objects.filter(
            membership__in=seats,
            response=Response.PENDING,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gt=timezone.now(),
        )
        .select_related("meeting__task_force__region")
        .order_by("meeting__starts_at")
    )
    return [
        work.item(
            "meeting_answer",
            action=_("Say whether you will attend"),
            subject=str(invitation.meeting),
            # The answer page the invitation e-mail links to, with a fresh link.
            url=reverse("meetings:rsvp", args=[make_token(invitation)]),
            task_force=invitation.meeting.task_force,
            due=timezone.localdate(invitation.meeting.starts_at),
            since=invitation.sent_at,
        )
        for invitation in invitations
    ]


@inbox.register("minutes_approve", order=35)
def minutes_to_approve(work: inbox.Work) -> list[inbox.Item]:
    """Circulated minutes the user approves: he chairs the meeting, or the meeting names
    no chair and his role approves minutes (``rules.can_approve_minutes``)."""
    approving = work.task_forces_for(Action.APPROVE_MINUTES)
    meetings = (
        Meeting.objects.filter(minutes_status=MinutesStatus.CIRCULATED)
        .filter(Q(chair__person__user=work.user) | Q(chair__isnull=True, task_force__in=approving))
        .select_related(*MEETING_RELATED)
        .order_by("circulated_at", "pk")
    )
    return [
        work.item(
            "minutes_approve",
            action=_("Approve the circulated minutes"),
            subject=str(meeting),
            url=_minutes_url(meeting),
            task_force=meeting.task_force,
            since=meeting.circulated_at,
        )
        for meeting in access.visible(work.user, meetings)
        if rules.can_approve_minutes(work.user, meeting)
    ]


@inbox.register("amendment_answer", order=36)
def amendments_to_answer(work: inbox.Work) -> list[inbox.Item]:
    """Amendments asked to circulated minutes that the user answers: he is the note-taker,
    or the meeting has none and he writes its minutes (``rules.can_write_minutes``)."""
    amendments = (
        Amendment.objects.filter(
            resolved_at__isnull=True, meeting__minutes_status=MinutesStatus.CIRCULATED
        )
        .filter(
            Q(meeting__note_taker__person__user=work.user)
            | Q(meeting__note_taker__isnull=True, meeting__task_force__in=work.task_forces)
        )
        .select_related(*(f"meeting__{name}" for name in MEETING_RELATED))
        .order_by("created_at", "pk")
    )
    return [
        work.item(
            "amendment_answer",
            action=_("Answer the amendment to the minutes"),
            subject=str(amendment.meeting),
            url=_minutes_url(amendment.meeting),
            task_force=amendment.meeting.task_force,
            since=amendment.created_at,
            detail=str(amendment),
        )
        for amendment in amendments
        if rules.can_write_minutes(work.user, amendment.meeting)
    ]
