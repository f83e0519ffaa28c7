"""Writing .xlsx files: the safe cell writer, the header style, rows, lists with dropdowns,
print setup and the download response that every export uses.

``write_header`` and ``write_row`` write to both kinds of openpyxl sheet: an ordinary one
(cells anywhere, changed later) and the sheets of a ``streaming_workbook``, which are
written row after row, top to bottom, and cost a third less: a large export that is
only written once (the RAD export: 16,000 cells) uses those."""

from __future__ import annotations

import datetime
import functools
import io
import math
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.cache import cache as shared_cache
from django.http import HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gugustugas import cache, figures

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
LISTS_SHEET = "Daftar"  # the sheet that feeds the dropdowns (Indonesian, like the sheets)

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BAND_FILL = PatternFill("solid", fgColor="F2F2F2")  # section and subtotal rows
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
HEADER_CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _clean(value: Any) -> Any:
    """A value as a cell holds it: yes/no as the pages say it (never TRUE), whole
    decimals as integers, text without the characters a sheet cannot hold."""
    if isinstance(value, bool):
        return figures.display(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _as_text(cell: Cell) -> None:
    if _looks_like_formula(cell.value):
        cell.data_type = "s"  # text typed as "=..." must not run as a formula


def put(
    sheet: Worksheet, row: int, column: int, value: Any, date_format: str = DATE_FORMAT
) -> Cell:
    """Write one cell: numbers as numbers, dates as dates, text never as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _clean(value)
    _as_text(cell)
    if isinstance(cell.value, datetime.date):
        cell.number_format = date_format
    return cell


def streaming_workbook() -> Workbook:
    """A workbook whose sheets (``create_sheet``; it has no first sheet) are written row
    after row by ``write_header`` and ``write_row``, and cannot be changed afterwards.
    Column widths, frozen rows, filters and print setup work as on other sheets."""
    return Workbook(write_only=True)


def _next_row(sheet: WriteOnlyWorksheet, row: int) -> None:
    """Bring a streamed sheet to ``row``: rows are written in order, empty ones skipped."""
    written = sheet.__dict__.setdefault("_gt_rows", 0)
    if row <= written:
        raise ValueError(f"row {row} of a streamed sheet comes after row {written}")
    for _ in range(row - written - 1):
        sheet.append([])
    sheet.__dict__["_gt_rows"] = row


def write_header(
    sheet: Worksheet,
    row: int,
    labels: Sequence[str],
    widths: Sequence[float | None] | None = None,
    *,
    centred: bool = False,
) -> None:
    """The header row of a table: bold on a light blue fill, wrapped; the column widths
    where given; the rows above and the header stay in view when scrolling."""
    if sheet.__dict__.get("_gt_layout") != row:
        if isinstance(sheet, WriteOnlyWorksheet) and sheet.__dict__.get("_gt_rows"):
            raise ValueError("a streamed sheet's layout comes before its first row: layout()")
        layout(sheet, row, widths)
    alignment = HEADER_CENTRED if centred else HEADER_ALIGNMENT
    write_row(sheet, row, labels, font=BOLD, fill=HEADER_FILL, alignment=alignment)


def layout(
    sheet: Worksheet | WriteOnlyWorksheet,
    header_row: int,
    widths: Sequence[float | None] | None = None,
) -> None:
    """The column widths, and the rows down to ``header_row`` kept in view when scrolling.
    ``write_header`` sets them; a streamed sheet whose header is not its first row sets
    them before its first row (openpyxl writes them before the rows)."""
    for column, width in enumerate(widths or (), start=1):
        if width:
            sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.__dict__["_gt_layout"] = header_row


def write_row(
    sheet: Worksheet | WriteOnlyWorksheet,
    row: int,
    values: Sequence[Any],
    *,
    bold: bool | Collection[int] = False,
    fill: PatternFill | None = None,
    wrap: Collection[int] = (),
    top: bool = False,
    date_format: str = DATE_FORMAT,
    formats: Mapping[int, str] | None = None,
    font: Font | None = None,
    alignment: Alignment | None = None,
) -> None:
    """One row of values from column A, each as ``put`` writes it. ``wrap``: the columns
    (1-based) whose long text wraps, aligned to the top; ``top``: align the others to the
    top as well; ``bold``: the whole row or these columns; ``formats``: number formats by
    column. On a streamed sheet (``streaming_workbook``) rows come in order."""
    bold_columns = bold if isinstance(bold, Collection) else ()
    font = font or (BOLD if bold is True else None)
    formats = formats or {}
    streamed = isinstance(sheet, WriteOnlyWorksheet)
    if streamed:
        _next_row(sheet, row)
    cells = []
    for column, value in enumerate(values, start=1):
        value = _clean(value)
        number_format = formats.get(column)
        if number_format is None and isinstance(value, datetime.date):
            number_format = date_format
        aligned = WRAP if column in wrap else TOP if top else alignment
        weight = BOLD if column in bold_columns else font
        plain = aligned is None and weight is None and fill is None and number_format is None
        if streamed and plain and not _looks_like_formula(value):
            cells.append(value)  # openpyxl writes it through one shared cell
            continue
        if streamed:
            cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        else:
            cell = sheet.cell(row=row, column=column)
            cell.value = value
        _as_text(cell)
        if not plain:
            _style(cell, aligned, weight, fill, number_format)
    if streamed:
        sheet.append(cells)


# Text as an XML element holds it (openpyxl's cells escape the same characters).
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def write_plain_rows(
    sheet: Worksheet | WriteOnlyWorksheet, first_row: int, rows: Iterable[Sequence[Any]]
) -> None:
    """The rest of a sheet: rows of plain values from ``first_row`` on, each as
    ``write_row`` writes it without styles (text, never a formula; numbers; yes/no; empty).

    On a streamed sheet the rows are written as its XML directly, not cell by cell
    through openpyxl (about 8 us a cell): a large export's table that changes with every
    download (a plan's progress reports: 10,800 cells) costs about a quarter. The sheet is
    finished then: a row after them is refused. A date or another value that needs a
    number format is refused too: write its row with ``write_row``."""
    if not isinstance(sheet, WriteOnlyWorksheet):
        for number, values in enumerate(rows, start=first_row):
            write_row(sheet, number, [_plain(value) for value in values])
        return
    _next_row(sheet, first_row)  # the empty rows before it, if any
    xml = []
    for number, values in enumerate(rows, start=first_row):
        cells = "".join(
            _plain_cell(f"{get_column_letter(column)}{number}", value)
            for column, value in enumerate(values, start=1)
        )
        xml.append(f'<row r="{number}">{cells}</row>')
    sheet.close()  # what openpyxl wrote, the end of its XML after the rows
    path = Path(sheet._writer.out)
    # With no row written before these, openpyxl wrote an empty element.
    content = path.read_bytes().replace(b"<sheetData/>", b"<sheetData></sheetData>", 1)
    end = content.rindex(b"</sheetData>")
    path.write_bytes(content[:end] + "".join(xml).encode() + content[end:])


def _plain(value: Any) -> Any:
    value = _clean(value)
    if value is not None and not isinstance(value, str | int | float):
        raise TypeError(f"not a plain value for write_plain_rows: {value!r}")
    return value


def _plain_cell(reference: str, value: Any) -> str:
    value = _plain(value)
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        text = value.translate(_XML_TEXT)
        return f'<c r="{reference}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, float) and not math.isfinite(value):
        return ""  # as openpyxl writes it
    number = value if isinstance(value, int) else f"{value:.16g}"
    return f'<c r="{reference}" t="n"><v>{number}</v></c>'


def _style(cell: Cell, alignment, font, fill, number_format: str | None = None) -> None:
    """Give ``cell`` these styles. The first cell of each combination in the workbook
    sets them; the others copy its style ids: openpyxl hashes each style object on every
    assignment, most of the time of writing a large export."""
    styles = cell.parent.parent.__dict__.setdefault("_gt_styles", {})
    if number_format is None:
        number_format = cell._style.numFmtId if cell._style is not None else 0
    key = (id(alignment), id(font), id(fill), number_format)
    found = styles.get(key)
    if found is None:
        if isinstance(number_format, str):
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        # The style objects are kept with it: their ids stay theirs while it is used.
        styles[key] = (copy(cell._style), (alignment, font, fill))
    else:
        cell._style = copy(found[0])


def write_table(
    sheet: Worksheet,
    labels: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float | None] | None = None,
    *,
    date_format: str = DATE_FORMAT,
) -> None:
    """A sheet that is one table: the header in row 1, a row per record below it."""
    write_header(sheet, 1, labels, widths)
    for number, values in enumerate(rows, start=2):
        write_row(sheet, number, values, date_format=date_format)


def lists_sheet(workbook: Workbook, lists: Sequence[tuple[str, list[str]]]) -> dict[str, str]:
    """A sheet with one list per column (header, values); returns each non-empty list's
    range by its header, for ``list_validation``."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    ranges = {}
    for column, (header, values) in enumerate(lists, start=1):
        sheet.cell(row=1, column=column, value=header).font = BOLD
        for row, value in enumerate(values, start=2):
            put(sheet, row, column, value)
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(50, max([12, *(len(v) + 2 for v in values)]))
        if values:
            ranges[header] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    sheet.freeze_panes = "A2"
    return ranges


def list_validation(sheet: Worksheet, column: int, source: str, last_row: int) -> None:
    """A dropdown from ``source`` (a range of ``lists_sheet``) in rows 2 to ``last_row``.
    Only a warning on other values: imports accept short names and keys too."""
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.errorStyle = "warning"
    validation.showErrorMessage = True
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(validation)


def print_setup(sheet: Worksheet, title_row: int, *, paper_size: int | None = None) -> None:
    """Printed landscape, one page wide, with row ``title_row`` (the header) on every page."""
    sheet.page_setup.orientation = "landscape"
    if paper_size is not None:
        sheet.page_setup.paperSize = paper_size
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{title_row}:{title_row}"


def kept(values: Any, build: Callable[[], bytes]) -> bytes:
    """``build()``, a file made of ``values`` only, kept by a digest of them
    (``gugustugas.cache.kept``): writing is most of an export's time (the 300 lines of a
    province's budget: about 110 ms of openpyxl, reading them 15 ms)."""
    return cache.kept(("xlsx", values), build)


# What a streamed sheet's cells refer to in its workbook: the style tables that its cells'
# style ids (``s="3"``) index, directly or through the cell styles.
STYLE_TABLES = (
    "_fonts",
    "_alignments",
    "_borders",
    "_fills",
    "_number_formats",
    "_date_formats",
    "_timedelta_formats",
    "_protections",
    "_cell_styles",
)


def kept_sheet(sheet: Worksheet | WriteOnlyWorksheet, values: Any, write: Callable[[], None]):
    """``write()``, which writes ``sheet`` from ``values`` only, or what it wrote before
    from the same values (by a digest of them, as ``kept``) without writing a cell: the
    sheet's XML and the workbook's style tables its cells refer to. Writing cells is most
    of a large export's time (openpyxl: about 8 us a cell), and a sheet that stays the same
    while another changes (a plan's activities while its progress is reported) is written
    once an hour instead of once per download.

    It keeps the first sheet written in a ``streaming_workbook``: its cells' style ids
    are then its own (other sheets may be created before it, and written after it).
    Any other sheet is written by ``write()`` every time. A change to how ``write``
    styles the same values shows within the hour the kept copy lives."""
    if not _keepable(sheet):
        write()
        return
    key = cache.kept_key(("xlsx-sheet", sheet.title, values))
    entry = shared_cache.get(key)
    if entry is not None:
        _restore(sheet, entry)
        return
    write()
    if not sheet.closed:  # ``write_plain_rows`` closes it
        sheet.close()  # the XML complete; the workbook's save would close it
    if _outside_its_xml(sheet):
        return
    entry = {
        "xml": zlib.compress(Path(sheet._writer.out).read_bytes(), 1),
        "styles": {name: getattr(sheet.parent, name) for name in STYLE_TABLES},
        "auto_filter": sheet.auto_filter.ref,
        "print_title_rows": sheet.print_title_rows,
        "print_title_cols": sheet.print_title_cols,
    }
    shared_cache.set(key, entry, cache.KEPT_SECONDS)


def _keepable(sheet) -> bool:
    """A streamed sheet not written yet, in a workbook with no style of its own yet."""
    if not isinstance(sheet, WriteOnlyWorksheet) or sheet._writer is not None:
        return False
    fresh = _fresh_style_tables()
    return all(getattr(sheet.parent, name) == fresh[name] for name in STYLE_TABLES)


@functools.cache
def _fresh_style_tables() -> dict[str, Any]:
    """The style tables of a new workbook (compared with, never changed)."""
    fresh = Workbook(write_only=True)
    return {name: getattr(fresh, name) for name in STYLE_TABLES}


def _outside_its_xml(sheet: WriteOnlyWorksheet) -> bool:
    """Whether the sheet refers to parts of the workbook that its XML does not hold:
    relationships (hyperlinks, comments, tables), drawings, a print area, or the
    differential styles of conditional formats. Such a sheet is not kept."""
    return bool(
        sheet._writer._rels
        or sheet._charts
        or sheet._images
        or sheet.print_area
        or sheet.conditional_formatting
    )


def _restore(sheet: WriteOnlyWorksheet, entry: dict) -> None:
    for name, table in entry["styles"].items():
        setattr(sheet.parent, name, table)
    sheet.parent.__dict__.pop("_gt_styles", None)  # ids of the tables replaced
    sheet.auto_filter.ref = entry["auto_filter"]
    if entry["print_title_rows"]:
        sheet.print_title_rows = entry["print_title_rows"]
    if entry["print_title_cols"]:
        sheet.print_title_cols = entry["print_title_cols"]
    sheet.close()  # an empty sheet, its XML then replaced by the kept one
    Path(sheet._writer.out).write_bytes(zlib.decompress(entry["xml"]))


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(content: bytes, filename: str) -> HttpResponse:
    """The file as a download."""
    result = HttpResponse(content, content_type=CONTENT_TYPE)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
