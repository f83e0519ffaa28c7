"""Browser journeys: Playwright (pytest-playwright) driving Debian's Chromium.

Run with ``DJANGO_ENV=test .venv/bin/python -m pytest tests/e2e``. Without a Chromium
executable the journeys are skipped ("Chromium not installed: apt-get install chromium");
with ``CHROMIUM_REQUIRED=1`` (set in CI) they fail instead, so CI cannot go green by
silently skipping them.

The application runs in pytest-django's ``live_server`` (a thread on an ephemeral port,
unless ``--liveserver`` or DJANGO_LIVE_TEST_SERVER_ADDRESS names one) against the test
database. A live server needs committed data, so a journey's writes are committed
(``transactional_db`` below: not pytest-django's, which empties every table after each
test). A journey's demo data (``demo_data``) comes from its snapshot (``snapshot.py``):
the first journey of a process seeds it on the migrations' data
(``restore_migrations_data``), each next one gets back the tables the last one wrote. The
worker's last browser test leaves the database as the migrations left it, for the tests
after it.
"""

import contextlib
import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections
from django.tasks import TaskResultStatus
from django.urls import Resolver404, resolve
from django_tasks_db.models import DBTaskResult

from gugustugas.demo import DEMO_PASSWORD
from tests.conftest import (
    SHARED,
    build_users,
    load_migrations_data,
    load_tree,
    remove_shared_users,
)
from tests.e2e import axe
from tests.e2e.snapshot import forget_demo, load_demo

# Playwright's sync API runs an asyncio event loop in the test thread; Django's ORM
# would otherwise refuse to run there (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
# Keep a broken page from hanging the run: fail fast instead (milliseconds).
TIMEOUT_MS = 10_000


def chromium_executable() -> str | None:
    """Debian's Chromium, or any ``chromium`` on PATH; None when there is none."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def _in_e2e(item: pytest.Item) -> bool:
    return E2E_DIR in Path(item.path).resolve().parents


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    missing = chromium_executable() is None
    required = os.environ.get("CHROMIUM_REQUIRED") == "1"
    for item in items:
        if not _in_e2e(item):
            continue
        item.add_marker(pytest.mark.e2e)
        # No django_db marker: the fixtures (``demo_data``) request the database, after
        # the browser (``playwright`` below) and the live server.
        if missing and not required:
            item.add_marker(
                pytest.mark.skip(reason="Chromium not installed: apt-get install chromium")
            )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = chromium_executable()
    if executable is None:
        # Only reached with CHROMIUM_REQUIRED=1: the tests were not skipped.
        pytest.fail(
            "Chromium not installed: apt-get install chromium "
            "(CHROMIUM_REQUIRED=1 is set, so the browser tests may not be skipped)",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An Indonesian user's browser, not headless Chromium's "Accept-Language: en-US":
    # the language journey starts from the default "id" whatever the app does with
    # that header.
    # The accessibility audit's desktop width (tests/e2e/axe.py).
    return {**browser_context_args, "locale": "id-ID", "viewport": axe.DESKTOP}


# Page states of the journeys audited so far in this session, by (method, URL name, status,
# language): the login page of every journey is audited once.
_JOURNEY_AUDITED: set[tuple] = set()


class JourneyAudit:
    """Audits every page a journey reaches with ``page.goto`` or ``page.expect_navigation``
    (and the page it ends on), at desktop and phone width, in the journey's language.

    The journeys stay as they are: the two methods are wrapped on this page object only.
    Serious and critical violations fail the journey when it ends (an error at teardown),
    all of them listed with rule, element and page.
    """

    def __init__(self, page):
        self.page = page
        self.violations: list[axe.Violation] = []
        self.last_url = None
        self._goto = page.goto
        self._expect_navigation = page.expect_navigation
        page.goto = self.goto
        page.expect_navigation = self.expect_navigation

    def goto(self, *args, **kwargs):
        response = self._goto(*args, **kwargs)
        self.check(response)
        return response

    @contextlib.contextmanager
    def expect_navigation(self, *args, **kwargs):
        with self._expect_navigation(*args, **kwargs) as info:
            yield info
        self.check(info.value)

    def check(self, response=None) -> None:
        if urlsplit(self.page.url).scheme not in ("http", "https"):
            return  # about:blank (a journey waiting on no page): not the application's
        method = response.request.method if response is not None else "GET"
        status = response.status if response is not None else None
        path = urlsplit(self.page.url).path
        try:
            name = resolve(path).view_name
        except Resolver404:
            name = path
        lang = self.page.evaluate("document.documentElement.lang")
        key = (method, name, status, lang)
        self.last_url = self.page.url
        if key in _JOURNEY_AUDITED:
            return
        _JOURNEY_AUDITED.add(key)
        self.violations += axe.audit_widths(self.page, f"{method} {path} [{lang}")

    def finish(self) -> None:
        url = None if self.page.is_closed() else self.page.url
        if url and url != self.last_url and urlsplit(url).scheme.startswith("http"):
            self.check()
        if any(v.fails for v in self.violations):
            pytest.fail(axe.failures_report(self.violations), pytrace=False)


@pytest.fixture(scope="session")
def _pages_the_audit_covers(request):
    """A page the accessibility audit of this run covers (``test_accessibility.py``: every
    URL name of ``pages.py``, in the languages it runs) is not audited again when a journey
    reaches it with a GET that answers 200; the journeys audit what only they reach (forms
    sent back with errors, other answers, pages outside ``pages.py``)."""
    from tests.e2e.pages import PAGES

    languages = {
        item.callspec.params["language"]
        for item in request.session.items
        if getattr(item, "originalname", "")
        == "test_pages_have_no_serious_accessibility_violations"
    }
    if os.environ.get("A11Y_ONLY") or os.environ.get("A11Y_PAGES"):
        languages = set()  # a partial audit covers only some pages
    _JOURNEY_AUDITED.update(("GET", name, 200, lang) for name in PAGES for lang in languages)


@pytest.fixture
def page(page, _pages_the_audit_covers):
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    journey = JourneyAudit(page)
    yield page
    journey.finish()


# Whether this process started Playwright: without it (Chromium missing, the browser
# tests skipped) nothing emptied the database, and the test database may not exist yet.
_BROWSER = {"started": False}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last browser test before other tests (``tests/scheduling.py`` runs the
    browser tests first), the database as ``django_db_setup`` left it, committed: a
    browser test ends by emptying it, and the tests after it expect the regions, task
    forces and shared logins that every test database starts with."""
    result = yield
    if _BROWSER["started"] and _in_e2e(item) and nextitem is not None and not _in_e2e(nextitem):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_migrations_data()
            # And the shared logins of tests/conftest.py, as ``django_db_setup`` made them.
            SHARED["users"] = build_users(load_tree())
            SHARED["sessions"] = {}
    return result


