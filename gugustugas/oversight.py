"""Oversight tables: for the level below a task force (a province's districts, the
national task force's provinces), one table per module with the figures that say who is
behind, sortable, filterable and downloadable as .xlsx.

The core imports no app to its right: each app registers its module in its
``AppConfig.ready`` (like its dashboard panels and menu entries). A module's ``build``
takes the user, the task force above and the task forces below (already scoped to what
the user reads) and returns a ``Table``: its columns and, per task force, its cells. The
figures come from the same functions as the app's own pages, and ``build`` runs a fixed
number of queries whatever the number of task forces.

A cell that breaks a rule names it (``Cell.broken``: a few words shown in the cell, and
the whole rule as its tooltip); only such cells are coloured.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.formats import date_format, number_format

from gugustugas.figures import rupiah
from gugustugas.models import TaskForce


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "number"  # number, percent, money, date, text
    help: str = ""


@dataclass
class Cell:
    """``value`` sorts and goes to the spreadsheet; ``text`` is shown instead when given;
    ``broken`` names the rule the figure breaks (short), ``rule`` says it in full."""

    value: Any = None
    text: str | None = None
    broken: str = ""
    rule: str = ""
    url: str = ""
    shown: str = ""  # set by ``rows``: the text the page shows
    numeric: bool = False  # set by ``rows``: aligned right

    @property
    def is_broken(self) -> bool:
        return bool(self.broken)


@dataclass
class Table:
    columns: list[Column]
    cells: dict[int, dict[str, Cell]] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)  # stated under the table

    def cell(self, task_force_id: int, key: str) -> Cell:
        return self.cells.get(task_force_id, {}).get(key) or Cell()


Build = Callable[[Any, TaskForce, list[TaskForce], datetime.date], Table]


@dataclass(frozen=True)
class Module:
    slug: str
    label: Any
    build: Build
    order: int = 100


_modules: dict[str, Module] = {}


def register(slug: str, label, order: int = 100) -> Callable[[Build], Build]:
    def decorate(build: Build) -> Build:
        _modules[slug] = Module(slug, label, build, order)
        return build

    return decorate


def modules() -> list[Module]:
    return sorted(_modules.values(), key=lambda m: (m.order, m.slug))


def module(slug: str) -> Module:
    try:
        return _modules[slug]
    except KeyError:
        raise Http404 from None


@dataclass
class Row:
    task_force: TaskForce
    cells: list[Cell]

    @property
    def broken_count(self) -> int:
        return sum(1 for cell in self.cells if cell.is_broken)


def display(cell: Cell, column: Column) -> str:
    """The cell as the page shows it: the same filters as every page (rupiah, percent
    with a decimal comma in Indonesian, dates as "27 November 2026")."""
    if cell.text is not None:
        return cell.text
    value = cell.value
    if value is None:
        return "—"
    if column.kind == "money":
        return rupiah(value)
    if column.kind == "percent":
        return f"{number_format(value, 1)} %"
    if column.kind == "date":
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, (int, Decimal)):
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _sort_value(value: Any):
    if isinstance(value, (int, float, Decimal)):
        return (0, float(value))
    if isinstance(value, datetime.date):
        return (0, value.toordinal())
    return (1, str(value).casefold())


def rows(
    table: Table,
    task_forces: list[TaskForce],
    sort: str = "",
    descending: bool = False,
    query: str = "",
    broken_only: bool = False,
) -> list[Row]:
    """The table's rows, filtered by name and to those breaking a rule, sorted by a
    column (empty cells last whichever the direction) or else by region code."""
    keys = [c.key for c in table.columns]
    result = [Row(tf, [table.cell(tf.pk, key) for key in keys]) for tf in task_forces]
    for row in result:
        for cell, column in zip(row.cells, table.columns, strict=True):
            cell.shown = display(cell, column)
            cell.numeric = column.kind not in ("text",)
    if query:
        needle = query.casefold()
        result = [r for r in result if needle in str(r.task_force.region).casefold()]
    if broken_only:
        result = [r for r in result if r.broken_count]
    if sort == "name":
        result.sort(key=lambda r: str(r.task_force.region.name).casefold(), reverse=descending)
    elif sort in keys:
        index = keys.index(sort)
        filled = [r for r in result if r.cells[index].value is not None]
        empty = [r for r in result if r.cells[index].value is None]
        filled.sort(key=lambda r: _sort_value(r.cells[index].value), reverse=descending)
        result = filled + empty
    return result


def headers(table: Table, name_label: str, sort: str, descending: bool) -> list[dict]:
    """The header cells: the task force's name, then the columns; each with the direction
    a click on it sorts by (a number first from the highest, a name from A) and its
    ``aria-sort``."""
    result = []
    for key, label, kind in [("name", name_label, "text")] + [
        (c.key, c.label, c.kind) for c in table.columns
    ]:
        current = sort == key
        first = "asc" if kind == "text" else "desc"
        other = "desc" if first == "asc" else "asc"
        now = "desc" if descending else "asc"
        result.append(
            {
                "key": key,
                "label": label,
                "help": next((c.help for c in table.columns if c.key == key), ""),
                "numeric": kind != "text",
                "next_dir": (other if now == first else first) if current else first,
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return result
