"""Reading uploaded .xlsx files: a safe open, rows by header, typed cells whose problems
carry their row and column, look-ups by name, and numbers and dates as Indonesians type
them.

An upload is untrusted. Before openpyxl sees it, the archive's unpacked size and every
sheet's size are checked (``XLSX_MAX_UNPACKED_BYTES``, ``XLSX_MAX_ROWS``,
``XLSX_MAX_COLUMNS``): a file of a few hundred kilobytes can unpack to 55 MB of empty
rows, which openpyxl would parse for a minute. A sheet's declared size (its
``<dimension>``) is checked without reading a row; a sheet that declares none, or a
wrong one, is read at most one row past the cap. Every other failure to read becomes
one ``FileError`` with a message for the user, never a server error.

Problems in the rows are collected as ``RowError`` (row as Excel numbers it, column by
its header) so that an import can report all of them and write nothing.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

import openpyxl
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import DecimalValidator
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.workbook import Workbook

# The key/value pairs of an info sheet are read from this many rows at the most.
INFO_ROWS = 50

_DECIMAL_VALIDATOR = DecimalValidator(max_digits=14, decimal_places=2)
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# --- results ------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded sheet.

    ``row`` is the row number as Excel shows it (1 is the header row); 0 means the file
    as a whole (unreadable, wrong state). ``column`` is the column's header, or "" when
    the problem is not about one column.
    """

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """What an import did, or, when ``errors`` is not empty, why it did nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows left out on purpose (e.g. progress rows without a value)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class FileError(Exception):
    """The upload cannot be read as a workbook; the message is for the user."""


# --- cells --------------------------------------------------------------------------

_ID_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")  # 1.250 / 1.250.000,5
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")  # 12,5 (Indonesian decimal comma)
_PLAIN = re.compile(r"^(\d+(\.\d*)?|\.\d+)$")  # 1250 / 12.5
_EN_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(,\d{3}){2,}(\.\d+)?$|^[1-9]\d{0,2}(,\d{3})+\.\d+$")


def parse_number(value: Any) -> Decimal | None:
    """A cell as a number: Excel numbers, or text in Indonesian ("1.250" is 1250,
    "12,5" is 12.5) or plain ("1250", "12.5") format. Empty is None; anything else
    raises ValueError. A single comma is always the Indonesian decimal comma."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(value)
        # Excel stores binary floats: 0.1 + 0.2 arrives as 0.30000000000000004.
        return Decimal(str(round(value, 9))).normalize()
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = re.sub(r"\s", "", value)
    if not text:
        return None
    sign = 1
    if text[0] in "-\u2212":
        sign, text = -1, text[1:]
    elif text[0] == "+":
        text = text[1:]
    if _ID_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    elif _EN_THOUSANDS.match(text):
        text = text.replace(",", "")
    elif not _PLAIN.match(text):
        raise ValueError(value)
    try:
        return sign * Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


def parse_date(value: Any) -> datetime.date | None:
    """A cell as a date: an Excel date, or text "dd/mm/yyyy" or "yyyy-mm-dd"."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError(value)


def cell_text(value: Any) -> str:
    """A cell as text; numbers typed into a text column ("1" for a code) stay readable."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def normalise(text: Any) -> str:
    """A cell or a name as it is compared: spaces folded, case ignored."""
    return " ".join(cell_text(text).split()).casefold()


# --- opening ------------------------------------------------------------------------


def _unreadable() -> FileError:
    return FileError(
        _("The file cannot be read. Upload an Excel workbook (.xlsx), such as the template.")
    )


def _too_many_rows() -> FileError:
    return FileError(
        _("The sheet has more than %(count)d rows; split it into several files.")
        % {"count": settings.XLSX_MAX_ROWS}
    )


def _too_many_columns() -> FileError:
    return FileError(
        _("The sheet has more than %(count)d columns; use the template's columns.")
        % {"count": settings.XLSX_MAX_COLUMNS}
    )


def _column_number(reference: str) -> int:
    """The column of a cell reference such as "AB12" (0 when it has none)."""
    letters = reference.rstrip("0123456789")
    if not letters:
        return 0
    if len(letters) > 3:
        return 1 << 20  # past the last column (XFD) that a sheet can have
    return column_index_from_string(letters.upper())


