"""The spreadsheet toolkit (gugustugas.xlsx) refuses oversized uploads before reading them.

A "dimension bomb" is a small .xlsx whose sheet unpacks to some 55 MB of empty rows:
under the unpacked-size guard, yet minutes of parsing. It is refused with a clear
message, and the tests measure the work done (sheet bytes unpacked, rows parsed by
openpyxl) rather than the time, so they hold on a slow machine too.
"""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.utils.exceptions import WorkbookAlreadySaved
from openpyxl.worksheet._reader import WorkSheetParser

from gugustugas import xlsx

ROWS = 1_048_576  # every row a sheet can have
# An empty, formatted row as Excel writes it (without the optional row number): 50 bytes,
# the same each time, so a million of them pack into a few dozen kilobytes.
ROW = '<row spans="1:14" s="1" customFormat="1" ht="15"/>'
SHEET = "xl/worksheets/sheet1.xml"


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Kegiatan"
    book.active.append(["Sub-GT", "Kode", "Judul kegiatan", "Area 3P"])
    return xlsx.to_bytes(book)


def bomb(dimension: str | None, rows: int = ROWS, row: str = ROW, after: str = "") -> io.BytesIO:
    """A workbook whose first sheet holds ``rows`` times ``row`` (by default an empty
    row) and then ``after``, declaring ``dimension`` (None: no dimension element),
    packed as Excel would."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info, source.read(info))
                continue
            with target.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                if dimension is not None:
                    sheet.write(f'<dimension ref="{dimension}"/>'.encode())
                sheet.write(b"<sheetData>")
                chunk = 50_000
                for start in range(0, rows, chunk):
                    sheet.write(row.encode() * min(chunk, rows - start))
                sheet.write(b"</sheetData>" + after.encode() + b"</worksheet>")
    out.seek(0)
    return out


@pytest.fixture(scope="module")
def declared_bomb() -> bytes:
    return bomb(f"A1:N{ROWS}").getvalue()


@pytest.fixture(scope="module")
def undeclared_bomb() -> bytes:
    return bomb(None).getvalue()


@pytest.fixture(scope="module")
def lying_bomb() -> bytes:
    return bomb("A1:D1").getvalue()


@pytest.fixture
def work(monkeypatch):
    """Counts the bytes of the sheet unpacked and the rows openpyxl parsed."""
    counts = {"bytes": 0, "rows": 0}
    open_member = zipfile.ZipFile.open

    class Counting:
        def __init__(self, member):
            self.member = member

        def read(self, *args):
            data = self.member.read(*args)
            counts["bytes"] += len(data)
            return data

        def __getattr__(self, name):
            return getattr(self.member, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.member.close()

    def counting_open(archive, name, *args, **kwargs):
        member = open_member(archive, name, *args, **kwargs)
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        return Counting(member) if filename.endswith(SHEET) else member

    parse_row = WorkSheetParser.parse_row

    def counting_parse_row(self, row):
        counts["rows"] += 1
        return parse_row(self, row)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    monkeypatch.setattr(WorkSheetParser, "parse_row", counting_parse_row)
    return counts


def _unpacked(content: bytes) -> int:
    return zipfile.ZipFile(io.BytesIO(content)).getinfo(SHEET).file_size


def test_the_bomb_is_small_packed_and_large_unpacked(declared_bomb, settings):
    assert len(declared_bomb) < 512 * 1024
    assert 50 * 1024 * 1024 < _unpacked(declared_bomb) < settings.XLSX_MAX_UNPACKED_BYTES


def test_a_sheet_declaring_a_million_rows_is_refused_before_a_row_is_read(declared_bomb, work):
    with pytest.raises(xlsx.FileError) as refused:
        xlsx.read_sheet(io.BytesIO(declared_bomb), "Kegiatan")
    assert str(refused.value) == (
        "The sheet declares 1048576 rows; at most 10000 are accepted. "
        "Delete the empty rows below the data or split the file."
    )
    assert work["rows"] == 0
    assert work["bytes"] < 256 * 1024  # of some 55 MB


@pytest.mark.parametrize("fixture", ["undeclared_bomb", "lying_bomb"])
def test_a_sheet_without_a_true_dimension_is_refused_after_the_row_cap(
    fixture, request, work, settings
):
    content = request.getfixturevalue(fixture)
    settings.XLSX_MAX_ROWS = 1000
    with pytest.raises(xlsx.FileError, match="more than 1000 rows"):
        xlsx.read_sheet(io.BytesIO(content), "Kegiatan")
    # Read: about the cap's worth of rows and the parser's buffer, of some 55 MB.
    assert work["bytes"] < 1000 * len(ROW) + 256 * 1024
    assert work["rows"] <= 1001


def test_a_sheet_declaring_too_many_columns_is_refused(work):
    with pytest.raises(xlsx.FileError, match="declares 16384 columns; at most 100 are"):
        xlsx.read_sheet(bomb("A1:XFD10", rows=10), "Kegiatan")
    assert work["rows"] == 0


def test_a_sheet_with_a_cell_past_the_declared_columns_is_refused():
    cell = '<row r="1"><c r="EZ1" t="inlineStr"><is><t>x</t></is></c></row>'
    with pytest.raises(xlsx.FileError, match="more than 100 columns"):
        xlsx.read_sheet(bomb("A1:D1", rows=1, row=cell), "Kegiatan")


def test_a_row_of_too_many_cells_is_refused_before_it_is_parsed(work):
    cells = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(100_000))
    with pytest.raises(xlsx.FileError, match="more than 100 columns"):
        xlsx.read_sheet(bomb("A1:D1", rows=1, row=f"<row>{cells}</row>"), "Kegiatan")
    assert work["rows"] == 0


def test_a_million_merged_cells_after_the_rows_are_refused(work):
    merges = '<mergeCell ref="A1:B1"/>' * 1_000_000
    content = bomb("A1:D1", rows=1, after=f'<mergeCells count="1000000">{merges}</mergeCells>')
    with pytest.raises(xlsx.FileError, match="too many merged cells"):
        xlsx.read_sheet(content, "Kegiatan")
    assert work["rows"] == 0
    assert work["bytes"] < 1024 * 1024  # of some 23 MB


def test_an_honest_wide_sheet_is_refused_by_its_dimension():
    book = openpyxl.Workbook()
    book.active["A1"] = "Kode"
    book.active.cell(row=2, column=150, value="x")
    with pytest.raises(xlsx.FileError, match="declares 150 columns"):
        xlsx.read_sheet(io.BytesIO(xlsx.to_bytes(book)), "Sheet")


def test_a_sheet_within_the_caps_reads_its_rows_and_leaves_out_blank_ones():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kode", "Judul"])
    sheet.append([None, None])
    sheet.append(["1.1", "Sosialisasi"])
    rows, info = xlsx.read_sheet(io.BytesIO(xlsx.to_bytes(book)), "Sheet")
    assert [(number, values[:2]) for number, values in rows] == [
        (1, ("Kode", "Judul")),
        (3, ("1.1", "Sosialisasi")),
    ]
    assert info == {}


def test_a_small_bomb_under_the_caps_is_read(settings):
    """The caps, not the shape of the file, decide: 500 empty rows are fine."""
    rows, _info = xlsx.read_sheet(bomb("A1:N500", rows=500), "Kegiatan")
    assert rows == []


# --- writing ----------------------------------------------------------------------------


def assert_table_top(sheet, header_row: int) -> None:
    """The header written by the tests below: its labels, style, frozen rows and width,
    and the first row under it with its formula-like text kept as text."""
    assert [c.value for c in sheet[header_row]] == ["Nama", "Tanggal", "Jumlah"]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDEBF7") for c in sheet[header_row])
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.column_dimensions["A"].width == 30
    formula = sheet.cell(row=header_row + 1, column=1)
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://x")', "s")


def test_a_table_has_a_styled_frozen_header_and_safe_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    xlsx.write_table(
        sheet,
        ["Nama", "Tanggal", "Jumlah"],
        [['=HYPERLINK("http://x")', datetime.date(2026, 11, 27), Decimal("1250000")]],
        [30, 12, None],
        date_format="yyyy-mm-dd",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.to_bytes(book)))["Sheet"]
    assert_table_top(sheet, 1)
    _formula, date, amount = sheet[2]
    assert date.number_format == "yyyy-mm-dd"
    assert amount.value == 1250000


def _streamed_and_ordinary() -> list[bytes]:
    """The same sheet written both ways: a title, a header in row 3 and two rows."""
    files = []
    for book in (xlsx.streaming_workbook(), openpyxl.Workbook()):
        sheet = book.create_sheet("Data")
        xlsx.layout(sheet, 3, [30, 12, None])
        xlsx.write_row(sheet, 1, ["Judul", 2026], bold={1}, formats={2: "0"})
        xlsx.write_header(sheet, 3, ["Nama", "Tanggal", "Jumlah"])
        xlsx.write_row(
            sheet,
            4,
            ['=HYPERLINK("http://x")', datetime.date(2026, 11, 27), Decimal("1250000")],
            date_format="yyyy-mm-dd",
            wrap={1},
        )
        xlsx.write_row(sheet, 5, ["Total", None, Decimal("0.5")], bold=True, formats={3: "0.0"})
        files.append(xlsx.to_bytes(book))
    return files


def test_a_streamed_sheet_is_the_sheet_an_ordinary_one_writes():
    for content in _streamed_and_ordinary():
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Data"]
        title, year = sheet[1][:2]
        assert (title.value, title.font.bold, year.value, year.number_format) == (
            "Judul",
            True,
            2026,
            "0",
        )
        assert not year.font.bold
        assert sheet.cell(row=2, column=1).value is None
        assert_table_top(sheet, 3)
        formula, date, amount = sheet[4]
        assert formula.alignment.wrap_text
        assert (date.value.date(), date.number_format) == (
            datetime.date(2026, 11, 27),
            "yyyy-mm-dd",
        )
        assert amount.value == 1250000 and not amount.font.bold
        total = sheet[5]
        assert all(c.font.bold for c in total)
        assert (total[2].value, total[2].number_format) == (0.5, "0.0")


def test_a_streamed_sheet_refuses_rows_out_of_order_and_a_late_layout():
    book = xlsx.streaming_workbook()
    sheet = book.create_sheet("Data")
    xlsx.write_row(sheet, 2, ["a"])
    with pytest.raises(ValueError, match="comes after row 2"):
        xlsx.write_row(sheet, 2, ["b"])
    with pytest.raises(ValueError, match="layout"):  # its widths would be lost
        xlsx.write_header(sheet, 3, ["Nama"], [30])
    xlsx.to_bytes(book)  # a streamed workbook left unsaved warns when it is collected


PLAIN_ROWS = [
    ["A & B <1>", 2026, Decimal("12.5"), True, None, "x"],
    ['=HYPERLINK("http://x")', Decimal("1250000"), 0.1, False, "", "  spasi  "],
    ["baris\nkedua\r", -3, 1e20, "kontrol\x07dibuang", float("nan")],
]
PLAIN_VALUES = [
    ("A & B <1>", 2026, 12.5, "ya", None, "x"),
    ('=HYPERLINK("http://x")', 1250000, 0.1, "tidak", None, "  spasi  "),
    ("baris\nkedua\r", -3, 1e20, "kontroldibuang", None, None),
]


@pytest.mark.parametrize("streamed", [True, False])
def test_plain_rows_are_the_values_write_row_writes(streamed):
    """``write_plain_rows`` writes a streamed sheet's XML itself: what a reader sees is
    what ``write_row`` gives, text never a formula, after a header openpyxl wrote."""
    book = xlsx.streaming_workbook() if streamed else openpyxl.Workbook()
    sheet = book.create_sheet("Data")
    xlsx.write_header(sheet, 1, ["Nama", "Tahun", "Nilai", "Aktif", "Kosong", "Catatan"])
    with translation.override("id"):
        xlsx.write_plain_rows(sheet, 3, PLAIN_ROWS)  # row 2 left empty
    data = openpyxl.load_workbook(io.BytesIO(xlsx.to_bytes(book)))["Data"]
    assert data["A1"].value == "Nama" and data["A1"].font.bold
    assert data.freeze_panes == "A2"
    rows = list(data.iter_rows(min_row=2, values_only=True))
    assert rows[0] == (None,) * 6
    assert rows[1:] == PLAIN_VALUES
    assert data["A4"].data_type == "s"  # the "=..." text is not a formula
    assert data["B3"].number_format == "General" and not data["B3"].font.bold


def test_plain_rows_finish_a_streamed_sheet_and_refuse_a_date():
    book = xlsx.streaming_workbook()
    sheet = book.create_sheet("Data")
    xlsx.write_plain_rows(sheet, 1, [["a", 1]])
    with pytest.raises(WorkbookAlreadySaved):
        xlsx.write_row(sheet, 2, ["b"])
    other = book.create_sheet("Lain")
    with pytest.raises(TypeError, match="not a plain value"):
        xlsx.write_plain_rows(other, 1, [[datetime.date(2026, 12, 2)]])
    empty = xlsx.streaming_workbook()
    xlsx.write_plain_rows(empty.create_sheet("Kosong"), 1, [])
    only = openpyxl.load_workbook(io.BytesIO(xlsx.to_bytes(empty)))["Kosong"]
    assert only.max_row == 1 and only["A1"].value is None
    first = openpyxl.load_workbook(io.BytesIO(xlsx.to_bytes(book)))["Data"]
    assert [c.value for c in first[1]] == ["a", 1]


def _kept_book(values, *, written_before: bool = False, streamed: bool = True):
    """A workbook of two sheets, "Data" written from ``values`` through ``kept_sheet`` and
    a summary created before it, written after it (or before, ``written_before``) with
    styles of its own; returns the file and how many times "Data" was written."""
    book = xlsx.streaming_workbook() if streamed else openpyxl.Workbook()
    summary = book.create_sheet("Ringkasan")
    data = book.create_sheet("Data")
    writes = []

    def write_summary():
        xlsx.write_row(summary, 1, ["Judul"], bold=True)
        xlsx.write_row(summary, 2, [datetime.date(2026, 12, 2), Decimal("0.5")], formats={2: "0.0"})

    def write():
        writes.append(1)
        xlsx.write_header(data, 1, ["Nama", "Tanggal", "Jumlah"], [30, 12, None])
        for number, row in enumerate(values, start=2):
            xlsx.write_row(data, number, row, wrap={1})
        data.auto_filter.ref = f"A1:C{len(values) + 1}"
        data.print_title_rows = "1:1"

    if written_before:
        write_summary()
    xlsx.kept_sheet(data, values, write)
    if not written_before:
        write_summary()
    return xlsx.to_bytes(book), len(writes)


def _parts(content: bytes) -> dict[str, bytes]:
    """The file's parts but its creation time."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def test_a_kept_sheet_is_written_once_for_the_same_values_into_the_same_file():
    values = [['=HYPERLINK("http://x")', datetime.date(2026, 11, 27), Decimal("1250000")]]
    first, written = _kept_book(values)
    again, written_again = _kept_book(values)
    assert (written, written_again) == (1, 0)
    assert _parts(again) == _parts(first)
    book = openpyxl.load_workbook(io.BytesIO(again))
    data = book["Data"]
    assert_table_top(data, 1)
    formula, date, amount = data[2]
    assert formula.alignment.wrap_text and date.number_format == xlsx.DATE_FORMAT
    assert amount.value == 1250000
    assert (data.auto_filter.ref, data.print_title_rows) == ("A1:C2", "$1:$1")
    title, day = book["Ringkasan"]["A1"], book["Ringkasan"]["A2"]  # styled after the restore
    assert title.font.bold and not day.font.bold and day.number_format == xlsx.DATE_FORMAT
    assert book["Ringkasan"]["B2"].number_format == "0.0"
    assert book.sheetnames == ["Ringkasan", "Data"]


