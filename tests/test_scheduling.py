"""The suite's split between pytest-xdist workers (``tests/scheduling.py``)."""

from pathlib import Path

from tests.scheduling import AUDIT, GROUPS, JOURNEYS, browser_group


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
