"""What the apps' background tasks share: a task that failed (an e-mail the server did
not take) runs again later, ``MAIL_RETRY_MINUTES`` times its attempt, until
``MAIL_RETRIES`` attempts have failed."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone


def retry_later(task_obj, attempt: int, *args, logger: logging.Logger) -> None:
    """Queue ``task_obj(*args, attempt=attempt + 1)`` after a delay, or give up (logged
    as an error on the caller's ``logger``) after the last attempt."""
    if attempt > settings.MAIL_RETRIES:
        logger.error("Giving up after %d attempts: %s%r", attempt, task_obj.name, args)
        return
    delay = datetime.timedelta(minutes=settings.MAIL_RETRY_MINUTES * attempt)
    task_obj.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
