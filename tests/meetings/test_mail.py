"""Meeting e-mails from the task queue: invitations, the reminder two days before,
cancellation and minutes notices; a failed send is logged, kept and retried."""

import datetime
import logging
import smtplib
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from gugustugas.models import Role
from meetings import tasks
from meetings.models import AgendaItem, Invitation, Meeting, Response
from tests.conftest import make_member
from tests.meetings.builders import (
    cancel,
    invite,
    invite_new_member,
    make_meeting,
    run_tasks,
)


@pytest.fixture
def meeting(tree):
    meeting = make_meeting(tree["province"], title="Rapat koordinasi menyeluruh triwulan II")
    meeting.chair = make_member(tree["province"], Role.DAILY_CHAIR)
    meeting.online_link = "https://zoom.example.id/j/123"
    meeting.save()
    AgendaItem.objects.create(meeting=meeting, order=1, title="Tindak lanjut rapat lalu")
    AgendaItem.objects.create(meeting=meeting, order=2, title="Rencana aksi daerah", presenter="X")
    return meeting


def _schedule(meeting):
    with transaction.atomic():
        tasks.schedule_invitations(meeting)


def _make_due(task_name: str) -> None:
    """Move time forward for queued tasks: they become due now."""
    DBTaskResult.objects.filter(task_path__endswith=task_name, status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


def _path(url: str) -> str:
    return urlsplit(url).path


def _in_indonesian(text: str) -> str:
    with translation.override("id"):
        return gettext(text)


def _indonesian_date(moment) -> str:
    with translation.override("id"):
        return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def _rsvp_url_in(body: str) -> str:
    return next(line for line in body.splitlines() if "/rsvp/" in line).strip()


def test_invitations_go_to_every_invitee_with_an_address(client, meeting):
    with_mail = invite_new_member(meeting)
    second = invite_new_member(meeting)
    no_mail = invite_new_member(meeting)
    no_mail.membership.person.email = ""
    no_mail.membership.person.save()
    _schedule(meeting)
    assert mail.outbox == []  # nothing goes out from the request: the queue sends

    run_tasks()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [with_mail.membership.person.email, second.membership.person.email]
    )
    message = next(m for m in mail.outbox if m.to == [with_mail.membership.person.email])
    # Indonesian (the invitee's language, whatever the sender chose), one line
    assert message.subject.startswith(_in_indonesian("Invitation"))
    assert _indonesian_date(meeting.starts_at) in message.subject
    assert "\n" not in message.subject
    assert meeting.title in message.subject
    assert with_mail.membership.person.full_name in message.body
    assert "WIB" in message.body
    assert "Tindak lanjut rapat lalu" in message.body
    assert "https://zoom.example.id/j/123" in message.body
    assert meeting.chair.person.full_name in message.body
    assert message.body.count("/rsvp/") == 1
    # the .ics attachment
    (name, content, mimetype) = message.attachments[0]
    assert name == "undangan.ics" and mimetype.startswith("text/calendar")
    assert "METHOD:REQUEST" in (content if isinstance(content, str) else content.decode())
    # the link in the e-mail answers for this invitee
    response = client.post(_path(_rsvp_url_in(message.body)), {"answer": "accept"})
    assert response.status_code == 200
    with_mail.refresh_from_db()
    assert with_mail.response == Response.ACCEPTED
    # bookkeeping
    no_mail.refresh_from_db()
    assert with_mail.sent_at is not None and no_mail.sent_at is None
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None

    # running the queue again sends nothing twice
    run_tasks()
    assert len(mail.outbox) == 2


