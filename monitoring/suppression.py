"""Small counts: the one module that turns an internal table into a public one.

The rule, as the pages state it (``RULE``): counts of 1 to 4 people are shown as
"<5", and as many further cells are hidden as it takes so that no hidden count can be
worked out from the totals and the other published cells of any breakdown.

How:

- **Primary suppression**: a protected cell (``measures.protected_codes``) with 1-4 is
  hidden and shown as "<5".
- **Secondary suppression**: the published breakdowns of a measure share its total
  (``measures.equations``: sex x age, form of exploitation and place each add up to
  the total; the destination countries add up to "abroad"). Someone who reads the
  published cells knows each hidden cell's range (a "<5" cell is 0-4, a further hidden
  cell 5 or more, a "not known" cell any count) and every equation. A hidden cell is
  *exposed* when those leave it exactly one possible value. While one is exposed, the
  cheapest fix is taken: the smallest published cell of one of its equations whose
  hiding alone protects it (a zero first: hiding a zero costs least), else the smallest
  one, and the check runs again. When every cell of its equations is hidden already
  and it is still exposed (4 + 4 + 4 + 4 of a published 16: hiding the total is not
  enough while the other breakdowns give the total back), the published cells of the
  equations linked to it through hidden cells are the candidates, the largest first;
  only once every linked cell is hidden does the loop give up on it (the whole group
  is then published as suppressed). Hiding only ever widens what a reader must consider,
  so the loop ends, and it hides nothing once no cell is exposed.
- The check is exact: interval propagation over the equations with branching
  (``_feasible``), on integers; the tables are small (a measure has ~25 cells).
  ``tests/monitoring/test_suppression.py`` checks it against a linear-programming
  solver on random tables.
- Five values stay distinct in every output (page, CSV, .xlsx, JSON): a count, zero,
  suppressed, not known and not submitted (``CellState``).

What it does not cover: the link between a province's published aggregate and its
districts' (the province's own figures are never published on their own, so the link
gives bounds, not values), and sums over several quarters against the quarters
themselves; a publication that shows both a year and its quarters must suppress the
year as one more table with its quarters as parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from monitoring import measures

SMALL = range(1, 5)  # counts of 1-4 are never published
HUGE = 10**12  # "no upper bound" for a hidden cell
MAX_DEPTH = 120  # of the feasibility search; beyond it a cell counts as exposed


RULE = _(
    "Counts of 1 to 4 people are shown as “<5”, and further cells are hidden (“×”) where "
    "a small count could otherwise be worked out from the totals and the other published "
    "figures."
)


class CellState(StrEnum):
    COUNT = "count"
    ZERO = "zero"
    SUPPRESSED = "suppressed"
    NOT_KNOWN = "not_known"
    NOT_SUBMITTED = "not_submitted"


STATE_LABELS = {
    CellState.COUNT: _("count"),
    CellState.ZERO: _("zero"),
    CellState.SUPPRESSED: _("suppressed"),
    CellState.NOT_KNOWN: _("not known"),
    CellState.NOT_SUBMITTED: _("not submitted"),
}


@dataclass(frozen=True)
class Cell:
    """One figure as it is shown: ``value`` only for a count or zero."""

    value: int | None
    state: CellState
    small: bool = False  # a suppressed cell under 5 ("<5"); else "×"

    @classmethod
    def of(cls, value: int | None) -> Cell:
        if value is None:
            return cls(None, CellState.NOT_KNOWN)
        return cls(value, CellState.ZERO if value == 0 else CellState.COUNT)

    @property
    def display(self) -> str:
        if self.state in (CellState.COUNT, CellState.ZERO):
            return f"{self.value:,}".replace(",", ".")
        if self.state == CellState.SUPPRESSED:
            return "<5" if self.small else "×"
        if self.state == CellState.NOT_KNOWN:
            return "?"
        return "–"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_number(self) -> bool:
        return self.state in (CellState.COUNT, CellState.ZERO)


NOT_SUBMITTED = Cell(None, CellState.NOT_SUBMITTED)


def suppress(
    cells: Mapping[str, Cell],
    equations: Iterable[measures.Equation] | None = None,
    protected: Iterable[str] | None = None,
    withheld: Iterable[str] = (),
    hidden: Iterable[str] = (),
) -> dict[str, Cell]:
    """The public version of one table (codes -> cells; every cell of the catalogue by
    default, with its equations and protected codes). ``withheld`` cells are hidden
    whatever their value (figures never published), and protected only if they are
    1-4; ``hidden`` cells are hidden already elsewhere and must stay protected."""
    equations = tuple(measures.equations() if equations is None else equations)
    protected = frozenset(measures.protected_codes() if protected is None else protected)
    hidden = hidden_cells(cells, equations, protected, frozenset(withheld), frozenset(hidden))
    return {
        code: (Cell(None, CellState.SUPPRESSED, small=cell.value < 5) if code in hidden else cell)
        for code, cell in cells.items()
    }


def hidden_cells(
    cells: Mapping[str, Cell],
    equations: tuple[measures.Equation, ...],
    protected: frozenset[str],
    withheld: frozenset[str] = frozenset(),
    already: frozenset[str] = frozenset(),
) -> set[str]:
    """The codes to hide: the small protected counts, then the secondary cells."""
    hidden = {
        code
        for code, cell in cells.items()
        if code in protected and cell.is_number and cell.value in SMALL
    } | {code for code in withheld | already if code in cells and cells[code].is_number}
    if not hidden:
        return hidden
    live = [eq for eq in equations if all(c in cells for c in (eq.total, *eq.parts))]
    system = _System(cells, live)
    added: list[str] = []

    def at_risk(hidden: set[str]) -> list[str]:
        # A withheld figure of 5 or more reveals no small count when worked out.
        # (its zero neither: only counts of 1 to 4 are protected)
        return sorted(c for c in hidden if c not in withheld or cells[c].value in SMALL)

    safe: set[str] = set()  # hiding more never exposes a cell found safe
    while True:
        exposed = None
        for code in at_risk(hidden):
            if code in safe:
                continue
            if system.exposed(code, hidden):
                exposed = code
                break
            safe.add(code)
        if exposed is None:
            break
        candidates = sorted(
            {
                code
                for eq in live
                if exposed in (eq.total, *eq.parts)
                for code in (*eq.parts, eq.total)
                if code not in hidden and cells[code].is_number
            },
            # Parts before totals, then the smallest: hide as little as it takes.
            key=lambda code: (system.is_total(code), cells[code].value, code),
        )
        if not candidates:
            # Its breakdowns are hidden whole, yet it is still exposed: a hidden cell it
            # shares an equation with (typically the total) is given back by another
            # breakdown. Look one step further out: the published cells of every
            # equation reached through hidden cells, the largest first (a count of 5 or
            # more, once hidden, leaves that equation's total unbounded).
            candidates = sorted(
                _reachable(live, exposed, hidden, cells),
                key=lambda code: (system.is_total(code), -cells[code].value, code),
            )
        if not candidates:  # every cell linked to it is hidden: as safe as it gets
            break
        choice = next(
            (code for code in candidates if not system.exposed(exposed, hidden | {code})),
            candidates[0],
        )
        hidden.add(choice)
        added.append(choice)
    # A cell hidden early may have become unnecessary through one hidden later: give
    # back every further cell whose hiding no longer protects anything.
    for code in reversed(added):
        if code in withheld or code in already:
            continue
        trial = hidden - {code}
        if not any(system.exposed(c, trial) for c in at_risk(trial)):
            hidden = trial
    return hidden


def _reachable(
    equations: list[measures.Equation], start: str, hidden: set[str], cells: Mapping[str, Cell]
) -> set[str]:
    """The published cells of the equations linked to ``start`` through hidden cells."""
    linked, todo = {start}, [start]
    published = set()
    while todo:
        code = todo.pop()
        for eq in equations:
            members = (eq.total, *eq.parts)
            if code not in members:
                continue
            for other in members:
                if other in hidden:
                    if other not in linked:
                        linked.add(other)
                        todo.append(other)
                elif cells[other].is_number:
                    published.add(other)
    return published


class _System:
    """The equations of one table and what a reader knows of each cell."""

    def __init__(self, cells: Mapping[str, Cell], equations: list[measures.Equation]):
        self.cells = cells
        self.totals = {eq.total for eq in equations}
        # total - sum(parts) = 0, as {code: coefficient}
        self.rows = [{eq.total: 1, **{p: -1 for p in eq.parts}} for eq in equations]
        self.codes = sorted({code for row in self.rows for code in row})

    def is_total(self, code: str) -> bool:
        return code in self.totals

    def domains(self, hidden: set[str]) -> dict[str, tuple[int, int]]:
        result = {}
        for code in self.codes:
            cell = self.cells[code]
            if not cell.is_number:
                result[code] = (0, HUGE)  # not known: any count
            elif code in hidden:
                result[code] = (0, 4) if cell.value < 5 else (5, HUGE)
            else:
                result[code] = (cell.value, cell.value)
        return result

    def exposed(self, code: str, hidden: set[str]) -> bool:
        """Does a reader who knows the published cells pin ``code`` to one value?"""
        if code not in self.codes:
            return False  # in no equation: "<5" leaves it four values
        domains = self.domains(hidden)
        value = self.cells[code].value
        lo, hi = domains[code]
        below = value > lo and _feasible(self.rows, {**domains, code: (lo, value - 1)})
        above = value < hi and _feasible(self.rows, {**domains, code: (value + 1, hi)})
        return not (below or above)


def _propagate(rows: list[dict[str, int]], domains: dict[str, tuple[int, int]]) -> bool:
    """Narrow the domains until every equation is consistent with them; False if one
    is empty. Each equation sum(a_i x_i) = 0 (a_i = +1 or -1) bounds each x_i by the
    others' ranges; the sums are kept up to date as the ranges narrow."""
    changed = True
    while changed:
        changed = False
        for row in rows:
            low = high = 0
            for c, a in row.items():
                lo, hi = domains[c]
                if a > 0:
                    low, high = low + lo, high + hi
                else:
                    low, high = low - hi, high - lo
            if low > 0 or high < 0:
                return False
            for code, a in row.items():
                lo, hi = domains[code]
                if a > 0:  # x = -(rest), rest in [low - lo, high - hi]
                    new_lo, new_hi = max(lo, hi - high), min(hi, lo - low)
                else:  # x = rest, rest in [low + hi, high + lo]
                    new_lo, new_hi = max(lo, low + hi), min(hi, high + lo)
                if new_lo > new_hi:
                    return False
                if new_lo != lo or new_hi != hi:
                    domains[code] = (new_lo, new_hi)
                    changed = True
                    if a > 0:
                        low, high = low + new_lo - lo, high + new_hi - hi
                    else:
                        low, high = low - (new_hi - hi), high - (new_lo - lo)
    return True


def _feasible(
    rows: list[dict[str, int]], domains: dict[str, tuple[int, int]], depth: int = 0
) -> bool:
    """Is there an integer point in the domains that satisfies every equation?

    Propagation, then one cell fixed at a time (to its least, then its greatest value,
    then the rest of its range). A search that runs too deep answers "no": the caller
    then hides one more cell, never one less."""
    if depth > MAX_DEPTH:
        return False
    domains = dict(domains)
    if not _propagate(rows, domains):
        return False
    if len(rows) == 1:
        return True  # one sum over integer ranges: consistent bounds are enough
    open_codes = [c for c, (lo, hi) in domains.items() if lo < hi]
    if not open_codes:
        return True
    code = min(open_codes, key=lambda c: domains[c][1] - domains[c][0])
    lo, hi = domains[code]
    for value in (lo, hi):
        if _feasible(rows, {**domains, code: (value, value)}, depth + 1):
            return True
    return hi - lo >= 2 and _feasible(rows, {**domains, code: (lo + 1, hi - 1)}, depth + 1)
