"""The shared cache in a database table (the default: a local run needs no other server),
each write one statement.

Django's database cache counts the whole table before every write (to cull it), then
reads, updates or inserts in a savepoint: five statements a key, the count a scan of the
table. At national scale a progress report writes a few keys and a page that computes a
plan's figures three, and those counts were most of their time in the cache (the national
province-plans page made 395 queries after a change, 300 of them these). Here ``set`` and
``set_many`` are one upsert (``INSERT ... ON CONFLICT``, on PostgreSQL and SQLite alike),
and the table is counted and culled, as Django does it, at most once a minute per process.
Reads, ``add``, ``touch`` and ``delete`` are Django's.

``kept`` keeps what a function makes of some values (a file, a rendered fragment) by a
digest of those values, in whichever cache is configured."""

from __future__ import annotations

import base64
import hashlib
import pickle  # noqa: S403 - the cache's own values, as Django's database cache stores them
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

KEPT_SECONDS = 3600
CULL_INTERVAL = 60.0  # seconds between two counts of the table, per process
CHUNK = 200  # rows per statement (SQLite's limit on parameters)


def kept(values: Any, build: Callable[[], Any]) -> Any:
    """``build()``, made of ``values`` only (plain values: text, numbers, dates, lists of
    them), kept in the shared cache by a digest of them: the same values give what was
    made before without making it again, other values another digest, so there is
    nothing to forget when the data change."""
    return kept_many([(values, build)])[0]


def kept_key(values: Any) -> str:
    """The key ``kept`` keeps what is made of ``values`` under."""
    return "kept:" + hashlib.sha256(repr(values).encode()).hexdigest()


def kept_many(items: list[tuple[Any, Callable[[], Any]]]) -> list:
    """``kept`` of many (values, build) pairs in one cache read and at most one write."""
    keys = [kept_key(values) for values, _b in items]
    found = cache.get_many(keys)
    made = {
        key: build() for key, (_values, build) in zip(keys, items, strict=True) if key not in found
    }
    if made:
        cache.set_many(made, KEPT_SECONDS)
    return [found[key] if key in found else made[key] for key in keys]


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._next_cull = 0.0

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        expires = connection.ops.adapt_datetimefield_value(self._expiry(timeout))
        rows = [
            (
                self.make_and_validate_key(key, version=version),
                base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"),
                expires,
            )
            for key, value in data.items()
        ]
        with connection.cursor() as cursor:
            self._cull_now_and_then(db, cursor)
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                cursor.execute(
                    self._upsert_sql(connection, len(chunk)), [v for row in chunk for v in row]
                )
        return []

    def _upsert_sql(self, connection, count: int) -> str:
        quote = connection.ops.quote_name
        key, value, expires = quote("cache_key"), quote("value"), quote("expires")
        rows = ", ".join(["(%s, %s, %s)"] * count)
        # Quoted names of the cache's own table; every value is a parameter.
        insert = f"INSERT INTO {quote(self._table)} ({key}, {value}, {expires}) VALUES {rows}"  # noqa: S608  # nosec B608
        update = f"{value} = EXCLUDED.{value}, {expires} = EXCLUDED.{expires}"
        return f"{insert} ON CONFLICT ({key}) DO UPDATE SET {update}"  # nosec B608

    def _expiry(self, timeout) -> datetime:
        """The expiry Django's database cache writes for ``timeout``."""
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max.replace(microsecond=0)
        zone = UTC if settings.USE_TZ else None
        return datetime.fromtimestamp(timeout, tz=zone).replace(microsecond=0)

    def _cull_now_and_then(self, db, cursor) -> None:
        if time.monotonic() < self._next_cull:
            return
        self._next_cull = time.monotonic() + CULL_INTERVAL
        table = connections[db].ops.quote_name(self._table)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608  # nosec B608
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, tz_now().replace(microsecond=0), count)
