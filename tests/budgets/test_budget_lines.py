"""Budget lines: unit costing, allocation after enactment, flags, realisation, summaries."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplans.models import PlanStatus
from budgets.models import MAX_RUPIAH, BudgetLine, LineStatus, Realisation
from budgets.services import forecast, lines_for, summarise, unbudgeted
from gugustugas.models import Role
from tests.actionplans.builders import make_plan, member_agency
from tests.conftest import AgencyFactory, make_member


def line_data(agency, activity=None, **overrides):
    data = {
        "agency": agency.pk,
        "fiscal_year": "2026",
        "activity": activity.pk if activity else "",
        "item": "Pelatihan pendamping korban",
        "unit": "orang",
        "quantity": "156",
        "unit_cost": "1250000",
        "funding_source": "apbd_province",
        "cost_type": "operational",
        "justification": "Kegiatan RAD 1.1",
    }
    data.update(overrides)
    return data


def make_line(task_force, agency, activity=None, **fields) -> BudgetLine:
    values = dict(
        task_force=task_force,
        agency=agency,
        fiscal_year=2026,
        activity=activity,
        item="Sosialisasi",
        unit="orang",
        quantity=Decimal(10),
        unit_cost=1_000_000,
        funding_source="apbd_province",
        cost_type="operational",
        justification="RAD",
    )
    values.update(fields)
    return BudgetLine.objects.create(**values)


@pytest.fixture
def plan(tree):
    return make_plan(tree["province"], PlanStatus.ENACTED, start_year=2025)


@pytest.mark.django_db
class TestUnitCosting:
    def test_the_total_is_quantity_times_unit_cost_exactly(self, tree):
        line = make_line(
            tree["province"], AgencyFactory(task_force=tree["province"]), quantity=Decimal("2.5")
        )
        line.unit_cost = 1_250_001
        line.save()
        assert line.total == 3_125_003  # 3,125,002.5 rounded half up, whole rupiah

    def test_an_agency_member_adds_a_line_to_an_activity_and_sees_the_total(
        self, login, users, tree, plan
    ):
        activity = plan.activities().get()
        agency = member_agency(tree["province"])
        client = login(users["province_member"])
        response = client.post(
            reverse("budgets:line_create", args=[tree["province"].pk]),
            line_data(agency, activity, total="1"),  # a typed total is ignored
        )
        assert response.status_code == 302
        line = BudgetLine.objects.get()
        assert line.total == 156 * 1_250_000 and line.status == LineStatus.PROPOSED
        page = client.get(line.get_absolute_url())
        assert "Rp 195.000.000" in page.content.decode()

    def test_an_agency_member_may_not_budget_for_another_agency(self, login, users, tree, plan):
        other = AgencyFactory(task_force=tree["province"])
        response = login(users["province_member"]).post(
            reverse("budgets:line_create", args=[tree["province"].pk]), line_data(other)
        )
        assert response.status_code == 200
        assert "agency" in response.context["form"].errors
        assert not BudgetLine.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"quantity": "0"}, "quantity"),
            ({"quantity": "-3"}, "quantity"),
            ({"unit_cost": "0"}, "unit_cost"),
            ({"unit_cost": "-500"}, "unit_cost"),
            ({"unit_cost": str(MAX_RUPIAH + 1)}, "unit_cost"),
            ({"quantity": "99999999", "unit_cost": "999999999999"}, "quantity"),
            ({"unit_cost": "satu juta"}, "unit_cost"),
            ({"fiscal_year": "2031"}, "fiscal_year"),
            ({"gender_responsive": "on"}, "gender_analysis"),
        ],
    )
    def test_bad_input_is_a_field_error_and_nothing_is_saved(
        self, login, users, tree, plan, overrides, field
    ):
        activity = plan.activities().get()
        response = login(users["province_secretariat"]).post(
            reverse("budgets:line_create", args=[tree["province"].pk]),
            line_data(member_agency(tree["province"]), activity, **overrides),
        )
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert not BudgetLine.objects.exists()

    def test_another_task_forces_activity_cannot_be_chosen(self, login, users, tree):
        foreign = make_plan(tree["outsider"], PlanStatus.ENACTED, start_year=2025)
        response = login(users["province_secretariat"]).post(
            reverse("budgets:line_create", args=[tree["province"].pk]),
            line_data(member_agency(tree["province"]), foreign.activities().get()),
        )
        assert "activity" in response.context["form"].errors
        assert not BudgetLine.objects.exists()

    def test_the_database_refuses_a_zero_quantity(self, tree):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_line(
                tree["province"], AgencyFactory(task_force=tree["province"]), quantity=Decimal(0)
            )


@pytest.mark.django_db
class TestAllocation:
    def test_no_allocation_before_the_plan_is_enacted(self, login, users, tree):
        draft = make_plan(tree["province"], start_year=2025)
        line = make_line(
            tree["province"], member_agency(tree["province"]), draft.activities().get()
        )
        client = login(users["province_secretariat"])
        client.cookies["django_language"] = "en"
        response = client.post(reverse("budgets:line_allocate", args=[line.pk]), follow=True)
        line.refresh_from_db()
        assert line.status == LineStatus.PROPOSED
        assert "No budget before enactment" in response.content.decode()

    def test_allocated_after_enactment_then_locked_until_revised(self, login, users, tree, plan):
        line = make_line(tree["province"], member_agency(tree["province"]), plan.activities().get())
        client = login(users["province_secretariat"])
        client.post(reverse("budgets:line_allocate", args=[line.pk]))
        line.refresh_from_db()
        assert line.status == LineStatus.ALLOCATED
        assert client.get(reverse("budgets:line_edit", args=[line.pk])).status_code == 302
        client.post(reverse("budgets:line_revise", args=[line.pk]))
        line.refresh_from_db()
        assert line.status == LineStatus.REVISED
        assert client.get(reverse("budgets:line_edit", args=[line.pk])).status_code == 200

    def test_an_agency_member_may_not_allocate(self, login, users, tree, plan):
        line = make_line(tree["province"], member_agency(tree["province"]), plan.activities().get())
        response = login(users["province_member"]).post(
            reverse("budgets:line_allocate", args=[line.pk])
        )
        assert response.status_code == 403


@pytest.mark.django_db
class TestFlags:
    def test_a_lump_sum_above_the_threshold_is_flagged(self, tree, settings):
        settings.BUDGET_LUMP_SUM_THRESHOLD = 10_000_000
        agency = AgencyFactory(task_force=tree["province"])
        lump = make_line(
            tree["province"], agency, unit="paket", quantity=Decimal(1), unit_cost=45_000_000
        )
        small = make_line(
            tree["province"], agency, unit="paket", quantity=Decimal(1), unit_cost=5_000_000
        )
        costed = make_line(tree["province"], agency, unit="orang", quantity=Decimal(45))
        summary = summarise(lines_for(tree["province"], 2026))
        assert summary.lump_sums == [lump]
        assert not small.is_lump_sum and not costed.is_lump_sum

    def test_an_agency_spending_more_on_administration_is_flagged(self, tree):
        heavy = AgencyFactory(task_force=tree["province"], name="Dinas A")
        fine = AgencyFactory(task_force=tree["province"], name="Dinas B")
        make_line(tree["province"], heavy, cost_type="administrative", unit_cost=3_000_000)
        make_line(tree["province"], heavy, cost_type="operational", unit_cost=1_000_000)
        make_line(tree["province"], fine, cost_type="administrative", unit_cost=1_000_000)
        make_line(tree["province"], fine, cost_type="operational", unit_cost=1_000_000)
        assert summarise(lines_for(tree["province"], 2026)).admin_heavy == ["Dinas A"]

    def test_an_activity_leaves_the_unbudgeted_list_once_it_has_a_line(self, tree, plan):
        activity = plan.activities().get()
        agency_name = activity.responsible_agency.name
        assert [a.pk for a in unbudgeted(tree["province"], 2026)[agency_name]] == [activity.pk]
        make_line(tree["province"], activity.responsible_agency, activity)
        assert unbudgeted(tree["province"], 2026) == {}
        assert agency_name in unbudgeted(tree["province"], 2027)


@pytest.mark.django_db
class TestRealisation:
    def test_absorption_per_line_and_agency(self, login, users, tree):
        agency = member_agency(tree["province"])
        line = make_line(tree["province"], agency, unit_cost=1_000_000)  # total 10,000,000
        client = login(users["province_member"])
        for quarter, amount in ((1, "2000000"), (2, "1500000")):
            client.post(
                reverse("budgets:realisation_add", args=[line.pk]),
                {"quarter": quarter, "amount": amount},
            )
        summary = summarise(lines_for(tree["province"], 2026))
        assert summary.total.realised == 3_500_000
        assert summary.by_agency[0].absorption == Decimal("35.0")

    def test_a_quarter_is_recorded_once_and_amounts_are_not_negative(self, login, users, tree):
        line = make_line(tree["province"], member_agency(tree["province"]))
        client = login(users["province_member"])
        url = reverse("budgets:realisation_add", args=[line.pk])
        client.post(url, {"quarter": 1, "amount": "100"})
        client.post(url, {"quarter": 1, "amount": "200"})
        client.post(url, {"quarter": 2, "amount": "-5"})
        assert list(Realisation.objects.values_list("quarter", "amount")) == [(1, 100)]


@pytest.mark.django_db
class TestForecast:
    def test_120_victims_and_30_percent_gives_156(self):
        result = forecast(Decimal(120), Decimal(30), unit_cost=1_250_000)
        assert result.quantity == 156 and result.total == 195_000_000

    def test_the_page_shows_the_calculation_and_prefills_a_line(self, login, users, tree):
        client = login(users["province_secretariat"])
        response = client.get(
            reverse("budgets:forecast", args=[tree["province"].pk]),
            {"baseline": "120", "change_percent": "30", "unit": "orang", "unit_cost": "1250000"},
        )
        assert "156" in response.content.decode()
        prefilled = client.get(response.context["prefill_url"])
        assert prefilled.context["form"].initial["quantity"] == "156"

    def test_a_negative_baseline_is_refused(self, login, users, tree):
        response = login(users["province_secretariat"]).get(
            reverse("budgets:forecast", args=[tree["province"].pk]),
            {"baseline": "-1", "change_percent": "30", "unit": "orang", "unit_cost": "1"},
        )
        assert response.status_code == 200 and "baseline" in response.context["form"].errors


@pytest.mark.django_db
class TestOverviewPage:
    def test_a_province_sees_its_districts_totals(self, login, users, tree):
        make_line(tree["district"], AgencyFactory(task_force=tree["district"]))
        response = login(users["province_member"]).get(
            reverse("budgets:overview", args=[tree["province"].pk]), {"year": 2026}
        )
        totals = {tf.region.code: tf.planned for tf in response.context["below"]}
        assert totals["32.02"] == 10_000_000 and totals["32.73"] == 0

    def test_queries_do_not_grow_with_lines(self, login, users, tree, plan):
        client = login(users["province_member"])
        url = reverse("budgets:overview", args=[tree["province"].pk]) + "?year=2026"

        def count():
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            return len(ctx.captured_queries)

        agency = member_agency(tree["province"])
        make_line(tree["province"], agency, plan.activities().get())
        few = count()
        for n in range(40):
            line = make_line(tree["province"], agency, plan.activities().get(), item=f"L{n}")
            Realisation.objects.create(line=line, quarter=1, amount=100)
        assert count() == few


# --- property test: every summary is the exact sum of its lines -------------------------

amounts = st.integers(min_value=100, max_value=10**9)  # with quantity >= 0.01: >= Rp 1
quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=2)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 2),  # agency
            st.sampled_from(["apbd_province", "apbn", "private", "donor"]),
            st.sampled_from(["operational", "administrative"]),
            quantities,
            amounts,
            st.lists(st.integers(0, 10**8), max_size=4),  # realisation per quarter
        ),
        min_size=1,
        max_size=12,
    )
)
def test_every_summary_equals_the_exact_sum_of_its_lines(tree, rows):
    province = tree["province"]
    BudgetLine.objects.filter(task_force=province).delete()
    agencies = [AgencyFactory(task_force=province) for _ in range(3)]
    expected_total = expected_realised = 0
    for agency_n, source, cost_type, quantity, unit_cost, spent in rows:
        line = make_line(
            province,
            agencies[agency_n],
            funding_source=source,
            cost_type=cost_type,
            quantity=quantity,
            unit_cost=unit_cost,
        )
        for quarter, amount in enumerate(spent, start=1):
            Realisation.objects.create(line=line, quarter=quarter, amount=amount)
        expected_total += line.total
        expected_realised += sum(spent)
    lines = list(lines_for(province, 2026))
    summary = summarise(lines)
    assert summary.total.total == expected_total == sum(line.total for line in lines)
    assert summary.total.realised == expected_realised
    for grouping in (
        summary.by_agency,
        summary.by_source,
        summary.by_subgt,
        summary.by_area,
        summary.by_cost_type,
    ):
        assert sum(b.total for b in grouping) == expected_total
        assert sum(b.realised for b in grouping) == expected_realised
        assert sum(b.count for b in grouping) == len(lines)
    for bucket in summary.by_agency:
        own = [line for line in lines if line.agency.name == bucket.label]
        assert bucket.total == sum(line.total for line in own)


@pytest.mark.django_db
def test_a_member_of_another_agency_cannot_edit_a_line(login, users, tree):
    line = make_line(tree["province"], AgencyFactory(task_force=tree["province"]))
    make_member(tree["province"], Role.MEMBER)
    response = login(users["province_member"]).get(reverse("budgets:line_edit", args=[line.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_activity_with_budget_lines_is_not_removed(login, users, tree):
    plan = make_plan(tree["province"], start_year=2025)
    activity = plan.activities().get()
    make_line(tree["province"], member_agency(tree["province"]), activity)
    response = login(users["province_secretariat"]).post(
        reverse("actionplans:activity_delete", args=[activity.pk])
    )
    assert response.status_code == 302
    assert plan.activities().filter(pk=activity.pk).exists()
