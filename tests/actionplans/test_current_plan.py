"""One rule for "the current plan": the latest plan in use (draft, in review or enacted)
by first year then version. A closed or superseded plan is never current, on the
dashboard, on the province's comparison of its districts, or where budget lines and
action points choose their RAD activity."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from actionplans.models import ActionPlan, Activity, PlanStatus
from actionplans.panels import current_plan
from tests.actionplans.builders import make_plan


def dashboard_plan(user, task_force):
    request = RequestFactory().get("/")
    request.user = user
    panel = current_plan(request, task_force)
    return panel["plan"] if panel else None


def comparison_plan(client, province, district):
    """The plan the province's oversight table links the district's row to, or None."""
    response = client.get(reverse("oversight", args=[province.pk, "plans"]))
    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row.task_force.pk == district.pk)
    url = row.cells[0].url
    return ActionPlan.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1])) if url else None


@pytest.mark.django_db
class TestCurrentPlan:
    def test_the_latest_plan_in_use_is_current(self, tree):
        district = tree["district"]
        make_plan(district, PlanStatus.ENACTED, start_year=2020)
        newer = make_plan(district, PlanStatus.ENACTED, start_year=2025)
        assert ActionPlan.objects.current_for(district) == newer

    def test_a_closed_plan_is_not_current(self, tree):
        district = tree["district"]
        make_plan(district, PlanStatus.CLOSED, start_year=2020)
        assert ActionPlan.objects.current_for(district) is None

    def test_a_closed_plan_is_not_current_on_the_district_comparison(self, login, users, tree):
        """It was: the comparison skipped only superseded plans."""
        make_plan(tree["district"], PlanStatus.CLOSED, start_year=2020)
        client = login(users["province_secretariat"])
        assert comparison_plan(client, tree["province"], tree["district"]) is None

    @pytest.mark.parametrize(
        "statuses",
        [
            [PlanStatus.ENACTED],
            [PlanStatus.ENACTED, PlanStatus.CLOSED],
            [PlanStatus.CLOSED, PlanStatus.ENACTED],
            [PlanStatus.REVISED, PlanStatus.DRAFT],
            [PlanStatus.CLOSED],
        ],
    )
    def test_dashboard_and_district_comparison_name_the_same_plan(
        self, login, users, tree, statuses
    ):
        district = tree["district"]
        for n, status in enumerate(statuses):
            make_plan(district, status, start_year=2020 + 5 * n)
        client = login(users["province_secretariat"])
        shown = comparison_plan(client, tree["province"], district)
        assert shown == dashboard_plan(users["district_secretariat"], district)
        assert shown == ActionPlan.objects.current_for(district)

    def test_new_work_refers_only_to_activities_of_plans_in_use(self, tree):
        district = tree["district"]
        closed = make_plan(district, PlanStatus.CLOSED, start_year=2015)
        revised = make_plan(district, PlanStatus.REVISED, start_year=2020)
        enacted = make_plan(district, PlanStatus.ENACTED, start_year=2025)
        in_use = set(Activity.objects.of_plans_in_use().filter(section__plan__task_force=district))
        assert in_use == set(enacted.activities())
        assert not in_use & (set(closed.activities()) | set(revised.activities()))
