"""The report's statistics are the monitoring module's: the internal edition shows the
aggregate page's figures, the public edition the open data's suppressed ones."""

import re

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from monitoring.models import SubmissionState
from reports import pdf, sections
from reports.models import Edition
from tests.monitoring.builders import QUARTER, YEAR, figures, make_submission
from tests.reports.builders import make_report

pytestmark = pytest.mark.django_db
CELL = re.compile(r'data-code="([^"]+)" title="[^"]*">([^<]*)<')


def test_report_statistics_agree_with_the_aggregate_page_and_the_open_data(
    login, tree, users, client
):
    cache.clear()
    make_submission(tree["district"], SubmissionState.ACCEPTED, values=figures(12, 6, 2))
    make_submission(tree["sibling"], SubmissionState.ACCEPTED, values=figures(20, 9))
    report = make_report(tree["province"], year=YEAR)
    snapshot = sections.build_snapshot(report)
    assert snapshot["parts"]["statistics"]["has_data"]

    internal = sections.for_edition(snapshot, public=False)["parts"]["statistics"]["years"][0]
    page = login(users["national_daily_chair"]).get(
        reverse("monitoring:aggregate", args=[tree["province"].pk, YEAR, QUARTER])
    )
    on_page = dict(CELL.findall(page.content.decode()))
    assert on_page["identified.total"] == "32"
    for code, shown in on_page.items():
        assert internal["cells"][code][0] == shown, code

    client.logout()
    public = sections.for_edition(snapshot, public=True)["parts"]["statistics"]["years"][0]
    open_data = client.get(
        reverse("monitoring:open_data") + f"?year={YEAR}&quarter={QUARTER}&region=32"
    ).content.decode()
    published = dict(CELL.findall(open_data))
    small = {code for code, shown in published.items() if shown == "&lt;5"}
    assert small
    assert {code for code, (shown, _state) in public["cells"].items() if shown == "<5"} == small
    for code in small:
        assert internal["cells"][code][0] not in ("<5", "×")  # the internal edition: in full

    report.snapshot = snapshot
    html = render_to_string("reports/parts/part.html", _part(report, snapshot, Edition.PUBLIC))
    assert 'data-code="identified.place.abroad">&lt;5<' in html
    html = render_to_string("reports/parts/part.html", _part(report, snapshot, Edition.INTERNAL))
    assert 'data-code="identified.place.abroad">2<' in html


def _part(report, snapshot, edition) -> dict:
    context = pdf.context(report, snapshot, edition)
    context["part"] = next(p for p in context["parts"] if p["key"] == "statistics")
    return context
