"""The M&E charts, all on the shared SVG helpers of ``gugustugas.charts`` (the page and
the PDF show the same picture, without JavaScript; every chart has a title and a text
alternative that spells out its figures).

- The statistics: victims identified per quarter, assistance by type, the prosecution
  funnel, submissions on time, late and missing. Charts of public figures take
  suppressed cells as they are: a suppressed, not known or not submitted value draws no
  bar and is labelled as the tables label it (<5, ×, ?, –).
- The rest: RAD progress by section, meetings held against those required, checklist
  scores (one assessment, change over time, side by side).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from actionplans.charts import progress_bars
from gugustugas.charts import COLOURS, column_label, coord, grouped_hbars, hbars, svg
from monitoring.checklist import STAGES
from monitoring.suppression import Cell

STATE_COLOURS = {"on_time": "#198754", "late": "#fd7e14", "missing": "#dc3545"}


# -- the statistics


def _spoken(cell: Cell) -> str:
    return cell.display if cell.is_number else f"{cell.display} ({cell.label})"


def timeliness_chart(series, width: int = 640) -> SafeString:
    """Stacked columns per quarter: on time, late, missing, as a share of those expected."""
    if not series:
        return SafeString("")
    height, top, bottom, left = 210, 10, 46, 36
    plot_h = height - top - bottom
    step = (width - left) / len(series)
    kinds = (("on_time", _("on time")), ("late", _("late")), ("missing", _("missing")))
    parts = [
        format_html('<text x="0" y="{}" font-size="11">100 %</text>', top + 8),
        format_html('<text x="0" y="{}" font-size="11">0 %</text>', top + plot_h),
    ]
    lines = []
    for i, c in enumerate(series):
        x = left + i * step + step * 0.2
        y = top + plot_h
        counts = {"on_time": c.on_time, "late": c.late, "missing": c.missing}
        for key, label in kinds:
            count = counts[key]
            if not c.expected or not count:
                continue
            h = plot_h * count / c.expected
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {} / {}</title></rect>",
                    coord(x),
                    coord(y),
                    coord(step * 0.6),
                    coord(h),
                    STATE_COLOURS[key],
                    c.period_label,
                    count,
                    label,
                    c.expected,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                coord(x + step * 0.3),
                height - 30,
                c.period_label,
            )
        )
        lines.append(
            f"{c.period_label}: "
            + ", ".join(f"{counts[key]} {label}" for key, label in kinds)
            + f" / {c.expected}"
        )
    legend_y = height - 10
    for j, (key, label) in enumerate(kinds):
        lx = left + j * 120
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                lx,
                legend_y - 9,
                STATE_COLOURS[key],
                lx + 14,
                legend_y,
                label,
            )
        )
    title = _("Submissions on time, late and missing per quarter")
    return svg(width, height, title, "; ".join(lines), parts)


def bars(rows: list[tuple[str, Cell]], title: str, width: int = 640) -> SafeString:
    """Horizontal bars, one per (label, cell), scaled to the largest figure; a cell that
    is not a number shows its symbol (<5, ×, ?, –) instead of a bar."""
    if not rows:
        return SafeString("")
    peak = max((c.value for _l, c in rows if c.is_number), default=0) or 1
    return hbars(
        [
            (label, cell.value if cell.is_number else None, cell.display, _spoken(cell))
            for label, cell in rows
        ],
        title,
        maximum=peak,
        unit="",
        width=width,
    )


def quarterly_columns(points: list[tuple[str, Cell]], title: str, width: int = 640) -> SafeString:
    """Columns per quarter (victims identified per quarter)."""
    if not points:
        return SafeString("")
    height, top, bottom, left = 190, 16, 28, 10
    plot_h = height - top - bottom
    step = (width - left) / len(points)
    peak = max((c.value for _l, c in points if c.is_number), default=0) or 1
    parts = []
    for i, (label, cell) in enumerate(points):
        x = left + i * step
        h = plot_h * cell.value / peak if cell.is_number else 0
        if h:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    coord(x + step * 0.2),
                    coord(top + plot_h - h),
                    coord(step * 0.6),
                    coord(h),
                    COLOURS[0],
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}'
                "<title>{}</title></text>",
                coord(x + step / 2),
                coord(top + plot_h - h - 3),
                cell.display,
                cell.label,
            )
        )
        parts.append(column_label(x + step / 2, height - 8, label))
    description = "; ".join(f"{label}: {_spoken(cell)}" for label, cell in points)
    return svg(width, height, title, description, parts)


# -- plans, meetings and the checklist


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