def restore_migrations_data() -> None:
    """The database as the migrations leave it, committed: every table emptied, then what
    ``post_migrate`` makes (content types, permissions, the queued daily run, the cache
    table) and the regions and task forces (``load_migrations_data``)."""
    forget_demo()
    call_command("flush", verbosity=0, interactive=False)
    ContentType.objects.clear_cache()
    load_migrations_data()


@pytest.fixture(scope="session")
def playwright(django_db_setup, playwright):
    """Playwright after the test database: Django keeps its connections in an
    ``asgiref.local.Local(thread_critical=True)``, per thread while no asyncio loop runs
    but per context while one does, and Playwright's sync API leaves its loop running in
    the test thread from its start to the end of the session. The database made before
    the loop is the one every connection object made after it opens."""
    _BROWSER["started"] = True
    return playwright


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """The test database, every write committed at once (for the live server), and not
    emptied after the test: ``demo_data`` gives the next journey back what this one
    wrote. Replaces pytest-django's fixture of that name in the browser tests (its
    ``live_server`` helper asks for it), whose flush and refill of every table took
    2-3 s per journey on PostgreSQL."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def demo_data(request, playwright, live_server, transactional_db, settings):
    """The demo task forces, members and logins (``manage.py seed_demo``), committed."""
    # The demo creates ~20 logins; PBKDF2 at full strength would take ~0.4 s for each
    # (and again for every login). The live server thread reads the same settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    load_demo(seed=seed_demo)
    yield
    if page is not None and not page.is_closed():
        # What the page still had in flight (every page fetches its task count) is
        # written before the next journey reads which tables were written.
        page.wait_for_load_state("networkidle")


@pytest.fixture
def own_task_queue(demo_data):
    """The task queue with nothing but what the journey queues. The demo leaves three
    report builds, ten step e-mails and the daily round queued for ``make run``'s worker;
    a journey that runs the worker (``run_tasks``) built those reports again each time
    (six PDFs, about 10 s)."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).delete()


def seed_demo() -> None:
    """``manage.py seed_demo`` on the migrations' data (the first journey of a process;
    ``tests/e2e/snapshot.py`` restores what it made for the others)."""
    # Not the suite's shared logins (tests/conftest.py): the demo makes its own chairs,
    # and a task force has one.
    if connections["default"].in_atomic_block:  # in a test's transaction (demo_rows)
        remove_shared_users()
    else:
        restore_migrations_data()
    call_command("seed_demo", stdout=io.StringIO())


def log_in(page, live_server, username: str, password: str = DEMO_PASSWORD):
    """Log in through the login form; return the page, now on the landing page."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"login as {username!r} failed: still on {page.url}")
    return page


@pytest.fixture
def login():
    """The ``login(page, live_server, username)`` helper, for tests to call."""
    return log_in
