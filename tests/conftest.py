"""Shared test base: the real region tree (loaded by the data migrations' functions) and a
user for every role at national, province and district level, plus an outsider in another
province.

    national  = the national task force            (region "ID")
    province  = Jawa Barat                         (region "32")
    district  = Kabupaten Sukabumi, in Jawa Barat  (region "32.02")
    sibling   = Kota Bandung, in Jawa Barat        (region "32.73")
    outsider  = Kepulauan Riau, another province   (region "21")
"""

import contextlib
import datetime
import os
import shutil
import subprocess
import sys
import uuid

import factory
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from gugustugas.models import Role, SubTaskForce, TaskForce
from members.models import Agency, Membership, Person

LEVEL_CODES = {"national": "ID", "province": "32", "district": "32.02"}
ROLES = [Role.CHAIR, Role.DAILY_CHAIR, Role.SECRETARIAT, Role.SUBGT_HEAD, Role.MEMBER]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"DU{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Anggota Uji {n}")
    email = factory.Sequence(lambda n: f"anggota{n}@example.id")
    phone = "0812-0000-0000"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    task_force = factory.LazyAttribute(lambda o: o.agency.task_force)
    agency = factory.SubFactory(AgencyFactory)
    person = factory.LazyAttribute(lambda o: PersonFactory(task_force=o.task_force))
    role = Role.MEMBER
    position_title = "Kepala Seksi"
    start_date = datetime.date(2024, 1, 1)


def task_force(code: str) -> TaskForce:
    return TaskForce.objects.select_related("region").get(region__code=code)


def make_member(tf: TaskForce, role: str, username: str | None = None, **kwargs) -> Membership:
    """A current membership on ``tf``; with ``username``, linked to a login account."""
    agency = kwargs.pop("agency", None) or AgencyFactory(task_force=tf)
    person = PersonFactory(task_force=tf, user=UserFactory(username=username) if username else None)
    if role == Role.SUBGT_HEAD and "sub_task_force" not in kwargs:
        kwargs["sub_task_force"] = tf.subgts.first()
    return MembershipFactory(task_force=tf, agency=agency, person=person, role=role, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def demo_signing_files(tmp_path_factory):
    """The demonstration CA and signing certificate (``reports.signing``) of this test
    process, made on first use in a folder of its own: two pytest-xdist workers making
    them at once in ``var/signing/`` could pair one's key with the other's CA."""
    folder = tmp_path_factory.mktemp("signing")
    settings.REPORT_SIGNING_PKCS12 = str(folder / "demo-signer.p12")
    settings.REPORT_SIGNING_TRUST_ROOTS = str(folder / "demo-ca.pem")


# The accessibility summary (tests/e2e/axe.py) is printed here, not in tests/e2e: under
# pytest-xdist only the controller prints, and it collects no tests, so it never loads
# tests/e2e/conftest.py. Each worker sends its findings when it finishes.
def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):
        from tests.e2e import axe

        session.config.workeroutput["axe_findings"] = axe.export_findings()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    from tests.e2e import axe

    axe.merge_findings(getattr(node, "workeroutput", {}).get("axe_findings", {}))


def pytest_terminal_summary(terminalreporter):
    from tests.e2e import axe

    lines = axe.summary_lines()
    if lines:
        terminalreporter.section("accessibility (axe-core, WCAG 2.1 A/AA): violations per rule")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code called directly in a test speaks English, so assertions read the msgids;
    pages keep their own language (Indonesian unless the user chose otherwise)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Nothing cached by one test (RAD figures, suppression patterns) reaches the next,
    whose rows may carry the same ids after a rollback."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


TREE_CODES = {
    "national": "ID",
    "province": "32",
    "district": "32.02",
    "sibling": "32.73",
    "outsider": "21",
}


def load_tree() -> dict[str, TaskForce]:
    """Fresh objects for the five task forces, in one query."""
    by_code = {
        tf.region.code: tf
        for tf in TaskForce.objects.select_related("region").filter(
            region__code__in=TREE_CODES.values()
        )
    }
    return {key: by_code[code] for key, code in TREE_CODES.items()}


def load_migrations_data() -> None:
    """The regions and task forces, by the data migrations' own functions (0002, 0003), if
    the database has none: the suite builds its tables from the models (``--no-migrations``
    in pyproject.toml; tests/gugustugas/test_migrations.py checks that the migrations make
    the same schema and rows), and a transactional test flushes them at its end."""
    from importlib import import_module

    from django.apps import apps

    if not TaskForce.objects.exists():
        for module, function in (
            ("0002_load_regions", "load_regions"),
            ("0003_create_task_forces", "create_task_forces"),
        ):
            getattr(import_module(f"gugustugas.migrations.{module}"), function)(apps, None)


@pytest.fixture
def committed_tree(transactional_db):
    """The task forces, loaded again when an earlier transactional test flushed them away
    (as every transactional test does at its end)."""
    load_migrations_data()
    return load_tree()


def build_users(tree: dict[str, TaskForce]) -> dict[str, int]:
    """One login per role per level, the outsider and the superuser; their ids by name."""
    seats = [(level, role, f"{level}_{role}") for level in LEVEL_CODES for role in ROLES]
    seats.append(("outsider", Role.SECRETARIAT, "outsider_secretariat"))
    result = {}
    for level, role, name in seats:
        result[name] = make_member(tree[level], role, username=name).person.user_id
    result["superuser"] = (
        get_user_model().objects.create_superuser("root", "root@example.id", "x").pk
    )
    return result


