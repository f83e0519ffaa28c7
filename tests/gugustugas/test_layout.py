"""The same layout in every app: every model is in the admin, and a staff user who is
not a superuser sees there only the rows of his read scope."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from budgets.models import BudgetLine
from tests.conftest import AgencyFactory

APPS = ["gugustugas", "members", "actionplans", "budgets", "meetings"]


def test_every_model_of_every_app_is_in_the_admin():
    missing = [
        model._meta.label
        for name in APPS
        for model in apps.get_app_config(name).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
        and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.django_db
class TestScopedAdmin:
    @pytest.fixture
    def staff(self, users):
        user = users["district_secretariat"]
        user.is_staff = True
        user.save()
        user.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_budgetline", "change_budgetline"])
        )
        return user

    @pytest.fixture
    def lines(self, tree):
        def line(task_force):
            return BudgetLine.objects.create(
                task_force=task_force,
                agency=AgencyFactory(task_force=task_force),
                fiscal_year=2026,
                item=f"Baris {task_force.region.code}",
                unit="paket",
                quantity=1,
                unit_cost=1000,
                funding_source="apbd_province",
                cost_type="operational",
                justification="RAD",
            )

        return {level: line(tree[level]) for level in ("province", "district", "sibling")}

    def test_staff_sees_only_rows_of_his_read_scope(self, client, staff, lines):
        client.force_login(staff)
        response = client.get(reverse("admin:budgets_budgetline_changelist"))
        assert response.status_code == 200
        shown = set(response.context["cl"].result_list)
        assert shown == {lines["district"]}

    def test_staff_cannot_open_a_row_outside_his_scope(self, client, staff, lines):
        client.force_login(staff)
        outside = reverse("admin:budgets_budgetline_change", args=[lines["sibling"].pk])
        inside = reverse("admin:budgets_budgetline_change", args=[lines["district"].pk])
        assert client.get(inside).status_code == 200
        # The admin redirects to its index with a "does not exist" message.
        assert client.get(outside).status_code == 302

    def test_a_superuser_sees_every_row(self, client, users, lines):
        client.force_login(users["superuser"])
        response = client.get(reverse("admin:budgets_budgetline_changelist"))
        assert set(lines.values()) <= set(response.context["cl"].result_list)
