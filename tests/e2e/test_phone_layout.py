"""Phones (issue 13, item 6): at 390 px no figure is cut. On the dashboard, a plan page, a
budget page and the progress form, no element reaches past the right edge of the screen
unless it sits in a box that scrolls sideways (a wide table, a chart), the page itself
does not scroll sideways, chart labels are at least 11 px and form fields stand in one
column. The same pages at 1366 px: the task-force menu beside them, no table clipped.
"""

import pytest
from django.utils import timezone

from actionplans.models import ActionPlan, Activity
from gugustugas.models import TaskForce

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SUBGT_HEAD = "jabar.subgt"  # reports progress on the prevention section

# Elements whose right edge passes the screen's, outside any box that scrolls or clips.
OVERFLOWING = """
() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) return true;
      if (style.display === "none") return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (el.closest(".visually-hidden")) continue;  // clipped to 1 px for screen readers
    if (box.right > width + 1 && !clipped(el)) {
      found.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`
        + ` right=${Math.round(box.right)} "${(el.textContent || "").trim().slice(0, 40)}"`);
    }
  }
  return {found: found.slice(0, 15), scrollWidth: document.documentElement.scrollWidth, width};
}
"""

SMALL_CHART_TEXT = """
() => Array.from(document.querySelectorAll("svg.chart text"))
  .filter((t) => t.getBoundingClientRect().height > 0)
  .map((t) => parseFloat(getComputedStyle(t).fontSize) *
    (t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width))
  .filter((size) => size < 10.9)
"""

# Boxes that would have to scroll to show their whole table: clipped at this width.
CLIPPED_TABLES = """
() => Array.from(document.querySelectorAll("main .table-responsive"))
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => (box.getAttribute("aria-label") || box.id || "table") +
    ` ${box.scrollWidth}>${box.clientWidth}`)
"""

FIELDS_SIDE_BY_SIDE = """
() => {
  const rows = new Map();
  const selector = "main form .form-control, main form .form-select";
  for (const field of document.querySelectorAll(selector)) {
    const box = field.getBoundingClientRect();
    if (!box.width) continue;
    const key = Math.round(box.top);
    rows.set(key, (rows.get(key) || 0) + 1);
  }
  return Array.from(rows.values()).filter((n) => n > 1).length;
}
"""


@pytest.fixture
def pages(demo_data):
    tf = TaskForce.objects.get(region__code="32")
    plan = ActionPlan.objects.get(task_force=tf, status="enacted")
    activity = (
        Activity.objects.filter(section__plan=plan, section__sub_task_force__kind="prevention")
        .order_by("code")
        .first()
    )
    year = timezone.localdate().year
    return {
        "dashboard": "/",
        "plan": f"/plans/{plan.pk}/",
        "budget": f"/taskforces/{tf.pk}/budget/?year={year}",
        "progress form": f"/activities/{activity.pk}/progress/add/",
    }


def check_page(page, live_server, path: str, viewport: dict) -> None:
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, f"{path}: HTTP {response.status}"
    # After the journey's accessibility audit, which ends at desktop width.
    page.set_viewport_size(viewport)
    page.wait_for_timeout(100)
    result = page.evaluate(OVERFLOWING)
    assert not result["found"], f"{path}: past the screen's edge: {result['found']}"
    assert result["scrollWidth"] <= result["width"] + 1, f"{path}: the page scrolls sideways"


def test_no_element_overflows_a_phone_screen(page, live_server, login, pages):
    login(page, live_server, SUBGT_HEAD)
    for name, path in pages.items():
        check_page(page, live_server, path, PHONE)
        assert page.evaluate(SMALL_CHART_TEXT) == [], f"{name}: chart labels under 11 px"
        if name == "progress form":
            assert page.evaluate(FIELDS_SIDE_BY_SIDE) == 0, "form fields side by side"
            # The menu is folded on a phone, one tap away.
            assert not page.locator("#tf-menu-links").is_visible()


def test_at_desktop_width_the_menu_is_beside_the_page_and_nothing_is_clipped(
    page, live_server, login, pages
):
    login(page, live_server, SUBGT_HEAD)
    for path in (pages["budget"], pages["plan"]):
        check_page(page, live_server, path, DESKTOP)
        assert page.locator("#tf-menu-links").is_visible()
        current = page.locator("#tf-menu-links [aria-current]")
        assert current.count() == 1
    # The budget page's tables fit a 1366 px screen beside the menu, none cut.
    check_page(page, live_server, pages["budget"], DESKTOP)
    assert page.evaluate(CLIPPED_TABLES) == []