def _check_sheet_size(source: IO[bytes]) -> None:
    """Refuse a worksheet that declares, or holds, more rows or columns than the caps.

    The declared size (``<dimension>``, before the rows) is checked before any row is
    read. As it may be missing or wrong, the rows and each row's cells are then counted
    too, stopping at the first one past a cap: the work is bounded by the caps, not by
    what the file unpacks to. Any other XML part is left after its first tag."""
    max_rows, max_columns = settings.XLSX_MAX_ROWS, settings.XLSX_MAX_COLUMNS
    events = iterparse(source, events=("start", "end"))
    first = next(events, None)
    if first is None or first[1].tag != f"{_MAIN_NS}worksheet":
        return
    rows = cells = others = 0
    in_data = False
    for event, element in events:
        tag = element.tag
        if event == "end":
            if tag == f"{_MAIN_NS}row":
                element.clear()  # keep memory flat while counting
            elif tag == f"{_MAIN_NS}sheetData":
                in_data = False
            continue
        if tag == f"{_MAIN_NS}sheetData":
            in_data = True
        elif not in_data:
            # Merges, formats, validations...: a handful in a real sheet, and openpyxl
            # reads all that follow the rows.
            others += 1
            if others > max_rows:
                raise FileError(
                    _(
                        "The sheet holds too many merged cells, formats or validations; "
                        "copy its data into the template."
                    )
                )
        if tag == f"{_MAIN_NS}c":
            cells += 1
            if cells > max_columns or _column_number(element.get("r", "")) > max_columns:
                raise _too_many_columns()
        elif tag == f"{_MAIN_NS}row":
            rows, cells = rows + 1, 0
            number = element.get("r", "")
            if rows > max_rows or (number.isdecimal() and int(number) > max_rows):
                raise _too_many_rows()
        elif tag == f"{_MAIN_NS}dimension":
            try:
                _first_col, _first_row, last_col, last_row = range_boundaries(
                    element.get("ref", "")
                )
            except (TypeError, ValueError):
                continue  # an unreadable dimension: openpyxl ignores it too
            # Said with the declared size: the rows may be empty but formatted.
            if (last_row or 0) > max_rows:
                raise FileError(
                    _(
                        "The sheet declares %(rows)d rows; at most %(count)d are accepted. "
                        "Delete the empty rows below the data or split the file."
                    )
                    % {"rows": last_row, "count": max_rows}
                )
            if (last_col or 0) > max_columns:
                raise FileError(
                    _(
                        "The sheet declares %(columns)d columns; at most %(count)d are "
                        "accepted. Delete the empty columns after the data."
                    )
                    % {"columns": last_col, "count": max_columns}
                )


def _check_archive(fileobj: IO[bytes]) -> None:
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > settings.XLSX_MAX_UNPACKED_BYTES:
            raise FileError(_("The file is too large once unpacked."))
        for info in infos:
            # Wherever the workbook puts its sheets: every XML part is looked at.
            if info.filename.endswith(".xml"):
                with archive.open(info) as source:
                    _check_sheet_size(source)


def open_workbook(fileobj: IO[bytes]) -> Workbook:
    """The upload as a read-only workbook (values, not formulas), once its size is known
    to be within the caps; ``FileError`` otherwise. Close it after use."""
    try:
        _check_archive(fileobj)
        fileobj.seek(0)
        return openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except FileError:
        raise
    except Exception as exc:
        # openpyxl and zipfile raise many kinds of errors on damaged or foreign files
        # (BadZipFile, KeyError, ParseError, ValueError...); to the user they all mean
        # the same thing, and none of them may become a server error.
        raise _unreadable() from exc


