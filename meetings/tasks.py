"""Meeting e-mails, sent from the task queue (``manage.py db_worker``), never from a
request: invitations, the reminder two days before, changes, cancellations and the
circulated minutes.

Each e-mail to each invitee is tried on its own. A failure is logged, counted and kept
on the invitation (the meeting page shows it), and the task runs again later for those
that failed, up to ``MAIL_RETRIES`` times. The meeting itself is never touched by a
failed e-mail.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from gugustugas.tasks import retry_later
from meetings import calendar
from meetings.models import Invitation, Meeting, Response
from meetings.rsvp import rsvp_url

logger = logging.getLogger(__name__)

REMINDER_BEFORE = datetime.timedelta(days=2)

INVITATION, UPDATE, REMINDER, CANCELLATION, MINUTES = (
    "invitation",
    "update",
    "reminder",
    "cancellation",
    "minutes",
)


def _meeting(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related(
            "task_force__region", "sub_task_force", "chair__person", "note_taker__person"
        )
        .prefetch_related("agenda_items")
        .filter(pk=meeting_id)
        .first()
    )


def _message(meeting: Meeting, invitation: Invitation, purpose: str) -> EmailMessage:
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "purpose": purpose,
        "rsvp_url": rsvp_url(invitation),
        "meeting_url": settings.SITE_URL.rstrip("/") + meeting.get_absolute_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        # One header line, whatever the title holds (a newline would refuse the send).
        subject = " ".join(render_to_string("meetings/email/subject.txt", context).split())
        body = render_to_string("meetings/email/body.txt", context)
        message = EmailMessage(subject, body, to=[invitation.membership.person.email])
        if purpose in (INVITATION, UPDATE, REMINDER, CANCELLATION):
            method = "CANCEL" if purpose == CANCELLATION else "REQUEST"
            message.attach("undangan.ics", calendar.meeting_ics(meeting, method), "text/calendar")
    return message


def deliver(meeting: Meeting, invitations, purpose: str, mark: str | None) -> tuple[int, int]:
    """Send one e-mail per invitation; returns (sent, failed). ``mark`` names the
    timestamp field set on success (``sent_at``, ``reminded_at``)."""
    sent = failed = 0
    for invitation in invitations:
        try:
            _message(meeting, invitation, purpose).send()
        except Exception as error:  # any transport failure: log, keep, retry later
            failed += 1
            logger.exception(
                "Meeting %s: the %s e-mail to invitation %s failed.",
                meeting.pk,
                purpose,
                invitation.pk,
            )
            Invitation.objects.filter(pk=invitation.pk).update(
                send_attempts=F("send_attempts") + 1, send_error=str(error)[:250]
            )
            continue
        sent += 1
        updates = {"send_error": ""}
        if mark:
            updates[mark] = timezone.now()
        Invitation.objects.filter(pk=invitation.pk).update(**updates)
    return sent, failed


def _addressed(meeting: Meeting):
    return (
        meeting.invitations.select_related("membership__person")
        .exclude(membership__person__email="")
        .order_by("pk")
    )


@task()
def send_invitations(meeting_id: int, purpose: str = INVITATION, attempt: int = 1) -> dict:
    """The invitations not sent yet (all of them again after a change of time)."""
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.is_cancelled:
        return {"sent": 0, "failed": 0}
    sent, failed = deliver(
        meeting, _addressed(meeting).filter(sent_at__isnull=True), purpose, "sent_at"
    )
    if sent and meeting.invitations_sent_at is None:
        Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=timezone.now())
    if failed:
        retry_later(send_invitations, attempt, meeting_id, purpose, logger=logger)
    return {"sent": sent, "failed": failed}


@task()
def send_reminder(meeting_id: int, starts_at: str, attempt: int = 1) -> dict:
    """Two days before: everyone who has not declined. A reminder queued for a time the
    meeting no longer has (it was moved) does nothing; the move queued a new one."""
    meeting = _meeting(meeting_id)
    if (
        meeting is None
        or meeting.is_cancelled
        or meeting.starts_at.isoformat() != starts_at
        or meeting.starts_at <= timezone.now()
    ):
        return {"sent": 0, "failed": 0}
    due = (
        _addressed(meeting)
        .exclude(response=Response.DECLINED)
        .filter(sent_at__isnull=False, reminded_at__isnull=True)
    )
    sent, failed = deliver(meeting, due, REMINDER, "reminded_at")
    if sent:
        Meeting.objects.filter(pk=meeting.pk).update(reminder_sent_at=timezone.now())
    if failed:
        retry_later(send_reminder, attempt, meeting_id, starts_at, logger=logger)
    return {"sent": sent, "failed": failed}


@task()
def send_notice(meeting_id: int, purpose: str, attempt: int = 1) -> dict:
    """A cancellation, or the minutes circulated for amendments: to every invitee who
    got the invitation. Failures are retried for those not reached."""
    meeting = _meeting(meeting_id)
    if meeting is None:
        return {"sent": 0, "failed": 0}
    recipients = _addressed(meeting).filter(sent_at__isnull=False)
    if attempt > 1:
        recipients = recipients.exclude(send_error="")
    sent, failed = deliver(meeting, recipients, purpose, None)
    if failed:
        retry_later(send_notice, attempt, meeting_id, purpose, logger=logger)
    return {"sent": sent, "failed": failed}


def schedule_invitations(meeting: Meeting) -> None:
    """Queue the invitations now and the reminder for two days before the meeting.
    Called inside the transaction that saves the meeting: the queue rows commit with it."""
    send_invitations.enqueue(meeting.pk, INVITATION)
    schedule_reminder(meeting)


def schedule_reminder(meeting: Meeting) -> None:
    run_after = meeting.starts_at - REMINDER_BEFORE
    if run_after > timezone.now():
        send_reminder.using(run_after=run_after).enqueue(meeting.pk, meeting.starts_at.isoformat())


def reschedule(meeting: Meeting) -> None:
    """The time or place changed after the invitations went out: everyone invited hears
    of it again, and the reminder moves with the meeting."""
    Invitation.objects.filter(meeting=meeting).update(sent_at=None, reminded_at=None)
    Meeting.objects.filter(pk=meeting.pk).update(reminder_sent_at=None, sequence=F("sequence") + 1)
    send_invitations.enqueue(meeting.pk, UPDATE)
    schedule_reminder(meeting)
