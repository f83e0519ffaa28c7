"""The budget spreadsheet for the finance office: the table grouped by agency, subtotals
and total equal to the database, and a fixed number of queries."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from budgets.models import BudgetLine, CostType, FundingSource, LineStatus
from budgets.spreadsheets import HEADER_ROW, MONEY_FORMAT, export_budget
from tests.actionplans.builders import make_plan
from tests.conftest import AgencyFactory

HEADERS = [
    "No",
    "Instansi",
    "Kode kegiatan",
    "Kegiatan RAD",
    "Uraian",
    "Volume",
    "Satuan",
    "Harga satuan (Rp)",
    "Jumlah (Rp)",
    "Realisasi (Rp)",
    "Serapan (%)",
    "Sumber dana",
    "Jenis biaya",
    "PPRG",
    "Status",
    "Keterangan",
]
COLUMN = {header: index for index, header in enumerate(HEADERS)}


def make_line(task_force, agency, activity, item, quantity, unit_cost, **extra) -> BudgetLine:
    return BudgetLine.objects.create(
        task_force=task_force,
        agency=agency,
        fiscal_year=2026,
        activity=activity,
        item=item,
        unit="orang",
        quantity=quantity,
        unit_cost=unit_cost,
        funding_source="apbd_province",
        cost_type="operational",
        justification=f"Mendukung {item}",
        **extra,
    )


def lines_of(task_force):
    return BudgetLine.objects.filter(task_force=task_force, fiscal_year=2026).select_related(
        "agency", "activity"
    )


def read(content: bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    return sheet, rows


@pytest.fixture
def budget(tree):
    """Two agencies of the province; the social office has two RAD lines (entered out of
    code order) and one running-cost line without an activity."""
    tf = tree["province"]
    plan = make_plan(tf, activities=2)
    first, second = plan.activities().order_by("code")
    social = AgencyFactory(task_force=tf, name="Dinas Sosial Provinsi Jawa Barat")
    kesbangpol = AgencyFactory(task_force=tf, name="Badan Kesbangpol Provinsi Jawa Barat")
    lines = {
        "shelter": make_line(tf, social, second, "Rumah aman", 12, 1_250_000),
        "outreach": make_line(tf, social, first, "Pendamping", Decimal("2.5"), 333_333),
        "meeting": make_line(tf, social, None, "Rapat koordinasi", 4, 750_000),
        "training": make_line(
            tf, kesbangpol, first, "Pelatihan", 40, 150_000, gender_responsive=True
        ),
    }
    return {"task_force": tf, "social": social, "kesbangpol": kesbangpol, **lines}


def test_title_block_and_header(budget):
    sheet, _rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    assert sheet["A1"].value == "Gugus Tugas PPTPPO Provinsi Jawa Barat"
    assert sheet["A2"].value == "Anggaran RAD Tahun 2026"
    assert [cell.value for cell in sheet[HEADER_ROW]] == HEADERS
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


def test_lines_are_grouped_by_agency_and_ordered_by_activity_code(budget):
    _sheet, rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    labels = [(row[0], row[COLUMN["Uraian"]]) for row in rows]
    assert labels == [
        (1, "Pelatihan"),
        ("Subtotal Badan Kesbangpol Provinsi Jawa Barat", None),
        (2, "Pendamping"),
        (3, "Rumah aman"),
        (4, "Rapat koordinasi"),
        ("Subtotal Dinas Sosial Provinsi Jawa Barat", None),
        ("Total", None),
    ]


def test_line_row_holds_every_column(budget):
    _sheet, rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    line = budget["training"]
    with translation.override("id"):
        source = str(FundingSource.APBD_PROVINCE.label)
        cost = str(CostType.OPERATIONAL.label)
        status = str(LineStatus.PROPOSED.label)
    assert rows[0] == [
        1,
        "Badan Kesbangpol Provinsi Jawa Barat",
        "1.1",
        line.activity.title,
        "Pelatihan",
        40,
        "orang",
        150_000,
        6_000_000,
        0,
        0,
        source,
        cost,
        "Ya",
        status,
        "Mendukung Pelatihan",
    ]
    assert rows[2][COLUMN["PPRG"]] == "Tidak"


def test_line_without_activity_is_the_task_forces_running_costs(budget):
    _sheet, rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    meeting = next(row for row in rows if row[COLUMN["Uraian"]] == "Rapat koordinasi")
    assert meeting[COLUMN["Kode kegiatan"]] is None
    assert meeting[COLUMN["Kegiatan RAD"]] == "Operasional Gugus Tugas"


def test_fractional_volume_and_rounded_total_are_kept(budget):
    _sheet, rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    outreach = next(row for row in rows if row[COLUMN["Uraian"]] == "Pendamping")
    assert outreach[COLUMN["Volume"]] == 2.5
    assert outreach[COLUMN["Jumlah (Rp)"]] == budget["outreach"].total == 833_333


def test_subtotals_and_total_equal_the_database(budget):
    sheet, rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    amount = COLUMN["Jumlah (Rp)"]
    sums = {row[0]: row[amount] for row in rows if isinstance(row[0], str)}
    lines = list(lines_of(budget["task_force"]))

    for agency in (budget["social"], budget["kesbangpol"]):
        expected = sum(line.total for line in lines if line.agency_id == agency.pk)
        assert sums[f"Subtotal {agency.name}"] == expected
    assert (
        sums["Total"]
        == sum(line.total for line in lines)
        == 6_000_000 + 15_000_000 + (833_333 + 3_000_000)
    )
    # Values, not formulas: the file states the figures even where nothing recalculates.
    total_cell = sheet.cell(row=HEADER_ROW + len(rows), column=amount + 1)
    assert total_cell.value == sums["Total"]
    assert total_cell.data_type == "n"
    assert total_cell.font.bold


def test_money_cells_are_whole_rupiah_with_a_thousands_format(budget):
    sheet, rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    for offset, row in enumerate(rows):
        cells = [sheet.cell(row=HEADER_ROW + 1 + offset, column=COLUMN["Jumlah (Rp)"] + 1)]
        if isinstance(row[0], int):
            cells.append(
                sheet.cell(row=HEADER_ROW + 1 + offset, column=COLUMN["Harga satuan (Rp)"] + 1)
            )
        for cell in cells:
            assert type(cell.value) is int
            assert cell.number_format == MONEY_FORMAT


def test_text_that_looks_like_a_formula_stays_text(budget):
    line = budget["meeting"]
    line.justification = '=HYPERLINK("http://example.com","klik")'
    line.save()
    sheet, rows = read(export_budget(budget["task_force"], 2026, lines_of(budget["task_force"])))
    offset = next(i for i, row in enumerate(rows) if row[COLUMN["Uraian"]] == "Rapat koordinasi")
    cell = sheet.cell(row=HEADER_ROW + 1 + offset, column=COLUMN["Keterangan"] + 1)
    assert cell.data_type == "s"


def test_budget_without_lines_has_a_zero_total(tree):
    _sheet, rows = read(export_budget(tree["district"], 2026, []))
    assert rows == [["Total", *[None] * 7, 0, 0, None, *[None] * 5]]


@pytest.mark.parametrize("count", [2, 12])
def test_export_costs_one_query_whatever_the_number_of_lines(
    tree, count, django_assert_num_queries
):
    tf = tree["province"]
    plan = make_plan(tf, activities=2)
    activities = list(plan.activities())
    agencies = [AgencyFactory(task_force=tf), AgencyFactory(task_force=tf)]
    for n in range(count):
        make_line(tf, agencies[n % 2], activities[n % 2] if n % 3 else None, f"Item {n}", 1, 1000)

    with django_assert_num_queries(1):  # loading the lines; nothing per line
        content = export_budget(tf, 2026, lines_of(tf))

    _sheet, rows = read(content)
    assert len(rows) == count + 3  # two subtotals and the total


def test_the_same_lines_give_the_kept_file_and_a_change_a_new_one(tree, monkeypatch):
    """Issue 14: writing is most of the export's time; a file is kept by its values."""
    from budgets import spreadsheets

    tf = tree["province"]
    plan = make_plan(tf, activities=1)
    line = make_line(tf, AgencyFactory(task_force=tf), plan.activities().first(), "Rapat", 2, 500)
    written = []
    workbook = spreadsheets._workbook
    monkeypatch.setattr(
        spreadsheets, "_workbook", lambda *args: written.append(args) or workbook(*args)
    )
    first = export_budget(tf, 2026, lines_of(tf))
    assert export_budget(tf, 2026, lines_of(tf)) == first
    assert len(written) == 1
    line.quantity = 3
    line.save()
    _sheet, rows = read(export_budget(tf, 2026, lines_of(tf)))
    assert len(written) == 2
    assert rows[0][COLUMN["Jumlah (Rp)"]] == 1500
