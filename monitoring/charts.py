"""The M&E charts that are not statistics: RAD progress by section, meetings held against
those required, checklist scores (one assessment, change over time, side by side). All on
the shared SVG helpers of ``gugustugas.charts``; the PDF can show the same pictures."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from actionplans.charts import progress_bars
from gugustugas.charts import grouped_hbars, hbars
from monitoring.checklist import STAGES


def section_progress(sections) -> SafeString:
    """RAD progress by section: the plan page's own chart, from ``plan_progress``."""
    return progress_bars([(s.label, s.percent) for s in sections])


def meetings_held(counts) -> SafeString:
    """Held against required, one pair of bars per kind (``meetings.cadence.KindCount``)."""
    return grouped_hbars(
        [(c.label, [c.held, c.required]) for c in counts],
        [_("held"), _("required so far")],
        _("Meetings held against those required this year"),
    )


def checklist_scores(rows: list[tuple[str, Decimal]]) -> SafeString:
    return hbars(rows, _("Checklist score per stage"))


def checklist_trend(assessments) -> SafeString:
    """Each stage's score at each of the (last four) assessment dates."""
    shown = assessments[-4:]
    if not shown:
        return SafeString("")
    return grouped_hbars(
        [(stage.label, [a.stage_scores[i] for a in shown]) for i, stage in enumerate(STAGES)],
        [date_format(a.date, "DATE_FORMAT") for a in shown],
        _("Checklist score per stage over time"),
        maximum=100,
        unit=" %",
    )


def checklist_comparison(rows) -> SafeString:
    """The latest score of each task force below, per stage (rows of
    ``latest_assessments``), one bar per stage."""
    if not rows:
        return SafeString("")
    return grouped_hbars(
        [(str(row.region.name), row.score_list) for row in rows],
        [str(stage.label) for stage in STAGES],
        _("Latest checklist scores of the task forces below"),
        maximum=100,
        unit=" %",
    )
