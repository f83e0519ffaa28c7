"""The M&E page of a task force: RAD progress by section, meetings held against those
required (one rule, ``meetings.cadence.held_against_required``), the latest checklist
scores, and the task forces below in a query count that does not grow with them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gugustugas.models import TaskForce
from meetings.cadence import held_against_required
from meetings.models import Kind
from tests.meetings.builders import make_meeting
from tests.monitoring.builders_forms import enacted_plan, make_assessment


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def test_meetings_held_against_required(tree):
    province = tree["province"]
    now = timezone.make_aware(datetime.datetime(2026, 6, 15, 12))
    for days in (-120, -30):
        make_meeting(province, Kind.OVERALL, starts_at=now + datetime.timedelta(days=days))
    make_meeting(province, Kind.OVERALL, starts_at=now + datetime.timedelta(days=10))  # later
    make_meeting(
        province, Kind.OVERALL, starts_at=now - datetime.timedelta(days=3), cancelled_at=now
    )
    make_meeting(province, Kind.OVERALL, starts_at=now.replace(year=2025))  # another year
    make_meeting(province, Kind.SUBGT, starts_at=now - datetime.timedelta(days=5))
    counts = {c.kind: c for c in held_against_required([province], 2026, now)[province.pk]}
    subgts = province.subgts.count()
    assert (counts[Kind.OVERALL].held, counts[Kind.OVERALL].required) == (2, 2)  # 6 months
    assert (counts[Kind.SUBGT].held, counts[Kind.SUBGT].required) == (1, 6 * subgts)
    assert (counts[Kind.PROVINCIAL].held, counts[Kind.PROVINCIAL].required) == (0, 1)
    district = held_against_required([tree["district"]], 2025, now)[tree["district"].pk]
    assert [c.kind for c in district] == [Kind.OVERALL, Kind.SUBGT]  # no yearly meeting
    assert district[0].required == 3  # a past year: all 12 months


def test_the_page_shows_the_charts_with_a_text_alternative(login, users, tree):
    province = tree["province"]
    enacted_plan(province)
    make_assessment(province, datetime.date(2025, 1, 1))
    make_assessment(tree["district"], datetime.date(2025, 1, 1))
    response = login(users["national_member"]).get(
        reverse("monitoring:overview", args=[province.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    for title in (
        "Progress per section",
        "Meetings held against those required this year",
        "Checklist score per stage",
    ):
        assert f">{title}</title>" in html
    assert "<desc" in html and "Formation: 100 %" in html
    below = {row.pk: row for row in response.context["below"]}
    assert below[tree["district"].pk].score_list[0] == 100
    assert below[tree["sibling"].pk].scores is None
    page = login(users["province_member"]).get(province.get_absolute_url()).content.decode()
    assert reverse("monitoring:overview", args=[province.pk]) in page


def test_the_national_page_does_not_grow_with_the_provinces(login, users, tree):
    client = login(users["national_secretariat"])
    url = reverse("monitoring:overview", args=[tree["national"].pk])
    provinces = list(TaskForce.objects.filter(region__level="province").order_by("pk")[:9])
    make_assessment(provinces[0], datetime.date(2025, 1, 1))
    make_meeting(provinces[0], Kind.OVERALL, datetime.timedelta(days=-5))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for province in provinces[1:]:
        make_assessment(province, datetime.date(2025, 1, 1))
        make_meeting(province, Kind.OVERALL, datetime.timedelta(days=-5))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
