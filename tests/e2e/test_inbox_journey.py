"""“Tugas saya” and the oversight tables in a real browser.

Jawa Barat's steering chair (``jabar.pengarah``) opens his dashboard, finds the submitted
progress reports in "My work", accepts one and returns one with a reason, each in two
clicks from the dashboard (the item, then the step's button on the activity's page). The
Kepala Sub-GT (``jabar.subgt``), who submitted them, then finds the returned one with its
reason in "My work", first on his dashboard. The national secretariat sorts the
provinces by overdue activities and opens the worst. Selectors avoid visible text: ids,
URLs and data attributes only.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from playwright.sync_api import expect

from actionplans.models import ProgressReport, ReviewState
from gugustugas import access, oversight
from gugustugas.models import TaskForce

REASON = "Lampirkan daftar hadir sosialisasi."


@pytest.fixture
def waiting(demo_data):
    """Two of Jawa Barat's submitted prevention reports, reported by the Kepala Sub-GT and
    waiting longest (so they are among the dashboard's first items)."""
    subgt_head = get_user_model().objects.get(username="jabar.subgt")
    reports = list(
        ProgressReport.objects.filter(
            review_state=ReviewState.SUBMITTED,
            activity__section__plan__task_force__region__code="32",
            activity__section__sub_task_force__kind="prevention",
        ).order_by("pk")[:2]
    )
    assert len(reports) == 2, "the demo has no submitted prevention reports in Jawa Barat"
    long_ago = timezone.now() - datetime.timedelta(days=60)
    ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        reported_by=subgt_head, reported_at=long_ago
    )
    return reports


def open_item(page, live_server, report):
    """Click 1: the report's item in "My work" on the dashboard."""
    page.goto(f"{live_server.url}/")
    card = page.locator("#my-work")
    expect(card).to_be_visible()
    link = card.locator(f"a[data-test=inbox-progress_review][href$='#report-{report.pk}']")
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/activities/{report.activity_id}/#report-{report.pk}")
    return page.locator(f"#report-{report.pk}")


def test_steering_chair_accepts_and_returns_from_my_work(page, live_server, login, waiting):
    accepted, returned = waiting
    login(page, live_server, "jabar.pengarah")

    row = open_item(page, live_server, accepted)
    with page.expect_navigation() as navigation:
        row.locator("[data-test=progress-accept]").click()  # click 2
    assert navigation.value.status == 200
    accepted.refresh_from_db()
    assert accepted.review_state == ReviewState.ACCEPTED

    row = open_item(page, live_server, returned)
    row.locator("form[action$='/return/'] input[name=note]").fill(REASON)
    with page.expect_navigation():
        row.locator("[data-test=progress-return]").click()  # click 2
    returned.refresh_from_db()
    assert returned.review_state == ReviewState.RETURNED
    assert returned.return_reason == REASON

    # Neither waits for him any more.
    page.goto(f"{live_server.url}/")
    for report in waiting:
        expect(page.locator(f"#my-work a[href$='#report-{report.pk}']")).to_have_count(0)

    # The Kepala Sub-GT finds it returned, with the reason, first on his dashboard.
    page.context.clear_cookies()
    login(page, live_server, "jabar.subgt")
    page.goto(f"{live_server.url}/")
    first = page.locator("main > *:not(h1)").first
    expect(first).to_have_attribute("id", "my-work")
    item = first.locator(".inbox-item", has=page.locator("[data-test=inbox-progress_returned]"))
    expect(item).to_have_count(1)
    expect(item.locator("[data-test=inbox-reason]")).to_contain_text(REASON)
    expect(item.locator("a[data-test=inbox-progress_returned]")).to_have_attribute(
        "href", f"/progress/{returned.pk}/edit/"
    )
    badge = page.locator("[data-test=nav-inbox] [data-inbox-count]")
    expect(badge).not_to_have_text("")


def test_national_secretariat_sorts_provinces_by_overdue_and_opens_the_worst(
    page, live_server, login, demo_data
):
    user = get_user_model().objects.get(username="nasional.sekretariat")
    national = TaskForce.objects.select_related("region").get(region__code="ID")
    below = list(
        access.visible(user, TaskForce.objects.children_of(national)).select_related("region")
    )
    with translation.override("id"):  # the page speaks Indonesian
        table = oversight.module("plans").build(user, national, below, timezone.localdate())
    worst = max(
        below, key=lambda tf: (table.cell(tf.pk, "overdue").value or -1, -len(tf.region.code))
    )
    top = table.cell(worst.pk, "overdue").value
    assert top and top > 0, "the demo has no province with overdue activities"

    login(page, live_server, "nasional.sekretariat")
    page.goto(f"{live_server.url}/")
    with page.expect_navigation():
        page.locator("[data-test=oversight-link-plans]").first.click()
    rows = page.locator("#oversight-table tbody tr")
    expect(rows).to_have_count(38)

    with page.expect_navigation():
        page.locator("[data-test=sort-overdue]").click()
    header = page.locator("#oversight-table th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "descending")
    first = rows.first
    first_cells = first.locator("td")
    overdue_column = 4  # plan, status, activities, progress, overdue
    expect(first_cells.nth(overdue_column)).to_contain_text(str(top))
    expect(first_cells.nth(overdue_column)).to_have_class("table-danger text-end")
    expect(first_cells.nth(overdue_column)).to_have_attribute("title", table.rules[1])

    region_code = first.get_attribute("data-region")
    opened = TaskForce.objects.get(region__code=region_code)
    assert table.cell(opened.pk, "overdue").value == top
    with page.expect_navigation():
        first.locator("th a").click()
    assert page.url == f"{live_server.url}{opened.get_absolute_url()}"