def test_other_values_write_the_sheet_again():
    _kept_book([["Satu", None, 1]])
    content, written = _kept_book([["Dua", None, 2]])
    assert written == 1
    assert openpyxl.load_workbook(io.BytesIO(content))["Data"]["A2"].value == "Dua"


@pytest.mark.parametrize("options", [{"written_before": True}, {"streamed": False}])
def test_a_sheet_not_written_first_in_a_streamed_workbook_is_written_every_time(options):
    """Its cells' style ids would depend on the sheets written before it."""
    values = [["Satu", datetime.date(2026, 1, 5), 1]]
    assert [_kept_book(values, **options)[1] for _ in range(2)] == [1, 1]
    content, _written = _kept_book(values, **options)
    data = openpyxl.load_workbook(io.BytesIO(content))["Data"]
    assert data["A2"].alignment.wrap_text and data["B2"].number_format == xlsx.DATE_FORMAT


def _one_kept_sheet(values, write) -> tuple[bytes, int]:
    """A streamed workbook of one sheet, "Data", written by ``write(sheet)`` through
    ``kept_sheet`` from ``values``; returns the file and how many times it was written."""
    workbook = xlsx.streaming_workbook()
    sheet = workbook.create_sheet("Data")
    writes = []

    def counted():
        writes.append(1)
        write(sheet)

    xlsx.kept_sheet(sheet, values, counted)
    return xlsx.to_bytes(workbook), len(writes)


