"""The suite's split between pytest-xdist workers (``tests/scheduling.py``)."""

from pathlib import Path

from tests.scheduling import AUDIT, GROUPS, JOURNEYS, LONG, browser_group, order


def test_every_browser_module_is_in_one_of_the_two_groups():
    modules = sorted(
        f"tests/e2e/{p.name}" for p in Path(__file__).parent.joinpath("e2e").glob("test_*.py")
    )
    assert sorted([AUDIT, *JOURNEYS]) == modules
    groups = {browser_group(f"{module}::test_x[chromium]") for module in JOURNEYS}
    assert groups == set(GROUPS)


def test_the_audit_is_split_by_its_half_and_other_tests_are_alone():
    audit = f"{AUDIT}::test_pages_have_no_serious_accessibility_violations"
    assert browser_group(f"{audit}[chromium-id-0]") == browser_group(f"{audit}[chromium-en-0]")
    assert browser_group(f"{audit}[chromium-id-1]") == browser_group(f"{audit}[chromium-en-1]")
    assert browser_group(f"{audit}[chromium-id-0]") != browser_group(f"{audit}[chromium-id-1]")
    assert browser_group("tests/access/test_matrix.py::test_access_matrix[dashboard]") is None


def test_the_long_single_tests_come_right_after_the_browser_tests():
    root = Path(__file__).parent.parent
    assert all((root / module).exists() for module in LONG)
    journey = f"{JOURNEYS[0]}::test_x[chromium]"
    matrix = "tests/access/test_matrix.py::test_access_matrix[dashboard]"
    assert order(journey) < order(f"{LONG[0]}::test_x") < order(matrix)
