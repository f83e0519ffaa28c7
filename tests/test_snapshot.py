"""The demo snapshot of the browser tests (``tests/e2e/snapshot.py``)."""

import pytest
from axes.models import AccessLog
from django.db import connection

from tests.e2e.snapshot import reset_sequences


@pytest.mark.django_db
def test_a_sequence_reset_in_a_transaction_never_moves_back_on_postgresql():
    """PostgreSQL does not roll a sequence back: reset to an emptied table's highest id in
    a test's transaction, it would hand out again the ids of rows committed before it (the
    access matrix's logins) once the transaction is rolled back."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's sequences are rolled back with the transaction")
    first = AccessLog.objects.create(user_agent="x", ip_address="127.0.0.1", username="a")
    AccessLog.objects.all().delete()
    with connection.cursor() as cursor:
        reset_sequences(connection, cursor)
    second = AccessLog.objects.create(user_agent="x", ip_address="127.0.0.1", username="b")
    assert second.pk > first.pk
