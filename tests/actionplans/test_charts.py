"""The SVG charts are named images followed by their figures as a table for screen readers."""

import re
from decimal import Decimal

from django.template import engines
from django.utils import translation

from actionplans.charts import progress_bars, quarterly_chart


def test_progress_chart_has_a_title_and_its_figures_as_a_table():
    html = str(progress_bars([("Pencegahan", Decimal("62.5")), ("Rehabilitasi", None)]))
    title_id = re.search(r'aria-labelledby="([^"]+)"', html).group(1)
    assert f'<title id="{title_id}">Progress per section</title>' in html
    assert '<div class="visually-hidden"><table class="chart-data">' in html
    table = html[html.index("<table") :]
    assert "<caption>Progress per section</caption>" in table
    assert '<th scope="row">Pencegahan</th><td>62.5 %</td>' in table
    assert '<th scope="row">Rehabilitasi</th><td>no target</td>' in table


def test_quarterly_chart_table_lists_achieved_and_target_per_quarter():
    html = str(quarterly_chart([("2026 Q1", Decimal(10), Decimal(40)), ("2026 Q2", None, None)]))
    assert "<title id=" in html
    assert '<th scope="row">2026 Q1</th><td>10</td><td>40</td>' in html
    assert '<th scope="row">2026 Q2</th><td>—</td><td>—</td>' in html


def test_two_charts_on_one_page_have_distinct_title_ids():
    first, second = str(progress_bars([("A", Decimal(1))])), str(progress_bars([("A", Decimal(1))]))
    ids = [re.search(r'<title id="([^"]+)"', c).group(1) for c in (first, second)]
    assert ids[0] != ids[1]


def test_progress_bar_tag_is_named_with_unlocalized_values():
    template = engines["django"].from_string("{% load gt %}{% progress_bar value label %}")
    with translation.override("id"):
        html = template.render({"value": Decimal("60.5"), "label": "Pencegahan"})
    assert 'role="progressbar"' in html
    assert 'aria-label="Pencegahan"' in html
    assert 'aria-valuenow="60.5"' in html  # not "60,5": ARIA wants a number
    assert 'aria-valuetext="60,5 %"' in html
    assert "pct-60" in html or "pct-61" in html
    empty = template.render({"value": None, "label": "Pencegahan"})
    assert 'role="progressbar"' not in empty and "visually-hidden" in empty
