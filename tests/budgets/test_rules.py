"""One rule per figure: absorption, rupiah and "may propose a budget line" are each
computed in one place, and the line page, the summary and the export agree."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from budgets.models import BudgetLine, Realisation
from budgets.services import absorption, may_propose_line, proposing_agencies
from budgets.spreadsheets import ABSORPTION_COLUMN, HEADER_ROW, REALISED_COLUMN
from gugustugas.figures import rupiah
from tests.actionplans.builders import member_agency
from tests.conftest import AgencyFactory

YEAR = 2026


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def line_49_of_400(tree):
    """A line of 400 rupiah of which 49 are spent: 12.25 %, the case where rounding half
    to even (12.2) and half up (12.3) differ."""
    line = BudgetLine.objects.create(
        task_force=tree["province"],
        agency=member_agency(tree["province"]),
        fiscal_year=YEAR,
        item="Fotokopi",
        unit="lembar",
        quantity=Decimal(4),
        unit_cost=100,
        funding_source="apbd_province",
        cost_type="operational",
        justification="RAD",
    )
    Realisation.objects.create(line=line, quarter=1, amount=49)
    return line


def test_absorption_rounds_half_up():
    assert absorption(49, 400) == Decimal("12.3")
    assert absorption(1, 8) == Decimal("12.5")
    assert absorption(0, 400) == Decimal("0.0")
    assert absorption(10, 0) is None


@pytest.mark.django_db
class TestAbsorptionIsTheSameEverywhere:
    def test_line_page_shows_12_3_percent(self, login, users, line_49_of_400):
        response = login(users["province_secretariat"]).get(line_49_of_400.get_absolute_url())
        assert "(12,3 %)" in page_text(response)

    def test_summary_shows_12_3_percent(self, login, users, tree, line_49_of_400):
        response = login(users["province_secretariat"]).get(
            reverse("budgets:overview", args=[tree["province"].pk]), {"year": YEAR}
        )
        assert response.context["summary"].total.absorption == Decimal("12.3")
        assert "12,3 %" in page_text(response)

    def test_export_shows_12_3_percent(self, login, users, tree, line_49_of_400):
        response = login(users["province_secretariat"]).get(
            reverse("budgets:export", args=[tree["province"].pk]), {"year": YEAR}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        line_row, total_row = HEADER_ROW + 1, HEADER_ROW + 3  # line, agency subtotal, total
        for row in (line_row, total_row):
            assert sheet.cell(row=row, column=REALISED_COLUMN).value == 49
            assert sheet.cell(row=row, column=ABSORPTION_COLUMN).value == 12.3
            assert sheet.cell(row=row, column=ABSORPTION_COLUMN).number_format == "0.0"


def test_rupiah_groups_thousands_with_dots_and_keeps_the_sign():
    assert rupiah(1_250_000) == "Rp 1.250.000"
    assert rupiah(-5_000) == "-Rp 5.000"
    assert rupiah(None) == ""


@pytest.mark.django_db
def test_the_added_line_message_and_the_line_page_print_the_same_amount(login, users, tree):
    client = login(users["province_secretariat"])
    agency = AgencyFactory(task_force=tree["province"])
    response = client.post(
        reverse("budgets:line_create", args=[tree["province"].pk]),
        {
            "agency": agency.pk,
            "fiscal_year": str(YEAR),
            "item": "Rapat",
            "unit": "kali",
            "quantity": "3",
            "unit_cost": "1250000",
            "funding_source": "apbd_province",
            "cost_type": "operational",
            "justification": "Koordinasi",
        },
        follow=True,
    )
    text = page_text(response)
    assert text.count(rupiah(3_750_000)) >= 2  # the message and the line's own figures


@pytest.mark.django_db
class TestMayProposeALine:
    def test_secretariat_proposes_for_every_agency(self, users, tree):
        user = users["province_secretariat"]
        assert proposing_agencies(user, tree["province"]) is None
        assert may_propose_line(user, tree["province"])

    def test_a_member_proposes_for_his_own_agency_only(self, users, tree):
        user = users["province_member"]
        assert proposing_agencies(user, tree["province"]) == {member_agency(tree["province"]).pk}
        assert may_propose_line(user, tree["province"])

    def test_oversight_proposes_nothing_below(self, users, tree):
        user = users["province_secretariat"]
        assert proposing_agencies(user, tree["district"]) == set()
        assert not may_propose_line(user, tree["district"])

    @pytest.mark.parametrize(
        ("username", "level", "offered"),
        [
            ("province_member", "province", True),
            ("province_secretariat", "province", True),
            ("national_secretariat", "province", False),
        ],
    )
    def test_the_overview_offers_a_new_line_exactly_when_creating_one_is_allowed(
        self, login, users, tree, username, level, offered
    ):
        client = login(users[username])
        task_force = tree[level]
        create_url = reverse("budgets:line_create", args=[task_force.pk])
        overview = client.get(reverse("budgets:overview", args=[task_force.pk]))
        assert (create_url in overview.content.decode()) is offered
        assert (client.get(create_url).status_code == 200) is offered
