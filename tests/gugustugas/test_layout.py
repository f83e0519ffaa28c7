"""The same layout in every app: the task-force page's links come from the apps'
registry and never lead to a 403; every model is in the admin, and a staff user who is
not a superuser sees there only the rows of his read scope."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from budgets.models import BudgetLine
from gugustugas.menu import entries
from gugustugas.models import TaskForce, WorkflowRecord
from tests.conftest import AgencyFactory

APPS = ["gugustugas", "members", "actionplans", "budgets", "meetings", "monitoring", "reports"]


def test_every_app_registers_its_links_and_the_core_template_names_none():
    names = {entry.url_name.split(":")[0] for entry in entries()}
    assert {"members", "actionplans", "budgets", "meetings", "monitoring", "reports"} <= names
    with open("templates/gugustugas/taskforce_detail.html") as template:
        head = template.read().split('<div class="row g-4">')[0]
    assert not re.findall(
        r"\{% url '(members|actionplans|budgets|meetings|monitoring|reports):", head
    )


def page_links(response) -> list[str]:
    """The action buttons above the task-force page and the links of its menu."""
    html = response.content.decode()
    head = html.split('<div class="row g-4">')[0]
    menu = html.split('data-test="tf-menu"')[1].split("</nav>")[0]
    return re.findall(r'<a class="btn[^"]*" href="([^"]+)"', head) + re.findall(
        r'<a class="(?:nav-link|tf-menu-home)[^"]*" href="([^"]+)"', menu
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username",
    [
        "province_secretariat",
        "province_chair",
        "province_member",
        "province_subgt_head",
        "national_secretariat",
        "superuser",
    ],
)
def test_every_link_on_the_task_force_page_opens_for_whoever_sees_it(login, users, tree, username):
    client = login(users[username])
    response = client.get(tree["province"].get_absolute_url())
    links = page_links(response)
    assert reverse("budgets:overview", args=[tree["province"].pk]) in links
    for url in links:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_add_member_is_offered_only_to_editors(login, users, tree):
    add = reverse("members:membership_create", args=[tree["province"].pk])
    page = tree["province"].get_absolute_url()
    assert add in page_links(login(users["province_secretariat"]).get(page))
    assert add not in page_links(login(users["province_member"]).get(page))
    assert add not in page_links(login(users["national_secretariat"]).get(page))


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


@pytest.mark.django_db
def test_workflow_steps_are_listed_for_superusers_only(client, users):
    record = WorkflowRecord.objects.create(
        content_type=ContentType.objects.get_for_model(TaskForce),
        object_id=1,
        step="accept",
        from_state="draft",
        to_state="accepted",
    )
    url = reverse("admin:gugustugas_workflowrecord_changelist")
    client.force_login(users["superuser"])
    assert list(client.get(url).context["cl"].result_list) == [record]

    staff = users["district_secretariat"]
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="view_workflowrecord"))
    client.force_login(staff)
    assert list(client.get(url).context["cl"].result_list) == []


@pytest.mark.django_db
def test_the_menu_groups_the_modules_and_marks_the_current_page(login, users, tree):
    client = login(users["province_secretariat"])
    tf = tree["province"]
    response = client.get(reverse("meetings:meeting_list", args=[tf.pk]))
    html = response.content.decode()
    menu = html.split('data-test="tf-menu"')[1].split("</nav>")[0]
    for module in ("Anggota", "Rencana aksi", "Anggaran", "Rapat", "Mitra &amp; MoU"):
        assert module in menu, module
    meetings = reverse("meetings:meeting_list", args=[tf.pk])
    assert f'class="nav-link active" href="{meetings}" aria-current="page"' in menu
    crumbs = html.split('data-test="breadcrumbs"')[1].split("</nav>")[0]
    assert tf.get_absolute_url() in crumbs
    assert reverse("dashboard") in crumbs


def test_every_page_below_a_module_finds_its_menu_entry():
    from gugustugas.menu import current_entry

    assert current_entry("meetings:meeting_detail").url_name == "meetings:meeting_list"
    assert current_entry("members:mou_detail").url_name == "members:mou_list"
    assert current_entry("members:partner_detail").url_name == "members:partner_map"
    assert current_entry("members:membership_edit").url_name == "members:membership_list"
    assert current_entry("monitoring:submission_detail").url_name == "monitoring:statistics_home"
    assert current_entry("actionplans:activity_detail").url_name == "actionplans:plan_list"
    assert current_entry("dashboard") is None


VIEW_LINES = 30


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> int:
    """A function's or a class's lines from its first statement to its last, the docstring
    left out."""
    body = node.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def _functions(tree: ast.Module):
    """Every function of a module and every method of its classes, with its name."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


def view_modules() -> list[Path]:
    modules = [path for app in APPS for path in sorted(Path(app).glob("views*.py"))]
    return modules + [Path("gugustugas/generic.py"), Path("gugustugas/twofactor.py")]


def test_no_view_is_longer_than_thirty_lines():
    """Views stay thin: state rules and domain operations on the models or in
    ``services.py``, a form's own handling in the form, context in small helpers."""
    too_long = [
        f"{path}:{function.lineno} {name} ({lines} lines)"
        for path in view_modules()
        for name, function in _functions(ast.parse(path.read_text()))
        if (lines := _body_lines(function)) > VIEW_LINES
    ]
    assert len(view_modules()) > 15
    assert too_long == []


def test_no_view_class_is_longer_than_thirty_lines():
    """A view class configures a generic view and adds little: what grows goes into a
    form, a service or a mixin. The generic views (``gugustugas/generic.py``) and the
    two-factor pages are held to the same: each is made of small mixins, one concern
    each."""
    too_long = [
        f"{path}:{node.lineno} {node.name} ({lines} lines)"
        for path in view_modules()
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.ClassDef) and (lines := _body_lines(node)) > VIEW_LINES
    ]
    assert {Path("gugustugas/generic.py"), Path("gugustugas/twofactor.py")} <= set(view_modules())
    assert len(view_modules()) > 15
    assert too_long == []
