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

from actionplans.models import (
    Activity,
    ActivityTarget,
    PlanStatus,
    ProgressReport,
    ReviewComment,
    ReviewState,
)
from budgets.models import BudgetLine
from gugustugas.models import Role, TaskForce
from meetings.models import ActionPoint, Invitation
from members.models import (
    Agency,
    Membership,
    MoU,
    Partner,
    PartnerContact,
    Training,
    TrainingParticipant,
)
from members.models.partners import MoUStatus
from monitoring.models import DocumentStatus, SubmissionState
from tests.access.kinds import AUTH, PUBLIC, READ
from tests.access.rows_partners import make_mou, make_partner
from tests.access.test_matrix import MATRIX
from tests.actionplans.builders import head_section, make_plan, member_agency
from tests.conftest import SHARED, make_member
from tests.meetings.builders import make_meeting
from tests.monitoring.builders import QUARTER, YEAR, make_submission
from tests.monitoring.builders_forms import (
    enacted_plan,
    make_assessment,
    make_evaluation,
    make_form,
)
from tests.reports.builders import make_report as make_annual_report

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


def add_plans(ctx, tree, n):
    for _ in range(n):
        make_plan(tree["province"], activities=0)
    return tree["province"]


def add_agencies(ctx, tree, n, task_force=None):
    return Agency.objects.bulk_create(
        Agency(task_force=task_force or tree["province"], name=f"Dinas {next(_codes)}")
        for _ in range(n)
    )


def activity_page(ctx, tree, n):
    """One activity with ``n`` more implementing agencies and review comments."""
    plan = add_activities(ctx, tree, 0 if "plan" in ctx else 1)
    activity = plan.activities().order_by("pk").first()
    # Through rows in bulk: no m2m signal, so no history record (its list is bounded).
    through = Activity.implementing_agencies.through
    through.objects.bulk_create(
        through(activity=activity, agency=agency) for agency in add_agencies(ctx, tree, n)
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(plan=plan, activity=activity, reviewer="Biro Hukum", text="Perbaiki")
        for _ in range(n)
    )
    return reverse("actionplans:activity_detail", args=[activity.pk])


def partner_page(ctx, tree, n):
    """One partner with ``n`` more contacts and MoUs."""
    province = tree["province"]
    partner = ctx.setdefault("partner", make_partner(province))
    PartnerContact.objects.bulk_create(
        PartnerContact(partner=partner, name=f"Kontak {next(_codes)}") for _ in range(n)
    )
    for _ in range(n):
        make_mou(province, MoUStatus.ACTIVE).partners.add(partner)
    return reverse("members:partner_detail", args=[partner.pk])


def mou_page(ctx, tree, n):
    """One MoU with ``n`` more partners and other task forces."""
    province = tree["province"]
    mou = ctx.setdefault("mou", make_mou(province, MoUStatus.ACTIVE))
    done = ctx.setdefault("others", set())
    others = TaskForce.objects.children_of(province).exclude(pk__in=done).order_by("pk")[:n]
    done.update(tf.pk for tf in others)
    # Through rows in bulk: no m2m signal, so no history record (its list is bounded).
    MoU.partners.through.objects.bulk_create(
        MoU.partners.through(mou=mou, partner=make_partner(province)) for _ in range(n)
    )
    MoU.other_task_forces.through.objects.bulk_create(
        MoU.other_task_forces.through(mou=mou, taskforce=tf) for tf in others
    )
    return reverse("members:mou_detail", args=[mou.pk])


def training_page(ctx, tree, n):
    """One training with ``n`` more participants."""
    province = tree["province"]
    if "training" not in ctx:
        add_trainings(ctx, tree, 1)
        ctx["training"] = Training.objects.filter(task_force=province).latest("pk")
    training = ctx["training"]
    TrainingParticipant.objects.bulk_create(
        TrainingParticipant(training=training, person=make_member(province, Role.MEMBER).person)
        for _ in range(n)
    )
    return reverse("members:training_detail", args=[training.pk])


def add_reports(ctx, tree, n):
    for _ in range(n):
        make_annual_report(tree["province"])
    return tree["province"]


def task_force_history(ctx, tree, n):
    """The task force's page of changes after ``n`` more saves."""
    province = tree["province"]
    for _ in range(n):
        province.address = f"Jalan Diponegoro {next(_codes)}"
        province.save()
    return reverse("taskforce_history", args=[province.pk])


def my_calendar(ctx, tree, n):
    """The user's calendar page with ``n`` more upcoming meetings he is invited to."""
    province = tree["province"]
    seat = Membership.objects.filter(person__user__username="province_secretariat").first()
    for _ in range(n):
        meeting = make_meeting(province, starts_in=datetime.timedelta(days=3))
        Invitation.objects.create(meeting=meeting, membership=seat)
    return reverse("meetings:calendar")


