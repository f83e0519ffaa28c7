"""Spreadsheets of an action plan: templates to fill in, their import, and the exports
(summary with progress, activities, progress reports, the annual work plan).

The sheets speak Indonesian whatever language the user chose on screen, because they
circulate among offices that work in Indonesian: fixed headers (``ACTIVITY_COLUMNS``,
``progress_columns``) and labels rendered in ``SHEET_LANGUAGE``. Imports accept the
labels of every site language and the choice keys, case-insensitively, so that a sheet
filled in by hand or made under another language still reads.

Imports are all-or-nothing: every row is checked first, problems are collected as
``RowError`` (row numbered as Excel shows it, column by its header), and only a clean
file is written, in one transaction, row by row so that the audit trail
(django-simple-history) records each change.

Progress percentages come from ``actionplans.services.plan_progress`` only.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import DecimalValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Area,
    PlanStatus,
    ProgressReport,
    ProgressStatus,
    ReviewState,
    Section,
)
from actionplans.services import load_activities, plan_progress
from gugustugas.xlsx import DATE_FORMAT
from gugustugas.xlsx import put as put_cell

SHEET_LANGUAGE = "id"

ACTIVITY_SHEET = "Kegiatan"
PROGRESS_SHEET = "Progres"
LISTS_SHEET = "Daftar"
INFO_SHEET = "Keterangan"
SUMMARY_SHEET = "Ringkasan"
WORK_PLAN_SHEET = "Rencana Kerja"

# One list for the template, the import and the export: (key, header). Keys other than
# "subgt" and "implementing_agencies" are the Activity field names.
ACTIVITY_COLUMNS: list[tuple[str, str]] = [
    ("subgt", "Sub-GT"),
    ("code", "Kode"),
    ("title", "Judul kegiatan"),
    ("description", "Uraian"),
    ("expected_output", "Keluaran"),
    ("indicator", "Indikator"),
    ("unit", "Satuan"),
    ("baseline", "Baseline"),
    ("start_date", "Mulai"),
    ("end_date", "Selesai"),
    ("responsible_agency", "Instansi penanggung jawab"),
    ("implementing_agencies", "Instansi pelaksana"),
    ("area", "Area 3P"),
    ("location", "Lokasi"),
]
# Without these a row cannot be placed (sub-GT, code) or saved (title, area). A missing
# optional column leaves that field of existing activities as it is.
REQUIRED_ACTIVITY_COLUMNS = frozenset({"subgt", "code", "title", "area"})
TARGET_HEADER = "Target {year}"
IMPLEMENTER_SEPARATOR = ";"

ACHIEVED_HEADER = "Capaian s.d. triwulan ini"
REQUIRED_PROGRESS_COLUMNS = frozenset({"id", "achieved", "status"})

# Plenty for a plan (a large RAD has a few hundred activities); stops runaway files.
MAX_DATA_ROWS = 5000
# A 5 MB .xlsx can unpack to gigabytes of XML: refuse before parsing.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024

PERCENT_FORMAT = "0.0"
TEXT_FORMAT = "@"
# Rows below the data that still get the dropdowns and text formats, for new activities.
SPARE_ROWS = 500

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")

_WIDTHS = {
    "subgt": 32,
    "code": 10,
    "title": 42,
    "description": 50,
    "expected_output": 30,
    "indicator": 30,
    "unit": 12,
    "baseline": 11,
    "start_date": 12,
    "end_date": 12,
    "responsible_agency": 32,
    "implementing_agencies": 40,
    "area": 16,
    "location": 20,
    "id": 8,
    "target": 12,
    "achieved": 14,
    "status": 16,
    "review_state": 14,
    "narrative": 50,
    "obstacles": 40,
    "year": 8,
    "quarter": 9,
}

_DECIMAL_VALIDATOR = DecimalValidator(max_digits=14, decimal_places=2)


# --- results ------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded sheet.

    ``row`` is the row number as Excel shows it (1 is the header row); 0 means the file
    as a whole (unreadable, wrong plan state). ``column`` is the column's header, or ""
    when the problem is not about one column.
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
    skipped: int = 0  # progress rows without an achieved value
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileError(Exception):
    """The upload cannot be read as a workbook; the message is for the user."""


# --- reading cells ------------------------------------------------------------------

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


def _normalise(text: Any) -> str:
    return " ".join(cell_text(text).split()).casefold()


def _open_workbook(fileobj: IO[bytes]) -> Workbook:
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise _FileError(_("The file is too large once unpacked."))
        fileobj.seek(0)
        return openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except _FileError:
        raise
    except Exception as exc:
        # openpyxl and zipfile raise many kinds of errors on damaged or foreign files
        # (BadZipFile, KeyError, ParseError, ValueError...); to the user they all mean
        # the same thing, and none of them may become a server error.
        raise _FileError(
            _("The file cannot be read. Upload an Excel workbook (.xlsx), such as the template.")
        ) from exc


def _sheet_rows(workbook: Workbook, name: str) -> list[tuple[int, tuple]]:
    """(row number, values) of the sheet ``name`` (else the first sheet), empty rows left
    out. The header row is included as row 1 when present."""
    sheet = workbook[name] if name in workbook.sheetnames else workbook.worksheets[0]
    if hasattr(sheet, "reset_dimensions"):
        # Some writers store wrong dimensions; read every row that is really there.
        sheet.reset_dimensions()
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(rows) > MAX_DATA_ROWS:
            raise _FileError(
                _("The sheet has more than %(count)d rows; split it into several files.")
                % {"count": MAX_DATA_ROWS}
            )
        rows.append((number, values))
    return rows


def _read_sheet(fileobj: IO[bytes], name: str) -> tuple[list[tuple[int, tuple]], dict]:
    """The rows of sheet ``name`` and, when present, the key/value pairs of the info sheet."""
    workbook = _open_workbook(fileobj)
    try:
        rows = _sheet_rows(workbook, name)
        info = {}
        if INFO_SHEET in workbook.sheetnames:
            for values in workbook[INFO_SHEET].iter_rows(max_col=2, values_only=True):
                if values and values[0] is not None:
                    info[_normalise(values[0])] = values[1] if len(values) > 1 else None
        return rows, info
    except _FileError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid archive; see _open_workbook
        raise _FileError(
            _("The file cannot be read. Upload an Excel workbook (.xlsx), such as the template.")
        ) from exc
    finally:
        workbook.close()


class _Row:
    """One data row: typed access to its cells, problems recorded with row and column."""

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

    def date(self, key: str) -> datetime.date | None:
        try:
            return parse_date(self.raw(key))
        except ValueError:
            self.error(
                key,
                _("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": self.text(key)},
            )
            return None


def _map_headers(
    header_values: tuple, known: dict[str, str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Column indexes of the known headers (by key), and of "Target <year>" columns."""
    by_header = {_normalise(header): key for key, header in known.items()}
    columns: dict[str, int] = {}
    target_years: dict[str, int] = {}
    for index, value in enumerate(header_values):
        name = _normalise(value)
        if name in by_header and by_header[name] not in columns:
            columns[by_header[name]] = index
            continue
        match = re.fullmatch(r"target\s*(\d{4})", name)
        if match:
            target_years.setdefault(match.group(1), index)
    return columns, target_years


