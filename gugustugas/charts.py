"""Server-side SVG charts shared by the apps: the page and the PDF show the same picture,
no JavaScript. Every chart carries a ``<title>`` and a ``<desc>`` that spells out the
figures it draws (its text alternative), referenced by ``aria-labelledby``.

- ``hbars``: one horizontal bar per label on a fixed scale (progress, scores, counts; the
  plan's progress chart, ``actionplans.charts.progress_bars``, is one with its table);
- ``grouped_hbars``: a few bars per label, one per series (held against required, a score
  at several dates), with a legend.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from gugustugas import figures

COLOURS = ("#0d6efd", "#6c757d", "#198754", "#fd7e14", "#6f42c1", "#d63384")
TRACK = "#e9ecef"
_ids = itertools.count(1)


def coord(value) -> str:
    """A coordinate or length in the SVG: plain digits, at most one decimal."""
    return f"{Decimal(value):.1f}".rstrip("0").rstrip(".")


def number(value) -> str:
    """A figure as the chart prints it: at most one decimal (half up), no trailing zeros,
    in the UI language's way ("62,5" in Indonesian, "62.5" in English)."""
    return figures.number_format(Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP))


def shorten(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 2] + "…"


def svg(width: int, height: int, title: str, description: str, parts: list) -> SafeString:
    """The chart element: ``parts`` are pieces built with ``format_html``. Without a
    ``description`` (a chart followed by its figures as a table) it is named by its title
    alone."""
    ident = f"chart-{next(_ids)}"
    labelled = f"{ident}-t {ident}-d" if description else f"{ident}-t"
    desc = format_html('<desc id="{}-d">{}</desc>', ident, description) if description else ""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'class="chart" role="img" aria-labelledby="{a}"><title id="{i}-t">{t}</title>'
        "{d}{p}</svg>",
        w=width,
        h=height,
        a=labelled,
        i=ident,
        t=title,
        d=desc,
        p=format_html_join("", "{}", ((part,) for part in parts)),  # each built by format_html
    )


def describe(rows, unit: str = "") -> str:
    """ "Label: value unit; ..." with a dash for a missing value."""
    return "; ".join(
        f"{label}: {'—' if value is None else number(value) + unit}" for label, value in rows
    )


def _label(y, label) -> SafeString:
    return format_html(
        '<text x="0" y="{}" font-size="12" dominant-baseline="middle"><title>{}</title>{}</text>',
        y,
        label,
        shorten(str(label)),
    )


def column_label(x, y, label) -> SafeString:
    """The label under a column, centred on ``x``."""
    return format_html(
        '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>', coord(x), y, label
    )


def _bar(x, y, full, value, maximum, colour, height=18) -> list:
    parts = [
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="3"/>',
            x,
            y,
            full,
            height,
            TRACK,
        )
    ]
    if value is not None and maximum:
        share = min(Decimal(value), Decimal(maximum)) / Decimal(maximum)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="3"/>',
                x,
                y,
                coord(full * share),
                height,
                colour,
            )
        )
    return parts


def hbars(
    rows: list[tuple],
    title: str,
    maximum: Decimal | int = 100,
    unit: str = " %",
    width: int = 640,
    missing: str = "—",
    described: bool = True,
) -> SafeString:
    """Horizontal bars 0..``maximum``, one per (label, value); None draws no bar and is
    printed as ``missing``. A row may add the text to print instead of the figure and
    the words the description uses for it (``(label, None, "<5", "<5 (suppressed)")``),
    for values that are not plain figures. ``described=False`` leaves the ``<desc>`` out,
    for a chart followed by its figures as a table."""
    label_w, row_h = 260, 26
    bar_w = width - label_w - 60
    height = row_h * len(rows) + 24
    parts, spoken = [], []
    for i, (label, value, *texts) in enumerate(rows):
        y = 8 + i * row_h
        parts.append(_label(y + 9, label))
        parts += _bar(label_w, y, bar_w, value, maximum, COLOURS[0])
        text = texts[0] if texts else missing if value is None else f"{number(value)}{unit}"
        spoken.append(f"{label}: {texts[1] if len(texts) > 1 else text}")
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" dominant-baseline="middle">{}</text>',
                label_w + bar_w + 6,
                y + 9,
                text,
            )
        )
    return svg(width, height, title, "; ".join(spoken) if described else "", parts)


def grouped_hbars(
    groups: list[tuple[str, list[Decimal | int | None]]],
    series: list[str],
    title: str,
    maximum: Decimal | int | None = None,
    unit: str = "",
    width: int = 640,
) -> SafeString:
    """For each (label, values) one thin bar per series, on one scale (``maximum``, or the
    largest value), with a legend naming the series."""
    if not groups:
        return SafeString("")
    label_w, bar_h, gap = 260, 12, 10
    bar_w = width - label_w - 60
    values = [v for _label_, vs in groups for v in vs if v is not None]
    top = Decimal(maximum if maximum is not None else max(values, default=0)) or Decimal(1)
    parts = []
    legend_x, legend_y = label_w, 2
    for n, name in enumerate(series):
        entry_w = 24 + 7 * len(str(name))
        if legend_x > label_w and legend_x + entry_w > width:
            legend_x, legend_y = label_w, legend_y + 16  # wrap the legend
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                legend_x,
                legend_y,
                COLOURS[n % len(COLOURS)],
                legend_x + 14,
                legend_y + 9,
                name,
            )
        )
        legend_x += entry_w
    y = legend_y + 20
    lines = []
    for label, group_values in groups:
        block = bar_h * len(series)
        parts.append(_label(y + block / 2, label))
        for n, value in enumerate(group_values):
            by = y + n * bar_h
            parts += _bar(label_w, by, bar_w, value, top, COLOURS[n % len(COLOURS)], bar_h - 2)
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" dominant-baseline="middle">{}</text>',
                    label_w + bar_w + 6,
                    by + (bar_h - 2) / 2,
                    "—" if value is None else f"{number(value)}{unit}",
                )
            )
        lines.append(f"{label}: " + describe(zip(series, group_values, strict=False), unit))
        y += block + gap
    return svg(width, y + 4, title, ". ".join(lines), parts)
