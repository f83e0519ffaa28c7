"""Spreadsheets of an action plan: templates to fill in, their import, and the exports
(summary with progress, activities, progress reports, the annual work plan).

- ``activities``: the activity template and its import;
- ``progress``: the quarterly progress template and its import;
- ``exports``: the plan with its progress, and the annual work plan;
- ``common``: their language, sheet names and column widths.

Reading and writing cells, safely, is the core's (``gugustugas.xlsx``).

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

from actionplans.spreadsheets.activities import (
    ACTIVITY_COLUMNS,
    activity_template,
    import_activities,
)
from actionplans.spreadsheets.common import SHEET_LANGUAGE
from actionplans.spreadsheets.exports import export_plan, export_work_plan
from actionplans.spreadsheets.progress import (
    ACHIEVED_HEADER,
    import_progress,
    progress_columns,
    progress_template,
)

__all__ = [
    "ACHIEVED_HEADER",
    "ACTIVITY_COLUMNS",
    "SHEET_LANGUAGE",
    "activity_template",
    "export_plan",
    "export_work_plan",
    "import_activities",
    "import_progress",
    "progress_columns",
    "progress_template",
]
