"""Filters for figures read back from a report's stored snapshot (JSON: dates as ISO
strings, decimals as strings); they print the way the app's pages print."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def isodate(value):
    """An ISO date string as a date, for ``|date``."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@register.filter
def num(value) -> str:
    """A stored decimal in the reader's notation (60,5 in Indonesian); "—" when unknown."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = 0 if number == number.to_integral_value() else 1
    return formats.number_format(number, decimal_pos=places, use_l10n=True)


@register.filter
def pct(value) -> str:
    text = num(value)
    return text if text == "—" else f"{text} %"


@register.filter
def get(mapping, key):
    """``mapping[key]`` for a key held in a variable (years as strings in the snapshot)."""
    if not mapping:
        return None
    return mapping.get(str(key))
