"""What one journey wrote is gone for the next (``tests/e2e/snapshot.py``): only the tables
it wrote are refilled, and every table then holds the demo's rows again."""

from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from members.models import Agency, Membership
from tests.conftest import AgencyFactory
from tests.e2e.conftest import seed_demo
from tests.e2e.snapshot import _rows, load_demo


def _every_row() -> dict[str, list[str]]:
    """Every table's rows, in an order of their own."""
    return {table: sorted(map(repr, rows)) for table, (_columns, rows) in _rows("default").items()}


def test_the_next_journey_finds_the_demo_as_it_was(playwright, transactional_db):
    load_demo(seed=seed_demo)
    demo = _every_row()
    agency = Agency.objects.order_by("pk").first()
    agency.name = "Dinas Tertulis"
    agency.save()  # a row and its history
    Agency.objects.filter(pk=agency.pk).update(phone="0")  # an update without history
    AgencyFactory(task_force=agency.task_force)  # new rows
    Membership.objects.order_by("pk").last().delete()  # a delete
    SessionStore().create()  # a login's session: a table the access matrix leaves out
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_person SET phone = '0'")  # raw SQL
    load_demo(seed=seed_demo)
    assert _every_row() == demo