def _missing_columns(columns: dict[str, int], required: Iterable[str], headers: dict[str, str]):
    return [
        RowError(1, headers[key], _("This column is missing; use the template's headers."))
        for key in headers
        if key in required and key not in columns
    ]


def _validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: exc.messages}


# --- lookups by name ----------------------------------------------------------------


def _in_every_language(label: Callable[[], Any]) -> set[str]:
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(_normalise(label()))
    return names


class _Lookup:
    """Find an object by any of its names, case-insensitively; a name shared by two
    objects is ambiguous rather than silently one of them."""

    def __init__(self) -> None:
        self._by_name: dict[str, dict[int, Any]] = {}

    def add(self, obj: Any, key: int, names: Iterable[str]) -> None:
        for name in names:
            name = _normalise(name)
            if name:
                self._by_name.setdefault(name, {})[key] = obj

    def find(self, name: str) -> tuple[Any | None, bool]:
        """(object, ambiguous)."""
        found = self._by_name.get(_normalise(name), {})
        if len(found) == 1:
            return next(iter(found.values())), False
        return None, len(found) > 1


def _choice_lookup(choices: type) -> _Lookup:
    lookup = _Lookup()
    for index, member in enumerate(choices):
        lookup.add(
            member.value, index, {member.value, *_in_every_language(lambda m=member: m.label)}
        )
    return lookup


def _section_lookup(plan: ActionPlan) -> _Lookup:
    lookup = _Lookup()
    for section in plan.sections.select_related("sub_task_force"):
        subgt = section.sub_task_force
        names = {subgt.custom_name, subgt.kind, *_in_every_language(subgt.get_kind_display)}
        lookup.add(section, section.pk, names)
    return lookup


def _agency_lookup(plan: ActionPlan) -> _Lookup:
    lookup = _Lookup()
    for agency in plan.task_force.agencies.all():
        lookup.add(agency, agency.pk, {agency.name, agency.short_name})
    return lookup


# --- writing ------------------------------------------------------------------------


def _write_row(sheet: Worksheet, row: int, values: Sequence[Any], bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        put_cell(sheet, row, column, value)
        if bold:
            sheet.cell(row=row, column=column).font = _BOLD


def _write_header(sheet: Worksheet, row: int, columns: Sequence[tuple[str, str]]) -> None:
    for index, (key, header) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=header)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        width = _WIDTHS.get(key.split(":")[0], 14)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _list_validation(sheet: Worksheet, column: int, source: str, rows: int) -> None:
    """A dropdown from a range of the lists sheet. Only a warning on other values:
    short names and keys are accepted too."""
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.errorStyle = "warning"
    validation.showErrorMessage = True
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{rows}")
    sheet.add_data_validation(validation)