def remove_shared_users() -> None:
    """Delete the shared logins with their people, memberships and agencies, for a test
    that needs the database as the migrations left it (the demo seed makes its own
    chairs; a task force has one)."""
    user_ids = list(SHARED.get("users", {}).values())
    memberships = Membership.objects.filter(person__user_id__in=user_ids)
    agency_ids = list(memberships.values_list("agency_id", flat=True))
    memberships.delete()
    Person.objects.filter(user_id__in=user_ids).delete()
    Agency.objects.filter(pk__in=agency_ids).delete()
    get_user_model().objects.filter(pk__in=user_ids).delete()


def postgres_url(name: str) -> str:
    """The URL (``DATABASE_URL``) of the PostgreSQL database ``name`` on the test
    database's server, with its credentials: for the tests that start processes of their
    own or make databases beside the test database."""
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def local_today(request):
    """Sets the ``TODAY`` of the test's module to the local date when the test starts, not
    when the module was imported: a run that crossed midnight in Jakarta (17:00 UTC)
    compared yesterday's date with the code's today. For modules that ask for it
    (``pytest.mark.usefixtures("local_today")``); others pin ``TODAY`` on purpose."""
    from django.utils import timezone

    request.module.TODAY = timezone.localdate()


@contextlib.contextmanager
def connection_to(name: str, alias: str):
    """A connection of its own to the database ``name`` on the test database's server
    (a migrated copy, a backup's source), as ``connections[alias]`` while it is open."""
    from django.db import connections

    wrapper = type(connections["default"])(
        {**connections["default"].settings_dict, "NAME": name}, alias=alias
    )
    connections[alias] = wrapper  # Django looks a connection up by its alias
    try:
        yield wrapper
    finally:
        wrapper.close()
        del connections[alias]


@pytest.fixture(scope="session")
def _migrated_template(django_db_setup, django_db_blocker, tmp_path_factory):
    """A database that ``manage.py migrate`` made, once per test process, as a server's
    would be (a file on SQLite, a database beside the test database on PostgreSQL):
    the template of ``migrated_database``. Migrating took 12-20 s of a core."""
    from django.db import connection

    if connection.vendor == "sqlite":
        name = str(tmp_path_factory.mktemp("migrated") / "template.sqlite3")
        url = f"sqlite:///{name}"
    else:
        name = f"gt_migrated_{uuid.uuid4().hex[:8]}"
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = postgres_url(name)
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "--no-input", "-v0"],
        env=os.environ | {"DJANGO_ENV": "test", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"migrate failed:\n{result.stdout}\n{result.stderr}"
    yield name
    if connection.vendor != "sqlite":
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def migrated_database(_migrated_template, django_db_blocker, tmp_path):
    """The name of a fresh database as ``manage.py migrate`` leaves it (a copy of
    ``_migrated_template``, for this test alone; dropped after it)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        name = str(tmp_path / "migrated.sqlite3")
        shutil.copyfile(_migrated_template, name)
        yield name
        return
    name = f"gt_migrated_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_migrated_template}"')
    yield name
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


# Built once per test session, see ``django_db_setup``.
SHARED: dict[str, dict] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the migrations' rows, plus the shared users, built once per
    session and committed.

    Building 17 logins with their people, agencies and memberships for every test was a
    good part of the suite's time. Every test runs in a transaction that is rolled back,
    so it sees them as they were built. A transactional test (the browser journeys) ends
    by flushing every table: the ``users`` fixture then builds them again for the tests
    that follow it (pytest-django runs those last)."""
    with django_db_blocker.unblock():
        load_migrations_data()
        SHARED["users"] = build_users(load_tree())
        SHARED["sessions"] = {}


@pytest.fixture
def tree(db):
    return load_tree()


@pytest.fixture
def without_shared_users(db):
    """The database as the migrations left it, for this test (rolled back after it)."""
    remove_shared_users()


@pytest.fixture
def demo_rows(db):
    """The demo (``manage.py seed_demo``) in this test's transaction, without the shared
    logins: seeded once per test process, then restored from its snapshot
    (``tests/e2e/snapshot.py``) in about a second instead of 20 s of seeding."""
    from tests.e2e.conftest import seed_demo
    from tests.e2e.snapshot import load_demo

    load_demo(seed=seed_demo)


@pytest.fixture
def users(tree):
    """``users["province_secretariat"]`` etc.: one login per role per level, plus
    ``outsider_secretariat`` (another province) and ``superuser``. Fresh objects for each
    test (nothing cached on them leaks from one test to the next) of the shared rows."""
    ids = SHARED.get("users", {})
    found = get_user_model().objects.in_bulk(ids.values())
    if not ids or len(found) != len(ids):
        # Flushed by a transactional test: build them again, for this session's rest.
        SHARED["users"] = ids = build_users(tree)
        SHARED["sessions"] = {}
        found = get_user_model().objects.in_bulk(ids.values())
    return {name: found[pk] for name, pk in ids.items()}


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def subgt(tree) -> SubTaskForce:
    return tree["province"].subgts.get(kind="prevention")


def _one_page_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# A real one-page PDF: uploads are checked by content (gugustugas.uploads).
PDF_BYTES = _one_page_pdf()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``tests/scheduling.py``, for xdist's default distribution (``-n`` alone)."""
    if config.getoption("dist") == "load":
        from tests.scheduling import BrowserTestsFirst

        return BrowserTestsFirst(config, log)
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests first, after every other plugin's ordering (pytest-django's by
    kind of test): they are the two long work units of ``tests/scheduling.py``; then its
    long single tests."""
    from tests.scheduling import order

    items.sort(key=lambda item: order(item.nodeid))  # stable: order kept
