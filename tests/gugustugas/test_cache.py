"""The database cache (``gugustugas.cache``): Django's, with one statement per write."""

import datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gugustugas import cache as module

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "table": {
        "BACKEND": "gugustugas.cache.DatabaseCache",
        "LOCATION": "test_cache_table",
        "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2},
    },
}


@pytest.fixture
def table(db, settings, monkeypatch):
    settings.CACHES = CACHES
    call_command("createcachetable", "--database", "default")
    cache = caches["table"]
    monkeypatch.setattr(cache, "_next_cull", float("inf"))  # counted only when a test says
    return cache


def test_a_write_is_one_statement_and_reads_back(table):
    with CaptureQueriesContext(connection) as queries:
        table.set("a", {"figures": [1, 2]}, None)
        table.set_many({"b": 2, "c": "tiga"}, 60)
        table.set("a", "baru")  # overwritten in place
    assert len(queries) == 3
    assert table.get_many(["a", "b", "c", "d"]) == {"a": "baru", "b": 2, "c": "tiga"}
    assert table.add("a", "tidak") is False  # Django's own add
    assert table.get("a") == "baru"


def test_expired_entries_are_gone_and_none_keeps_forever(table, monkeypatch):
    table.set("forever", 1, None)
    table.set("short", 2, 1)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)
    monkeypatch.setattr("django.core.cache.backends.db.tz_now", lambda: later)
    assert table.get_many(["forever", "short"]) == {"forever": 1}


def test_the_table_is_culled_at_most_once_an_interval(table, monkeypatch):
    table.set_many({f"k{n}": n for n in range(30)}, 60)
    table._next_cull = 0.0
    with CaptureQueriesContext(connection) as queries:
        table.set("one-more", 1)  # counts 30 > 10 and culls, as Django does
        table.set("and-another", 2)  # within the interval: not counted again
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(counts) == 1
    assert table._next_cull > 0
    remaining = sum(1 for n in range(30) if table.get(f"k{n}") is not None)
    assert remaining < 30
    assert table.get("and-another") == 2


def test_many_rows_are_written_in_chunks(table, monkeypatch):
    monkeypatch.setattr(module, "CHUNK", 7)
    data = {f"key{n}": n for n in range(20)}
    with CaptureQueriesContext(connection) as queries:
        table.set_many(data, None)
    assert len(queries) == 3
    assert table.get_many(list(data)) == data


def test_kept_makes_each_value_once_and_reads_many_at_once(db):
    made = []

    def build(name):
        return lambda: made.append(name) or f"<p>{name}</p>"

    first = module.kept_many([(("rows", 1, ["a"]), build("a")), (("rows", 2, ["b"]), build("b"))])
    again = module.kept_many([(("rows", 1, ["a"]), build("a")), (("rows", 2, ["c"]), build("c"))])
    assert first == ["<p>a</p>", "<p>b</p>"]
    assert again == ["<p>a</p>", "<p>c</p>"]
    assert made == ["a", "b", "c"]  # "a" kept; other values ("c") another entry
    assert module.kept(("rows", 2, ["b"]), build("x")) == "<p>b</p>"
