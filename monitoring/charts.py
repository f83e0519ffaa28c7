"""Server-side SVG charts of the statistics (as ``actionplans/charts.py``): the page and,
later, the PDF show the same picture, without JavaScript.

Charts of public figures take suppressed cells as they are: a suppressed, not known or
not submitted value draws no bar and is labelled as the tables label it."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from monitoring.suppression import Cell

COLOURS = {"on_time": "#198754", "late": "#fd7e14", "missing": "#dc3545", "bar": "#0d6efd"}


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, label: str, parts: list) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" role="img" '
        'aria-label="{}">{}</svg>',
        width,
        height,
        label,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def timeliness_chart(series, width: int = 640) -> SafeString:
    """Stacked columns per quarter: on time, late, missing, as a share of those expected."""
    if not series:
        return SafeString("")
    height, top, bottom, left = 210, 10, 46, 36
    plot_h = height - top - bottom
    step = (width - left) / len(series)
    parts = [
        format_html('<text x="0" y="{}" font-size="11">100 %</text>', top + 8),
        format_html('<text x="0" y="{}" font-size="11">0 %</text>', top + plot_h),
    ]
    for i, c in enumerate(series):
        x = left + i * step + step * 0.2
        y = top + plot_h
        for key, count, label in (
            ("on_time", c.on_time, _("on time")),
            ("late", c.late, _("late")),
            ("missing", c.missing, _("missing")),
        ):
            if not c.expected or not count:
                continue
            h = plot_h * count / c.expected
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {} / {}</title></rect>",
                    _n(x),
                    _n(y),
                    _n(step * 0.6),
                    _n(h),
                    COLOURS[key],
                    c.period_label,
                    count,
                    label,
                    c.expected,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                _n(x + step * 0.3),
                height - 30,
                c.period_label,
            )
        )
    legend_y = height - 10
    for j, (key, label) in enumerate(
        (("on_time", _("on time")), ("late", _("late")), ("missing", _("missing")))
    ):
        lx = left + j * 120
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                lx,
                legend_y - 9,
                COLOURS[key],
                lx + 14,
                legend_y,
                label,
            )
        )
    return _svg(width, height, _("Submissions on time, late and missing per quarter"), parts)


def bars(rows: list[tuple[str, Cell]], title: str, width: int = 640) -> SafeString:
    """Horizontal bars, one per (label, cell); a cell that is not a number shows its
    symbol (<5, ×, ?, –) instead of a bar."""
    if not rows:
        return SafeString("")
    label_w, row_h = 230, 24
    bar_w = width - label_w - 70
    height = row_h * len(rows) + 8
    peak = max((c.value for _l, c in rows if c.is_number), default=0) or 1
    parts = []
    for i, (label, cell) in enumerate(rows):
        y = 4 + i * row_h
        short = label if len(label) <= 34 else label[:32] + "…"
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="12" dominant-baseline="middle">'
                "<title>{}</title>{}</text>",
                y + 9,
                label,
                short,
            )
        )
        if cell.is_number and cell.value:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="18" fill="{}" rx="2"/>',
                    label_w,
                    y,
                    _n(bar_w * cell.value / peak),
                    COLOURS["bar"],
                )
            )
        end = label_w + (bar_w * cell.value / peak if cell.is_number else 0) + 6
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" dominant-baseline="middle">{}'
                "<title>{}</title></text>",
                _n(end),
                y + 9,
                cell.display,
                cell.label,
            )
        )
    return _svg(width, height, title, parts)


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
                    _n(x + step * 0.2),
                    _n(top + plot_h - h),
                    _n(step * 0.6),
                    _n(h),
                    COLOURS["bar"],
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}'
                "<title>{}</title></text>",
                _n(x + step / 2),
                _n(top + plot_h - h - 3),
                cell.display,
                cell.label,
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                _n(x + step / 2),
                height - 8,
                label,
            )
        )
    return _svg(width, height, title, parts)
