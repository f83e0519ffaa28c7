"""Charts of the action plans, on the shared SVG helpers of ``gugustugas.charts``."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gugustugas.charts import COLOURS, hbars, number

BAR_COLOURS = COLOURS[:2]


def progress_bars(rows: list[tuple[str, Decimal | None]], width: int = 640) -> SafeString:
    """Horizontal bars, 0-100 %, one per (label, percent); None is drawn as "no target"."""
    return hbars(rows, _("Progress per section"), width=width)


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
        return number(top + plot_h - plot_h * Decimal(value) / peak)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#adb5bd"/>',
            left,
            top + plot_h,
            width,
            top + plot_h,
        ),
        format_html('<text x="0" y="{}" font-size="11">{}</text>', top + 10, number(peak)),
    ]
    for i, (label, achieved, target) in enumerate(points):
        x = left + i * step
        if achieved is not None:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    number(x + step * 0.2),
                    y(achieved),
                    number(step * 0.6),
                    number(plot_h * Decimal(achieved) / peak),
                    BAR_COLOURS[0],
                    label,
                    number(achieved),
                )
            )
        if target is not None:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dc3545" stroke-width="2">'
                    "<title>{} {}</title></line>",
                    number(x + step * 0.1),
                    y(target),
                    number(x + step * 0.9),
                    y(target),
                    _("Target"),
                    number(target),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                number(x + step / 2),
                height - 8,
                label,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" role="img" '
        'aria-label="{}">{}</svg>',
        width,
        height,
        _("Achieved per quarter, with the year's target"),
        format_html_join("", "{}", ((p,) for p in parts)),
    )
