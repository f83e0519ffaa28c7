"""Budget journeys in a real browser: a member budgets an unbudgeted activity, bad amounts.

In the demo data the Jawa Barat RAD 2025–2029 is enacted and has budget lines for last
year and this year, with some of this year's activities left unbudgeted. ``jabar.anggota``
sits on the task force for Disnakertrans and may add lines for that agency only.
Selectors avoid visible text: ids, names, URLs and form field names only.
"""

import re

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from actionplans.models import ActionPlan, Activity
from budgets.models import BudgetLine
from gugustugas.models import TaskForce
from members.models import Agency, Membership

JABAR = "32"
MEMBER = "jabar.anggota"
MAIN_FORM = "main form[method=post]"

ITEM = "Pelatihan calon pekerja migran (narasumber, konsumsi, bahan)"
UNIT = "orang"
QUANTITY = "156"
UNIT_COST = "1250000"
TOTAL = 195_000_000  # 156 × Rp 1.250.000
TOTAL_TEXT = "195.000.000"


def this_year() -> int:
    return timezone.localdate().year


def member_agency(tf: TaskForce) -> Agency:
    """The agency ``jabar.anggota`` currently sits on the task force for."""
    seat = (
        Membership.objects.current(timezone.localdate())
        .select_related("agency")
        .get(task_force=tf, person__user__username=MEMBER)
    )
    assert seat.agency is not None, f"{MEMBER} sits for no agency"
    assert seat.agency.short_name == "Disnakertrans", seat.agency.short_name
    return seat.agency


def unbudgeted_activity(plan: ActionPlan, agency: Agency, year: int) -> Activity:
    """An activity of the plan, running in ``year``, that ``agency`` is responsible for and
    that has no budget line that year (made so here, through the ORM)."""
    running = (
        Activity.objects.filter(section__plan=plan)
        .filter(
            Q(start_date__isnull=True) | Q(start_date__year__lte=year),
            Q(end_date__isnull=True) | Q(end_date__year__gte=year),
        )
        .order_by("code", "pk")
    )
    activity = running.filter(responsible_agency=agency).first()
    if activity is None:
        activity = running.first()
        assert activity is not None, f"the demo plan has no activity running in {year}"
        activity.responsible_agency = agency
        activity.save(update_fields=["responsible_agency"])
    BudgetLine.objects.filter(activity=activity, fiscal_year=year).delete()
    return activity


@pytest.fixture
def setup(demo_data):
    """(task force, member's agency, activity to budget, year), ready before the browser."""
    tf = TaskForce.objects.get(region__code=JABAR)
    plan = ActionPlan.objects.get(task_force=tf, status="enacted")
    year = this_year()
    assert plan.start_year <= year <= plan.end_year, (plan.start_year, plan.end_year)
    agency = member_agency(tf)
    activity = unbudgeted_activity(plan, agency, year)
    return tf, agency, activity, year


def budget_url(live_server, tf: TaskForce, year: int) -> str:
    return f"{live_server.url}/taskforces/{tf.pk}/budget/?year={year}"


def rupiah_amount(text: str) -> int:
    """``Rp 1.234.567`` -> 1234567."""
    assert re.fullmatch(r"\s*-?Rp\s*[\d.]+\s*", text), f"not a rupiah amount: {text!r}"
    return int(re.sub(r"\D", "", text)) * (-1 if "-" in text else 1)


def open_budget(page, live_server, tf: TaskForce, year: int):
    response = page.goto(budget_url(live_server, tf, year))
    assert response.status == 200, f"budget page: HTTP {response.status}"
    expect(page.locator("#unbudgeted")).to_be_visible()
    expect(page.locator("#total-planned")).to_be_visible()


def add_line_link(page, activity: Activity):
    return page.locator(f"#unbudgeted a[href*='activity={activity.pk}&']")


def open_add_line_form(page, live_server, tf, agency, activity, year):
    """Budget page -> the activity's "add a line" link in ``#unbudgeted``; return the form."""
    open_budget(page, live_server, tf, year)
    link = add_line_link(page, activity)
    expect(link).to_have_count(1)
    # The activity itself is listed as well, linked to its page.
    expect(page.locator(f"#unbudgeted a[href='/activities/{activity.pk}/']")).to_have_count(1)
    href = link.get_attribute("href")
    assert href.startswith(f"/taskforces/{tf.pk}/budget/lines/add/?"), href
    assert f"fiscal_year={year}" in href, href
    assert f"agency={agency.pk}" in href, href
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200
    assert page.url.startswith(f"{live_server.url}/taskforces/{tf.pk}/budget/lines/add/?")

    form = page.locator(MAIN_FORM)
    # Prefilled from the link: agency, activity and fiscal year.
    expect(form.locator("select[name=agency]")).to_have_value(str(agency.pk))
    expect(form.locator("select[name=activity]")).to_have_value(str(activity.pk))
    expect(form.locator("[name=fiscal_year]")).to_have_value(str(year))
    # A member is offered his own agency only.
    expect(form.locator("select[name=agency] option:not([value=''])")).to_have_count(1)
    return form


