"""Server-side SVG charts: the page and (later) the PDF show the same picture, no JS.

Each chart is an image named by its ``<title>``, followed by the figures it shows as a
visually hidden table: a screen reader reads the numbers, not a picture of them.
"""

import uuid
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gugustugas.charts import column_label, coord, hbars
from gugustugas.charts import number as _number
from gugustugas.figures import quarter_label

BAR_COLOURS = ("#0d6efd", "#6c757d")


def _svg(width: int, height: int, title: str, body: SafeString) -> SafeString:
    title_id = f"chart-{uuid.uuid4().hex[:12]}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'class="chart" role="img" aria-labelledby="{}"><title id="{}">{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        title_id,
        title_id,
        title,
        body,
    )


def _data_table(title: str, headers: list[str], rows: list[list[str]]) -> SafeString:
    """The chart's figures for screen readers (Bootstrap's ``visually-hidden``)."""
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    row[0],
                    format_html_join("", "<td>{}</td>", ((c,) for c in row[1:])),
                ),
            )
            for row in rows
        ),
    )
    return format_html(
        # In a hidden box: a table cannot be narrowed to Bootstrap's 1 px, so a wide one
        # would widen a phone's page.
        '<div class="visually-hidden"><table class="chart-data"><caption>{}</caption>'
        "<thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>",
        title,
        head,
        body,
    )


def _percent_text(percent) -> str:
    return _("no target") if percent is None else f"{_number(percent)} %"


def progress_bars(rows: list[tuple[str, Decimal | None]], width: int = 640) -> SafeString:
    """Horizontal bars, 0-100 %, one per (label, percent) (``gugustugas.charts.hbars``);
    None is drawn as "—" and listed as "no target"."""
    title = _("Progress per section")
    table = _data_table(
        title,
        [_("Section"), _("Progress")],
        [[label, _percent_text(percent)] for label, percent in rows],
    )
    return hbars(rows, title, width=width, described=False) + table


def quarterly_chart(
    points: list[tuple[str, Decimal | None, Decimal | None]], width: int = 640
) -> SafeString:
    """Columns of achieved value per quarter with the year's target as a marker.

    ``points`` are (label such as "2025 Q1", achieved or None, target or None)."""
    if not points:
        return SafeString("")
    height, top, bottom, left = 200, 12, 28, 40
    values = [v for _, a, t in points for v in (a, t) if v is not None]
    peak = max(values) if values else Decimal(1)
    peak = peak or Decimal(1)
    plot_h = height - top - bottom
    step = (width - left) / len(points)

    def y(value) -> str:
        return coord(top + plot_h - plot_h * Decimal(value) / peak)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#adb5bd"/>',
            left,
            top + plot_h,
            width,
            top + plot_h,
        ),
        format_html('<text x="0" y="{}" font-size="11">{}</text>', top + 10, _number(peak)),
    ]
    for i, (label, achieved, target) in enumerate(points):
        x = left + i * step
        if achieved is not None:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    coord(x + step * 0.2),
                    y(achieved),
                    coord(step * 0.6),
                    coord(plot_h * Decimal(achieved) / peak),
                    BAR_COLOURS[0],
                    label,
                    _number(achieved),
                )
            )
        if target is not None:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dc3545" stroke-width="2">'
                    "<title>{} {}</title></line>",
                    coord(x + step * 0.1),
                    y(target),
                    coord(x + step * 0.9),
                    y(target),
                    _("Target"),
                    _number(target),
                )
            )
        parts.append(column_label(x + step / 2, height - 8, label))
    title = _("Achieved per quarter, with the year's target")
    svg = _svg(width, height, title, format_html_join("", "{}", ((p,) for p in parts)))
    table = _data_table(
        title,
        [_("Quarter"), _("Achieved"), _("Target")],
        [
            [label, "—" if a is None else _number(a), "—" if t is None else _number(t)]
            for label, a, t in points
        ],
    )
    return svg + table


def report_points(reports, targets: dict) -> list:
    """(label, achieved, target) per progress report, oldest first, for ``quarterly_chart``."""
    return [
        (f"{r.year} {quarter_label(r.quarter)}", r.achieved, targets.get(r.year))
        for r in sorted(reports, key=lambda r: (r.year, r.quarter))
    ]