def test_mail_text_is_plain_and_not_escaped(meeting):
    meeting.title = "Rapat P2TP2A & Dinas <Sosial>"
    meeting.save()
    invite_new_member(meeting)
    _schedule(meeting)
    run_tasks()
    (message,) = mail.outbox
    assert "P2TP2A & Dinas <Sosial>" in message.subject
    assert "P2TP2A & Dinas <Sosial>" in message.body
    assert "&amp;" not in message.body


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(meeting):
    meeting.title = "Rapat koordinasi\nBcc: someone@example.com"
    meeting.save()
    invite_new_member(meeting)
    _schedule(meeting)
    run_tasks()
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert message.bcc == []


def test_a_failed_send_is_logged_kept_and_retried(monkeypatch, caplog, meeting):
    invitation = invite_new_member(meeting)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPException("421 service not available")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    _schedule(meeting)
    with caplog.at_level(logging.ERROR, logger="meetings.tasks"):
        run_tasks()

    assert any(
        "failed" in r.getMessage() and str(invitation.pk) in r.getMessage() for r in caplog.records
    )
    invitation.refresh_from_db()
    assert invitation.sent_at is None
    assert invitation.send_attempts == 1
    assert "421 service not available" in invitation.send_error
    # the meeting is unchanged and still there
    meeting_before = meeting
    meeting = Meeting.objects.get(pk=meeting_before.pk)
    assert (meeting.title, meeting.starts_at, meeting.cancelled_at) == (
        meeting_before.title,
        meeting_before.starts_at,
        None,
    )
    # a retry waits in the queue, later
    retry = DBTaskResult.objects.get(task_path__endswith="send_invitations", status="READY")
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2

    # not due yet: nothing runs
    monkeypatch.undo()
    run_tasks()
    assert mail.outbox == []

    # later, the mail server is back
    _make_due("send_invitations")
    run_tasks()
    assert [m.to for m in mail.outbox] == [[invitation.membership.person.email]]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.send_error == ""


def test_retries_stop_after_the_limit(monkeypatch, caplog, settings, meeting):
    settings.MAIL_RETRIES = 1
    invite_new_member(meeting)
    monkeypatch.setattr(
        EmailMessage, "send", lambda self, *a, **k: (_ for _ in ()).throw(smtplib.SMTPException())
    )
    _schedule(meeting)
    run_tasks()
    _make_due("send_invitations")
    with caplog.at_level(logging.ERROR, logger="meetings.tasks"):
        run_tasks()
    assert any("Giving up" in r.getMessage() for r in caplog.records)
    assert not DBTaskResult.objects.filter(task_path__endswith="send_invitations", status="READY")
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_reminder_two_days_before_to_those_who_did_not_decline(meeting):
    coming, undecided, declined = (invite_new_member(meeting) for _ in range(3))
    _schedule(meeting)
    run_tasks()  # the invitations; the reminder is not due
    assert len(mail.outbox) == 3
    reminder = DBTaskResult.objects.get(task_path__endswith="send_reminder", status="READY")
    assert reminder.run_after == meeting.starts_at - datetime.timedelta(days=2)

    Invitation.objects.filter(pk=coming.pk).update(response=Response.ACCEPTED)
    Invitation.objects.filter(pk=declined.pk).update(response=Response.DECLINED)
    mail.outbox.clear()
    run_tasks()  # early: the worker only runs what is due
    assert mail.outbox == []

    _make_due("send_reminder")
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [coming.membership.person.email, undecided.membership.person.email]
    )
    message = mail.outbox[0]
    assert message.subject.startswith(_in_indonesian("Reminder"))
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None
    coming.refresh_from_db()
    declined.refresh_from_db()
    assert coming.reminded_at is not None and declined.reminded_at is None


def test_the_reminder_brings_a_fresh_link_after_the_first_was_used(client, meeting):
    invitation = invite_new_member(meeting)
    _schedule(meeting)
    run_tasks()
    first_link = _path(_rsvp_url_in(mail.outbox[0].body))
    assert client.post(first_link, {"answer": "accept"}).status_code == 200

    _make_due("send_reminder")
    run_tasks()
    reminder_link = _path(_rsvp_url_in(mail.outbox[1].body))
    assert reminder_link != first_link
    response = client.post(reminder_link, {"answer": "decline"})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.response == Response.DECLINED


