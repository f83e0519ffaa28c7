"""The matrix trusts the fingerprint to see writes: it must see a save, a delete and an
enqueued e-mail, and nothing when nothing was written."""

import pytest

from meetings import tasks
from tests.access.fingerprint import changed, fingerprint
from tests.conftest import AgencyFactory
from tests.meetings.builders import make_meeting

pytestmark = pytest.mark.django_db


def test_nothing_written_nothing_seen(tree):
    assert changed(fingerprint(), fingerprint()) == []


def test_a_save_and_a_delete_are_seen(tree):
    before = fingerprint()
    agency = AgencyFactory(task_force=tree["province"])
    saved = fingerprint()
    assert "members.HistoricalAgency" in changed(before, saved)
    agency.delete()
    assert "members.HistoricalAgency" in changed(saved, fingerprint())


def test_a_queued_task_is_seen(tree, django_capture_on_commit_callbacks):
    meeting = make_meeting(tree["province"])
    before = fingerprint()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_notice.enqueue(meeting.pk, tasks.CANCELLATION)
    written = changed(before, fingerprint())
    assert any(label.startswith("django_tasks_database.") for label in written)
