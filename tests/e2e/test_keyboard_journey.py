"""Keyboard-only journeys: the quarterly progress report and a budget line, completed with
Tab, Shift+Tab, Enter, Space and the arrow keys (no clicks, no ``fill``), and focus on the
first field in error after a refused form (``static/js/app.js``).

Only the login and the first address are set up without the keyboard. Every step checks
where the focus is (``document.activeElement``), so a field that cannot be reached, or a
focus order that skips it, fails the journey.
"""

from decimal import Decimal

from playwright.sync_api import expect

from actionplans.models import ProgressReport, ReviewState
from budgets.models import BudgetLine
from gugustugas.models import TaskForce
from tests.e2e.test_budget_journey import (
    ITEM,
    MEMBER,
    TOTAL,
    member_agency,
    this_year,
    unbudgeted_activity,
)
from tests.e2e.test_progress_journey import PDF_BYTES, SUBGT_HEAD, jabar_plan, section_activity

MAX_TABS = 80


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector)


def outlined(page) -> bool:
    """The focused element draws a visible focus outline (``static/css/app.css``)."""
    return page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2; }"""
    )


def tab_to(page, selector: str, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        if focused(page, selector):
            return
        page.keyboard.press(key)
    active = page.evaluate("document.activeElement?.outerHTML.slice(0, 120)")
    raise AssertionError(f"{selector} not reached with {key} (focus on {active})")


def choose(page, selector: str, value: str) -> None:
    """A focused <select>: arrow keys until it shows ``value`` (Home first, then down)."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    for _ in range(40):
        if page.evaluate("(s) => document.querySelector(s).value", selector) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector}: no option {value!r} reached with the arrow keys")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_progress_report_with_the_keyboard_only(page, live_server, demo_data, login, tmp_path):
    plan = jabar_plan()
    activity = section_activity(plan, "prevention")
    year = plan.end_year
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF_BYTES)
    # Playwright turns on the interception of file dialogs without waiting for the browser
    # to confirm, so a chooser awaited only at the key press can open before it is
    # intercepted on a loaded machine (CI, stop 18). A listener from the start keeps it on.
    page.on("filechooser", lambda chooser: None)
    login(page, live_server, SUBGT_HEAD)
    page.goto(f"{live_server.url}/activities/{activity.pk}/")

    # The first Tab of a page lands on the skip link; Enter moves on into the content.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link"), "the first Tab stop is not the skip link"
    page.keyboard.press("Enter")
    tab_to(page, "main a[href$='/progress/add/']")
    assert outlined(page), "the focused link shows no focus outline"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/activities/{activity.pk}/progress/add/")

    form = "main form[method=post]"
    choose(page, f"{form} select[name=year]", str(year))
    choose(page, f"{form} select[name=quarter]", "2")
    # A number field takes the decimal point whatever the language (the browser drops a
    # typed comma).
    type_into(page, f"{form} input[name=achieved]", "12.5")
    choose(page, f"{form} select[name=status]", "on_track")
    type_into(page, f"{form} textarea[name=narrative]", "Sosialisasi di 12 desa.")
    # Back one field with Shift+Tab: the focus order runs both ways.
    page.keyboard.press("Shift+Tab")
    assert focused(page, f"{form} select[name=status]")
    tab_to(page, f"{form} input[name=evidence]")
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.keyboard.press("Space")  # the file dialog opens from the keyboard
    chooser.value.set_files(str(evidence))
    tab_to(page, f"{form} button[type=submit]")
    assert outlined(page), "the focused submit button shows no focus outline"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{live_server.url}/activities/{activity.pk}/"
    report = ProgressReport.objects.get(activity=activity, year=year, quarter=2)
    assert report.achieved == Decimal("12.5")
    assert report.status == "on_track"
    assert report.review_state == ReviewState.DRAFT
    assert report.evidence.get().original_name == evidence.name


def open_line_form_with_keys(page, live_server, tf, activity, year):
    page.goto(f"{live_server.url}/taskforces/{tf.pk}/budget/?year={year}")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link
    tab_to(page, f"#unbudgeted a[href*='activity={activity.pk}&']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/budget/lines/add/" in page.url


def fill_line_with_keys(page, quantity: str, unit_cost: str) -> None:
    form = "main form[method=post]"
    type_into(page, f"{form} input[name=item]", ITEM)
    type_into(page, f"{form} input[name=unit]", "orang")
    type_into(page, f"{form} input[name=quantity]", quantity)
    type_into(page, f"{form} input[name=unit_cost]", unit_cost)
    choose(page, f"{form} select[name=funding_source]", "apbd_province")
    choose(page, f"{form} select[name=cost_type]", "operational")
    type_into(page, f"{form} textarea[name=justification]", "Pelatihan pra-penempatan.")
    tab_to(page, f"{form} button[type=submit]")


def budget_setup():
    tf = TaskForce.objects.get(region__code="32")
    year = this_year()
    plan = jabar_plan()
    activity = unbudgeted_activity(plan, member_agency(tf), year)
    return tf, activity, year


def test_budget_line_with_the_keyboard_only(page, live_server, demo_data, login):
    tf, activity, year = budget_setup()
    login(page, live_server, MEMBER)
    open_line_form_with_keys(page, live_server, tf, activity, year)
    fill_line_with_keys(page, "156", "1250000")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    line = BudgetLine.objects.get(task_force=tf, fiscal_year=year, activity=activity)
    assert page.url == f"{live_server.url}/budget-lines/{line.pk}/"
    assert line.total == TOTAL
    assert (line.funding_source, line.cost_type) == ("apbd_province", "operational")


def test_focus_moves_to_the_first_error_of_a_refused_form(page, live_server, demo_data, login):
    tf, activity, year = budget_setup()
    login(page, live_server, MEMBER)
    open_line_form_with_keys(page, live_server, tf, activity, year)
    fill_line_with_keys(page, "0", "-5")  # both refused; quantity comes first
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")

    assert navigation.value.status == 200
    form = "main form[method=post]"
    expect(page.locator(f"{form} input[name=quantity]")).to_be_focused()
    expect(page.locator(f"{form} input[name=unit_cost]")).not_to_be_focused()
    # The error is announced with the field: it describes the input.
    described = page.evaluate(
        """(s) => (document.querySelector(s).getAttribute('aria-describedby') || '')
            .split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' ')""",
        f"{form} input[name=quantity]",
    )
    assert described.strip(), "the quantity's error message does not describe the field"
    assert not BudgetLine.objects.filter(activity=activity, fiscal_year=year).exists()