def _lists_sheet(workbook: Workbook, lists: Sequence[tuple[str, list[str]]]) -> dict[str, str]:
    """A sheet with one list per column; returns each list's range, for dropdowns."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    ranges = {}
    for column, (header, values) in enumerate(lists, start=1):
        sheet.cell(row=1, column=column, value=header).font = _BOLD
        for row, value in enumerate(values, start=2):
            put_cell(sheet, row, column, value)
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(50, max([12, *(len(v) + 2 for v in values)]))
        if values:
            ranges[header] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    sheet.freeze_panes = "A2"
    return ranges


def _target_columns(plan: ActionPlan) -> list[tuple[str, str]]:
    return [(f"target:{year}", TARGET_HEADER.format(year=year)) for year in plan.years]


def _activity_values(activity: Activity, years: Iterable[int]) -> list[Any]:
    """One activity in the order of ``ACTIVITY_COLUMNS``, then its target per year."""
    targets = {t.year: t.target for t in activity.targets.all()}
    responsible = activity.responsible_agency
    values = {
        "subgt": activity.section.sub_task_force.name,
        "implementing_agencies": f"{IMPLEMENTER_SEPARATOR} ".join(
            a.name for a in activity.implementing_agencies.all()
        ),
        "responsible_agency": responsible.name if responsible else "",
        "area": str(activity.get_area_display()),
    }
    row = [values[key] if key in values else getattr(activity, key) for key, _h in ACTIVITY_COLUMNS]
    return row + [targets.get(year) for year in years]


def _write_activities(sheet: Worksheet, plan: ActionPlan, activities: list[Activity]) -> None:
    columns = ACTIVITY_COLUMNS + _target_columns(plan)
    _write_header(sheet, 1, columns)
    for row, activity in enumerate(activities, start=2):
        _write_row(sheet, row, _activity_values(activity, plan.years))
        for column in (3, 4):  # title and description may be long
            sheet.cell(row=row, column=column).alignment = _WRAP
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(activities) + 1, 1)}"


def _column_index(key: str, columns: Sequence[tuple[str, str]]) -> int:
    return next(i for i, (k, _h) in enumerate(columns, start=1) if k == key)


# --- activities: template and import -----------------------------------------------


def activity_template(plan: ActionPlan) -> bytes:
    """An .xlsx to fill in: the plan's activities, one row each, with a "Target <year>"
    column per year of the plan, and dropdowns for sub-GT, agency and 3P area fed by
    the lists sheet ("Daftar")."""
    with translation.override(SHEET_LANGUAGE):
        activities = load_activities(plan, with_implementers=True)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = ACTIVITY_SHEET
        _write_activities(sheet, plan, activities)
        last_row = len(activities) + 1 + SPARE_ROWS
        code_column = _column_index("code", ACTIVITY_COLUMNS)
        date_columns = [_column_index(k, ACTIVITY_COLUMNS) for k in ("start_date", "end_date")]
        for row in range(2, last_row + 1):
            # Codes such as "1.10" must stay text, or Excel turns them into 1.1.
            sheet.cell(row=row, column=code_column).number_format = TEXT_FORMAT
            for column in date_columns:
                sheet.cell(row=row, column=column).number_format = DATE_FORMAT

        agencies = list(plan.task_force.agencies.order_by("name"))
        subgts = [s.sub_task_force.name for s in plan.sections.select_related("sub_task_force")]
        ranges = _lists_sheet(
            workbook,
            [
                ("Sub-GT", subgts),
                ("Instansi", [a.name for a in agencies]),
                ("Singkatan", [a.short_name for a in agencies]),
                ("Area 3P", [str(label) for label in Area.labels]),
                ("Kunci area", list(Area.values)),
            ],
        )
        for key, header in (
            ("subgt", "Sub-GT"),
            ("responsible_agency", "Instansi"),
            ("area", "Area 3P"),
        ):
            if header in ranges:
                column = _column_index(key, ACTIVITY_COLUMNS)
                _list_validation(sheet, column, ranges[header], last_row)
        return _to_bytes(workbook)


@dataclass
class _ActivityRow:
    """A checked row, ready to save."""

    number: int
    activity: Activity
    before: dict[str, Any] | None  # field values of an existing activity before the row
    implementers: list[int] | None  # None: the column is not in the sheet
    targets: dict[int, Decimal | None]


_ACTIVITY_FIELDS = [
    key for key, _h in ACTIVITY_COLUMNS if key not in ("subgt", "implementing_agencies")
]


def _field_values(activity: Activity) -> dict[str, Any]:
    return {
        name: getattr(activity, Activity._meta.get_field(name).attname) for name in _ACTIVITY_FIELDS
    }


class _ActivityReader:
    """Checks the rows of an activity sheet against one plan."""

    def __init__(self, plan: ActionPlan, columns: dict[str, int], target_years: list[int]):
        self.plan = plan
        self.columns = columns
        self.target_years = target_years
        self.headers = dict(ACTIVITY_COLUMNS) | {
            f"target:{y}": TARGET_HEADER.format(year=y) for y in target_years
        }
        self.sections = _section_lookup(plan)
        self.agencies = _agency_lookup(plan)
        self.areas = _choice_lookup(Area)
        self.existing: dict[tuple[int, str], list[Activity]] = {}
        for activity in load_activities(plan, with_implementers=True):
            if activity.code:
                self.existing.setdefault((activity.section_id, activity.code), []).append(activity)
        self.seen: dict[tuple[int, str], int] = {}

    def _agency(self, row: _Row, key: str, name: str):
        agency, ambiguous = self.agencies.find(name)
        if agency is None:
            message = (
                _("Several agencies are called “%(name)s”; use the full name.")
                if ambiguous
                else _("“%(name)s” is not an agency of this task force (name or short name).")
            )
            row.error(key, message % {"name": name})
        return agency

    def read(self, row: _Row) -> _ActivityRow | None:
        section = self._section(row)
        code = row.text("code")
        title = row.text("title")
        if not title:
            row.error("title", _("The title is required."))
        area = self._area(row)
        baseline = row.number("baseline") if row.has("baseline") else None
        start = row.date("start_date") if row.has("start_date") else None
        end = row.date("end_date") if row.has("end_date") else None
        if start and end and end < start:
            row.error("end_date", _("The end is before the start."))
        responsible = None
        if row.has("responsible_agency") and not row.is_empty("responsible_agency"):
            responsible = self._agency(row, "responsible_agency", row.text("responsible_agency"))
        implementers = None
        if row.has("implementing_agencies"):
            implementers = []
            for name in row.text("implementing_agencies").split(IMPLEMENTER_SEPARATOR):
                if name.strip():
                    agency = self._agency(row, "implementing_agencies", name.strip())
                    if agency is not None and agency.pk not in implementers:
                        implementers.append(agency.pk)
        targets = {year: row.number(f"target:{year}") for year in self.target_years}

        if section is None:
            return None
        activity, before = self._activity(row, section, code)
        if activity is None:
            return None
        activity.code, activity.title = code, title
        if area:
            activity.area = area
        updates = {
            "description": row.text("description"),
            "expected_output": row.text("expected_output"),
            "indicator": row.text("indicator"),
            "unit": row.text("unit"),
            "location": row.text("location"),
            "baseline": baseline,
            "start_date": start,
            "end_date": end,
            "responsible_agency": responsible,
        }
        for name, value in updates.items():
            if row.has(name):  # an absent optional column leaves the field alone
                setattr(activity, name, value)
        try:
            # The agency was found among the task force's own above: no query per row.
            activity.full_clean(
                exclude=["section", "objective", "responsible_agency", *row.failed],
                validate_unique=False,
                validate_constraints=False,  # both constraints are checked above
            )
        except ValidationError as exc:
            for name, messages in _validation_messages(exc).items():
                for message in messages:
                    row.error(name, message)  # a non-field error gets no column
        return _ActivityRow(row.line, activity, before, implementers, targets)

    def _section(self, row: _Row) -> Section | None:
        name = row.text("subgt")
        if not name:
            row.error("subgt", _("Choose the sub-GT."))
            return None
        section, ambiguous = self.sections.find(name)
        if section is None:
            message = (
                _("Several sub-GTs are called “%(name)s”.")
                if ambiguous
                else _("“%(name)s” is not a sub-GT of this plan.")
            )
            row.error("subgt", message % {"name": name})
        return section

    def _area(self, row: _Row) -> str | None:
        name = row.text("area")
        if not name:
            row.error("area", _("Choose the 3P area."))
            return None
        area, _ambiguous = self.areas.find(name)
        if area is None:
            with translation.override(SHEET_LANGUAGE):
                choices = ", ".join(str(label) for label in Area.labels)
            row.error(
                "area",
                _("“%(name)s” is not a 3P area; use one of: %(choices)s.")
                % {"name": name, "choices": choices},
            )
        return area

    def _activity(
        self, row: _Row, section: Section, code: str
    ) -> tuple[Activity | None, dict | None]:
        """The activity this row updates (same section and code) or a new one."""
        if not code:
            return Activity(section=section), None
        key = (section.pk, code)
        if key in self.seen:
            row.error(
                "code",
                _("The code %(code)s is already used for this sub-GT in row %(row)d.")
                % {"code": code, "row": self.seen[key]},
            )
            return None, None
        self.seen[key] = row.line
        matches = self.existing.get(key, [])
        if len(matches) > 1:
            row.error(
                "code",
                _("Several activities of this sub-GT have the code %(code)s; fix the plan first.")
                % {"code": code},
            )
            return None, None
        if matches:
            return matches[0], _field_values(matches[0])
        return Activity(section=section), None


def _activity_columns(plan: ActionPlan, header: tuple) -> tuple[dict[str, int], list[int], list]:
    headers = dict(ACTIVITY_COLUMNS)
    columns, target_columns = _map_headers(header, headers)
    errors = _missing_columns(columns, REQUIRED_ACTIVITY_COLUMNS, headers)
    years = []
    for year_text, index in target_columns.items():
        year = int(year_text)
        if year in plan.years:
            columns[f"target:{year}"] = index
            years.append(year)
        else:
            errors.append(
                RowError(
                    1,
                    TARGET_HEADER.format(year=year),
                    _("%(year)d is outside the plan's period (%(start)d–%(end)d).")
                    % {"year": year, "start": plan.start_year, "end": plan.end_year},
                )
            )
    return columns, sorted(years), errors


def _not_draft(plan: ActionPlan) -> RowError:
    return RowError(
        0,
        "",
        _("Activities can only be imported into a plan in draft; this plan is “%(status)s”.")
        % {"status": plan.get_status_display()},
    )


def import_activities(plan: ActionPlan, fileobj: IO[bytes]) -> ImportResult:
    """Create or update the plan's activities from a sheet like ``activity_template``.

    A row updates the activity of the same sub-GT and code, or creates one (always when
    the code is empty). The targets of the "Target <year>" columns present are set (an
    empty cell removes that year's target); implementing agencies are set from the list.
    Nothing is written unless every row is valid, and only into a plan in draft.
    """
    result = ImportResult()
    if plan.status != PlanStatus.DRAFT:
        result.errors.append(_not_draft(plan))
        return result
    try:
        rows, _info = _read_sheet(fileobj, ACTIVITY_SHEET)
    except _FileError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    if not rows or rows[0][0] != 1:
        result.errors.append(RowError(1, "", _("The first row must hold the column headers.")))
        return result
    columns, years, header_errors = _activity_columns(plan, rows[0][1])
    if header_errors:
        result.errors.extend(header_errors)
        return result

    reader = _ActivityReader(plan, columns, years)
    checked = []
    for number, values in rows[1:]:
        item = reader.read(_Row(number, values, columns, reader.headers, result.errors))
        if item is not None:
            checked.append(item)
    if not rows[1:]:
        result.errors.append(RowError(2, "", _("The sheet has no activities to import.")))
    if result.errors:
        return result

    with transaction.atomic():
        # The plan may have left draft while the file was being checked.
        if ActionPlan.objects.select_for_update().get(pk=plan.pk).status != PlanStatus.DRAFT:
            result.errors.append(_not_draft(plan))
            return result
        for item in checked:
            _save_activity(item, result)
    return result


def _save_activity(item: _ActivityRow, result: ImportResult) -> None:
    activity = item.activity
    is_new = activity.pk is None
    changed = is_new or item.before != _field_values(activity)
    if changed:
        activity.save()
    if item.implementers is not None:
        current = set() if is_new else {a.pk for a in activity.implementing_agencies.all()}
        if current != set(item.implementers):
            activity.implementing_agencies.set(item.implementers)
            changed = True
    existing = {} if is_new else {t.year: t for t in activity.targets.all()}
    for year, value in item.targets.items():
        target = existing.get(year)
        if value is None:
            if target is not None:
                target.delete()
                changed = True
        elif target is None:
            ActivityTarget.objects.create(activity=activity, year=year, target=value)
            changed = True
        elif target.target != value:
            target.target = value
            target.save()
            changed = True
    if is_new:
        result.created += 1
    elif changed:
        result.updated += 1
    else:
        result.unchanged += 1


# --- progress: template and import -------------------------------------------------


def progress_columns(year: int) -> list[tuple[str, str]]:
    """The progress sheet's columns; the hidden "ID" is the activity's key on import."""
    return [
        ("id", "ID"),
        ("code", "Kode"),
        ("title", "Judul kegiatan"),
        ("subgt", "Sub-GT"),
        ("unit", "Satuan"),
        ("target", TARGET_HEADER.format(year=year)),
        ("achieved", ACHIEVED_HEADER),
        ("status", "Status"),
        ("narrative", "Narasi"),
        ("obstacles", "Hambatan"),
    ]


def _write_info(workbook: Workbook, plan: ActionPlan, year: int, quarter: int) -> None:
    sheet = workbook.create_sheet(INFO_SHEET)
    for row, (label, value) in enumerate(
        [
            ("Rencana aksi", str(plan)),
            ("ID rencana", plan.pk),
            ("Tahun", year),
            ("Triwulan", quarter),
        ],
        start=1,
    ):
        sheet.cell(row=row, column=1, value=label).font = _BOLD
        put_cell(sheet, row, 2, value)
    sheet.cell(row=2, column=2).number_format = "0"
    sheet.cell(row=3, column=2).number_format = "0"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60


def progress_template(
    plan: ActionPlan, year: int, quarter: int, activities: Iterable[Activity]
) -> bytes:
    """An .xlsx to report one quarter's progress on the given activities (those the user
    may report on), prefilled with the reports already made for that quarter."""
    activities = list(activities)
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(
            activity__in=[a.pk for a in activities], year=year, quarter=quarter
        )
    }
    columns = progress_columns(year)
    with translation.override(SHEET_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = PROGRESS_SHEET
        _write_header(sheet, 1, columns)
        for row, activity in enumerate(activities, start=2):
            report = reports.get(activity.pk)
            target = next((t.target for t in activity.targets.all() if t.year == year), None)
            values = {
                "id": activity.pk,
                "code": activity.code,
                "title": activity.title,
                "subgt": activity.section.sub_task_force.name,
                "unit": activity.unit,
                "target": target,
                "achieved": report.achieved if report else None,
                "status": str(report.get_status_display()) if report else "",
                "narrative": report.narrative if report else "",
                "obstacles": report.obstacles if report else "",
            }
            _write_row(sheet, row, [values[key] for key, _h in columns])
            for key in ("title", "narrative", "obstacles"):
                sheet.cell(row=row, column=_column_index(key, columns)).alignment = _WRAP
        sheet.column_dimensions["A"].hidden = True
        sheet.freeze_panes = "D2"  # keep code and title in view
        ranges = _lists_sheet(
            workbook, [("Status", [str(label) for label in ProgressStatus.labels])]
        )
        _list_validation(
            sheet, _column_index("status", columns), ranges["Status"], len(activities) + 1
        )
        _write_info(workbook, plan, year, quarter)
        return _to_bytes(workbook)


def _file_period_errors(plan: ActionPlan, year: int, quarter: int, info: dict) -> list[RowError]:
    """The template records its plan, year and quarter: refuse to load it elsewhere."""
    try:
        plan_id = int(parse_number(info.get("id rencana")) or 0)
        file_year = int(parse_number(info.get("tahun")) or 0)
        file_quarter = int(parse_number(info.get("triwulan")) or 0)
    except ValueError:
        return []  # a hand-made info sheet: nothing to compare
    if plan_id and plan_id != plan.pk:
        return [RowError(0, "", _("This file was made for another action plan."))]
    if (file_year and file_year != year) or (file_quarter and file_quarter != quarter):
        return [
            RowError(
                0,
                "",
                _(
                    "This file was made for quarter %(file_quarter)d of %(file_year)d, "
                    "not quarter %(quarter)d of %(year)d."
                )
                % {
                    "file_quarter": file_quarter or quarter,
                    "file_year": file_year or year,
                    "quarter": quarter,
                    "year": year,
                },
            )
        ]
    return []


class _ReportLocked(Exception):
    """A report of the file was submitted by someone else while the file was checked."""


@dataclass
class _ProgressRow:
    report: ProgressReport
    before: dict[str, Any] | None


_REPORT_FIELDS = ["achieved", "status", "narrative", "obstacles"]


def import_progress(
    plan: ActionPlan,
    year: int,
    quarter: int,
    fileobj: IO[bytes],
    allowed_activity_ids: set[int],
    user: Any,
) -> ImportResult:
    """Create or update the progress reports of one quarter from a ``progress_template``.

    Rows without an achieved value are skipped. Every row must name an activity of the
    plan in ``allowed_activity_ids``; a report already submitted or accepted is not
    overwritten. New reports are drafts reported by ``user``. All or nothing.
    """
    result = ImportResult()
    if year not in plan.years:
        result.errors.append(
            RowError(
                0,
                "",
                _("%(year)d is outside the plan's period (%(start)d–%(end)d).")
                % {"year": year, "start": plan.start_year, "end": plan.end_year},
            )
        )
    if quarter not in (1, 2, 3, 4):
        result.errors.append(RowError(0, "", _("The quarter must be 1, 2, 3 or 4.")))
    if result.errors:
        return result
    try:
        rows, info = _read_sheet(fileobj, PROGRESS_SHEET)
    except _FileError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    result.errors.extend(_file_period_errors(plan, year, quarter, info))
    if result.errors:
        return result
    if not rows or rows[0][0] != 1:
        result.errors.append(RowError(1, "", _("The first row must hold the column headers.")))
        return result
    headers = dict(progress_columns(year))
    columns, _target_columns = _map_headers(rows[0][1], headers)
    result.errors.extend(_missing_columns(columns, REQUIRED_PROGRESS_COLUMNS, headers))
    if result.errors:
        return result

    activities = {a.pk: a for a in plan.activities().select_related("section__sub_task_force")}
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(
            activity__section__plan=plan, year=year, quarter=quarter
        )
    }
    statuses = _choice_lookup(ProgressStatus)
    seen: dict[int, int] = {}
    checked: list[_ProgressRow] = []
    for number, values in rows[1:]:
        row = _Row(number, values, columns, headers, result.errors)
        if row.is_empty("achieved"):
            result.skipped += 1
            continue
        activity = _progress_activity(row, activities, allowed_activity_ids, seen)
        achieved = row.number("achieved")
        status = None
        if row.is_empty("status"):
            row.error("status", _("Choose the status."))
        else:
            status, _ambiguous = statuses.find(row.text("status"))
            if status is None:
                with translation.override(SHEET_LANGUAGE):
                    choices = ", ".join(str(label) for label in ProgressStatus.labels)
                row.error(
                    "status",
                    _("“%(name)s” is not a status; use one of: %(choices)s.")
                    % {"name": row.text("status"), "choices": choices},
                )
        if activity is None:
            continue
        report = reports.get(activity.pk)
        if report is not None and report.review_state in (
            ReviewState.SUBMITTED,
            ReviewState.ACCEPTED,
        ):
            row.error(
                "achieved",
                _("The report of this quarter is already %(state)s and cannot be overwritten.")
                % {"state": str(report.get_review_state_display()).lower()},
            )
            continue
        if row.failed:
            continue
        before = None
        if report is None:
            report = ProgressReport(activity=activity, year=year, quarter=quarter)
        else:
            before = {name: getattr(report, name) for name in _REPORT_FIELDS}
        report.achieved, report.status = achieved, status
        for name in ("narrative", "obstacles"):
            if row.has(name):
                setattr(report, name, row.text(name))
        checked.append(_ProgressRow(report, before))
    if not checked and not result.errors:
        result.errors.append(
            RowError(0, ACHIEVED_HEADER, _("No row has an achieved value; nothing to import."))
        )
    if result.errors:
        return result

    try:
        with transaction.atomic():
            _save_reports(checked, user, result)
    except (IntegrityError, _ReportLocked):
        # Someone submitted or created one of these reports while the file was checked.
        result.created = result.updated = result.unchanged = 0
        result.errors.append(
            RowError(0, "", _("Some of these reports changed meanwhile; upload the file again."))
        )
    return result


def _save_reports(checked: list[_ProgressRow], user: Any, result: ImportResult) -> None:
    existing = [item.report.pk for item in checked if item.report.pk]
    states = set(
        ProgressReport.objects.select_for_update()
        .filter(pk__in=existing)
        .values_list("review_state", flat=True)
    )
    if states & {ReviewState.SUBMITTED, ReviewState.ACCEPTED}:
        raise _ReportLocked
    now = timezone.now()
    for item in checked:
        report = item.report
        if item.before == {name: getattr(report, name) for name in _REPORT_FIELDS}:
            result.unchanged += 1
            continue
        if report.pk is None:
            result.created += 1
        else:
            result.updated += 1
        report.reported_by, report.reported_at = user, now
        report.save()


def _progress_activity(
    row: _Row, activities: dict[int, Activity], allowed: set[int], seen: dict[int, int]
) -> Activity | None:
    try:
        pk = parse_number(row.raw("id"))
    except ValueError:
        pk = None
    activity = activities.get(int(pk)) if pk is not None and pk == int(pk) else None
    if activity is None:
        row.error("id", _("Unknown activity; keep the ID column of the template."))
        return None
    if activity.pk not in allowed:
        row.error(
            "id",
            _("You may not report progress on the activity “%(activity)s”.")
            % {"activity": activity},
        )
        return None
    if activity.pk in seen:
        row.error(
            "id",
            _("The activity “%(activity)s” is already in row %(row)d.")
            % {"activity": activity, "row": seen[activity.pk]},
        )
        return None
    seen[activity.pk] = row.line
    return activity


# --- exports ------------------------------------------------------------------------

SUMMARY_COLUMNS = [
    ("subgt", "Sub-GT"),
    ("count", "Jumlah kegiatan"),
    ("measured", "Terukur"),
    ("without_target", "Tanpa target"),
    ("percent", "Progres (%)"),
]

PROGRESS_EXPORT_COLUMNS = [
    ("code", "Kode"),
    ("title", "Judul kegiatan"),
    ("year", "Tahun"),
    ("quarter", "Triwulan"),
    ("achieved", "Capaian"),
    ("status", "Status"),
    ("review_state", "Status review"),
    ("narrative", "Narasi"),
    ("obstacles", "Hambatan"),
]


def export_plan(plan: ActionPlan, year: int) -> bytes:
    """The plan in three sheets: a summary with each section's progress in ``year`` (from
    ``plan_progress``), every activity with its targets, and every progress report."""
    with translation.override(SHEET_LANGUAGE):
        activities = load_activities(plan, with_implementers=True)
        overall, sections = plan_progress(plan, year, activities)
        workbook = Workbook()
        summary = workbook.active
        summary.title = SUMMARY_SHEET
        for row, (label, value) in enumerate(
            [
                ("Rencana aksi", plan.title),
                ("Gugus tugas", str(plan.task_force)),
                ("Periode", f"{plan.start_year}–{plan.end_year}"),
                ("Versi", plan.version),
                ("Status", str(plan.get_status_display())),
                ("Tahun progres", year),
            ],
            start=1,
        ):
            summary.cell(row=row, column=1, value=label).font = _BOLD
            put_cell(summary, row, 2, value)
        for row in (4, 6):
            summary.cell(row=row, column=2).number_format = "0"
        header_row = 8
        _write_header(summary, header_row, SUMMARY_COLUMNS)
        summary.column_dimensions["A"].width = 45
        for offset, group in enumerate([*sections, overall], start=1):
            label = "Total" if group is overall else group.label
            values = [
                label,
                len(group.rows),
                len(group.measured),
                group.without_target,
                group.percent,
            ]
            row = header_row + offset
            _write_row(summary, row, values, bold=group is overall)
            summary.cell(row=row, column=5).number_format = PERCENT_FORMAT

        _write_activities(workbook.create_sheet(ACTIVITY_SHEET), plan, activities)

        progress = workbook.create_sheet(PROGRESS_SHEET)
        _write_header(progress, 1, PROGRESS_EXPORT_COLUMNS)
        row = 2
        for activity in activities:
            for report in activity.progress.all():
                _write_row(
                    progress,
                    row,
                    [
                        activity.code,
                        activity.title,
                        report.year,
                        report.quarter,
                        report.achieved,
                        str(report.get_status_display()),
                        str(report.get_review_state_display()),
                        report.narrative,
                        report.obstacles,
                    ],
                )
                progress.cell(row=row, column=3).number_format = "0"
                progress.cell(row=row, column=4).number_format = "0"
                row += 1
        return _to_bytes(workbook)


WORK_PLAN_COLUMNS = [
    ("code", "Kode"),
    ("title", "Judul kegiatan"),
    ("indicator", "Indikator"),
    ("unit", "Satuan"),
    ("target", "Target"),  # the header names the year: see export_work_plan
    ("responsible_agency", "Instansi penanggung jawab"),
    ("implementing_agencies", "Instansi pelaksana"),
    ("start_date", "Mulai"),
    ("end_date", "Selesai"),
    ("location", "Lokasi"),
]


def export_work_plan(plan: ActionPlan, year: int) -> bytes:
    """The annual work plan: the activities active in ``year`` with that year's target,
    agencies and timeframe, under a bold row per section."""
    columns = [
        (key, TARGET_HEADER.format(year=year) if key == "target" else header)
        for key, header in WORK_PLAN_COLUMNS
    ]
    with translation.override(SHEET_LANGUAGE):
        activities = [a for a in load_activities(plan, with_implementers=True) if a.active_in(year)]
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = WORK_PLAN_SHEET
        title = sheet.cell(row=1, column=1, value=f"Rencana Kerja Tahun {year}")
        title.font = Font(bold=True, size=14)
        put_cell(sheet, 2, 1, str(plan))
        put_cell(sheet, 3, 1, str(plan.task_force))
        header_row = 5
        _write_header(sheet, header_row, columns)
        by_section: dict[int, list[Activity]] = {}
        for activity in activities:
            by_section.setdefault(activity.section_id, []).append(activity)
        row = header_row + 1
        for section in plan.sections.select_related("sub_task_force"):
            members = by_section.get(section.pk)
            if not members:
                continue
            put_cell(sheet, row, 1, section.sub_task_force.name)
            for column in range(1, len(columns) + 1):
                cell = sheet.cell(row=row, column=column)
                cell.font, cell.fill = _BOLD, _SECTION_FILL
            row += 1
            for activity in members:
                target = next((t.target for t in activity.targets.all() if t.year == year), None)
                responsible = activity.responsible_agency
                _write_row(
                    sheet,
                    row,
                    [
                        activity.code,
                        activity.title,
                        activity.indicator,
                        activity.unit,
                        target,
                        responsible.name if responsible else "",
                        f"{IMPLEMENTER_SEPARATOR} ".join(
                            a.name for a in activity.implementing_agencies.all()
                        ),
                        activity.start_date,
                        activity.end_date,
                        activity.location,
                    ],
                )
                for column in (2, 3, 7):
                    sheet.cell(row=row, column=column).alignment = _WRAP
                row += 1
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{header_row}:{header_row}"
        return _to_bytes(workbook)
