"""The accessibility gate: axe-core over one page or more per URL pattern (``pages.py``), in
Indonesian at desktop (1366 px) and phone (390 px) width, and in English at desktop width.

A serious or critical violation fails the run, printed with its rule, element and page;
lesser ones are only counted in the summary at the end of the run. The journeys of this
folder are audited as they go (``JourneyAudit`` in ``conftest.py``).

Speed: the demo data is loaded once for this module (not once per test, as the journeys
do), each login gets one browser context that the pages reuse, and a page is loaded once
per language and audited at both widths by resizing the window. Colour contrast, by far
the slowest rule (three quarters to nine tenths of axe's time), depends on colours, not on
words: it runs on the Indonesian pages (the default language), and on the English pages
only with ``A11Y_FULL=1``; every other rule runs in both languages. It checks one element
per look (``axe.LOOKS``), and at phone width only what the desktop layout hid
(``axe.audit_widths``). The phone layout, the same markup and style in either language,
is audited in Indonesian; the English pages at desktop width only (``A11Y_FULL=1``: both).
"""

import copy
import fnmatch
import os

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.test import override_settings
from django.urls import reverse

from gugustugas.demo import DEMO_PASSWORD
from tests.access.test_matrix import url_pattern_names
from tests.e2e import axe
from tests.e2e.conftest import seed_demo
from tests.e2e.pages import EXCLUDED, PAGES, Demo
from tests.e2e.snapshot import load_demo

# What only the phone layout shows, in grey on white (1.6:1), beside text that is as faint
# at every width.
_PHONE_ONLY_FAINT = """<!doctype html><html lang="id"><head><title>Uji</title><style>
  .faint { color: #bbb; background: #fff; }
  @media (min-width: 992px) { .phone-only { display: none; } }
</style></head><body><main><h1>Uji</h1>
  <p class="faint" id="everywhere">Teks pucat di semua lebar</p>
  <p class="faint phone-only" id="phone">Teks pucat di ponsel</p>
</main></body></html>"""


def test_contrast_at_phone_width_checks_what_only_the_phone_shows(page, monkeypatch):
    monkeypatch.setattr(axe, "FINDINGS", copy.deepcopy(axe.FINDINGS))  # not in the summary
    page.set_content(_PHONE_ONLY_FAINT)
    found = [
        (v.target, v.where) for v in axe.audit_widths(page, "[uji") if v.rule == "color-contrast"
    ]
    assert ("#everywhere", "[uji, desktop]") in found
    assert ("#phone", "[uji, phone]") in found
    assert ("#everywhere", "[uji, phone]") not in found  # seen once, at desktop width
    assert page.viewport_size == axe.DESKTOP


# Forty faint rows alike, one fainter, and faint text whose first element is hidden.
_ROWS = "".join(f'<tr><td id="row-{i}">Baris {i}</td></tr>' for i in range(40))
_FAINT_ROWS = f"""<!doctype html><html lang="id"><head><title>Uji</title><style>
  td {{ color: #999; background: #fff; }} .fainter {{ color: #ccc; }}
</style></head><body><main><h1>Uji</h1><table><tbody>
  {_ROWS}<tr><td class="fainter" id="fainter">Lebih pucat</td></tr>
</tbody></table>
  <p style="display: none; color: #aaa">Tersembunyi</p>
  <p style="color: #aaa" id="after">Pucat</p>
</main></body></html>"""


def test_contrast_is_checked_on_one_element_per_look(page, monkeypatch):
    monkeypatch.setattr(axe, "FINDINGS", copy.deepcopy(axe.FINDINGS))  # not in the summary
    page.set_content(_FAINT_ROWS)
    found = {v.target for v in axe.audit_widths(page, "[uji") if v.rule == "color-contrast"}
    assert found == {"#row-0", "#fainter", "#after"}


def test_every_url_pattern_has_an_audited_page_or_a_reason():
    names = url_pattern_names()
    missing = names - PAGES.keys() - EXCLUDED.keys()
    stale = (PAGES.keys() | EXCLUDED.keys()) - names
    both = PAGES.keys() & EXCLUDED.keys()
    assert not missing, (
        f"URL patterns with no page in tests/e2e/pages.py PAGES (or reason in EXCLUDED): "
        f"{sorted(missing)}"
    )
    assert not stale, f"PAGES/EXCLUDED name URL patterns that no longer exist: {sorted(stale)}"
    assert not both, f"both audited and excluded: {sorted(both)}"


