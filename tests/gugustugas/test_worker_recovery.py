"""A task worker killed in the middle of a task (issue 15, faults): the task it left
RUNNING is queued again (``gugustugas.worker``), and running it again sends each e-mail
once: the invitations the dead worker had sent are not sent again."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gugustugas.models import Role
from gugustugas.worker import requeue_abandoned
from meetings import tasks
from tests.conftest import make_member
from tests.meetings.builders import invite, make_meeting, run_tasks

pytestmark = pytest.mark.django_db


def _killed_mid_task(meeting, sent: int) -> DBTaskResult:
    """As a worker killed after ``sent`` of the invitations: the task RUNNING since an
    hour, those invitations marked sent (their e-mails went out)."""
    tasks.send_invitations.enqueue(meeting.pk, tasks.INVITATION)
    result = DBTaskResult.objects.get(task_path__endswith="send_invitations")
    result.claim("dead-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    for invitation in meeting.invitations.order_by("pk")[:sent]:
        invitation.sent_at = timezone.now()
        invitation.save()
    return result


def test_a_task_left_running_is_retried_and_each_email_goes_once(tree):
    meeting = make_meeting(tree["province"])
    invite(meeting, *[make_member(tree["province"], Role.MEMBER) for _ in range(4)])
    result = _killed_mid_task(meeting, sent=2)
    mail.outbox.clear()

    assert requeue_abandoned() == 1
    run_tasks()

    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 2  # the two the dead worker had not reached
    recipients = [m.to[0] for m in mail.outbox]
    assert len(set(recipients)) == 2
    assert meeting.invitations.filter(sent_at__isnull=True).count() == 0


def test_a_task_still_running_on_a_live_worker_is_left_alone(tree):
    meeting = make_meeting(tree["province"])
    tasks.send_invitations.enqueue(meeting.pk, tasks.INVITATION)
    result = DBTaskResult.objects.get(task_path__endswith="send_invitations")
    result.claim("live-worker")  # started just now
    assert requeue_abandoned() == 0
    assert call_command("requeue_abandoned_tasks", "--minutes", "0") is None
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY
