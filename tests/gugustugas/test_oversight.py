"""The oversight tables of the level below (``gugustugas.oversight``): figures from the
apps' own functions, overdue only for enacted plans, colour only where a rule is broken
(and the rule named), sorting, filtering, the .xlsx, and a query count that does not
grow with the number of task forces below."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplans.models import PlanStatus
from budgets.models import BudgetLine, Realisation
from gugustugas import oversight
from gugustugas.models import FormationStatus, TaskForce
from meetings.models import Kind
from monitoring.models import SubmissionState
from tests.actionplans.builders import make_plan, member_agency
from tests.meetings.builders import make_meeting
from tests.monitoring.builders import make_submission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_today")]
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English, so the tests read the msgids (pages default to Indonesian)."""
    client.cookies["django_language"] = "en"


def table(client, task_force, module, **params):
    response = client.get(reverse("oversight", args=[task_force.pk, module]), params)
    assert response.status_code == 200
    return response


def row_of(response, task_force):
    return next(r for r in response.context["rows"] if r.task_force.pk == task_force.pk)


def cell(response, task_force, key):
    keys = [c.key for c in response.context["table"].columns]
    return row_of(response, task_force).cells[keys.index(key)]


class TestPlans:
    def test_overdue_counts_only_enacted_plans(self, login, users, tree):
        make_plan(tree["district"], PlanStatus.ENACTED, start_year=TODAY.year - 1)
        make_plan(tree["sibling"], PlanStatus.IN_REVIEW, start_year=TODAY.year - 1)
        response = table(login(users["province_secretariat"]), tree["province"], "plans")
        enacted = cell(response, tree["district"], "overdue")
        in_review = cell(response, tree["sibling"], "overdue")
        assert enacted.value == 1 and enacted.is_broken and "15 days" in enacted.rule
        assert in_review.value is None and not in_review.is_broken

    def test_a_formed_task_force_without_a_plan_breaks_a_rule(self, login, users, tree):
        tree["district"].formation_status = FormationStatus.FORMED
        tree["district"].save()
        response = table(login(users["province_secretariat"]), tree["province"], "plans")
        assert cell(response, tree["district"], "plan").is_broken
        html = response.content.decode()
        assert "table-danger" in html and "A task force formed by decree" in html

    def test_sorting_and_filtering(self, login, users, tree):
        make_plan(tree["district"], PlanStatus.ENACTED, start_year=TODAY.year - 1, activities=3)
        make_plan(tree["sibling"], PlanStatus.ENACTED, start_year=TODAY.year - 1)
        client = login(users["province_secretariat"])
        worst = table(client, tree["province"], "plans", sort="overdue", dir="desc")
        codes = [r.task_force.region.code for r in worst.context["rows"]]
        assert codes[:2] == ["32.02", "32.73"]
        assert len(codes) == 27  # the empty ones last
        best = table(client, tree["province"], "plans", sort="overdue", dir="asc")
        assert [r.task_force.region.code for r in best.context["rows"]][:2] == ["32.73", "32.02"]
        named = table(client, tree["province"], "plans", q="Kota Bandung")
        assert [r.task_force.region.code for r in named.context["rows"]] == ["32.73"]
        broken = table(client, tree["province"], "plans", broken="1")
        assert {r.task_force.region.code for r in broken.context["rows"]} >= {"32.02", "32.73"}

    def test_the_spreadsheet_has_the_pages_rows(self, login, users, tree):
        make_plan(tree["district"], PlanStatus.ENACTED, start_year=TODAY.year - 1)
        client = login(users["province_secretariat"])
        response = client.get(
            reverse("oversight_xlsx", args=[tree["province"].pk, "plans"]),
            {"sort": "overdue", "dir": "desc"},
        )
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 28
        assert rows[1][1] == "Kabupaten Sukabumi" and rows[1][6] == 1
        assert "15 days" in rows[1][-1]

    def test_an_unknown_module_is_404_and_out_of_scope_too(self, login, users, tree):
        client = login(users["district_secretariat"])
        assert (
            client.get(reverse("oversight", args=[tree["province"].pk, "plans"])).status_code == 404
        )
        client = login(users["province_secretariat"])
        assert (
            client.get(reverse("oversight", args=[tree["province"].pk, "nope"])).status_code == 404
        )


