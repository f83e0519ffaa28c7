"""What every spreadsheet of an action plan shares: its language, sheet names, the
"Target <year>" header and the column widths by column key."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from gugustugas import xlsx

SHEET_LANGUAGE = "id"

ACTIVITY_SHEET = "Kegiatan"
PROGRESS_SHEET = "Progres"
INFO_SHEET = "Keterangan"
SUMMARY_SHEET = "Ringkasan"
WORK_PLAN_SHEET = "Rencana Kerja"

TARGET_HEADER = "Target {year}"
IMPLEMENTER_SEPARATOR = ";"
PERCENT_FORMAT = "0.0"

# By column key; a "target:<year>" column is a "target". Any other: DEFAULT_WIDTH.
WIDTHS = {
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
DEFAULT_WIDTH = 14


def widths(columns: Sequence[tuple[str, str]]) -> list[float]:
    """The widths of ``columns`` (key, header) by key (``WIDTHS``)."""
    return [WIDTHS.get(key.split(":")[0], DEFAULT_WIDTH) for key, _header in columns]


def write_header(sheet: Worksheet, row: int, columns: Sequence[tuple[str, str]]) -> None:
    """The header row of ``columns`` (key, header), widths by key (``WIDTHS``)."""
    xlsx.write_header(sheet, row, [header for _key, header in columns], widths(columns))


def column_index(key: str, columns: Sequence[tuple[str, str]]) -> int:
    """The 1-based column of ``key`` in ``columns``."""
    return next(i for i, (k, _h) in enumerate(columns, start=1) if k == key)
