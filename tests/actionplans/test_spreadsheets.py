"""Action-plan spreadsheets: the activity and progress templates, their all-or-nothing
import, the exports, and the views that serve them (scope 404, role 403)."""

import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from actionplans import spreadsheets
from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Area,
    PlanStatus,
    ProgressReport,
    ProgressStatus,
    ReviewState,
)
from actionplans.services import create_plan, plan_progress
from actionplans.spreadsheets import ACTIVITY_COLUMNS
from gugustugas import xlsx
from gugustugas.xlsx import RowError
from tests.conftest import AgencyFactory
from tests.gugustugas.test_xlsx import ROWS, bomb


def _xlsx_views_routed() -> bool:
    try:
        reverse("actionplans:activity_import", args=[1])
    except NoReverseMatch:
        return False
    return True


# Until actionplans/urls.py includes the spreadsheet URLs, route them with a test urlconf.
pytestmark = [] if _xlsx_views_routed() else [pytest.mark.urls("tests.actionplans.urls")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [header for _key, header in ACTIVITY_COLUMNS]
YEARS = [2025, 2026, 2027, 2028, 2029]


# --- fixtures and helpers ------------------------------------------------------------


@pytest.fixture
def plan(tree):
    return create_plan(
        tree["province"],
        ActionPlan(title="RAD PPTPPO Jawa Barat", start_year=2025, period_years=5),
    )


@pytest.fixture
def agencies(tree):
    tf = tree["province"]
    return {
        "social": AgencyFactory(task_force=tf, name="Dinas Sosial Jawa Barat", short_name="Dinsos"),
        "education": AgencyFactory(
            task_force=tf, name="Dinas Pendidikan Jawa Barat", short_name="Disdik"
        ),
        "police": AgencyFactory(
            task_force=tf, name="Kepolisian Daerah Jawa Barat", short_name="Polda"
        ),
    }


def add_activity(plan, kind="prevention", code="1.1", targets=None, **fields) -> Activity:
    fields.setdefault("title", f"Kegiatan {code}")
    fields.setdefault("area", Area.PREVENTION)
    activity = Activity.objects.create(
        section=plan.sections.get(sub_task_force__kind=kind), code=code, **fields
    )
    for year, value in (targets or {}).items():
        ActivityTarget.objects.create(activity=activity, year=year, target=value)
    return activity


def row(**values: Any) -> dict[str, Any]:
    """A sheet row by header; a complete, valid activity unless overridden."""
    data = {
        "Sub-GT": "prevention",
        "Kode": "1.1",
        "Judul kegiatan": "Sosialisasi TPPO di sekolah",
        "Uraian": "Penyuluhan kepada siswa SMA/SMK",
        "Keluaran": "Siswa memahami modus TPPO",
        "Indikator": "Jumlah sekolah yang mendapat sosialisasi",
        "Satuan": "sekolah",
        "Baseline": 10,
        "Mulai": datetime.date(2025, 2, 1),
        "Selesai": datetime.date(2027, 12, 31),
        "Instansi penanggung jawab": "Dinas Pendidikan Jawa Barat",
        "Instansi pelaksana": "Dinsos; Polda",
        "Area 3P": "prevention",
        "Lokasi": "Kabupaten Sukabumi",
        "Target 2025": 20,
        "Target 2026": 40,
    }
    data.update(values)
    return data


def last_filled_row(sheet) -> int:
    filled = [
        r for r in range(1, sheet.max_row + 1) if any(c.value not in (None, "") for c in sheet[r])
    ]
    return max(filled)


def fill(content: bytes, rows: list[dict[str, Any]], sheet_name: str = "Kegiatan") -> io.BytesIO:
    """The workbook ``content`` with ``rows`` added below its data, by header."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[sheet_name]
    columns = {cell.value: cell.column for cell in sheet[1]}
    start = last_filled_row(sheet) + 1
    for offset, values in enumerate(rows):
        for header, value in values.items():
            sheet.cell(row=start + offset, column=columns[header], value=value)
    return save(book)


def save(book) -> io.BytesIO:
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def sheet_of(rows: list[list[Any]], title: str = "Kegiatan") -> io.BytesIO:
    """A hand-made workbook: the first list is the header row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for values in rows:
        sheet.append(values)
    return save(book)


def by_header(sheet, row_number: int) -> dict[str, Any]:
    headers = [c.value for c in sheet[1]]
    return dict(zip(headers, [c.value for c in sheet[row_number]], strict=False))


def load(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def upload(buffer: io.BytesIO, name: str = "rad.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def agency_of(user):
    return user.person.memberships.get().agency


# --- activity template ---------------------------------------------------------------


class TestActivityTemplate:
    def test_headers_in_fixed_order_then_a_target_per_year(self, plan):
        sheet = load(spreadsheets.activity_template(plan))["Kegiatan"]
        headers = [c.value for c in sheet[1]]
        assert headers == HEADERS + [f"Target {y}" for y in YEARS]
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"

    def test_lists_sheet_feeds_dropdowns_for_subgt_agency_and_area(self, plan, agencies):
        book = load(spreadsheets.activity_template(plan))
        lists = book["Daftar"]
        column = {c.value: c.column_letter for c in lists[1]}
        subgts = [c.value for c in lists[column["Sub-GT"]][1:] if c.value]
        assert len(subgts) == plan.sections.count() == 6
        names = [c.value for c in lists[column["Instansi"]][1:] if c.value]
        assert "Dinas Sosial Jawa Barat" in names
        assert "Dinsos" in [c.value for c in lists[column["Singkatan"]][1:]]
        assert {c.value for c in lists[column["Kunci area"]][1:] if c.value} == set(Area.values)
        validations = book["Kegiatan"].data_validations.dataValidation
        sources = {v.formula1 for v in validations}
        assert len(validations) == 3
        assert all(s.startswith("Daftar!") for s in sources)

    def test_existing_activities_are_prefilled(self, plan, agencies):
        activity = add_activity(
            plan,
            code="1.2",
            title="Pelatihan guru",
            responsible_agency=agencies["education"],
            start_date=datetime.date(2025, 3, 1),
            targets={2025: Decimal("12.5"), 2026: 30},
        )
        activity.implementing_agencies.set([agencies["social"], agencies["police"]])
        sheet = load(spreadsheets.activity_template(plan))["Kegiatan"]
        values = by_header(sheet, 2)
        assert values["Kode"] == "1.2"
        assert values["Judul kegiatan"] == "Pelatihan guru"
        assert values["Instansi penanggung jawab"] == "Dinas Pendidikan Jawa Barat"
        assert values["Instansi pelaksana"] == (
            "Dinas Sosial Jawa Barat; Kepolisian Daerah Jawa Barat"
        )
        assert values["Mulai"] == datetime.datetime(2025, 3, 1)
        assert values["Target 2025"] == 12.5  # a number, not text
        assert values["Target 2026"] == 30
        assert values["Target 2027"] is None


# --- activity import -------------------------------------------------------------------


class TestActivityImport:
    def test_round_trip_creates_activities_targets_and_implementers(self, plan, agencies):
        template = spreadsheets.activity_template(plan)
        with_rows = fill(
            template,
            [
                row(),
                row(
                    **{
                        "Sub-GT": "Law enforcement",
                        "Kode": "5.1",
                        "Area 3P": "Prosecution",
                        "Instansi penanggung jawab": "polda",
                        "Instansi pelaksana": "",
                    }
                ),
            ],
        )
        result = spreadsheets.import_activities(plan, with_rows)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (2, 0)
        first = plan.activities().get(code="1.1")
        assert first.section.sub_task_force.kind == "prevention"
        assert first.responsible_agency == agencies["education"]
        assert set(first.implementing_agencies.all()) == {agencies["social"], agencies["police"]}
        assert first.baseline == 10
        assert first.start_date == datetime.date(2025, 2, 1)
        assert first.area == Area.PREVENTION
        assert {t.year: t.target for t in first.targets.all()} == {2025: 20, 2026: 40}
        second = plan.activities().get(code="5.1")
        assert second.section.sub_task_force.kind == "law_enforcement"
        assert second.area == Area.PROSECUTION
        assert second.responsible_agency == agencies["police"]
        # saved one by one: the audit trail has the creation
        assert first.history.filter(history_type="+").count() == 1

    def test_importing_the_template_again_changes_nothing(self, plan, agencies):
        spreadsheets.import_activities(plan, fill(spreadsheets.activity_template(plan), [row()]))
        activity = plan.activities().get()
        versions = activity.history.count()
        again = io.BytesIO(spreadsheets.activity_template(plan))
        result = spreadsheets.import_activities(plan, again)
        assert result.ok, result.errors
        assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
        assert activity.history.count() == versions  # no empty entries in the audit trail

    def test_a_row_with_the_same_subgt_and_code_updates(self, plan, agencies):
        existing = add_activity(plan, code="1.1", title="Lama", targets={2025: 5, 2027: 9})
        other_section = add_activity(plan, kind="cooperation", code="1.1", title="Kerja sama")
        content = sheet_of(
            [
                ["Sub-GT", "Kode", "Judul kegiatan", "Area 3P", "Target 2025", "Target 2027"],
                ["prevention", "1.1", "Baru", "PREVENTION", 15, None],
                ["prevention", "", "Tanpa kode", "prevention", None, None],
            ]
        )
        result = spreadsheets.import_activities(plan, content)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (1, 1)
        existing.refresh_from_db()
        assert existing.title == "Baru"
        # an empty target cell of a column in the sheet removes that year's target
        assert {t.year: t.target for t in existing.targets.all()} == {2025: 15}
        other_section.refresh_from_db()
        assert other_section.title == "Kerja sama"
        assert plan.activities().count() == 3

    def test_absent_optional_columns_leave_fields_alone(self, plan, agencies):
        existing = add_activity(
            plan, code="1.1", indicator="Jumlah sekolah", responsible_agency=agencies["social"]
        )
        result = spreadsheets.import_activities(
            plan,
            sheet_of(
                [
                    ["Sub-GT", "Kode", "Judul kegiatan", "Area 3P"],
                    ["prevention", "1.1", "X", "prevention"],
                ]
            ),
        )
        assert result.ok, result.errors
        existing.refresh_from_db()
        assert existing.indicator == "Jumlah sekolah"
        assert existing.responsible_agency == agencies["social"]

    def test_one_bad_row_among_good_ones_imports_nothing(self, plan, agencies):
        content = fill(
            spreadsheets.activity_template(plan),
            [
                row(Kode="1.1"),
                row(Kode="1.2", **{"Instansi penanggung jawab": "Dinas Pariwisata"}),
                row(Kode="1.3"),
            ],
        )
        result = spreadsheets.import_activities(plan, content)
        assert not result.ok
        assert result.errors == [
            RowError(
                3,
                "Instansi penanggung jawab",
                "“Dinas Pariwisata” is not an agency of this task force (name or short name).",
            )
        ]
        assert not plan.activities().exists()
        assert result.created == 0

    def test_a_missing_required_column_is_named_once(self, plan):
        content = sheet_of(
            [
                ["Sub-GT", "Kode", "Area 3P"],
                ["prevention", "1.1", "prevention"],
                ["prevention", "1.2", "prevention"],
            ]
        )
        result = spreadsheets.import_activities(plan, content)
        assert [(e.row, e.column) for e in result.errors] == [(1, "Judul kegiatan")]

    def test_agency_of_another_task_force_is_unknown(self, plan, tree):
        AgencyFactory(task_force=tree["outsider"], name="Dinas Sosial Kepri", short_name="DSK")
        result = spreadsheets.import_activities(
            plan,
            fill(
                spreadsheets.activity_template(plan),
                [row(**{"Instansi penanggung jawab": "dsk", "Instansi pelaksana": ""})],
            ),
        )
        assert [(e.row, e.column) for e in result.errors] == [(2, "Instansi penanggung jawab")]

    def test_unknown_implementer_is_named(self, plan, agencies):
        result = spreadsheets.import_activities(
            plan,
            fill(
                spreadsheets.activity_template(plan),
                [row(**{"Instansi pelaksana": "DINSOS; Bappeda"})],  # short names ignore case
            ),
        )
        assert [(e.row, e.column) for e in result.errors] == [(2, "Instansi pelaksana")]
        assert "Bappeda" in result.errors[0].message

    def test_negative_and_non_numeric_targets_and_baseline(self, plan, agencies):
        content = fill(
            spreadsheets.activity_template(plan),
            [
                row(Kode="1.1", **{"Target 2025": -5}),
                row(Kode="1.2", **{"Target 2026": "banyak"}),
                row(Kode="1.3", Baseline="-1"),
            ],
        )
        result = spreadsheets.import_activities(plan, content)
        assert [(e.row, e.column) for e in result.errors] == [
            (2, "Target 2025"),
            (3, "Target 2026"),
            (4, "Baseline"),
        ]
        assert "negative" in result.errors[0].message
        assert "not a number" in result.errors[1].message
        assert not plan.activities().exists()

    def test_indonesian_numbers_and_text_dates_are_read(self, plan, agencies):
        content = fill(
            spreadsheets.activity_template(plan),
            [
                row(
                    Baseline="1.250",
                    Mulai="01/02/2025",
                    Selesai="2026-06-30",
                    **{"Target 2025": "12,5", "Target 2026": "1.250,75", "Target 2027": "40"},
                )
            ],
        )
        result = spreadsheets.import_activities(plan, content)
        assert result.ok, result.errors
        activity = plan.activities().get()
        assert activity.baseline == Decimal("1250")
        assert (activity.start_date, activity.end_date) == (
            datetime.date(2025, 2, 1),
            datetime.date(2026, 6, 30),
        )
        targets = {t.year: t.target for t in activity.targets.all()}
        assert targets == {2025: Decimal("12.5"), 2026: Decimal("1250.75"), 2027: 40}

    @pytest.mark.parametrize(
        ("text", "number"),
        [
            ("1.250", Decimal(1250)),
            ("12,5", Decimal("12.5")),
            ("12.5", Decimal("12.5")),
            ("1.250.000", Decimal(1250000)),
            ("1 250", Decimal(1250)),
            ("0.500", Decimal("0.5")),
            (7, Decimal(7)),
            (0.1 + 0.2, Decimal("0.3")),
            ("", None),
        ],
    )
    def test_number_formats(self, text, number):
        assert xlsx.parse_number(text) == number

    @pytest.mark.parametrize("text", ["12,5,3", "1.2.3", "abc", "1e5", True])
    def test_not_numbers(self, text):
        with pytest.raises(ValueError):
            xlsx.parse_number(text)

    def test_bad_dates_and_end_before_start(self, plan, agencies):
        content = fill(
            spreadsheets.activity_template(plan),
            [
                row(Kode="1.1", Mulai="31/02/2025"),
                row(Kode="1.2", Mulai=datetime.date(2026, 1, 1), Selesai=datetime.date(2025, 1, 1)),
            ],
        )
        result = spreadsheets.import_activities(plan, content)
        assert [(e.row, e.column) for e in result.errors] == [(2, "Mulai"), (3, "Selesai")]
        assert result.errors[1].message == "The end is before the start."

    def test_unknown_subgt_unknown_area_and_empty_title(self, plan, agencies):
        content = fill(
            spreadsheets.activity_template(plan),
            [
                row(Kode="1.1", **{"Sub-GT": "Sub-GT Pariwisata"}),
                row(Kode="1.2", **{"Area 3P": "pemberdayaan"}),
                row(Kode="1.3", **{"Judul kegiatan": "  "}),
            ],
        )
        result = spreadsheets.import_activities(plan, content)
        assert [(e.row, e.column) for e in result.errors] == [
            (2, "Sub-GT"),
            (3, "Area 3P"),
            (4, "Judul kegiatan"),
        ]

    def test_a_code_twice_for_one_subgt_is_refused(self, plan, agencies):
        content = fill(spreadsheets.activity_template(plan), [row(), row()])
        result = spreadsheets.import_activities(plan, content)
        assert [(e.row, e.column) for e in result.errors] == [(3, "Kode")]

    def test_target_year_outside_the_period_is_named(self, plan):
        content = sheet_of(
            [
                ["Sub-GT", "Kode", "Judul kegiatan", "Area 3P", "Target 2031"],
                ["prevention", "1.1", "X", "prevention", 3],
            ]
        )
        result = spreadsheets.import_activities(plan, content)
        assert [(e.row, e.column) for e in result.errors] == [(1, "Target 2031")]

    def test_a_file_that_is_not_xlsx_is_an_error_not_an_exception(self, plan):
        result = spreadsheets.import_activities(plan, io.BytesIO(b"Sub-GT;Kode\nx;y\n"))
        assert not result.ok
        assert result.errors[0].row == 0
        assert "cannot be read" in result.errors[0].message

    def test_text_that_looks_like_a_formula_stays_text(self, plan, agencies):
        add_activity(plan, code="1.1", title='=HYPERLINK("http://x")')
        content = spreadsheets.activity_template(plan)
        cell = load(content)["Kegiatan"]["C2"]
        assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")
        result = spreadsheets.import_activities(plan, io.BytesIO(content))
        assert result.ok, result.errors
        assert plan.activities().get().title == '=HYPERLINK("http://x")'

    def test_a_file_that_unpacks_too_large_is_refused(self, plan, settings):
        settings.XLSX_MAX_UNPACKED_BYTES = 1000
        result = spreadsheets.import_activities(
            plan, io.BytesIO(spreadsheets.activity_template(plan))
        )
        assert [e.message for e in result.errors] == ["The file is too large once unpacked."]

    def test_a_dimension_bomb_is_refused_with_a_clear_message(self, plan):
        """A small file whose sheet declares a million empty rows (see tests/gugustugas)."""
        result = spreadsheets.import_activities(plan, bomb(f"A1:N{ROWS}"))
        assert [(e.row, e.column) for e in result.errors] == [(0, "")]
        assert result.errors[0].message.startswith("The sheet declares 1048576 rows;")
        assert not plan.activities().exists()

    def test_only_a_draft_plan_can_be_imported_into(self, plan, agencies):
        plan.status = PlanStatus.ENACTED
        plan.save()
        result = spreadsheets.import_activities(
            plan, fill(spreadsheets.activity_template(plan), [row()])
        )
        assert len(result.errors) == 1
        assert "draft" in result.errors[0].message
        assert not plan.activities().exists()


# --- progress --------------------------------------------------------------------------


@pytest.fixture
def reporting(plan, agencies):
    """Two activities with 2025 targets, in two sections, of a plan enacted afterwards
    (progress is reported on an enacted plan)."""
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ENACTED)
    plan.status = PlanStatus.ENACTED
    return {
        "school": add_activity(plan, "prevention", "1.1", targets={2025: 20}, unit="sekolah"),
        "police": add_activity(
            plan,
            "law_enforcement",
            "5.1",
            targets={2025: 8},
            area=Area.PROSECUTION,
            responsible_agency=agencies["police"],
        ),
    }


def fill_progress(content: bytes, values: dict[int, dict[str, Any]]) -> io.BytesIO:
    """The progress template with cells set per activity id, by header."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Progres"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for r in range(2, sheet.max_row + 1):
        pk = sheet.cell(row=r, column=1).value
        for header, value in values.get(pk, {}).items():
            sheet.cell(row=r, column=columns[header], value=value)
    return save(book)


ACHIEVED = spreadsheets.ACHIEVED_HEADER


class TestProgress:
    def test_template_holds_only_the_given_activities_with_a_hidden_id(self, plan, reporting):
        ProgressReport.objects.create(
            activity=reporting["school"],
            year=2025,
            quarter=2,
            achieved=7,
            status=ProgressStatus.ON_TRACK,
            narrative="Tujuh sekolah",
        )
        content = spreadsheets.progress_template(plan, 2025, 2, [reporting["school"]])
        sheet = load(content)["Progres"]
        assert [c.value for c in sheet[1]] == [
            "ID",
            "Kode",
            "Judul kegiatan",
            "Sub-GT",
            "Satuan",
            "Target 2025",
            ACHIEVED,
            "Status",
            "Narasi",
            "Hambatan",
        ]
        assert sheet.column_dimensions["A"].hidden
        assert sheet.max_row == 2
        values = by_header(sheet, 2)
        assert values["ID"] == reporting["school"].pk
        assert values["Target 2025"] == 20
        assert values[ACHIEVED] == 7
        assert values["Narasi"] == "Tujuh sekolah"

    def test_import_creates_and_updates_draft_reports(self, plan, reporting, users):
        user = users["province_secretariat"]
        existing = ProgressReport.objects.create(
            activity=reporting["police"],
            year=2025,
            quarter=1,
            achieved=1,
            status=ProgressStatus.NOT_STARTED,
        )
        ids = {a.pk for a in reporting.values()}
        content = spreadsheets.progress_template(plan, 2025, 1, reporting.values())
        filled = fill_progress(
            content,
            {
                reporting["school"].pk: {ACHIEVED: "12,5", "Status": "on_track", "Narasi": "Baik"},
                reporting["police"].pk: {ACHIEVED: 3, "Status": "Delayed", "Hambatan": "Dana"},
            },
        )
        result = spreadsheets.import_progress(plan, 2025, 1, filled, ids, user)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (1, 1)
        new = ProgressReport.objects.get(activity=reporting["school"], year=2025, quarter=1)
        assert new.achieved == Decimal("12.5")
        assert new.status == ProgressStatus.ON_TRACK
        assert new.review_state == ReviewState.DRAFT
        assert new.reported_by == user
        existing.refresh_from_db()
        assert (existing.achieved, existing.status, existing.obstacles) == (3, "delayed", "Dana")

    def test_rows_without_an_achieved_value_are_skipped(self, plan, reporting, users):
        ids = {a.pk for a in reporting.values()}
        content = spreadsheets.progress_template(plan, 2025, 1, reporting.values())
        filled = fill_progress(content, {reporting["school"].pk: {ACHIEVED: 4, "Status": "done"}})
        result = spreadsheets.import_progress(
            plan, 2025, 1, filled, ids, users["province_secretariat"]
        )
        assert result.ok, result.errors
        assert (result.created, result.skipped) == (1, 1)

    def test_a_row_for_an_activity_not_allowed_is_refused(self, plan, reporting, users):
        content = spreadsheets.progress_template(plan, 2025, 1, reporting.values())
        filled = fill_progress(
            content,
            {
                reporting["school"].pk: {ACHIEVED: 4, "Status": "done"},
                reporting["police"].pk: {ACHIEVED: 2, "Status": "done"},
            },
        )
        result = spreadsheets.import_progress(
            plan, 2025, 1, filled, {reporting["school"].pk}, users["province_subgt_head"]
        )
        assert [(e.row, e.column) for e in result.errors] == [(3, "ID")]
        assert "5.1" in result.errors[0].message
        assert not ProgressReport.objects.exists()

    def test_an_accepted_report_is_not_overwritten(self, plan, reporting, users):
        accepted = ProgressReport.objects.create(
            activity=reporting["school"],
            year=2025,
            quarter=1,
            achieved=9,
            status=ProgressStatus.ON_TRACK,
            review_state=ReviewState.ACCEPTED,
        )
        content = spreadsheets.progress_template(plan, 2025, 1, reporting.values())
        filled = fill_progress(content, {reporting["school"].pk: {ACHIEVED: 15}})
        result = spreadsheets.import_progress(
            plan, 2025, 1, filled, {a.pk for a in reporting.values()}, users["province_secretariat"]
        )
        assert [(e.row, e.column) for e in result.errors] == [(2, ACHIEVED)]
        accepted.refresh_from_db()
        assert accepted.achieved == 9

    def test_bad_values_are_named_by_row_and_column(self, plan, reporting, users):
        content = spreadsheets.progress_template(plan, 2025, 1, reporting.values())
        filled = fill_progress(
            content,
            {
                reporting["school"].pk: {ACHIEVED: -1, "Status": "done"},
                reporting["police"].pk: {ACHIEVED: "dua", "Status": "hampir"},
            },
        )
        result = spreadsheets.import_progress(
            plan, 2025, 1, filled, {a.pk for a in reporting.values()}, users["province_secretariat"]
        )
        assert [(e.row, e.column) for e in result.errors] == [
            (2, ACHIEVED),
            (3, ACHIEVED),
            (3, "Status"),
        ]

    def test_year_outside_the_plan_and_bad_quarter_are_refused(self, plan, reporting, users):
        content = io.BytesIO(spreadsheets.progress_template(plan, 2025, 1, reporting.values()))
        user = users["province_secretariat"]
        assert not spreadsheets.import_progress(plan, 2031, 1, content, set(), user).ok
        assert not spreadsheets.import_progress(plan, 2025, 5, content, set(), user).ok

    def test_a_file_made_for_another_plan_is_refused(self, plan, reporting, tree, users):
        other = create_plan(
            tree["province"],
            ActionPlan(title="RAD lama", start_year=2025, period_years=3, version=2),
        )
        content = spreadsheets.progress_template(plan, 2025, 1, reporting.values())
        filled = fill_progress(content, {reporting["school"].pk: {ACHIEVED: 4, "Status": "done"}})
        result = spreadsheets.import_progress(
            other,
            2025,
            1,
            filled,
            {a.pk for a in reporting.values()},
            users["province_secretariat"],
        )
        assert [e.message for e in result.errors] == ["This file was made for another action plan."]

    def test_a_file_made_for_another_quarter_is_refused(self, plan, reporting, users):
        content = spreadsheets.progress_template(plan, 2025, 2, reporting.values())
        filled = fill_progress(content, {reporting["school"].pk: {ACHIEVED: 4, "Status": "done"}})
        result = spreadsheets.import_progress(
            plan, 2025, 3, filled, {a.pk for a in reporting.values()}, users["province_secretariat"]
        )
        assert len(result.errors) == 1
        assert "quarter 2 of 2025" in result.errors[0].message
        assert not ProgressReport.objects.exists()


# --- exports ---------------------------------------------------------------------------


class TestExports:
    def test_plan_export_summary_uses_plan_progress(self, plan, reporting, agencies):
        add_activity(plan, "cooperation", "6.1", area=Area.COOPERATION)  # no target
        ProgressReport.objects.create(
            activity=reporting["school"],
            year=2025,
            quarter=1,
            achieved=5,
            status=ProgressStatus.ON_TRACK,
        )
        ProgressReport.objects.create(
            activity=reporting["school"],
            year=2025,
            quarter=2,
            achieved=Decimal("7.5"),
            status=ProgressStatus.ON_TRACK,
            narrative="Lanjut",
            review_state=ReviewState.SUBMITTED,  # a draft would not count
        )
        ProgressReport.objects.create(  # another year: in that year's export only
            activity=reporting["school"],
            year=2026,
            quarter=1,
            achieved=3,
            status=ProgressStatus.ON_TRACK,
        )
        book = load(spreadsheets.export_plan(plan, 2025))
        assert book.sheetnames == ["Ringkasan", "Kegiatan", "Progres"]
        summary = book["Ringkasan"]
        labels = {summary.cell(row=r, column=1).value: r for r in range(1, summary.max_row + 1)}
        assert summary.cell(row=labels["Rencana aksi"], column=2).value == plan.title
        assert summary.cell(row=labels["Periode"], column=2).value == "2025–2029"
        with translation.override("id"):  # the sheets are written in Indonesian
            overall, sections = plan_progress(plan, 2025)
        for group in [*sections, overall]:
            r = labels["Total" if group is overall else group.label]
            counts = [summary.cell(row=r, column=c).value for c in (2, 3, 4)]
            assert counts == [len(group.rows), len(group.measured), group.without_target]
            percent = summary.cell(row=r, column=5).value
            assert percent == (None if group.percent is None else float(group.percent))
        assert overall.percent == Decimal("18.8")  # 7.5 of 20 and 0 of 8; 6.1 has no target

        activities = book["Kegiatan"]
        assert [c.value for c in activities[1]][: len(HEADERS)] == HEADERS
        assert activities.max_row == 4
        progress = book["Progres"]
        rows = [by_header(progress, r) for r in range(2, progress.max_row + 1)]
        assert [(r["Kode"], r["Tahun"], r["Triwulan"], r["Capaian"]) for r in rows] == [
            ("1.1", 2025, "TW I", 5),  # the quarter's name, as on the pages
            ("1.1", 2025, "TW II", 7.5),
        ]

    def test_work_plan_lists_activities_active_in_the_year_under_their_section(
        self, plan, agencies
    ):
        add_activity(
            plan,
            "prevention",
            "1.1",
            targets={2026: 30},
            responsible_agency=agencies["education"],
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2027, 12, 31),
        )
        add_activity(
            plan,
            "prevention",
            "1.2",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2025, 12, 31),
        )
        add_activity(plan, "law_enforcement", "5.1", area=Area.PROSECUTION, targets={2026: 4})
        sheet = load(spreadsheets.export_work_plan(plan, 2026))["Rencana Kerja"]
        cells = [[c.value for c in r] for r in sheet.iter_rows(min_row=1)]
        header_row = next(i for i, r in enumerate(cells) if r[0] == "Kode")
        assert "Target 2026" in cells[header_row]
        body = cells[header_row + 1 :]
        codes = [r[0] for r in body]
        assert "1.2" not in codes  # ended in 2025
        section_rows = [i for i, r in enumerate(body) if r[1] is None]
        assert len(section_rows) == 2
        first = sheet.cell(row=header_row + 1 + 1, column=1)
        assert first.font.bold
        assert body[1][:2] == ["1.1", "Kegiatan 1.1"]
        assert body[1][4] == 30
        assert body[1][5] == "Dinas Pendidikan Jawa Barat"
        assert body[3][0] == "5.1"


# --- views -----------------------------------------------------------------------------


def url(name, plan, *args):
    return reverse(f"actionplans:{name}", args=[plan.pk, *args])


class TestViews:
    def test_anyone_who_reads_the_plan_downloads_the_template(self, plan, login, users):
        response = login(users["district_secretariat"]).get(url("activity_template", plan))
        assert response.status_code == 404  # a district does not read its province
        response = login(users["province_member"]).get(url("activity_template", plan))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert f"rad-{plan.pk}-kegiatan.xlsx" in response["Content-Disposition"]
        load(response.content)

    def test_secretariat_imports_activities_and_is_redirected(self, plan, agencies, login, users):
        client = login(users["province_secretariat"])
        page = client.get(url("activity_import", plan))
        assert page.status_code == 200
        assert 'enctype="multipart/form-data"' in page.content.decode()
        content = fill(client.get(url("activity_template", plan)).content, [row()])
        response = client.post(url("activity_import", plan), {"file": upload(content)})
        assert response.status_code == 302
        assert response["Location"] == plan.get_absolute_url()
        assert plan.activities().count() == 1

    def test_errors_are_shown_in_a_table_and_nothing_is_saved(self, plan, agencies, login, users):
        client = login(users["province_secretariat"])
        client.cookies["django_language"] = "en"
        content = fill(
            spreadsheets.activity_template(plan),
            [row(Kode="1.1"), row(Kode="1.2", **{"Instansi penanggung jawab": "Entah"})],
        )
        response = client.post(url("activity_import", plan), {"file": upload(content)})
        assert response.status_code == 200
        assert response.context["errors"] == [
            RowError(
                3,
                "Instansi penanggung jawab",
                "“Entah” is not an agency of this task force (name or short name).",
            )
        ]
        assert "Instansi penanggung jawab" in response.content.decode()
        assert not plan.activities().exists()

    def test_a_non_xlsx_upload_gets_a_message_not_a_500(self, plan, login, users):
        client = login(users["province_secretariat"])
        client.cookies["django_language"] = "en"
        csv = SimpleUploadedFile("rad.csv", b"a;b\n1;2\n", content_type="text/csv")
        response = client.post(url("activity_import", plan), {"file": csv})
        assert response.status_code == 200
        assert "file" in response.context["form"].errors
        fake = SimpleUploadedFile("rad.xlsx", b"not a workbook", content_type=XLSX)
        response = client.post(url("activity_import", plan), {"file": fake})
        assert response.status_code == 200
        assert "cannot be read" in response.context["errors"][0].message

    def test_a_file_over_5_mb_is_refused(self, plan, login, users):
        client = login(users["province_secretariat"])
        big = SimpleUploadedFile("rad.xlsx", b"0" * (5 * 1024 * 1024 + 1), content_type=XLSX)
        response = client.post(url("activity_import", plan), {"file": big})
        assert response.status_code == 200
        assert "file" in response.context["form"].errors

    def test_member_may_not_import_activities(self, plan, login, users):
        client = login(users["province_member"])
        assert client.get(url("activity_import", plan)).status_code == 403
        content = fill(spreadsheets.activity_template(plan), [row(**{"Instansi pelaksana": ""})])
        assert (
            client.post(url("activity_import", plan), {"file": upload(content)}).status_code == 403
        )
        assert not plan.activities().exists()

    def test_a_plan_of_another_province_is_not_found(self, tree, login, users):
        other = create_plan(
            tree["outsider"], ActionPlan(title="RAD Kepri", start_year=2025, period_years=3)
        )
        client = login(users["province_secretariat"])
        for name, args in [
            ("activity_template", []),
            ("activity_import", []),
            ("progress_template", []),
            ("progress_import", []),
            ("plan_export", []),
            ("work_plan_export", [2025]),
        ]:
            assert client.get(url(name, other, *args)).status_code == 404, name

    def test_anonymous_is_sent_to_login(self, plan, client):
        response = client.get(url("plan_export", plan))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_subgt_head_gets_only_own_section_in_the_progress_template(
        self, plan, reporting, tree, login, users
    ):
        assert tree["province"].subgts.first().kind == "prevention"
        client = login(users["province_subgt_head"])
        response = client.get(url("progress_template", plan), {"year": 2025, "quarter": 1})
        assert response.status_code == 200
        sheet = load(response.content)["Progres"]
        assert [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)] == [
            reporting["school"].pk
        ]

    def test_member_reports_on_their_agencys_activities_only(self, plan, tree, login, users):
        member = users["province_member"]
        mine = add_activity(
            plan,
            "law_enforcement",
            "5.1",
            area=Area.PROSECUTION,
            responsible_agency=agency_of(member),
            targets={2025: 3},
        )
        add_activity(plan, "law_enforcement", "5.2", area=Area.PROSECUTION)
        response = login(member).get(url("progress_template", plan), {"year": 2025, "quarter": 1})
        sheet = load(response.content)["Progres"]
        assert [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)] == [mine.pk]

    def test_who_may_report_on_nothing_gets_403(self, plan, reporting, login, users):
        client = login(users["province_member"])
        assert client.get(url("progress_template", plan)).status_code == 403
        assert client.get(url("progress_import", plan)).status_code == 403
        # reading the plan is still allowed
        assert client.get(url("plan_export", plan)).status_code == 200

    def test_a_bad_year_or_quarter_answers_400(self, plan, reporting, login, users):
        client = login(users["province_secretariat"])
        for query in (
            {"year": 2031},
            {"quarter": 5},
            {"year": "x"},
            {"year": "²"},
            {"year": "9" * 5000},
            {"quarter": "-1"},
        ):
            assert client.get(url("progress_template", plan), query).status_code == 400, query
        assert client.get(url("plan_export", plan), {"year": 1999}).status_code == 400

    def test_subgt_head_import_refuses_another_sections_row(self, plan, reporting, login, users):
        client = login(users["province_subgt_head"])
        content = fill_progress(
            spreadsheets.progress_template(plan, 2025, 1, reporting.values()),
            {
                reporting["school"].pk: {ACHIEVED: 4, "Status": "done"},
                reporting["police"].pk: {ACHIEVED: 2, "Status": "done"},
            },
        )
        data = {"year": 2025, "quarter": 1, "file": upload(content)}
        response = client.post(url("progress_import", plan), data)
        assert response.status_code == 200
        assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "ID")]
        assert not ProgressReport.objects.exists()

    def test_subgt_head_imports_own_progress(self, plan, reporting, login, users):
        client = login(users["province_subgt_head"])
        assert client.get(url("progress_import", plan)).status_code == 200
        template = client.get(url("progress_template", plan), {"year": 2025, "quarter": 1})
        content = fill_progress(
            template.content, {reporting["school"].pk: {ACHIEVED: 4, "Status": "on_track"}}
        )
        data = {"year": 2025, "quarter": 1, "file": upload(content)}
        response = client.post(url("progress_import", plan), data)
        assert response.status_code == 302
        report = ProgressReport.objects.get()
        assert report.reported_by == users["province_subgt_head"]

    def test_exports_download_and_work_plan_year_must_be_in_the_plan(
        self, plan, reporting, login, users
    ):
        client = login(users["national_secretariat"])  # oversight reads the province
        response = client.get(url("plan_export", plan), {"year": 2025})
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert load(response.content).sheetnames == ["Ringkasan", "Kegiatan", "Progres"]
        response = client.get(url("work_plan_export", plan, 2026))
        assert response.status_code == 200
        load(response.content)
        assert client.get(url("work_plan_export", plan, 2030)).status_code == 404

    def test_import_pages_refuse_other_methods(self, plan, login, users):
        client = login(users["province_secretariat"])
        assert client.post(url("activity_template", plan)).status_code == 405
        assert client.put(url("activity_import", plan)).status_code == 405
