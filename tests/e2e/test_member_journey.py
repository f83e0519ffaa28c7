"""Member journeys in a real browser: appoint a member, form errors, scope, language.

Selectors avoid visible text (the UI is Indonesian by default and translations change):
ids, names, URLs and form field names only.
"""

import datetime
import re

from playwright.sync_api import expect

from gugustugas.models import Role, TaskForce
from members.models import Membership, Person

JABAR = "32"
SUKABUMI = "32.02"
BANDUNG = "32.73"
START = datetime.date(2025, 2, 3)  # in the past: the new seat is current today

MAIN_FORM = "main form[method=post]"


def task_force(code: str) -> TaskForce:
    return TaskForce.objects.get(region__code=code)


def open_add_member_form(page, live_server, tf: TaskForce):
    """From the task force page, follow the add-member link to the form."""
    page.goto(f"{live_server.url}/taskforces/{tf.pk}/")
    link = page.locator("main a[href$='/members/add/']").first
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    assert page.url == f"{live_server.url}/taskforces/{tf.pk}/members/add/"
    return page.locator(MAIN_FORM)


def choose_first_agency(form) -> str:
    """Select the first real agency of the task force; return its option value."""
    value = form.locator("select[name=agency] option:not([value=''])").first.get_attribute("value")
    assert value, "the task force has no agencies to choose from"
    form.locator("select[name=agency]").select_option(value)
    return value


def test_secretariat_adds_a_new_member(page, live_server, demo_data, login):
    tf = task_force(JABAR)
    before = Membership.objects.filter(task_force=tf).count()
    login(page, live_server, "jabar.sekretariat")

    form = open_add_member_form(page, live_server, tf)
    form.locator("input[name=full_name]").fill("Ayu Kartika Lestari")
    form.locator("input[name=honorific]").fill("S.H.")
    form.locator("input[name=email]").fill("ayu.lestari@example.org")
    form.locator("input[name=phone]").fill("0812-3456-7890")
    form.locator("select[name=role]").select_option(Role.MEMBER.value)
    agency = choose_first_agency(form)
    form.locator("input[name=position_title]").fill("Analis Kebijakan Perlindungan Anak")
    form.locator("input[name=start_date]").fill(START.isoformat())
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()

    assert navigation.value.status == 200
    assert page.url == f"{live_server.url}/taskforces/{tf.pk}/"
    expect(page.locator("#current-members")).to_contain_text("Ayu Kartika Lestari")

    # And it is really stored, as a current member seat of this task force.
    assert Membership.objects.filter(task_force=tf).count() == before + 1
    seat = Membership.objects.get(task_force=tf, person__full_name="Ayu Kartika Lestari")
    assert seat.role == Role.MEMBER
    assert str(seat.agency_id) == agency
    assert seat.position_title == "Analis Kebijakan Perlindungan Anak"
    assert seat.start_date == START
    assert seat.end_date is None
    assert seat.person.task_force_id == tf.pk


def test_member_form_without_a_name_shows_a_field_error(page, live_server, demo_data, login):
    tf = task_force(JABAR)
    people_before = Person.objects.filter(task_force=tf).count()
    seats_before = Membership.objects.filter(task_force=tf).count()
    login(page, live_server, "jabar.sekretariat")

    form = open_add_member_form(page, live_server, tf)
    assert form.locator("select[name=existing_person]").input_value() == ""
    form.locator("input[name=full_name]").fill("")
    form.locator("select[name=role]").select_option(Role.MEMBER.value)
    choose_first_agency(form)
    form.locator("input[name=position_title]").fill("Staf")
    form.locator("input[name=start_date]").fill(START.isoformat())
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()

    response = navigation.value
    assert response.status == 200, f"expected the form again, got HTTP {response.status}"
    assert page.url == f"{live_server.url}/taskforces/{tf.pk}/members/add/"
    expect(page.locator(f"{MAIN_FORM} .invalid-feedback").first).to_be_visible()
    expect(page.locator(f"{MAIN_FORM} input[name=full_name]")).to_have_class(
        re.compile(r"\bis-invalid\b")
    )
    assert Person.objects.filter(task_force=tf).count() == people_before
    assert Membership.objects.filter(task_force=tf).count() == seats_before


def test_district_user_cannot_see_a_sibling_task_force(page, live_server, demo_data, login):
    login(page, live_server, "sukabumi.sekretariat")

    other = page.goto(f"{live_server.url}/taskforces/{task_force(BANDUNG).pk}/")
    assert other.status == 404

    own_tf = task_force(SUKABUMI)
    own = page.goto(f"{live_server.url}/taskforces/{own_tf.pk}/")
    assert own.status == 200
    expect(page.locator("#current-members")).to_be_visible()


def test_language_switch(page, live_server, demo_data, login):
    login(page, live_server, "jabar.sekretariat")
    url = f"{live_server.url}/taskforces/{task_force(JABAR).pk}/"
    page.goto(url)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")

    with page.expect_navigation():
        page.locator("#language").select_option("en")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("#language")).to_have_value("en")
    assert page.url == url  # back where we were

    # The choice sticks on the next page ...
    page.goto(f"{live_server.url}/taskforces/")
    expect(html).to_have_attribute("lang", "en")

    # ... and switching back works as well.
    with page.expect_navigation():
        page.locator("#language").select_option("id")
    expect(html).to_have_attribute("lang", "id")
    expect(page.locator("#language")).to_have_value("id")
