"""The task worker after a crash: tasks a killed worker left running are queued again.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again
if that worker dies (killed, out of memory, the machine restarted): the task would stay
RUNNING for ever and its e-mails would never go out. ``requeue_abandoned`` puts such tasks
back to READY; ``manage.py requeue_abandoned_tasks`` runs it, before the worker starts
(systemd ``ExecStartPre=``, see docs/deploy.md) and from the daily round.

Running a task again is safe because every task of the project is idempotent per
recipient: an invitation is marked sent right after its own e-mail, and a task run again
sends only to those not marked (``meetings.tasks``); reports rebuild their files.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone

from gugustugas import daily

log = logging.getLogger(__name__)


def requeue_abandoned(older_than: datetime.timedelta | None = None) -> int:
    """Put back to READY every task RUNNING since longer than ``older_than`` (default
    ``TASK_ABANDONED_MINUTES``); returns how many. With one worker, any RUNNING task at
    the worker's start was abandoned (``older_than=timedelta(0)``)."""
    from django_tasks_db.models import DBTaskResult

    if older_than is None:
        older_than = datetime.timedelta(minutes=settings.TASK_ABANDONED_MINUTES)
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lte=timezone.now() - older_than
    )
    ids = list(abandoned.values_list("pk", flat=True))
    count = DBTaskResult.objects.filter(pk__in=ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
    if count:
        log.warning("requeued %d task(s) left running by a stopped worker: %s", count, ids)
    return count


@daily.register("abandoned_tasks")
def _daily(today: datetime.date) -> int:
    return requeue_abandoned()
