"""The statistics pages: the aggregate with drill-down, completeness and timeliness, the
open data; their query counts do not grow with the number of task forces."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gugustugas.models import FormationStatus, TaskForce
from monitoring import services
from monitoring.models import SubmissionState
from tests.monitoring.builders import QUARTER, YEAR, figures, make_submission

S = SubmissionState
pytestmark = pytest.mark.django_db


def test_home_detail_and_form_render(login, tree, users):
    submission = make_submission(tree["district"])
    client = login(users["district_secretariat"])
    assert (
        client.get(reverse("monitoring:statistics_home", args=[tree["district"].pk])).status_code
        == 200
    )
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Submit to the level above" in page
    assert (
        client.get(reverse("monitoring:submission_edit", args=[submission.pk])).status_code == 200
    )


def test_aggregate_counts_accepted_figures_with_a_drill_down(login, tree, users):
    make_submission(tree["district"], S.ACCEPTED, values=figures(12))
    make_submission(tree["sibling"], S.SUBMITTED, values=figures(30))  # not yet counted
    make_submission(tree["province"], S.DRAFT, values=figures(5))
    client = login(users["national_daily_chair"])
    url = reverse("monitoring:aggregate", args=[tree["province"].pk, YEAR, QUARTER])
    page = client.get(url).content.decode()
    assert 'data-code="identified.total" title="count">12<' in page
    national = services.aggregate(tree["national"], YEAR, [QUARTER])
    assert national["identified.total"].value == 12
    rows = {
        r.task_force.region.code: r for r in services.drill_down(tree["national"], YEAR, [QUARTER])
    }
    assert rows["32"].cells["identified.total"].value == 12
    assert rows["21"].cells["identified.total"].state == "not_submitted"
    own = services.aggregate(tree["province"], YEAR, [QUARTER], own_any_state=True)
    assert own["identified.total"].value == 17


def test_completeness_counts_on_time_late_missing(tree):
    TaskForce.objects.filter(region__parent=tree["province"].region).update(
        formation_status=FormationStatus.NOT_FORMED
    )
    TaskForce.objects.filter(pk__in=[tree["district"].pk, tree["sibling"].pk]).update(
        formation_status=FormationStatus.FORMED
    )
    make_submission(tree["district"], S.ACCEPTED)  # submitted within the quarter: on time
    c = services.completeness(tree["province"], YEAR, QUARTER)
    assert (c.expected, c.submitted, c.on_time, c.accepted, c.missing) == (2, 1, 1, 1, 1)


def _spread(count: int):
    """Accepted submissions of ``count`` task forces in all, provinces and districts."""
    regions = TaskForce.objects.exclude(region__level="national").exclude(
        quarterly_submissions__year=YEAR
    )
    done = TaskForce.objects.filter(quarterly_submissions__year=YEAR).count()
    for tf in regions.order_by("region__code")[: count - done]:
        make_submission(tf, S.ACCEPTED)
    TaskForce.objects.update(formation_status=FormationStatus.FORMED)


@pytest.mark.parametrize(
    "name",
    ["monitoring:aggregate", "monitoring:completeness"],
)
def test_national_pages_query_count_does_not_grow(
    name, login, tree, users, django_assert_max_num_queries
):
    client = login(users["national_daily_chair"])
    url = reverse(name, args=[tree["national"].pk, YEAR, QUARTER])
    counts = []
    for count in (3, 30):
        _spread(count)
        client.get(url)  # warm the session and content types
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_open_data_is_public_and_suppressed(client, tree):
    make_submission(tree["district"], S.ACCEPTED, values=figures(12, 6, small_abroad=2))
    make_submission(tree["sibling"], S.ACCEPTED, values=figures(20, 9))
    url = reverse("monitoring:open_data") + f"?year={YEAR}&quarter={QUARTER}&region=32"
    page = client.get(url).content.decode()
    assert "&lt;5" in page
    assert "CC BY 4.0" in page
    data = json.loads(
        client.get(
            reverse("monitoring:open_data_json") + f"?year={YEAR}&quarter={QUARTER}&region=32"
        ).content
    )
    cells = {row["code"]: row for row in data["data"]}
    assert cells["identified.place.abroad"]["status"] == "suppressed"
    assert cells["identified.place.abroad"]["value"] is None
    assert cells["identified.total"]["value"] == 32
    assert cells["identified.exploitation.sexual"]["status"] == "zero"
    assert data["metadata"]["licence"] == "CC BY 4.0"
    csv_text = client.get(
        reverse("monitoring:open_data_csv") + f"?year={YEAR}&quarter={QUARTER}&region=32"
    ).content.decode()
    assert "identified.place.abroad" in csv_text and ",suppressed" in csv_text
    missing = client.get(
        reverse("monitoring:open_data_json") + f"?year={YEAR}&quarter={QUARTER}&region=21"
    )
    assert {row["status"] for row in json.loads(missing.content)["data"]} == {"not_submitted"}
    xlsx = client.get(
        reverse("monitoring:open_data_xlsx") + f"?year={YEAR}&quarter={QUARTER}&region=32"
    )
    assert xlsx.status_code == 200


def test_a_small_count_cannot_be_worked_out_across_levels(tree):
    # Jawa Barat 3 victims, Kepulauan Riau 20: the national total 23 is published, so
    # Kepulauan Riau's total must be hidden too, on its own page as on the national one.
    make_submission(tree["province"], S.ACCEPTED, values=figures(3, 3))
    make_submission(tree["outsider"], S.ACCEPTED, values=figures(20, 9))
    national, rows = services.publication(tree["national"], YEAR, [QUARTER])
    assert national["identified.total"].display == "23"
    by_code = {row.task_force.region.code: row for row in rows}
    assert by_code["32"].cells["identified.total"].display == "<5"
    assert by_code["21"].cells["identified.total"].display == "×"
    kepri = services.public_aggregate(tree["outsider"], YEAR, [QUARTER])
    assert kepri["identified.total"].display == "×"
    # Its only non-zero part would give the hidden total away: hidden as well.
    assert kepri["identified.sex_age.female_adult"].state == "suppressed"


def test_publications_below_one_level_share_its_pattern(tree, monkeypatch):
    # The national level's pattern is worked out once for both provinces' publications,
    # and each still gets the pattern it got alone.
    make_submission(tree["province"], S.ACCEPTED, values=figures(3, 3))
    make_submission(tree["outsider"], S.ACCEPTED, values=figures(20, 9))
    alone = {
        key: services.public_aggregate(tree[key], YEAR, [QUARTER]).cells
        for key in ("province", "outsider")
    }
    cache.clear()
    settled = []
    settle = services._settle_children
    monkeypatch.setattr(
        services, "_settle_children", lambda tf, *a: settled.append(tf.pk) or settle(tf, *a)
    )
    for key in ("province", "outsider"):
        assert services.public_aggregate(tree[key], YEAR, [QUARTER]).cells == alone[key]
    assert settled.count(tree["national"].pk) == 1


def test_the_level_above_sees_who_owes_the_last_quarter(login, tree, users):
    TaskForce.objects.filter(region__parent=tree["province"].region).update(
        formation_status=FormationStatus.NOT_FORMED
    )
    TaskForce.objects.filter(pk=tree["sibling"].pk).update(formation_status=FormationStatus.FORMED)
    year, quarter = services.recent_quarters(1)[0]
    make_submission(tree["sibling"], S.SUBMITTED, year=year, quarter=quarter)  # to review
    page = login(users["province_daily_chair"]).get(reverse("dashboard")).content.decode()
    assert "panel-statistics" in page
    assert reverse("monitoring:completeness", args=[tree["province"].pk, year, quarter]) in page
