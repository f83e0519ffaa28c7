"""The activity sheet of an action plan: the template to fill in (the plan's activities,
a "Target <year>" column per year, dropdowns fed by the lists sheet) and its import.

A row updates the activity of the same sub-GT and code, or adds one. The import is all or
nothing: every row is checked first, problems are collected as ``xlsx.RowError``, and only
a clean file is written, in one transaction, row by row so that the audit trail
(django-simple-history) records each change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from actionplans.models import ActionPlan, Activity, ActivityTarget, Area, PlanStatus, Section
from actionplans.services import load_activities
from actionplans.spreadsheets.common import (
    ACTIVITY_SHEET,
    IMPLEMENTER_SEPARATOR,
    SHEET_LANGUAGE,
    TARGET_HEADER,
    column_index,
    write_header,
)
from gugustugas import xlsx
from gugustugas.xlsx import ImportResult, Row, RowError

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
# Rows below the data that still get the dropdowns and text formats, for new activities.
SPARE_ROWS = 500


def _section_lookup(plan: ActionPlan) -> xlsx.Lookup:
    lookup = xlsx.Lookup()
    for section in plan.sections.select_related("sub_task_force"):
        subgt = section.sub_task_force
        names = {subgt.custom_name, subgt.kind, *xlsx.in_every_language(subgt.get_kind_display)}
        lookup.add(section, section.pk, names)
    return lookup


def _agency_lookup(plan: ActionPlan) -> xlsx.Lookup:
    lookup = xlsx.Lookup()
    for agency in plan.task_force.agencies.all():
        lookup.add(agency, agency.pk, {agency.name, agency.short_name})
    return lookup


def _target_columns(plan: ActionPlan) -> list[tuple[str, str]]:
    return [(f"target:{year}", TARGET_HEADER.format(year=year)) for year in plan.years]


def activity_values(activity: Activity, years: Iterable[int]) -> list[Any]:
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


def write_activities(sheet: Worksheet, plan: ActionPlan, activities: list[Activity]) -> None:
    """The activities, one row each, under the header; on a streamed sheet the rows are
    written again only when one of them changed (``xlsx.kept_sheet``): a progress
    report changes a plan's export but not its activities."""
    columns = ACTIVITY_COLUMNS + _target_columns(plan)
    rows = [activity_values(activity, plan.years) for activity in activities]

    def write():
        write_header(sheet, 1, columns)
        for row, values in enumerate(rows, start=2):
            # Title and description (columns 3 and 4) may be long.
            xlsx.write_row(sheet, row, values, wrap={3, 4})
        last_column = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last_column}{max(len(activities) + 1, 1)}"

    xlsx.kept_sheet(sheet, (columns, rows), write)


def activity_template(plan: ActionPlan) -> bytes:
    """An .xlsx to fill in: the plan's activities, one row each, with a "Target <year>"
    column per year of the plan, and dropdowns for sub-GT, agency and 3P area fed by
    the lists sheet ("Daftar")."""
    with translation.override(SHEET_LANGUAGE):
        activities = load_activities(plan, with_implementers=True)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = ACTIVITY_SHEET
        write_activities(sheet, plan, activities)
        last_row = len(activities) + 1 + SPARE_ROWS
        code_column = column_index("code", ACTIVITY_COLUMNS)
        date_columns = [column_index(k, ACTIVITY_COLUMNS) for k in ("start_date", "end_date")]
        for row in range(2, last_row + 1):
            # Codes such as "1.10" must stay text, or Excel turns them into 1.1.
            sheet.cell(row=row, column=code_column).number_format = xlsx.TEXT_FORMAT
            for column in date_columns:
                sheet.cell(row=row, column=column).number_format = xlsx.DATE_FORMAT

        agencies = list(plan.task_force.agencies.order_by("name"))
        subgts = [s.sub_task_force.name for s in plan.sections.select_related("sub_task_force")]
        ranges = xlsx.lists_sheet(
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
                column = column_index(key, ACTIVITY_COLUMNS)
                xlsx.list_validation(sheet, column, ranges[header], last_row)
        return xlsx.to_bytes(workbook)


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
        self.areas = xlsx.choice_lookup(Area, SHEET_LANGUAGE)
        self.existing: dict[tuple[int, str], list[Activity]] = {}
        for activity in load_activities(plan, with_implementers=True):
            if activity.code:
                self.existing.setdefault((activity.section_id, activity.code), []).append(activity)
        self.seen: dict[tuple[int, str], int] = {}

    def _agency(self, row: Row, key: str, name: str):
        return row.find(
            key,
            self.agencies,
            name=name,
            ambiguous=_("Several agencies are called “%(name)s”; use the full name."),
            unknown=_("“%(name)s” is not an agency of this task force (name or short name)."),
        )

    def read(self, row: Row) -> _ActivityRow | None:
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
            for name, messages in xlsx.validation_messages(exc).items():
                for message in messages:
                    row.error(name, message)  # a non-field error gets no column
        return _ActivityRow(row.line, activity, before, implementers, targets)

    def _section(self, row: Row) -> Section | None:
        if row.is_empty("subgt"):
            row.error("subgt", _("Choose the sub-GT."))
            return None
        return row.find(
            "subgt",
            self.sections,
            ambiguous=_("Several sub-GTs are called “%(name)s”."),
            unknown=_("“%(name)s” is not a sub-GT of this plan."),
        )

    def _area(self, row: Row) -> str | None:
        return row.choice(
            "area",
            self.areas,
            missing=_("Choose the 3P area."),
            unknown=_("“%(name)s” is not a 3P area; use one of: %(choices)s."),
        )

    def _activity(
        self, row: Row, section: Section, code: str
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
    columns, others = xlsx.map_headers(header, headers)
    errors = xlsx.missing_columns(columns, REQUIRED_ACTIVITY_COLUMNS, headers)
    years = []
    for name, index in others.items():
        match = re.fullmatch(r"target\s*(\d{4})", name)
        if match is None or f"target:{match.group(1)}" in columns:
            continue  # another column, or a second header for a year: the first counts
        year = int(match.group(1))
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
        rows, _info = xlsx.read_sheet(fileobj, ACTIVITY_SHEET)
    except xlsx.FileError as exc:
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
        item = reader.read(Row(number, values, columns, reader.headers, result.errors))
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