def test_a_reminder_for_an_old_start_time_sends_nothing(meeting):
    invite_new_member(meeting)
    _schedule(meeting)
    run_tasks()
    mail.outbox.clear()
    # the meeting moves a week later: the old reminder is stale, a new one is queued
    with transaction.atomic():
        meeting.starts_at += datetime.timedelta(days=7)
        meeting.ends_at += datetime.timedelta(days=7)
        meeting.save()
        tasks.reschedule(meeting)
    run_tasks()  # the update goes out at once
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith(_in_indonesian("Meeting changed"))
    mail.outbox.clear()

    old, new = DBTaskResult.objects.filter(
        task_path__endswith="send_reminder", status="READY"
    ).order_by("run_after")
    DBTaskResult.objects.filter(pk=old.pk).update(run_after=timezone.now())
    run_tasks()
    assert mail.outbox == []
    DBTaskResult.objects.filter(pk=new.pk).update(run_after=timezone.now())
    run_tasks()
    assert len(mail.outbox) == 1


def test_cancellation_notice_reaches_those_invited(meeting):
    invitations = [invite_new_member(meeting) for _ in range(2)]
    never_sent = invite_new_member(meeting)  # invited after the e-mails went out
    _schedule(meeting)
    run_tasks()
    Invitation.objects.filter(pk=never_sent.pk).update(sent_at=None)
    mail.outbox.clear()

    cancel(meeting, "Ketua berhalangan; dijadwalkan ulang.")  # queues the notice
    run_tasks()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        i.membership.person.email for i in invitations
    )
    message = mail.outbox[0]
    assert "Ketua berhalangan; dijadwalkan ulang." in message.body
    assert "/rsvp/" not in message.body
    ics = message.attachments[0][1]
    ics = ics if isinstance(ics, str) else ics.decode()
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics
    # the reminder of a cancelled meeting sends nothing
    mail.outbox.clear()
    _make_due("send_reminder")
    run_tasks()
    assert mail.outbox == []


def test_minutes_notice_links_to_the_meeting(tree):
    meeting = make_meeting(tree["province"], starts_in=datetime.timedelta(days=-2))
    invitation = invite_new_member(meeting, sent_at=timezone.now())
    with transaction.atomic():
        tasks.send_notice.enqueue(meeting.pk, tasks.MINUTES)
    run_tasks()
    (message,) = mail.outbox
    assert message.to == [invitation.membership.person.email]
    assert f"/meetings/{meeting.pk}/" in message.body
    assert "/rsvp/" not in message.body
    assert message.attachments == []


def test_a_failed_notice_is_retried_only_for_those_not_reached(monkeypatch, tree):
    meeting = make_meeting(tree["province"], starts_in=datetime.timedelta(days=-2))
    reached, missed = (invite_new_member(meeting, sent_at=timezone.now()) for _ in range(2))
    real_send = EmailMessage.send

    def flaky(self, *args, **kwargs):
        if self.to == [missed.membership.person.email]:
            raise smtplib.SMTPException("mailbox busy")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with transaction.atomic():
        tasks.send_notice.enqueue(meeting.pk, tasks.MINUTES)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[reached.membership.person.email]]

    monkeypatch.undo()
    _make_due("send_notice")
    run_tasks()
    assert [m.to for m in mail.outbox] == [
        [reached.membership.person.email],
        [missed.membership.person.email],
    ]


def test_invitation_for_a_member_with_a_login(users, tree):
    """A member with a login gets the same e-mail (the link needs no login)."""
    meeting = make_meeting(tree["province"])
    (invitation,) = invite(meeting, users["province_member"].person.memberships.first())
    _schedule(meeting)
    run_tasks()
    (message,) = mail.outbox
    assert message.to == [invitation.membership.person.email]
