"""Writing .xlsx files: one safe cell writer and one download response for every export."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"


def put(
    sheet: Worksheet, row: int, column: int, value: Any, date_format: str = DATE_FORMAT
) -> Cell:
    """Write one cell: numbers as numbers, dates as dates, text never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text typed as "=..." must not run as a formula
    elif isinstance(value, datetime.date):
        cell.number_format = date_format
    return cell


def response(content: bytes, filename: str) -> HttpResponse:
    """The file as a download."""
    result = HttpResponse(content, content_type=CONTENT_TYPE)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
