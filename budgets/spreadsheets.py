"""The budget of a task force's RAD for one fiscal year as a spreadsheet for the finance
office: a title block, then one table of unit-costed lines grouped by agency, with a
subtotal per agency and a grand total.

The sheet speaks Indonesian whatever language the user chose on screen, like the action
plan's spreadsheets. Money is written as whole-rupiah integers, and subtotals and the
total as values rather than formulas, so the file states exactly what the database holds
even where formulas are not recalculated (previews, imports into other systems).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from openpyxl.styles import Border, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from budgets.models import BudgetLine
from budgets.services import Bucket, absorption, summarise
from gugustugas import xlsx
from gugustugas.models import TaskForce

SHEET_LANGUAGE = "id"
OPERATIONS_LABEL = "Operasional Gugus Tugas"
MONEY_FORMAT = "#,##0"
QUANTITY_FORMAT = "#,##0.##"

# (header, width). The order is the table's.
COLUMNS: list[tuple[str, int]] = [
    ("No", 6),
    ("Instansi", 30),
    ("Kode kegiatan", 10),
    ("Kegiatan RAD", 40),
    ("Uraian", 36),
    ("Volume", 10),
    ("Satuan", 10),
    ("Harga satuan (Rp)", 17),
    ("Jumlah (Rp)", 19),
    ("Realisasi (Rp)", 19),
    ("Serapan (%)", 10),
    ("Sumber dana", 20),
    ("Jenis biaya", 14),
    ("PPRG", 7),
    ("Status", 12),
    ("Keterangan", 50),
]
HEADER_ROW = 4
QUANTITY_COLUMN = 6
UNIT_COST_COLUMN = 8
TOTAL_COLUMN = 9
REALISED_COLUMN = 10
ABSORPTION_COLUMN = 11
PERCENT_FORMAT = "0.0"
_WRAPPED_COLUMNS = {2, 4, 5, 16}

_TOP_RULE = Border(top=Side(style="thin"))


def _code_key(code: str) -> tuple:
    """Sort "1.2" before "1.10": the numbers in an activity code compare as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.findall(r"\d+|\D+", code)
    )


def _sort_key(line: BudgetLine) -> tuple:
    activity = line.activity
    return (
        line.agency.name.casefold(),
        line.agency_id,
        activity is None,  # the task force's running costs after the agency's RAD lines
        _code_key(activity.code) if activity else (),
        line.pk or 0,
    )


def _line_values(number: int, line: BudgetLine) -> list[Any]:
    activity = line.activity
    return [
        number,
        line.agency.name,
        activity.code if activity else "",
        activity.title if activity else OPERATIONS_LABEL,
        line.item,
        line.quantity,
        line.unit,
        line.unit_cost,
        line.total,
        getattr(line, "realised", 0),  # annotated by ``budgets.services.lines_for``
        absorption(getattr(line, "realised", 0), line.total),
        str(line.get_funding_source_display()),
        str(line.get_cost_type_display()),
        "Ya" if line.gender_responsive else "Tidak",
        str(line.get_status_display()),
        line.justification,
    ]


def _money_cells(sheet: Worksheet, row: int) -> None:
    for column in (TOTAL_COLUMN, REALISED_COLUMN):
        sheet.cell(row=row, column=column).number_format = MONEY_FORMAT
    sheet.cell(row=row, column=ABSORPTION_COLUMN).number_format = PERCENT_FORMAT


def _sum_values(label: str, bucket: Bucket) -> list[Any]:
    values: list[Any] = [None] * len(COLUMNS)
    values[0] = label
    values[TOTAL_COLUMN - 1] = bucket.total
    values[REALISED_COLUMN - 1] = bucket.realised
    values[ABSORPTION_COLUMN - 1] = bucket.absorption
    return values


def _sum_row(sheet: Worksheet, row: int, values: list[Any]) -> None:
    # Not wrapped: the label runs over the empty cells beside it.
    xlsx.write_row(sheet, row, values, bold=True, fill=xlsx.BAND_FILL, top=True)
    _money_cells(sheet, row)
    for column in range(1, len(COLUMNS) + 1):
        sheet.cell(row=row, column=column).border = _TOP_RULE


def export_budget(task_force: TaskForce, fiscal_year: int, lines: Iterable[BudgetLine]) -> bytes:
    """The ``.xlsx`` of ``lines`` (the task force's lines of ``fiscal_year``, loaded with
    their agency and activity): sorted by agency name, activity code and pk, a bold
    subtotal after each agency and a bold total at the end. Runs no query per line. The
    same values give the same file, kept in the cache (``xlsx.kept``)."""
    if isinstance(lines, QuerySet):
        lines = lines.select_related("agency", "activity__section__sub_task_force")
    ordered = sorted(lines, key=_sort_key)
    # Subtotals and total come from the one place budget figures are computed.
    summary = summarise(ordered)
    agency_totals = {bucket.label: bucket for bucket in summary.by_agency}
    with translation.override(SHEET_LANGUAGE):
        rows: list[tuple[bool, list[Any]]] = []  # (a sum row, its values)
        number = 0
        for _agency_id, group in groupby(ordered, key=lambda line: line.agency_id):
            agency_lines = list(group)
            for line in agency_lines:
                number += 1
                rows.append((False, _line_values(number, line)))
            agency = agency_lines[0].agency.name
            rows.append((True, _sum_values(f"Subtotal {agency}", agency_totals[agency])))
        rows.append((True, _sum_values("Total", summary.total)))
        title = str(task_force.name)
        return xlsx.kept(
            ("budget", title, fiscal_year, rows), lambda: _workbook(title, fiscal_year, rows)
        )


def _workbook(title: str, fiscal_year: int, rows: list[tuple[bool, list[Any]]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Anggaran {fiscal_year}"
    sheet.cell(row=1, column=1, value=title).font = xlsx.TITLE
    sheet.cell(row=2, column=1, value=f"Anggaran RAD Tahun {fiscal_year}").font = xlsx.BOLD
    xlsx.write_header(
        sheet,
        HEADER_ROW,
        [header for header, _width in COLUMNS],
        [width for _header, width in COLUMNS],
        centred=True,
    )
    for row, (is_sum, values) in enumerate(rows, start=HEADER_ROW + 1):
        if is_sum:
            _sum_row(sheet, row, values)
            continue
        xlsx.write_row(sheet, row, values, wrap=_WRAPPED_COLUMNS, top=True)
        quantity = sheet.cell(row=row, column=QUANTITY_COLUMN)
        whole = isinstance(quantity.value, int)
        quantity.number_format = MONEY_FORMAT if whole else QUANTITY_FORMAT
        sheet.cell(row=row, column=UNIT_COST_COLUMN).number_format = MONEY_FORMAT
        _money_cells(sheet, row)
    # Printed on A4 landscape, one page wide, with the header on every page.
    xlsx.print_setup(sheet, HEADER_ROW, paper_size=sheet.PAPERSIZE_A4)
    return xlsx.to_bytes(workbook)