def membership_page(ctx, tree, n):
    """One member's page with ``n`` more trainings attended."""
    province = tree["province"]
    seat = ctx.setdefault("seat", make_member(province, Role.MEMBER))
    add_trainings(ctx, tree, n)
    trainings = Training.objects.filter(task_force=province).exclude(
        participants__person=seat.person
    )
    TrainingParticipant.objects.bulk_create(
        TrainingParticipant(training=training, person=seat.person) for training in trainings
    )
    return reverse("members:membership_detail", args=[seat.pk])


def district_submissions(name):
    """A page of the province's quarter with ``n`` more districts' submissions in it
    (accepted: counted in the aggregate; the province has 27 districts)."""

    def build(ctx, tree, n):
        province = tree["province"]
        done = ctx.setdefault("submitted", set())
        districts = TaskForce.objects.children_of(province).exclude(pk__in=done).order_by("pk")
        for district in districts[:n]:
            done.add(district.pk)
            make_submission(district, SubmissionState.ACCEPTED)
        if name == "monitoring:statistics_home":
            return reverse(name, args=[province.pk])
        return reverse(name, args=[province.pk, YEAR, QUARTER])

    return build


def add_assessments(ctx, tree, n):
    for _ in range(n):
        make_assessment(tree["province"])
    return tree["province"]


def add_monitoring_documents(ctx, tree, n):
    """``n`` more monitoring forms and evaluations, each of a plan of its own (without
    activities: the list shows none of them, and each made the plan four times dearer)."""
    for _ in range(n):
        make_form(tree["province"], enacted_plan(tree["province"], 0), DocumentStatus.FINAL)
        make_evaluation(tree["province"], enacted_plan(tree["province"], 0))
    return tree["province"]


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
    "budgets:forecast": tf_page("budgets:forecast", add_lines),
    "budgets:calendar": tf_page("budgets:calendar", add_lines),
    "actionplans:plan_list": tf_page("actionplans:plan_list", add_plans),
    "actionplans:activity_detail": activity_page,
    "members:agency_list": tf_page(
        "members:agency_list", lambda ctx, tree, n: add_agencies(ctx, tree, n)[0].task_force
    ),
    "members:partner_detail": partner_page,
    "members:mou_detail": mou_page,
    "members:training_detail": training_page,
    "reports:report_list": tf_page("reports:report_list", add_reports),
    "taskforce_detail": tf_page("taskforce_detail", add_members),
    "taskforce_history": task_force_history,
    "meetings:calendar": my_calendar,
    "members:membership_detail": membership_page,
    "members:partner_map": tf_page("members:partner_map", add_partners),
    "members:induction": tf_page("members:induction", add_members),
    "monitoring:statistics_home": district_submissions("monitoring:statistics_home"),
    "monitoring:aggregate": district_submissions("monitoring:aggregate"),
    "monitoring:completeness": district_submissions("monitoring:completeness"),
    "monitoring:checklist_list": tf_page("monitoring:checklist_list", add_assessments),
    "monitoring:document_list": tf_page("monitoring:document_list", add_monitoring_documents),
    "taskforce_list": lambda ctx, tree, n: add_members(ctx, tree, n) and reverse("taskforce_list"),
}

# One object, a file, a form of its own or a redirect: nothing on them grows with rows.
NO_ROWS = {
    "reauthenticate",  # a password form: nothing on it grows
    "login", "logout", "set_language", "meetings:rsvp", "meetings:material_download",
    "members:mou_document", "members:induction_item_download", "actionplans:evidence_download",
    "actionplans:activity_template", "reports:public_download", "reports:report_download",
    "reports:verify", "meetings:meeting_ics", "meetings:user_feed", "meetings:minutes_pdf",
    "monitoring:form_pdf", "accounts:*", "otp_webauthn:js-i18n-catalog",
    # The user's own password and second-factor forms: a form, a few devices, ten codes.
    "password_change", "password_change_done", "twofactor_setup",
    "twofactor_verify", "twofactor_recovery_codes",
    # One budget line and its realisations: at most one a quarter.
    "budgets:line_detail",
}  # fmt: skip

# Pages still to be given a builder (issue 14 item 5): shrink this set, never grow it.
PENDING = {
    "actionplans:integration_list", "actionplans:plan_compare", "actionplans:plan_history",
    "members:needs_survey_results",
    "monitoring:checklist_compare",
    "monitoring:checklist_detail",
    "monitoring:evaluation_detail", "monitoring:form_detail",
    "monitoring:open_data", "monitoring:open_data_csv", "monitoring:open_data_json",
    "monitoring:open_data_xlsx", "monitoring:overview",
    "monitoring:submission_detail", "reports:portal", "reports:public_report",
    "reports:report_detail",
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
