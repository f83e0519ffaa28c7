"""Exports of an action plan: the plan with its progress in a year (summary, activities,
progress reports) and the annual work plan. Percentages come from
``actionplans.services.plan_progress`` only, as on the plan's page."""

from __future__ import annotations

from django.utils import translation
from openpyxl.workbook import Workbook

from actionplans.models import ActionPlan, Activity, ProgressReport, ProgressStatus, ReviewState
from actionplans.services import load_activities, plan_figures
from actionplans.spreadsheets.activities import write_activities
from actionplans.spreadsheets.common import (
    ACTIVITY_SHEET,
    IMPLEMENTER_SEPARATOR,
    PERCENT_FORMAT,
    PROGRESS_SHEET,
    SHEET_LANGUAGE,
    SUMMARY_SHEET,
    TARGET_HEADER,
    WORK_PLAN_SHEET,
    widths,
    write_header,
)
from gugustugas import xlsx
from gugustugas.figures import quarter_label

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
    ``plan_figures``, as on the plan's page), every activity with its targets, and the
    progress reports of ``year`` (the figures of the summary; each year is its own
    export)."""
    with translation.override(SHEET_LANGUAGE):
        activities = load_activities(plan, with_implementers=True, with_progress=False)
        overall, sections = plan_figures(plan, year, with_activities=False)
        # Written once, top to bottom: a streamed workbook (a third faster to write). The
        # activities first, though the summary comes before them: a sheet is kept only
        # when it is the first written (``xlsx.kept_sheet``).
        workbook = xlsx.streaming_workbook()
        summary = workbook.create_sheet(SUMMARY_SHEET)
        write_activities(workbook.create_sheet(ACTIVITY_SHEET), plan, activities)
        header_row = 8
        xlsx.layout(summary, header_row, [45, *widths(SUMMARY_COLUMNS)[1:]])
        for row, (label, value, number_format) in enumerate(
            [
                ("Rencana aksi", plan.title, None),
                ("Gugus tugas", str(plan.task_force), None),
                ("Periode", f"{plan.start_year}–{plan.end_year}", None),
                ("Versi", plan.version, "0"),
                ("Status", str(plan.get_status_display()), None),
                ("Tahun progres", year, "0"),
            ],
            start=1,
        ):
            formats = {2: number_format} if number_format else None
            xlsx.write_row(summary, row, [label, value], bold={1}, formats=formats)
        write_header(summary, header_row, SUMMARY_COLUMNS)
        for offset, group in enumerate([*sections, overall], start=1):
            label = "Total" if group is overall else group.label
            values = [
                label,
                len(group.rows),
                len(group.measured),
                group.without_target,
                group.percent,
            ]
            xlsx.write_row(
                summary,
                header_row + offset,
                values,
                bold=group is overall,
                formats={5: PERCENT_FORMAT},
            )

        progress = workbook.create_sheet(PROGRESS_SHEET)
        write_header(progress, 1, PROGRESS_EXPORT_COLUMNS)
        xlsx.write_plain_rows(progress, 2, _progress_rows(year, activities))
        return xlsx.to_bytes(workbook)


def _progress_rows(year: int, activities: list[Activity]):
    """The progress reports of ``year`` of ``activities``, in their order, each in the
    order of ``PROGRESS_EXPORT_COLUMNS``. Read as plain values: the 1,200 reports of a
    large plan's year take a tenth of the time of their model objects."""
    fields = ("quarter", "achieved", "status", "review_state", "narrative", "obstacles")
    reports: dict[int, list[tuple]] = {}
    for activity_id, *values in (
        ProgressReport.objects.filter(activity__in=[a.pk for a in activities], year=year)
        .order_by("year", "quarter", "pk")
        .values_list("activity_id", *fields)
    ):
        reports.setdefault(activity_id, []).append(values)
    statuses = {value: str(label) for value, label in ProgressStatus.choices}
    review_states = {value: str(label) for value, label in ReviewState.choices}
    for activity in activities:
        for quarter, achieved, status, review_state, narrative, obstacles in reports.get(
            activity.pk, ()
        ):
            yield [
                activity.code,
                activity.title,
                year,
                quarter_label(quarter),  # TW I (Q1 in English), as on pages
                achieved,
                statuses[status],
                review_states[review_state],
                narrative,
                obstacles,
            ]


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
        title.font = xlsx.TITLE
        xlsx.put(sheet, 2, 1, str(plan))
        xlsx.put(sheet, 3, 1, str(plan.task_force))
        header_row = 5
        write_header(sheet, header_row, columns)
        by_section: dict[int, list[Activity]] = {}
        for activity in activities:
            by_section.setdefault(activity.section_id, []).append(activity)
        row = header_row + 1
        for section in plan.sections.select_related("sub_task_force"):
            members = by_section.get(section.pk)
            if not members:
                continue
            band = [section.sub_task_force.name] + [None] * (len(columns) - 1)
            xlsx.write_row(sheet, row, band, bold=True, fill=xlsx.BAND_FILL)
            row += 1
            for activity in members:
                target = next((t.target for t in activity.targets.all() if t.year == year), None)
                responsible = activity.responsible_agency
                xlsx.write_row(
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
                    wrap={2, 3, 7},  # title, indicator, implementing agencies
                )
                row += 1
        xlsx.print_setup(sheet, header_row)
        return xlsx.to_bytes(workbook)
