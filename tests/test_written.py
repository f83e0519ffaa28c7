"""The access matrix and the journeys' restore trust ``tests/written.py`` to see writes:
a save, a delete, an update without history, an enqueued e-mail; nothing when nothing
was written or when the write was rolled back."""

import pytest
from django.db import transaction

from meetings import tasks
from members.models import Agency
from tests.conftest import AgencyFactory
from tests.meetings.builders import make_meeting
from tests.written import take, track

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked(tree):
    track()  # in the test's transaction: rolled back with it


def test_nothing_written_nothing_seen(tracked, tree):
    list(Agency.objects.filter(task_force=tree["province"]))
    Agency.objects.filter(pk=0).update(name="x")  # a statement that changes no row
    assert take() == set()


def test_a_save_an_update_and_a_delete_are_seen(tracked, tree):
    agency = AgencyFactory(task_force=tree["province"])
    assert {"members_agency", "members_historicalagency"} <= take()
    assert take() == set()  # forgotten once taken
    Agency.objects.filter(pk=agency.pk).update(name="Dinas Baru")
    assert take() == {"members_agency"}
    agency.delete()
    assert "members_agency" in take()


def test_a_rolled_back_write_is_not_seen(tracked, tree):
    with pytest.raises(RuntimeError), transaction.atomic():
        AgencyFactory(task_force=tree["province"])
        raise RuntimeError
    assert take() == set()


def test_a_queued_task_is_seen(tracked, tree, django_capture_on_commit_callbacks):
    meeting = make_meeting(tree["province"])
    take()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_notice.enqueue(meeting.pk, tasks.CANCELLATION)
    assert any(name.startswith("django_tasks_database") for name in take())
