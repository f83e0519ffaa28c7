"""Figures shown the same way on every page, export, e-mail and PDF: percentages, rupiah,
quarters.

Each rule has one function here; pages, exports and templates call it (the template
filters ``|rupiah`` and ``|quarter`` in ``gugustugas.templatetags.gt``
wrap these), so two places can never round or label one figure differently.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from gugustugas.models import QUARTER_CHOICES

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)


def round_half_up(value: Decimal | int, places: Decimal = ONE_DECIMAL) -> Decimal:
    """Commercial rounding, as finance offices and spreadsheets do it: 12.25 -> 12.3.

    Python's ``Decimal.quantize`` rounds half to even by default (12.25 -> 12.2); a
    figure that is printed must never depend on which of the two a caller remembered.
    """
    return Decimal(value).quantize(places, ROUND_HALF_UP)


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` with one decimal, rounded half up; None when
    there is no whole to divide by (shown as "—", never as 0 %)."""
    if not whole:
        return None
    return round_half_up(Decimal(part) * HUNDRED / Decimal(whole))


def rupiah(amount: int | Decimal | None) -> str:
    """Whole rupiah with Indonesian grouping, whatever the UI language: ``Rp 1.250.000``."""
    if amount in (None, ""):
        return ""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")


def number_format(value: Decimal | int | float | None) -> str:
    """A measured value as the UI language writes it, without trailing zeros: "60,5" and
    "1.250" in Indonesian, "60.5" and "1,250" in English; "—" for none. Never "1.2E+2"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        raise TypeError("a yes/no is not a number")
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def is_money(model_field) -> bool:
    """Money fields say so in their name: "unit cost (Rp)"."""
    return "(rp)" in str(getattr(model_field, "verbose_name", "")).lower()


def display(value: Any, model_field=None) -> str:
    """Any stored value as pages, history and comparisons print it: "ya"/"tidak", never
    True/False; Rp 45.000.000, never 45000000; 120, never 1.2E+2; "2025: 10; 2026: 12"
    for yearly figures, never a Python dict; a choice's label, not its code."""
    if value is None or value == "":
        return ""
    if model_field is not None and getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, int) and model_field is not None and is_money(model_field):
        return rupiah(value)
    if isinstance(value, (Decimal, float)):
        return number_format(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {display(v)}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple, set)):
        return ", ".join(display(v) for v in value)
    return str(value)


def quarter_of(day: datetime.date) -> int:
    """The quarter (1-4) of the fiscal year, which is the calendar year, that ``day`` is in."""
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of ``quarter`` (1-4) of ``year``."""
    return datetime.date(year, quarter * 3, 1) + relativedelta(day=31)


def quarter_label(quarter: int) -> str:
    """TW I-TW IV in Indonesian, Q1-Q4 in English (the labels of ``QUARTER_CHOICES``)."""
    return str(dict(QUARTER_CHOICES).get(quarter, quarter))


def period_label(year: int, quarter: int) -> str:
    """A quarter of a year: "TW II 2026" in Indonesian, "Q2 2026" in English."""
    return f"{quarter_label(quarter)} {year}"
