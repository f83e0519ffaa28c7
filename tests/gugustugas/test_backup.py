"""Backups restore: the demo database dumped with pg_dump and restored with pg_restore into
a fresh database has the same rows in every table (history included), and the media
folder copied beside it has the same files (docs/operations.md).

It runs on PostgreSQL only, in databases of its own (never the test database): a source
as ``manage.py migrate`` made it (a copy of the test process's migrated database,
``migrated_database`` in tests/conftest.py) given the demo's rows, and the restored copy;
both are dropped afterwards. The demo's rows and files are the ones this test process
seeded once (``demo_rows``, ``tests/e2e/snapshot.py``), not seeded again: ``seed_demo``
in the source was 25 of the test's 45 s on PostgreSQL, and its own ``migrate`` 12.
"""

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import connection_to
from tests.e2e.snapshot import copy_demo

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups are pg_dump/pg_restore: PostgreSQL"
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    return os.environ | {
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"],
    }


def _run(*args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        args, env=env or _pg_env(), capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _counts(name: str) -> dict[str, int]:
    import psycopg2

    db = settings.DATABASES["default"]
    with (
        psycopg2.connect(
            dbname=name,
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
        ) as conn,
        conn.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 -- catalogue names
            counts[table] = cursor.fetchone()[0]
    return counts


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def target():
    """An empty database to restore into."""
    name = f"gt_backup_dst_{uuid.uuid4().hex[:8]}"
    _run("createdb", name)
    yield name
    subprocess.run(["dropdb", "--if-exists", name], env=_pg_env(), check=False, timeout=120)


def test_a_dump_of_the_demo_restores_with_every_row_history_and_file(
    demo_rows, migrated_database, target, tmp_path
):
    source = migrated_database  # as ``manage.py migrate`` made it (tests/conftest.py)
    media = Path(settings.MEDIA_ROOT)  # the demo's files (``demo_rows`` put them there)
    with connection_to(source, "backup_source"):
        copy_demo("backup_source")  # the demo's rows, as seed_demo made them

    dump = tmp_path / "gugustugas.dump"
    _run("pg_dump", "--format=custom", f"--file={dump}", source)
    _run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", str(dump))
    restored_media = tmp_path / "restored-media"
    shutil.copytree(media, restored_media)

    before, after = _counts(source), _counts(target)
    assert after == before
    history_tables = [t for t in before if "_historical" in t]
    assert history_tables and sum(before[t] for t in history_tables) > 0
    assert before["members_membership"] > 0
    assert _files(restored_media) == _files(media) and _files(media)