class TestOtherModules:
    def test_budgets_planned_realised_and_absorption(self, login, users, tree):
        plan = make_plan(tree["district"], PlanStatus.ENACTED, start_year=TODAY.year - 1)
        line = BudgetLine.objects.create(
            task_force=tree["district"],
            agency=member_agency(tree["district"]),
            fiscal_year=TODAY.year,
            activity=plan.activities().first(),
            item="Sosialisasi",
            unit="desa",
            quantity=4,
            unit_cost=1_000_000,
            funding_source="apbd_regency",
            cost_type="operational",
        )
        Realisation.objects.create(line=line, quarter=1, amount=1_000_000)
        response = table(login(users["province_secretariat"]), tree["province"], "budgets")
        assert cell(response, tree["district"], "planned").value == 4_000_000
        assert cell(response, tree["district"], "absorption").shown == "25.0 %"
        assert not cell(response, tree["district"], "unbudgeted").is_broken

    def test_meetings_against_the_cadence(self, login, users, tree):
        for tf in (tree["district"], tree["sibling"]):
            tf.formation_status = FormationStatus.FORMED
            tf.save()
        make_meeting(tree["district"], Kind.OVERALL, starts_in=-datetime.timedelta(days=10))
        response = table(login(users["province_secretariat"]), tree["province"], "meetings")
        assert not cell(response, tree["district"], "last_overall").is_broken
        assert cell(response, tree["sibling"], "last_overall").is_broken

    def test_statistics_submitted_on_time(self, login, users, tree):
        from monitoring.services import recent_quarters

        tree["district"].formation_status = FormationStatus.FORMED
        tree["district"].save()
        year, quarter = recent_quarters(1, TODAY)[0]
        make_submission(tree["district"], SubmissionState.ACCEPTED, year=year, quarter=quarter)
        response = table(login(users["province_secretariat"]), tree["province"], "statistics")
        assert cell(response, tree["district"], "missing").value == 3

    def test_members_and_vacancies(self, login, users, tree):
        response = table(login(users["national_secretariat"]), tree["national"], "members")
        # The shared logins fill every seat but the heads of five of the six sub-GTs.
        jabar = cell(response, tree["province"], "vacancies")
        assert jabar.value == 5 and jabar.is_broken and "every sub-GT" in jabar.rule
        assert cell(response, tree["province"], "members").value == 5

    def test_every_module_answers_for_the_national_level(self, login, users, tree):
        client = login(users["national_secretariat"])
        for module in oversight.modules():
            response = table(client, tree["national"], module.slug)
            assert len(response.context["rows"]) == 38


def test_queries_do_not_grow_with_the_task_forces_below(login, users, tree):
    """A province with one district that has data, then with ten: the same queries."""
    client = login(users["province_secretariat"])
    districts = list(TaskForce.objects.children_of(tree["province"]).order_by("region__code"))

    def fill(task_forces):
        for tf in task_forces:
            tf.formation_status = FormationStatus.FORMED
            tf.save()
            make_plan(tf, PlanStatus.ENACTED, start_year=TODAY.year - 1, activities=2)
            make_meeting(tf, Kind.OVERALL, starts_in=-datetime.timedelta(days=10))
            make_submission(tf, SubmissionState.SUBMITTED)

    def counts():
        result = {}
        cache.clear()  # the plan figures are cached: count the queries that build them
        for module in oversight.modules():
            url = reverse("oversight", args=[tree["province"].pk, module.slug])
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[module.slug] = len(queries.captured_queries)
        return result

    fill(districts[:1])
    counts()  # the first requests look up what is cached afterwards (content types)
    few = counts()
    fill(districts[1:10])
    assert counts() == few
