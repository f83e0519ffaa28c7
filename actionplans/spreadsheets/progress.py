"""The progress sheet of an action plan: the template of one quarter for the activities
a user may report on (prefilled with that quarter's reports), and its import.

The template records its plan, year and quarter on an info sheet, so that it cannot be
loaded into another. Reports already submitted or accepted are never overwritten; the
import is all or nothing, like the activities'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.workbook import Workbook

from actionplans.models import ActionPlan, Activity, ProgressReport, ProgressStatus, ReviewState
from actionplans.spreadsheets.common import (
    INFO_SHEET,
    PROGRESS_SHEET,
    SHEET_LANGUAGE,
    TARGET_HEADER,
    column_index,
    write_header,
)
from gugustugas import xlsx
from gugustugas.xlsx import ImportResult, Row, RowError

ACHIEVED_HEADER = "Capaian s.d. triwulan ini"
REQUIRED_PROGRESS_COLUMNS = frozenset({"id", "achieved", "status"})


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
        sheet.cell(row=row, column=1, value=label).font = xlsx.BOLD
        xlsx.put(sheet, row, 2, value)
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
    wrapped = {column_index(key, columns) for key in ("title", "narrative", "obstacles")}
    with translation.override(SHEET_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = PROGRESS_SHEET
        write_header(sheet, 1, columns)
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
            xlsx.write_row(sheet, row, [values[key] for key, _h in columns], wrap=wrapped)
        sheet.column_dimensions["A"].hidden = True
        sheet.freeze_panes = "D2"  # keep code and title in view
        ranges = xlsx.lists_sheet(
            workbook, [("Status", [str(label) for label in ProgressStatus.labels])]
        )
        xlsx.list_validation(
            sheet, column_index("status", columns), ranges["Status"], len(activities) + 1
        )
        _write_info(workbook, plan, year, quarter)
        return xlsx.to_bytes(workbook)


def _file_period_errors(plan: ActionPlan, year: int, quarter: int, info: dict) -> list[RowError]:
    """The template records its plan, year and quarter: refuse to load it elsewhere."""
    try:
        plan_id = int(xlsx.parse_number(info.get("id rencana")) or 0)
        file_year = int(xlsx.parse_number(info.get("tahun")) or 0)
        file_quarter = int(xlsx.parse_number(info.get("triwulan")) or 0)
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
        rows, info = xlsx.read_sheet(fileobj, PROGRESS_SHEET, INFO_SHEET)
    except xlsx.FileError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    result.errors.extend(_file_period_errors(plan, year, quarter, info))
    if result.errors:
        return result
    if not rows or rows[0][0] != 1:
        result.errors.append(RowError(1, "", _("The first row must hold the column headers.")))
        return result
    headers = dict(progress_columns(year))
    columns, _others = xlsx.map_headers(rows[0][1], headers)
    result.errors.extend(xlsx.missing_columns(columns, REQUIRED_PROGRESS_COLUMNS, headers))
    if result.errors:
        return result

    activities = {a.pk: a for a in plan.activities().select_related("section__sub_task_force")}
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(
            activity__section__plan=plan, year=year, quarter=quarter
        )
    }
    statuses = xlsx.choice_lookup(ProgressStatus, SHEET_LANGUAGE)
    seen: dict[int, int] = {}
    checked: list[_ProgressRow] = []
    for number, values in rows[1:]:
        row = Row(number, values, columns, headers, result.errors)
        if row.is_empty("achieved"):
            result.skipped += 1
            continue
        activity = _progress_activity(row, activities, allowed_activity_ids, seen)
        achieved = row.number("achieved")
        status = row.choice(
            "status",
            statuses,
            missing=_("Choose the status."),
            unknown=_("“%(name)s” is not a status; use one of: %(choices)s."),
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
    row: Row, activities: dict[int, Activity], allowed: set[int], seen: dict[int, int]
) -> Activity | None:
    try:
        pk = xlsx.parse_number(row.raw("id"))
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
