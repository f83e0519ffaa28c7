"""How ``make test`` shares the suite between its pytest-xdist workers.

xdist's default ("load") gives each worker long runs of consecutive tests and lets a
worker that is busy with long tests keep up to half of what is left queued. The browser
tests take about half of the suite's time, so the worker that got them held most of
them while the other ran out of work: on two cores one worker sat idle for the last two
thirds of the run (measured with a per-worker timeline).

Here the browser tests go first, as two work units (the accessibility audit's halves, by
its ``-0``/``-1`` parameter, and the journey modules alternately in name order), one per
worker, each run in collection order as before; then the few long single tests
(``LONG``); every other test is a unit of its own, given to whichever worker has almost
nothing queued. A worker's tests stay in collection order, so a module's fixtures are
still set up at most once per worker.

xdist's own ``--dist loadgroup`` would do the grouping from markers, but with pytest 9 it
cannot rename the tests' ids it groups by, so it groups nothing.
"""

from __future__ import annotations

from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

E2E = "tests/e2e/"
AUDIT = E2E + "test_accessibility.py"
GROUPS = ("browser-a", "browser-b")
JOURNEYS = sorted(
    E2E + path.name
    for path in (Path(__file__).resolve().parent / "e2e").glob("test_*.py")
    if E2E + path.name != AUDIT
)


# The tests of a database that ``manage.py migrate`` made (10-20 s, once per process:
# ``migrated_database`` in tests/conftest.py): one work unit, so the database is migrated
# once, right after the browser tests, so that it is not the last unit of a worker while
# the other has finished.
LONG = ("tests/gugustugas/test_backup.py", "tests/gugustugas/test_migrations.py")
MIGRATED = "migrated"


def order(nodeid: str) -> int:
    """Where a test goes in the run: the browser tests, the long ones, the rest."""
    if browser_group(nodeid) is not None:
        return 0
    return 1 if nodeid.split("::", 1)[0] in LONG else 2


def browser_group(nodeid: str) -> str | None:
    """The work unit of a browser test, None for any other test."""
    module = nodeid.split("::", 1)[0]
    if module == AUDIT:
        return GROUPS[nodeid.endswith("-1]")]
    if module in JOURNEYS:
        return GROUPS[JOURNEYS.index(module) % 2]
    return None


class BrowserTestsFirst(LoadScopeScheduling):
    """Scopes: the two browser groups, the migrated database's tests, else each test
    alone (collection order, which ``tests/conftest.py`` starts with the browser tests)."""

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.split("::", 1)[0] in LONG:
            return MIGRATED
        return browser_group(nodeid) or nodeid
