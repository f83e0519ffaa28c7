"""Issue 14 item 5: a list, detail, dashboard or export page costs the same number of
queries with 1 row as with 50.

The pages are derived from the URL patterns, as the access matrix does: every pattern
whose matrix row is a page (``READ``, ``PUBLIC``, ``AUTH`` with GET) is in ``ROWS`` (a
builder that adds rows to what the page shows), in ``NO_ROWS`` (it shows one thing, a
file or a form of its own, nothing that grows) or in ``PENDING`` (not yet given a builder:
shrink it, never grow it). A new page in none of them fails
``test_every_page_has_a_query_count_row``."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Activity, ActivityTarget, PlanStatus, ProgressReport, ReviewState
from budgets.models import BudgetLine
from gugustugas.models import Role
from meetings.models import ActionPoint, Invitation
from members.models import MoU, Partner, Training
from tests.access.kinds import AUTH, PUBLIC, READ
from tests.access.test_matrix import MATRIX
from tests.actionplans.builders import head_section, make_plan, member_agency
from tests.conftest import SHARED, make_member
from tests.meetings.builders import make_meeting

_codes = itertools.count(100)


def _plan(ctx, tree):
    if "plan" not in ctx:
        ctx["plan"] = make_plan(tree["province"], PlanStatus.ENACTED, activities=0, start_year=2025)
    return ctx["plan"]


def add_activities(ctx, tree, n):
    """``n`` more activities in the plan's head section, each with five years of targets
    and a progress report (bulk inserts: this test runs on both databases in CI)."""
    plan = _plan(ctx, tree)
    section, agency = head_section(plan), member_agency(tree["province"])
    activities = Activity.objects.bulk_create(
        Activity(
            section=section,
            code=f"1.{next(_codes)}",
            title="Sosialisasi",
            indicator="Jumlah desa",
            unit="desa",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2029, 12, 31),
            area="prevention",
            responsible_agency=agency,
        )  # fmt: skip
        for _ in range(n)
    )
    ActivityTarget.objects.bulk_create(
        ActivityTarget(activity=a, year=y, target=40) for a in activities for y in plan.years
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            activity=a,
            year=2026,
            quarter=1,
            achieved=Decimal(5),
            status="on_track",
            review_state=ReviewState.ACCEPTED,
        )  # fmt: skip
        for a in activities
    )
    return plan


def plan_page(name, args=lambda plan: [plan.pk]):
    def build(ctx, tree, n):
        plan = add_activities(ctx, tree, n)
        return reverse(name, args=args(plan))

    return build


def add_members(ctx, tree, n):
    for _ in range(n):
        make_member(tree["province"], Role.MEMBER)
    return tree["province"]


def tf_page(name, add):
    def build(ctx, tree, n):
        return reverse(name, args=[add(ctx, tree, n).pk])

    return build


def add_meetings(ctx, tree, n):
    for _ in range(n):
        meeting = make_meeting(tree["province"], starts_in=-datetime.timedelta(days=3))
        ActionPoint.objects.create(
            meeting=meeting,
            description="Tindak lanjut",
            owner_agency=member_agency(tree["province"]),
            due_date=datetime.date(2026, 1, 1),
        )
    return tree["province"]


def meeting_page(ctx, tree, n):
    """One meeting with ``n`` more invitations and action points, after ``n`` more
    earlier meetings with open action points (the carried-over ones)."""
    province = tree["province"]
    add_meetings(ctx, tree, n)
    if "meeting" not in ctx:
        ctx["meeting"] = make_meeting(province, starts_in=datetime.timedelta(days=3))
    meeting = ctx["meeting"]
    for _ in range(n):
        Invitation.objects.create(meeting=meeting, membership=make_member(province, Role.MEMBER))
        ActionPoint.objects.create(
            meeting=meeting, description="Baru", owner_agency=member_agency(province),
            due_date=datetime.date(2027, 1, 1),
        )  # fmt: skip
    return reverse("meetings:meeting_detail", args=[meeting.pk])


def add_lines(ctx, tree, n):
    plan = add_activities(ctx, tree, 1 if "plan" not in ctx else 0)
    activity = plan.activities().first()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            task_force=tree["province"],
            agency=member_agency(tree["province"]),
            fiscal_year=2026,
            activity=activity,
            item=f"Belanja {next(_codes)}",
            unit="paket",
            quantity=1,
            unit_cost=1_000_000,
            total=1_000_000,
            funding_source="apbd_province",
            justification="RAD",
            status="proposed",
        )  # fmt: skip
        for _ in range(n)
    )
    return tree["province"]


def add_partners(ctx, tree, n):
    Partner.objects.bulk_create(
        Partner(task_force=tree["province"], name=f"Mitra {next(_codes)}", kind="ngo")
        for _ in range(n)
    )
    return tree["province"]


def add_mous(ctx, tree, n):
    MoU.objects.bulk_create(
        MoU(task_force=tree["province"], title=f"MoU {next(_codes)}", status="active")
        for _ in range(n)
    )
    return tree["province"]


def add_trainings(ctx, tree, n):
    Training.objects.bulk_create(
        Training(
            task_force=tree["province"],
            topic="definition",
            title=f"Pelatihan {next(_codes)}",
            date=datetime.date(2026, 3, 1),
            place="Aula",
            organiser="Sekretariat",
        )  # fmt: skip
        for _ in range(n)
    )
    return tree["province"]


def dashboard(ctx, tree, n):
    add_activities(ctx, tree, n)
    add_meetings(ctx, tree, n)
    return reverse("dashboard")


def district_plans(ctx, tree, n):
    """The province's oversight table of plans with ``n`` more districts' plans (it has 27)."""
    done = ctx.setdefault("districts", set())
    from gugustugas.models import TaskForce

    districts = list(
        TaskForce.objects.children_of(tree["province"]).exclude(pk__in=done).order_by("pk")[:n]
    )
    for district in districts:
        done.add(district.pk)
        plan = make_plan(district, PlanStatus.ENACTED, start_year=2025)
        ActivityTarget.objects.filter(activity__section__plan=plan).update(target=10)
    return reverse("oversight", args=[tree["province"].pk, "plans"])


def my_work(name):
    """ "Tugas saya" (and its count) with ``n`` more activities and meetings to act on."""

    def build(ctx, tree, n):
        dashboard(ctx, tree, n)
        return reverse(name)

    return build


def two_factor_page(ctx, tree, n):
    """The two-factor page with ``n`` more passkeys of its user (the province secretariat)."""
    import os

    from django.contrib.auth import get_user_model
    from django_otp_webauthn.models import WebAuthnCredential

    user = get_user_model().objects.get(pk=SHARED["users"]["province_secretariat"])
    for i in range(n):
        WebAuthnCredential.objects.create(
            user=user, name=f"Passkey {i}", credential_id=os.urandom(32), public_key=b"-"
        )
    return reverse("twofactor_status")


def oversight_xlsx(ctx, tree, n):
    district_plans(ctx, tree, n)
    return reverse("oversight_xlsx", args=[tree["province"].pk, "plans"])


ROWS = {
    "dashboard": dashboard,
    "inbox": my_work("inbox"),
    "inbox_count": my_work("inbox_count"),
    "oversight_xlsx": oversight_xlsx,
    "actionplans:plan_detail": plan_page("actionplans:plan_detail"),
    "actionplans:section_detail": plan_page(
        "actionplans:section_detail", lambda plan: [head_section(plan).pk]
    ),
    "actionplans:plan_export": plan_page("actionplans:plan_export"),
    "actionplans:work_plan": plan_page("actionplans:work_plan", lambda plan: [plan.pk, 2026]),
    "actionplans:work_plan_export": plan_page(
        "actionplans:work_plan_export", lambda plan: [plan.pk, 2026]
    ),
    "oversight": district_plans,
    "members:membership_list": tf_page("members:membership_list", add_members),
    "members:contact_list": tf_page("members:contact_list", add_members),
    "members:contact_csv": tf_page("members:contact_csv", add_members),
    "members:contact_vcard": tf_page("members:contact_vcard", add_members),
    "members:partner_list": tf_page("members:partner_list", add_partners),
    "members:partner_export": tf_page("members:partner_export", add_partners),
    "members:mou_list": tf_page("members:mou_list", add_mous),
    "members:mou_export": tf_page("members:mou_export", add_mous),
    "members:training_list": tf_page("members:training_list", add_trainings),
    "members:training_export": tf_page("members:training_export", add_trainings),
    "meetings:meeting_list": tf_page("meetings:meeting_list", add_meetings),
    "meetings:meeting_detail": meeting_page,
    "meetings:action_point_list": tf_page("meetings:action_point_list", add_meetings),
    "meetings:task_force_feed": tf_page("meetings:task_force_feed", add_meetings),
    "budgets:line_list": tf_page("budgets:line_list", add_lines),
    "budgets:overview": tf_page("budgets:overview", add_lines),
    "budgets:export": tf_page("budgets:export", add_lines),
    "twofactor_status": two_factor_page,
}

# One object, a file, a form of its own or a redirect: nothing on them grows with rows.
NO_ROWS = {
    "reauthenticate",  # a password form: nothing on it grows
    "login", "logout", "set_language", "meetings:rsvp", "meetings:material_download",
    "members:mou_document", "members:induction_item_download", "actionplans:evidence_download",
    "actionplans:activity_template", "reports:public_download", "reports:report_download",
    "reports:verify", "meetings:meeting_ics", "meetings:user_feed", "meetings:minutes_pdf",
    "monitoring:form_pdf", "accounts:*", "otp_webauthn:js-i18n-catalog",
}  # fmt: skip

# Pages still to be given a builder (issue 14 item 5): shrink this set, never grow it.
PENDING = {
    "actionplans:activity_detail", "actionplans:integration_list", "actionplans:plan_compare",
    "actionplans:plan_history", "actionplans:plan_list", "budgets:calendar", "budgets:forecast",
    "budgets:line_detail", "members:agency_list", "members:induction",
    "members:membership_detail", "members:mou_detail", "members:needs_survey_results",
    "members:partner_detail", "members:partner_map", "members:training_detail",
    "monitoring:aggregate", "monitoring:checklist_compare", "monitoring:checklist_detail",
    "monitoring:checklist_list", "monitoring:completeness", "monitoring:document_list",
    "monitoring:evaluation_detail", "monitoring:form_detail", "monitoring:open_data",
    "monitoring:open_data_csv", "monitoring:open_data_json", "monitoring:open_data_xlsx",
    "monitoring:overview", "monitoring:statistics_home", "monitoring:submission_detail",
    "reports:portal", "reports:public_report", "reports:report_detail", "reports:report_list",
    "taskforce_detail", "taskforce_history", "taskforce_list", "calendar", "meetings:calendar",
    "password_change", "password_change_done", "twofactor_setup",
    "twofactor_verify", "twofactor_recovery_codes",
}  # fmt: skip


def pages() -> set[str]:
    return {
        name
        for name, row in MATRIX.items()
        if row.kind in (READ, PUBLIC, AUTH) and "GET" in row.accepted
    }


def test_every_page_has_a_query_count_row():
    missing = pages() - ROWS.keys() - NO_ROWS - PENDING
    assert not missing, f"Pages without a query-count row (tests/perf): {sorted(missing)}"
    assert not (ROWS.keys() & PENDING), "A page with a builder is no longer pending"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROWS))
def test_queries_do_not_grow_with_rows(name, login, users, tree):
    client = login(users["province_secretariat"])
    ctx: dict = {}

    def count(n):
        url = ROWS[name](ctx, tree, n)
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries), url

    one, url = count(1)
    fifty, same_url = count(49)
    assert url == same_url
    assert fifty == one, f"{name}: {one} queries with 1 row, {fifty} with 50"
