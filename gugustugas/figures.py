"""Figures shown the same way on every page, export, e-mail and PDF: percentages, rupiah,
quarters.

Each rule has one function here; pages, exports and templates call it (the template
filters ``|rupiah`` and ``|quarter`` in ``gugustugas.templatetags.gt``
wrap these), so two places can never round or label one figure differently.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

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


def quarter_of(day: datetime.date) -> int:
    """The quarter (1-4) of the fiscal year, which is the calendar year, that ``day`` is in."""
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of ``quarter`` (1-4) of ``year``."""
    return datetime.date(year, quarter * 3, 1) + relativedelta(day=31)


def quarter_label(quarter: int) -> str:
    """TW I-TW IV in Indonesian, Q1-Q4 in English (the labels of ``QUARTER_CHOICES``)."""
    return str(dict(QUARTER_CHOICES).get(quarter, quarter))
