"""The statistics cascade in a real browser.

Kab. Sukabumi's secretariat (``sukabumi.sekretariat``) starts a quarter the demo left
empty (the fifth quarter back), enters figures and submits; Jawa Barat's steering chair
(``jabar.pengarah``) returns it with a reason; the district corrects and submits again;
the province accepts. The national daily chair (``nasional.ketuaharian``) then sees the
new total on the national aggregate and the province's completeness table shows the
acceptance; an anonymous visitor's open-data page shows the small counts as "<5".
Selectors avoid visible text: ids, names, URLs and data attributes only.
"""

import pytest
from playwright.sync_api import expect

from gugustugas.models import TaskForce
from monitoring import services
from monitoring.models import QuarterlySubmission

DISTRICT, PROVINCE = "32.02", "32"
GIRLS, WOMEN = 3, 4  # 3 girls: a small count the public must not see
TOTAL = GIRLS + WOMEN


@pytest.fixture
def setup(demo_data):
    year, quarter = services.recent_quarters(5)[0]
    district = TaskForce.objects.get(region__code=DISTRICT)
    province = TaskForce.objects.get(region__code=PROVINCE)
    national = TaskForce.objects.get(region__code="ID")
    assert not QuarterlySubmission.objects.filter(year=year, quarter=quarter).exists()
    return district, province, national, year, quarter


def enter_figures(page, girls: int, women: int, total: int = TOTAL) -> None:
    """Every cell 0, then the victims: girls and women, forced labour, at home."""
    page.eval_on_selector_all("input.count", "els => els.forEach(e => e.value = '0')")
    for measure in ("identified", "assisted"):
        page.fill(f"input[name='{measure}.total']", str(total))
        page.fill(f"input[name='{measure}.sex_age.female_child']", str(girls))
        page.fill(f"input[name='{measure}.sex_age.female_adult']", str(women))
        page.fill(f"input[name='{measure}.exploitation.forced_labour']", str(girls + women))
        page.fill(f"input[name='{measure}.place.domestic']", str(girls + women))
    page.fill("input[name='prosecution.verdicts']", "?")
    with page.expect_navigation():
        page.click("#save-figures")


def take(page, step: str, note: str = "") -> None:
    form = page.locator(f"form[action$='/{step}/']")
    if note:
        form.locator("input[name=note]").fill(note)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def switch(page, live_server, login, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def test_district_to_national_and_open_data(page, live_server, setup, login):
    district, province, national, year, quarter = setup
    login(page, live_server, "sukabumi.sekretariat")
    page.goto(f"{live_server.url}/taskforces/{district.pk}/statistics/")
    page.select_option("select[name=year]", str(year))
    page.select_option("select[name=quarter]", str(quarter))
    with page.expect_navigation():
        page.click("#start-quarter")
    # A breakdown that does not add up is saved as a draft but named.
    enter_figures(page, GIRLS, WOMEN - 1)
    expect(page.locator("#problems")).to_be_visible()
    enter_figures(page, GIRLS, WOMEN)
    submission = QuarterlySubmission.objects.get(task_force=district, year=year, quarter=quarter)
    assert page.url.endswith(submission.get_absolute_url())
    take(page, "submit")
    expect(page.locator("form[action$='/submit/']")).to_have_count(0)

    switch(page, live_server, login, "jabar.pengarah")
    page.goto(live_server.url + submission.get_absolute_url())
    take(page, "return", "Jumlah korban anak perlu dicek ulang dengan UPTD PPA.")
    submission.refresh_from_db()
    assert submission.state == "returned"

    switch(page, live_server, login, "sukabumi.sekretariat")
    page.goto(live_server.url + submission.get_absolute_url())
    page.click("#edit-figures")
    enter_figures(page, GIRLS, WOMEN)
    take(page, "resubmit")

    switch(page, live_server, login, "jabar.pengarah")
    page.goto(
        f"{live_server.url}/taskforces/{province.pk}/statistics/{year}/{quarter}/completeness/"
    )
    row = page.locator(
        "#completeness-rows tr.timeliness-on_time, #completeness-rows tr.timeliness-late"
    )
    expect(row).to_have_count(1)
    accepted = page.locator(".completeness-summary td[data-col=accepted]").first
    expect(accepted).to_have_text("0")
    page.goto(live_server.url + submission.get_absolute_url())
    take(page, "accept")
    submission.refresh_from_db()
    assert submission.state == "accepted"
    page.goto(
        f"{live_server.url}/taskforces/{province.pk}/statistics/{year}/{quarter}/completeness/"
    )
    expect(page.locator(".completeness-summary td[data-col=accepted]").first).to_have_text("1")

    switch(page, live_server, login, "nasional.ketuaharian")
    page.goto(f"{live_server.url}/taskforces/{national.pk}/statistics/{year}/{quarter}/")
    total = page.locator("#aggregate td[data-code='identified.total']").first
    expect(total).to_have_text(str(TOTAL))
    page.goto(
        f"{live_server.url}/taskforces/{national.pk}/statistics/{year}/{quarter}/completeness/"
    )
    expect(page.locator(".completeness-summary td[data-col=accepted]").last).to_have_text("1")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/data/statistics/?year={year}&quarter={quarter}&region={DISTRICT}")
    girls = page.locator("#open-figures td[data-code='identified.sex_age.female_child']").first
    expect(girls).to_have_text("<5")
    expect(page.locator("#suppression-rule")).to_be_visible()