def test_a_kept_sheet_may_end_with_plain_rows():
    def write(sheet):
        xlsx.write_header(sheet, 1, ["Nama", "Jumlah"])
        xlsx.write_plain_rows(sheet, 2, [["Satu", 1], ["Dua", 2]])

    assert [_one_kept_sheet(["plain", 2], write)[1] for _ in range(2)] == [1, 0]
    data = openpyxl.load_workbook(io.BytesIO(_one_kept_sheet(["plain", 2], write)[0]))["Data"]
    assert list(data.iter_rows(values_only=True)) == [("Nama", "Jumlah"), ("Satu", 1), ("Dua", 2)]
    assert data["A1"].font.bold


def test_a_sheet_with_a_link_is_written_every_time():
    """A link is a relationship of the workbook, outside the sheet's XML."""

    def write(sheet):
        cell = WriteOnlyCell(sheet, value="Situs")
        cell.hyperlink = "https://example.id/"
        sheet.append([cell])

    assert [_one_kept_sheet(["Situs"], write)[1] for _ in range(2)] == [1, 1]
    cell = openpyxl.load_workbook(io.BytesIO(_one_kept_sheet(["Situs"], write)[0]))["Data"]["A1"]
    assert cell.hyperlink.target == "https://example.id/"


def test_print_setup_is_landscape_one_page_wide_with_the_header_on_every_page():
    book = openpyxl.Workbook()
    xlsx.print_setup(book.active, 4, paper_size=book.active.PAPERSIZE_A4)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.to_bytes(book))).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$4:$4"


def test_a_dropdown_takes_its_values_from_the_lists_sheet():
    book = openpyxl.Workbook()
    ranges = xlsx.lists_sheet(book, [("Status", ["Belum", "Selesai"]), ("Kosong", [])])
    xlsx.list_validation(book.active, 3, ranges["Status"], 20)
    assert ranges == {"Status": "Daftar!$A$2:$A$3"}
    validation = book.active.data_validations.dataValidation[0]
    assert (validation.formula1, str(validation.sqref)) == ("Daftar!$A$2:$A$3", "C2:C20")
    assert validation.errorStyle == "warning"