def _is_blank(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def sheet_rows(workbook: Workbook, name: str) -> list[tuple[int, tuple]]:
    """(row number, values) of the sheet ``name`` (else the first sheet), blank rows left
    out. The header row is included as row 1 when present. At most ``XLSX_MAX_ROWS``
    rows and ``XLSX_MAX_COLUMNS`` columns are read; a sheet with more is refused."""
    max_rows, max_columns = settings.XLSX_MAX_ROWS, settings.XLSX_MAX_COLUMNS
    sheet = workbook[name] if name in workbook.sheetnames else workbook.worksheets[0]
    if hasattr(sheet, "reset_dimensions"):
        # Some writers store wrong dimensions; read the rows that are really there
        # (bounded below, so a wrong dimension cannot make the read unbounded).
        sheet.reset_dimensions()
    rows = []
    cells = sheet.iter_rows(max_row=max_rows + 1, max_col=max_columns + 1, values_only=True)
    for number, values in enumerate(cells, start=1):
        if number > max_rows:
            raise _too_many_rows()
        if not _is_blank(values[max_columns:]):
            raise _too_many_columns()
        values = values[:max_columns]
        if not _is_blank(values):
            rows.append((number, values))
    return rows


def _info(workbook: Workbook, name: str) -> dict[str, Any]:
    info: dict[str, Any] = {}
    if name in workbook.sheetnames:
        for values in workbook[name].iter_rows(max_row=INFO_ROWS, max_col=2, values_only=True):
            if values and values[0] is not None:
                info[normalise(values[0])] = values[1] if len(values) > 1 else None
    return info


def read_sheet(
    fileobj: IO[bytes], name: str, info_sheet: str | None = None
) -> tuple[list[tuple[int, tuple]], dict[str, Any]]:
    """The rows of sheet ``name`` (``sheet_rows``) and, when ``info_sheet`` is present,
    its key/value pairs (keys ``normalise``d). Raises ``FileError``."""
    workbook = open_workbook(fileobj)
    try:
        rows = sheet_rows(workbook, name)
        return rows, _info(workbook, info_sheet) if info_sheet else {}
    except FileError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid archive; see open_workbook
        raise _unreadable() from exc
    finally:
        workbook.close()


# --- headers and rows ---------------------------------------------------------------


def map_headers(
    header_values: tuple, known: dict[str, str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Column indexes of the ``known`` headers (key -> header), by key; and of the other
    headers, by their ``normalise``d text (the first of each)."""
    by_header = {normalise(header): key for key, header in known.items()}
    columns: dict[str, int] = {}
    others: dict[str, int] = {}
    for index, value in enumerate(header_values):
        name = normalise(value)
        if name in by_header and by_header[name] not in columns:
            columns[by_header[name]] = index
        elif name:
            others.setdefault(name, index)
    return columns, others


def missing_columns(
    columns: dict[str, int], required: Iterable[str], headers: dict[str, str]
) -> list[RowError]:
    """A row-1 error for each required column the sheet does not have."""
    return [
        RowError(1, headers[key], _("This column is missing; use the template's headers."))
        for key in headers
        if key in required and key not in columns
    ]


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    """A model's validation errors by field (``NON_FIELD_ERRORS`` for the others)."""
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: exc.messages}


class Row:
    """One data row: typed access to its cells by column key, problems recorded with
    the row's number and the column's header."""

    def __init__(
        self,
        number: int,
        values: tuple,
        columns: dict[str, int],
        headers: dict[str, str],
        errors: list[RowError],
    ):
        self.line = number
        self.values = values
        self.columns = columns
        self.headers = headers
        self.errors = errors
        self.failed: set[str] = set()

    def has(self, key: str) -> bool:
        return key in self.columns

    def raw(self, key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def is_empty(self, key: str) -> bool:
        return cell_text(self.raw(key)) == ""

    def error(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.errors.append(RowError(self.line, self.headers.get(key, ""), message))

    def text(self, key: str) -> str:
        return cell_text(self.raw(key))

    def number(self, key: str) -> Decimal | None:
        """A non-negative number of at most 14 digits, 2 after the comma."""
        try:
            value = parse_number(self.raw(key))
        except ValueError:
            self.error(key, _("“%(value)s” is not a number.") % {"value": self.text(key)})
            return None
        if value is None:
            return None
        if value < 0:
            self.error(key, _("The number must not be negative."))
            return None
        try:
            _DECIMAL_VALIDATOR(value)
        except ValidationError as exc:
            self.error(key, " ".join(exc.messages))
            return None
        return value

    def find(
        self,
        key: str,
        lookup: Lookup,
        *,
        unknown: str,
        ambiguous: str | None = None,
        name: str | None = None,
    ) -> Any:
        """What ``lookup`` holds under the cell's text (or under ``name``, one item of a
        list in the cell). When nothing is found, the error ``ambiguous`` if the name is
        shared, else ``unknown``; both may use ``%(name)s`` and ``%(choices)s``."""
        name = self.text(key) if name is None else name
        found, is_ambiguous = lookup.find(name)
        if found is None:
            message = ambiguous if is_ambiguous and ambiguous else unknown
            self.error(key, message % {"name": name, "choices": ", ".join(lookup.labels)})
        return found

    def choice(self, key: str, lookup: Lookup, *, missing: str, unknown: str) -> Any:
        """The value a choice cell names (``choice_lookup``): ``missing`` is the error
        when the cell is empty, ``unknown`` (see ``find``) when it names no choice."""
        if self.is_empty(key):
            self.error(key, missing)
            return None
        return self.find(key, lookup, unknown=unknown)

    def date(self, key: str) -> datetime.date | None:
        try:
            return parse_date(self.raw(key))
        except ValueError:
            self.error(
                key,
                _("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": self.text(key)},
            )
            return None


# --- look-ups by name ---------------------------------------------------------------


def in_every_language(label: Callable[[], Any]) -> set[str]:
    """``label()`` rendered in every site language, ``normalise``d: a sheet made or
    filled in under another language still reads."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(normalise(label()))
    return names


class Lookup:
    """Find an object by any of its names, case-insensitively; a name shared by two
    objects is ambiguous rather than silently one of them."""

    def __init__(self) -> None:
        self._by_name: dict[str, dict[int, Any]] = {}
        self.labels: list[str] = []  # the names to suggest when a name is not found

    def add(self, obj: Any, key: int, names: Iterable[str]) -> None:
        for name in names:
            name = normalise(name)
            if name:
                self._by_name.setdefault(name, {})[key] = obj

    def find(self, name: str) -> tuple[Any | None, bool]:
        """(object, ambiguous)."""
        found = self._by_name.get(normalise(name), {})
        if len(found) == 1:
            return next(iter(found.values())), False
        return None, len(found) > 1


def choice_lookup(choices: type, language: str) -> Lookup:
    """The values of a ``TextChoices`` by key and by label in every language; its
    ``labels`` (in ``language``, the sheet's) name the choices in error messages."""
    lookup = Lookup()
    for index, member in enumerate(choices):
        names = {member.value, *in_every_language(lambda m=member: m.label)}
        lookup.add(member.value, index, names)
    with translation.override(language):
        lookup.labels = [str(label) for label in choices.labels]
    return lookup
