"""Small-count suppression (``monitoring.suppression``): no hidden count can be worked out
from what is published, and no more is hidden than it takes."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from monitoring import measures
from monitoring.suppression import HUGE, Cell, CellState, suppress

M = measures.BY_NAME["identified"]
EQUATIONS = [eq for eq in measures.equations() if eq.total.startswith("identified.")]
CODES = sorted({c for eq in EQUATIONS for c in (eq.total, *eq.parts)})


def table(total, sex_age, exploitation, place_abroad, destinations):
    """Cells of the "victims identified" measure from the parts given (the rest 0)."""
    values = {code: 0 for code in CODES}
    values["identified.total"] = total
    for code, value in zip(EQUATIONS[0].parts, sex_age, strict=False):
        values[code] = value
    for code, value in zip(EQUATIONS[1].parts, exploitation, strict=False):
        values[code] = value
    values["identified.place.abroad"] = place_abroad
    values["identified.place.domestic"] = total - place_abroad
    for code, value in zip(EQUATIONS[3].parts, destinations, strict=False):
        values[code] = value
    return {code: Cell.of(value) for code, value in values.items()}


def ranges(public, internal):
    """For each hidden cell, the least and greatest integer value a reader can find that
    fits every published cell and equation (scipy's MILP solver)."""
    hidden = [c for c in CODES if not public[c].is_number]
    index = {c: i for i, c in enumerate(hidden)}
    lower, upper = [], []
    for code in hidden:
        cell = public[code]
        if cell.state == CellState.NOT_KNOWN:
            lower.append(0), upper.append(HUGE)
        elif cell.small:
            lower.append(0), upper.append(4)
        else:
            lower.append(5), upper.append(HUGE)
    rows, rhs = [], []
    for eq in EQUATIONS:
        row = np.zeros(len(hidden))
        constant = 0
        for code, sign in [(eq.total, 1), *[(p, -1) for p in eq.parts]]:
            if code in index:
                row[index[code]] += sign
            else:
                constant += sign * public[code].value
        if row.any():
            rows.append(row)
            rhs.append(-constant)
    constraints = [LinearConstraint(np.array(rows), rhs, rhs)] if rows else []
    result = {}
    for code in hidden:
        found = []
        for sign in (1, -1):
            c = np.zeros(len(hidden))
            c[index[code]] = sign
            solution = milp(
                c,
                constraints=constraints,
                integrality=np.ones(len(hidden)),
                bounds=Bounds(lower, upper),
            )
            assert solution.success, solution.message
            found.append(round(solution.x[index[code]]))
        result[code] = (found[0], found[1])
    return result


@st.composite
def tables(draw):
    small = st.one_of(st.integers(0, 4), st.integers(0, 30))
    sex_age = draw(st.lists(small, min_size=4, max_size=4))
    total = sum(sex_age)

    def split(amount, parts):
        points = st.lists(st.integers(0, amount), min_size=parts - 1, max_size=parts - 1)
        cuts = sorted(draw(points))
        bounds = [0, *cuts, amount]
        return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]

    exploitation = split(total, 5)
    abroad = draw(st.integers(0, total))
    destinations = split(abroad, len(EQUATIONS[3].parts))
    return table(total, sex_age, exploitation, abroad, destinations)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_suppressed_cell_can_be_worked_out(internal):
    public = suppress(internal, EQUATIONS, measures.protected_codes())
    for code, cell in internal.items():
        if cell.value in range(1, 5):
            assert public[code].state == CellState.SUPPRESSED, code
    for code, (least, greatest) in ranges(public, internal).items():
        assert least <= internal[code].value <= greatest, code
        assert greatest > least, f"{code} can be worked out: it must be {least}"


def hidden(public):
    return {code for code, cell in public.items() if cell.state == CellState.SUPPRESSED}


def run(internal):
    return hidden(suppress(internal, EQUATIONS, measures.protected_codes()))


def test_nothing_is_hidden_without_a_small_count():
    assert run(table(40, [10, 10, 10, 10], [20, 20, 0, 0, 0], 0, [])) == set()


def test_one_small_count_hides_one_more_cell_of_its_breakdown():
    # 3 of 23 victims sexually exploited: a zero of that breakdown protects it.
    got = run(table(23, [10, 5, 8, 0], [3, 20, 0, 0, 0], 0, []))
    assert "identified.exploitation.sexual" in got
    assert len(got) == 2
    other = (got - {"identified.exploitation.sexual"}).pop()
    assert other.startswith("identified.exploitation.")


def test_two_small_counts_of_one_breakdown_protect_each_other():
    got = run(table(23, [10, 5, 8, 0], [3, 2, 18, 0, 0], 0, []))
    assert got == {"identified.exploitation.sexual", "identified.exploitation.forced_labour"}


def test_a_small_total_hides_its_parts_and_nothing_more():
    got = run(table(3, [3, 0, 0, 0], [3, 0, 0, 0, 0], 0, []))
    assert got == {
        "identified.total",
        "identified.sex_age.female_child",
        "identified.exploitation.sexual",
        "identified.place.domestic",
    }


def test_a_small_count_abroad_hides_the_domestic_count_too():
    got = run(table(12, [6, 6, 0, 0], [12, 0, 0, 0, 0], 2, [2]))
    assert got == {
        "identified.place.abroad",
        "identified.place.domestic",
        "identified.destination.MY",
    }


def test_five_distinct_values():
    public = suppress(
        {
            "identified.total": Cell.of(None),
            "prevention.trainings": Cell.of(0),
            "prevention.trained": Cell.of(3),
            "prevention.materials": Cell.of(2),
        }
    )
    assert public["identified.total"].state == CellState.NOT_KNOWN
    assert public["prevention.trainings"].state == CellState.ZERO
    assert public["prevention.trained"].display == "<5"
    # Leaflets reveal nobody: published as they are.
    assert public["prevention.materials"].display == "2"


@pytest.mark.parametrize("value,display", [(0, "0"), (1250, "1.250"), (None, "?")])
def test_display(value, display):
    assert Cell.of(value).display == display


def test_four_small_counts_that_add_up_to_the_total_hide_what_gives_the_total_back():
    # Regression (found by the property test): 16 victims as 4 + 4 + 4 + 4 by sex and
    # age. Four "<5" (at most 4 each) and a published total of 16 pin every cell to 4;
    # hiding the total alone is not enough, since "other exploitation" (16) and "in
    # Indonesia" (16) give it back. Those must be hidden as well.
    internal = table(16, [4, 4, 4, 4], [0, 0, 0, 0, 16], 0, [])
    public = suppress(internal, EQUATIONS, measures.protected_codes())
    got = hidden(public)
    assert set(EQUATIONS[0].parts) <= got
    assert {
        "identified.total",
        "identified.exploitation.other",
        "identified.place.domestic",
    } <= got
    for code, (least, greatest) in ranges(public, internal).items():
        assert greatest > least, f"{code} can be worked out: it must be {least}"
    assert got == {
        *EQUATIONS[0].parts,
        "identified.total",
        "identified.exploitation.other",
        "identified.place.domestic",
    }
