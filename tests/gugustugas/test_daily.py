"""The daily round of reminders runs from the task queue and queues itself again."""

import datetime

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gugustugas import daily
from tests.meetings.builders import run_tasks

pytestmark = pytest.mark.django_db


def pending():
    return DBTaskResult.objects.filter(
        task_path=daily.run_daily.module_path, status=TaskResultStatus.READY
    )


def test_migrate_queued_the_first_run_for_the_next_morning():
    assert pending().count() == 1
    run_after = timezone.localtime(pending().get().run_after)
    assert run_after.time() == daily.DAILY_AT
    assert run_after > timezone.now()


def test_queueing_twice_keeps_one_run():
    daily.ensure_scheduled()
    daily.ensure_scheduled()
    assert pending().count() == 1


def test_a_run_does_every_job_and_queues_the_next_day(monkeypatch, caplog):
    calls = []

    def broken(today):
        raise RuntimeError("SMTP down")

    monkeypatch.setattr(daily, "_jobs", {"broken": broken, "fine": lambda t: calls.append(t) or 3})
    pending().update(run_after=timezone.now() - datetime.timedelta(minutes=1))
    run_tasks()
    assert calls == [timezone.localdate()]
    assert "The daily job broken failed" in caplog.text
    assert pending().count() == 1
    assert pending().get().run_after > timezone.now()


def test_next_run_is_today_before_and_tomorrow_after_the_hour():
    tz = timezone.get_current_timezone()
    early = datetime.datetime(2026, 11, 28, 5, 0, tzinfo=tz)
    late = datetime.datetime(2026, 11, 28, 7, 0, tzinfo=tz)
    assert daily.next_run(early).date() == datetime.date(2026, 11, 28)
    assert daily.next_run(late).date() == datetime.date(2026, 11, 29)


def test_the_mou_reminders_are_a_daily_job():
    from members.reminders import send_mou_reminders

    assert send_mou_reminders in daily._jobs.values()