@pytest.fixture(autouse=True)
def _live_server_helper(live_server):
    """Replaces pytest-django's helper of that name for this module, which sets the live
    server's settings up around each test: ``demo_site`` does, once for the module."""
    yield


@pytest.fixture(scope="module")
def demo_site(playwright, live_server, django_db_blocker, tmp_path_factory):
    """The demo data, committed, and the paths of the audited pages, for the module
    (what a journey's ``demo_data`` does, once around the module)."""
    live_server._live_server_modified_settings.enable()  # ALLOWED_HOSTS for the server
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("a11y-media"))
    media.enable()

    with django_db_blocker.unblock():
        load_demo(seed=seed_demo)
        demo = Demo()
        # A11Y_ONLY=inbox,oversight audits those URL patterns only (while working on them).
        only = {name for name in os.environ.get("A11Y_ONLY", "").split(",") if name}
        pages = [
            (name, login, build(demo))
            for name, entries in PAGES.items()
            if not only or name in only
            for login, build in entries
        ]
        yield pages
    media.disable()
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def contexts(browser, live_server, demo_site):
    """One browser context per login, logged in once; ``None`` is the anonymous visitor."""
    made = {}

    def context_for(login):
        if login not in made:
            context = browser.new_context(locale="id-ID", viewport=axe.DESKTOP)
            context.set_default_timeout(10_000)
            # axe in every page from its start: half the cost of evaluating it into each.
            context.add_init_script(AXE_SCRIPT)
            # The task count each page fetches (static/js/inbox.js) took the live server
            # longer than the page itself, beside axe: answered in the page with a count,
            # which the badge shows as it shows the server's (the journeys fetch the real
            # one). Not with ``context.route``: routing turns the browser's cache off.
            context.add_init_script(_A_TASK_COUNT % reverse("inbox_count"))
            if login is not None:
                page = context.new_page()
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("main form input[name=username]", login)
                page.fill("main form input[name=password]", DEMO_PASSWORD)
                with page.expect_navigation():
                    page.click("main form button[type=submit]")
                assert "/accounts/login/" not in page.url, f"login as {login} failed"
                page.close()
            made[login] = (context, context.new_page())
        return made[login]

    yield context_for
    for context, _page in made.values():
        context.close()


_A_TASK_COUNT = """(() => {
  const fetch = window.fetch, count = "%s";
  window.fetch = (url, options) => String(url).endsWith(count)
    ? Promise.resolve(Response.json({count: 2, overdue: 1, label: "2 tugas menunggu"}))
    : fetch(url, options);
})();"""


def set_language(context, live_server, language: str) -> None:
    """What the language switch does: the language cookie."""
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


# Each language's pages in two halves, so that pytest-xdist can spread them over its
# workers (each restores the demo data from its snapshot in seconds).
SHARDS = 2


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("language", ["id", "en"])
def test_pages_have_no_serious_accessibility_violations(
    language, shard, demo_site, contexts, live_server
):
    violations = []
    full = language == "id" or os.environ.get("A11Y_FULL") == "1"
    skip = () if full else ("color-contrast",)
    # A11Y_PAGES="meetings:*,taskforce_detail" audits those URL names only (a quick check
    # of the pages one changed; the suite runs them all).
    only = [p for p in os.environ.get("A11Y_PAGES", "").split(",") if p]
    for name, login, path in demo_site[shard::SHARDS]:
        if only and not any(fnmatch.fnmatchcase(name, p) for p in only):
            continue
        context, page = contexts(login)
        set_language(context, live_server, language)
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{name} ({login}): {path} answered {response.status}"
        assert "text/html" in response.headers["content-type"], (
            f"{name}: {path} is not an HTML page; list it in EXCLUDED of tests/e2e/pages.py"
        )
        lang = page.evaluate("document.documentElement.lang")
        assert lang == language, f"{path}: <html lang={lang!r}>, want {language!r}"
        where = f"{path} ({name}, as {login or 'anonymous'}) [{language}"
        violations += axe.audit_widths(page, where, skip, phone_layout=full)
    assert not any(v.fails for v in violations), axe.failures_report(violations)
