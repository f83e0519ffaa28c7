"""Which tables a piece of work wrote: a trigger on every table of the project's models.

``track()`` puts an AFTER INSERT/UPDATE/DELETE trigger, one per row, on every table of a
model (TRUNCATE too on PostgreSQL, once per statement), which adds the table's name to
``gt_written``; ``take()`` answers the names written since the last ``take()`` and
forgets them; ``untrack()`` removes it all. A write that is rolled back takes its mark
with it. A statement that changes no row marks nothing.

Two users:
- the access matrix (``tests/access/test_matrix.py``): what did this one request write?
  Inside the test's transaction: a query of its own, instead of a fingerprint of every
  table (a count and a highest id of 250 tables, about 3 ms on PostgreSQL per request);
- the browser journeys (``tests/e2e/snapshot.py``): which tables differ from the demo's
  snapshot, committed by the live server and the test? Only those are emptied and
  refilled, instead of every table (2-3 s per journey on PostgreSQL).

For the matrix, sessions, django-axes' login records and content types are left out
(``IGNORED_APPS``): a request may touch them without changing the task forces' data. The
journeys track every table: a login's session or a refused password is undone too.
"""

from functools import cache

from django.apps import apps
from django.db import connections

IGNORED_APPS = frozenset({"sessions", "axes", "contenttypes"})
TABLE = "gt_written"
_FUNCTION = "gt_mark_written"
_TRIGGER = "gt_written"


@cache
def tables(ignored_apps: frozenset[str] = IGNORED_APPS) -> tuple[str, ...]:
    """The tables of the models (their many-to-many tables too) outside ``ignored_apps``."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label not in ignored_apps and not meta.proxy and meta.managed:
            names.add(meta.db_table)
    return tuple(sorted(names))


def track(alias: str = "default", ignored_apps: frozenset[str] = IGNORED_APPS) -> None:
    """The marking triggers on every table of ``tables(ignored_apps)`` and an empty
    ``gt_written`` (in the transaction that runs, if one does)."""
    connection = connections[alias]
    untrack(alias)
    with connection.cursor() as cursor:
        for statement in _track_sql(connection, tables(ignored_apps)):
            cursor.execute(statement)


def untrack(alias: str = "default") -> None:
    """No trigger and no ``gt_written`` any more (nothing when there were none)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Dropping the function drops every trigger that calls it.
            cursor.execute(f"DROP FUNCTION IF EXISTS {_FUNCTION}() CASCADE")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{_TRIGGER}%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER {quote(name)}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def take(alias: str = "default") -> set[str]:
    """The tables written since the last ``take()`` (or ``track()``), now forgotten."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} RETURNING name")  # noqa: S608  # nosec B608
        return {name for (name,) in cursor.fetchall()}


def _track_sql(connection, names: tuple[str, ...]) -> list[str]:
    quote = connection.ops.quote_name
    statements = [f"CREATE TABLE {TABLE} (name varchar(100) PRIMARY KEY)"]
    if connection.vendor == "postgresql":
        statements.append(
            f"CREATE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO {TABLE} VALUES (TG_TABLE_NAME) ON CONFLICT DO NOTHING; "
            "RETURN NULL; END $$"
        )
        for table in names:
            for when, events in (("ROW", "INSERT OR UPDATE OR DELETE"), ("STATEMENT", "TRUNCATE")):
                statements.append(
                    f"CREATE TRIGGER {_TRIGGER}_{when.lower()} AFTER {events} ON {quote(table)} "
                    f"FOR EACH {when} EXECUTE FUNCTION {_FUNCTION}()"
                )
        return statements
    # SQLite: a trigger per table and event, one row at a time; the table's name is a
    # literal (quoted as a string; the names are Django's, letters and underscores).
    for number, table in enumerate(names):
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {_TRIGGER}_{number}_{event.lower()} AFTER {event} "
                f"ON {quote(table)} BEGIN INSERT OR IGNORE INTO {TABLE} VALUES ('{table}'); END"
            )
    return statements
