"""The daily round of reminders, run by the task worker (``manage.py db_worker``).

Apps register their daily jobs here in ``AppConfig.ready`` (the MoU expiry reminders,
for one); ``run_daily`` runs them all at ``DAILY_AT`` local time and queues itself for
the next day. ``migrate`` queues the first run (``ensure_scheduled``), so a deployment
that runs migrations and a worker needs no cron. ``manage.py send_reminders`` runs the
same jobs at once, for catching up by hand.

One job failing is logged and does not stop the others or the next day's run.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.tasks import TaskResultStatus, task
from django.utils import timezone

logger = logging.getLogger(__name__)

DAILY_AT = datetime.time(6, 15)
Job = Callable[[datetime.date], int]
_jobs: dict[str, Job] = {}


def register(name: str):
    def decorate(job: Job) -> Job:
        _jobs[name] = job
        return job

    return decorate


def run_jobs(today: datetime.date) -> dict[str, int | None]:
    """Run every registered job for ``today``; returns what each did (None: it failed)."""
    done: dict[str, int | None] = {}
    for name, job in _jobs.items():
        try:
            done[name] = job(today)
        except Exception:
            logger.exception("The daily job %s failed.", name)
            done[name] = None
    return done


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now or timezone.now())
    candidate = local.replace(hour=DAILY_AT.hour, minute=DAILY_AT.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += datetime.timedelta(days=1)
    return candidate


def ensure_scheduled() -> bool:
    """Queue the next daily run unless one is queued already; True when it queued."""
    from django_tasks_db.models import DBTaskResult

    pending = DBTaskResult.objects.filter(
        task_path=run_daily.module_path, status=TaskResultStatus.READY
    )
    if pending.exists():
        return False
    run_daily.using(run_after=next_run()).enqueue()
    return True


@task()
def run_daily() -> dict:
    try:
        return run_jobs(timezone.localdate())
    finally:
        run_daily.using(run_after=next_run()).enqueue()


def schedule_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver of the core app: the daily round is always queued."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult._meta.db_table in connections[using].introspection.table_names():
        ensure_scheduled()