def fill_line(form, quantity: str, unit_cost: str) -> None:
    form.locator("input[name=item]").fill(ITEM)
    form.locator("input[name=unit]").fill(UNIT)
    form.locator("input[name=quantity]").fill(quantity)
    form.locator("input[name=unit_cost]").fill(unit_cost)
    form.locator("select[name=funding_source]").select_option("apbd_province")
    form.locator("select[name=cost_type]").select_option("operational")
    form.locator("textarea[name=justification]").fill(
        "Pelatihan pra-penempatan bagi calon pekerja migran dari kabupaten kantong PMI."
    )


def test_member_budgets_an_unbudgeted_activity(page, live_server, setup, login):
    tf, agency, activity, year = setup
    lines_before = BudgetLine.objects.filter(task_force=tf, fiscal_year=year).count()
    login(page, live_server, MEMBER)

    open_budget(page, live_server, tf, year)
    planned_before = rupiah_amount(page.locator("#total-planned").inner_text())
    form = open_add_line_form(page, live_server, tf, agency, activity, year)
    fill_line(form, QUANTITY, UNIT_COST)
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").first.click()

    assert navigation.value.status == 200
    line = BudgetLine.objects.get(task_force=tf, fiscal_year=year, activity=activity)
    assert page.url == f"{live_server.url}/budget-lines/{line.pk}/"
    expect(page.locator("#calculation")).to_contain_text(TOTAL_TEXT)
    expect(page.locator("#calculation")).to_contain_text("1.250.000")

    # Stored as a proposed line of his agency, with the total computed.
    assert line.total == TOTAL
    assert line.agency_id == agency.pk
    assert line.item == ITEM
    assert line.unit == UNIT
    assert line.quantity == 156
    assert line.unit_cost == 1_250_000
    assert line.funding_source == "apbd_province"
    assert line.cost_type == "operational"
    assert line.status == "proposed"
    assert BudgetLine.objects.filter(task_force=tf, fiscal_year=year).count() == lines_before + 1

    # Back on the budget page the activity is budgeted, and the total grew by the line.
    open_budget(page, live_server, tf, year)
    expect(add_line_link(page, activity)).to_have_count(0)
    expect(page.locator(f"#unbudgeted a[href='/activities/{activity.pk}/']")).to_have_count(0)
    planned_after = rupiah_amount(page.locator("#total-planned").inner_text())
    assert planned_after - planned_before == TOTAL, (planned_before, planned_after)


@pytest.mark.parametrize(
    ("field", "quantity", "unit_cost"),
    [("quantity", "0", UNIT_COST), ("unit_cost", QUANTITY, "-5")],
    ids=["zero-quantity", "negative-unit-cost"],
)
def test_bad_amounts_are_refused(page, live_server, setup, login, field, quantity, unit_cost):
    tf, agency, activity, year = setup
    lines_before = BudgetLine.objects.count()
    login(page, live_server, MEMBER)

    form = open_add_line_form(page, live_server, tf, agency, activity, year)
    form_url = page.url
    fill_line(form, quantity, unit_cost)
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").first.click()

    response = navigation.value
    assert response.status == 200, f"expected the form again, got HTTP {response.status}"
    assert page.url == form_url
    expect(page.locator(f"{MAIN_FORM} .invalid-feedback").first).to_be_visible()
    expect(page.locator(f"{MAIN_FORM} input[name={field}]")).to_have_class(
        re.compile(r"\bis-invalid\b")
    )
    # What was typed is kept.
    expect(page.locator(f"{MAIN_FORM} input[name=item]")).to_have_value(ITEM)

    assert BudgetLine.objects.count() == lines_before
    assert not BudgetLine.objects.filter(activity=activity, fiscal_year=year).exists()
    # Still unbudgeted.
    open_budget(page, live_server, tf, year)
    expect(add_line_link(page, activity)).to_have_count(1)
