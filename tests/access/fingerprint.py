"""A fingerprint of the whole database: did a request write anything?

Every domain model keeps its history (django-simple-history), so a save or a delete
raises the highest history id of its historical table; every other table is counted
(and its highest primary key taken, so a delete plus an insert still shows). One query
for all tables. ``QuerySet.update()`` writes no history and is not seen: the project
uses it only for bookkeeping columns (e-mail delivery, the calendar sequence).

Sessions (logins, the language cookie's fallback) and django-axes' login records are left
out: a request may touch them without changing the task forces' data.
"""

from functools import cache

from django.apps import apps
from django.db import connection, models

IGNORED_APPS = {"sessions", "axes", "contenttypes"}


@cache
def _columns() -> tuple[list[str], str]:
    labels, parts = [], []
    qn = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in IGNORED_APPS or meta.proxy or not meta.managed:
            continue
        table = qn(meta.db_table)
        if any(field.name == "history_id" for field in meta.fields):
            labels.append(meta.label)
            parts.append(f"(SELECT MAX({qn('history_id')}) FROM {table})")
        else:
            labels.append(f"{meta.label} (rows)")
            parts.append(f"(SELECT COUNT(*) FROM {table})")
            if isinstance(meta.pk, models.IntegerField):  # not a UUID (the task queue's)
                labels.append(f"{meta.label} (last id)")
                parts.append(f"(SELECT MAX({qn(meta.pk.column)}) FROM {table})")
    return labels, "SELECT " + ", ".join(parts)


def fingerprint() -> dict[str, int | None]:
    labels, sql = _columns()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Planning the ~250 subqueries took PostgreSQL 10 ms each time, most of the
            # matrix's SQL time there: planned once per connection as a prepared
            # statement (which outlives the tests' rolled-back transactions).
            cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = 'gt_fingerprint'")
            if cursor.fetchone() is None:
                cursor.execute(f"PREPARE gt_fingerprint AS {sql}")
            cursor.execute("EXECUTE gt_fingerprint")
        else:
            cursor.execute(sql)
        return dict(zip(labels, cursor.fetchone(), strict=True))


def changed(before: dict, after: dict) -> list[str]:
    """The tables whose fingerprint differs."""
    return [label for label, value in after.items() if before.get(label) != value]
