"""The demo data for the browser journeys: seeded once per test process, then restored.

``manage.py seed_demo`` fills 38 provinces with plans, budgets, meetings, statistics and
signed reports: about 27,000 rows and 25-60 s of a core, which every journey paid again
(a journey's data is committed, for the live server). The first journey of a process
seeds; the rows of every table and the files the demo wrote are then kept in memory.
From then on the database's writes are tracked (``tests/written.py``), and the next
journey gets back only the tables the last one wrote: emptied and refilled with the
demo's rows, row for row and id for id (a few tables in a few tenths of a second, where
emptying and refilling every table took 2-3 s on PostgreSQL). Loaded into a test's
transaction (``demo_rows``), every table is refilled and nothing is tracked.
"""

import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, transaction

from tests import written

Rows = dict[str, tuple[list[str], list[tuple]]]

_taken: dict[str, Rows] = {}
_media: dict[str, Path] = {}
# The databases that hold the demo, with their writes since tracked.
_tracked: dict[str, bool] = {}


def load_demo(seed, alias: str = "default") -> None:
    """The demo data in the database ``alias`` (and its files in ``MEDIA_ROOT``), committed
    unless a transaction runs (``demo_rows``: then for that test).

    ``seed`` is what makes it the first time (``tests.e2e.conftest.seed_demo``)."""
    committed = not connections[alias].in_atomic_block
    if alias in _taken:
        only = written.take(alias) if committed and _tracked.get(alias) else None
        _restore(alias, _taken[alias], only)
        if _media[alias].exists():
            shutil.copytree(_media[alias], settings.MEDIA_ROOT, dirs_exist_ok=True)
    else:
        seed()
        _taken[alias] = _rows(alias)
        _media[alias] = Path(tempfile.mkdtemp(prefix="demo-media-")) / "media"
        if Path(settings.MEDIA_ROOT).exists():
            shutil.copytree(settings.MEDIA_ROOT, _media[alias])
    if committed and not _tracked.get(alias):
        written.track(alias, ignored_apps=frozenset())
        _tracked[alias] = True


def forget_demo(alias: str = "default") -> None:
    """The database ``alias`` no longer holds the demo: its writes are no longer tracked
    (before it is emptied for other tests)."""
    if _tracked.pop(alias, False):
        written.untrack(alias)


def copy_demo(alias: str) -> None:
    """The demo rows this process took (``load_demo`` ran before) written into the
    database ``alias``, another database than the one they were taken from (a migrated
    copy beside the test database, ``tests/gugustugas/test_backup.py``), committed."""
    _restore(alias, _taken["default"])


def _tables(alias: str) -> list[str]:
    return sorted(connections[alias].introspection.django_table_names(only_existing=True))


def _rows(alias: str) -> Rows:
    connection = connections[alias]
    taken = {}
    with connection.cursor() as cursor:
        for table in _tables(alias):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            taken[table] = ([column[0] for column in cursor.description], cursor.fetchall())
    return taken


def _insert(connection, cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Many rows per INSERT (one statement per row is several times slower on PostgreSQL)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    limit = connection.features.max_query_params or 30000
    per_statement = max(1, min(500, limit // len(columns)))
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        values = ", ".join([one] * len(chunk))
        cursor.execute(
            f"INSERT INTO {quote(table)} ({names}) VALUES {values}",  # noqa: S608
            [value for row in chunk for value in row],
        )


def _restore(alias: str, taken: Rows, only: set[str] | None = None) -> None:
    """Every table (or the tables ``only``) emptied and refilled with the rows taken, in
    one transaction; foreign keys checked at its end (PostgreSQL: Django's constraints are
    deferred) or not at all (SQLite: off while it runs; the rows were consistent when
    taken). ``only`` is emptied row by row: a table another one refers to cannot be
    truncated alone on PostgreSQL. Sequences only move forward, so they need no reset
    after a partial restore."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = list(taken) if only is None else sorted(only & taken.keys())
    with (
        connection.constraint_checks_disabled(),
        transaction.atomic(using=alias),
        connection.cursor() as cursor,
    ):
        if only is None:
            for statement in connection.ops.sql_flush(no_style(), tables):
                cursor.execute(statement)
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608  # nosec B608
        for table in tables:
            columns, rows = taken[table]
            if rows:
                _insert(connection, cursor, table, columns, rows)
        if only is None:
            reset_sequences(connection, cursor)
        if _tracked.get(alias):
            written.take(alias)  # what the restore wrote is the demo
    ContentType.objects.clear_cache()


def reset_sequences(connection, cursor) -> None:
    """After rows were inserted with their ids given: the next row a test makes must not
    reuse one.

    On PostgreSQL a sequence only moves forward here. Its changes are not rolled back with
    a transaction: Django's reset (to the highest id in the table) inside a test's
    transaction (``demo_rows``) would put, say, the login records' sequence back to 1 for
    good, and after the rollback the records other tests committed (the access matrix's
    sessions) would be in the way of the next login. SQLite's sequences roll back."""
    if connection.vendor != "postgresql":
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        return
    quote = connection.ops.quote_name
    for sequence in connection.introspection.sequence_list():
        highest = f"SELECT max({quote(sequence['column'])}) FROM {quote(sequence['table'])}"
        cursor.execute(
            f"SELECT setval(%s, GREATEST(({highest}), pg_sequence_last_value(%s::regclass), 1))",  # noqa: S608  # nosec B608
            [sequence["name"], sequence["name"]],
        )
