"""The pages of the accessibility audit: at least one per URL pattern, on the demo data.

``PAGES`` maps each URL pattern name to the pages that show it: (login, path builder).
A builder gets the ``Demo`` look-ups and returns the path to open; where the demo data
has no object in the state a page needs (a draft progress report, draft minutes of a
past meeting), the builder makes one. ``EXCLUDED`` names the patterns that have no page
to audit, and why. ``tests/e2e/test_accessibility.py`` fails when a URL pattern is in
neither, so a new page cannot go unaudited.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan, Activity, ProgressReport, ReviewComment, ReviewState
from budgets.models import BudgetLine
from gugustugas.models import TaskForce
from meetings.models import ActionPoint, Invitation, Kind, Meeting, MinutesStatus
from meetings.rsvp import make_token
from members.models import MoU, Partner, Training
from members.models.people import Membership
from monitoring.models import (
    ChecklistAssessment,
    Evaluation,
    MonitoringForm,
    QuarterlySubmission,
    SubmissionState,
)
from reports.models import Report, Status

ANONYMOUS = None
User = get_user_model()
SECRETARIAT = "jabar.sekretariat"


POST_ONLY = "a POST-only step: it answers 405 to GET and shows no page of its own"
WEBAUTHN = (
    "a JSON endpoint of the passkey ceremonies (POST only), called by django-otp-webauthn's "
    "script on the two-factor, verification and re-authentication pages"
)
DOWNLOAD = "a file download (spreadsheet, PDF, calendar, vCard, CSV, upload), not an HTML page"

EXCLUDED: dict[str, str] = {
    "admin:*": "Django's own admin site for superusers; its templates are not the project's",
    "logout": POST_ONLY,
    "twofactor_recovery_codes": POST_ONLY,
    "passkey_name": POST_ONLY + " (passkeys.js sends it once a passkey is registered)",
    "passkey_remove": POST_ONLY,
    "otp_webauthn:credential-registration-begin": WEBAUTHN,
    "otp_webauthn:credential-registration-complete": WEBAUTHN,
    "otp_webauthn:credential-authentication-begin": WEBAUTHN,
    "otp_webauthn:credential-authentication-complete": WEBAUTHN,
    "otp_webauthn:js-i18n-catalog": "the passkey scripts' messages as JavaScript, not a page",
    "set_language": POST_ONLY + " (the switch itself is on every page)",
    "subgt_delete": POST_ONLY,
    "members:agency_add_defaults": POST_ONLY,
    "members:contact_csv": DOWNLOAD,
    "inbox_count": "the navigation bar's count as JSON, fetched by static/js/inbox.js",
    "oversight_xlsx": DOWNLOAD,
    "members:contact_vcard": DOWNLOAD,
    "members:partner_export": DOWNLOAD,
    "members:partner_contact_remove": POST_ONLY,
    "members:mou_export": DOWNLOAD,
    "members:mou_document": DOWNLOAD,
    "members:mou_sign": POST_ONLY,
    "members:mou_activate": POST_ONLY,
    "members:mou_terminate": POST_ONLY,
    "members:mou_expire": POST_ONLY,
    "members:mou_renew": POST_ONLY,
    "members:training_export": DOWNLOAD,
    "members:induction_item_download": DOWNLOAD,
    "members:induction_item_remove": POST_ONLY,
    "members:induction_pack_received": POST_ONLY,
    "members:induction_training_done": POST_ONLY,
    "actionplans:plan_submit": POST_ONLY,
    # monitoring
    "monitoring:submission_start": POST_ONLY,
    "monitoring:submission_submit": POST_ONLY,
    "monitoring:submission_resubmit": POST_ONLY,
    "monitoring:submission_accept": POST_ONLY,
    "monitoring:submission_return": POST_ONLY,
    "monitoring:submission_reopen": POST_ONLY,
    "monitoring:open_data_csv": DOWNLOAD,
    "monitoring:open_data_json": DOWNLOAD,
    "monitoring:open_data_xlsx": DOWNLOAD,
    "monitoring:form_refresh": POST_ONLY,
    "monitoring:form_pdf": DOWNLOAD,
    "monitoring:form_finalise": POST_ONLY,
    "monitoring:action_to_point": POST_ONLY,
    "monitoring:action_for_revision": POST_ONLY,
    "monitoring:evaluation_finalise": POST_ONLY,
    # reports
    "reports:report_build": POST_ONLY,
    "reports:report_submit": POST_ONLY,
    "reports:report_approve": POST_ONLY,
    "reports:report_return": POST_ONLY,
    "reports:report_publish": POST_ONLY,
    "reports:report_download": DOWNLOAD,
    "reports:public_download": DOWNLOAD,
    "actionplans:plan_return": POST_ONLY,
    "actionplans:plan_close": POST_ONLY,
    "actionplans:plan_revise": POST_ONLY,
    "actionplans:working_group_remove": POST_ONLY,
    "actionplans:integration_delete": POST_ONLY,
    "actionplans:comment_resolve": POST_ONLY,
    "actionplans:activity_delete": POST_ONLY,
    "actionplans:progress_submit": POST_ONLY,
    "actionplans:progress_accept": POST_ONLY,
    "actionplans:progress_return": POST_ONLY,
    "actionplans:evidence_download": DOWNLOAD,
    "actionplans:activity_template": DOWNLOAD,
    "actionplans:progress_template": DOWNLOAD,
    "actionplans:plan_export": DOWNLOAD,
    "actionplans:work_plan_export": DOWNLOAD,
    "budgets:calendar_generate": POST_ONLY,
    "budgets:export": DOWNLOAD,
    "budgets:line_delete": POST_ONLY,
    "budgets:line_allocate": POST_ONLY,
    "budgets:line_revise": POST_ONLY,
    "budgets:realisation_add": POST_ONLY,
    "budgets:milestone_done": POST_ONLY,
    "meetings:meeting_cancel": POST_ONLY,
    "meetings:agenda_remove": POST_ONLY,
    "meetings:material_download": DOWNLOAD,
    "meetings:material_remove": POST_ONLY,
    "meetings:invitations_send": POST_ONLY,
    "meetings:invitation_remove": POST_ONLY,
    "meetings:checklist_tick": POST_ONLY,
    "meetings:minutes_circulate": POST_ONLY,
    "meetings:minutes_redraft": POST_ONLY,
    "meetings:minutes_approve": POST_ONLY,
    "meetings:amendment_add": POST_ONLY,
    "meetings:amendment_answer": POST_ONLY,
    "meetings:minutes_pdf": DOWNLOAD
    + "; tests/gugustugas/test_pdf_accessibility.py reads its tags",
    "meetings:action_point_status": POST_ONLY,
    "meetings:meeting_ics": DOWNLOAD,
    "meetings:task_force_feed": DOWNLOAD,
    "meetings:calendar_renew": POST_ONLY,
    "meetings:user_feed": DOWNLOAD,
}


class Demo:
    """Look-ups in the demo data (``manage.py seed_demo``), made once."""

    @cached_property
    def jabar(self) -> TaskForce:
        return TaskForce.objects.get(region__code="32")

    @cached_property
    def national(self) -> TaskForce:
        return TaskForce.objects.get(region__code="ID")

    @cached_property
    def kepri(self) -> TaskForce:
        return TaskForce.objects.get(region__code="21")

    @cached_property
    def bandung(self) -> TaskForce:
        return TaskForce.objects.get(region__code="32.73")

    @cached_property
    def plan(self) -> ActionPlan:
        return ActionPlan.objects.get(task_force=self.jabar, status="enacted")

    @cached_property
    def draft_plan(self) -> ActionPlan:
        return ActionPlan.objects.get(task_force=self.bandung, status="draft")

    @cached_property
    def plan_in_review(self) -> ActionPlan:
        return ActionPlan.objects.get(task_force=self.kepri, status="in_review")

    @cached_property
    def revised_plan(self) -> ActionPlan:
        return ActionPlan.objects.filter(task_force__region__code="32.02").order_by("-version")[0]

    def activity(self, plan=None, kind="prevention") -> Activity:
        return (
            Activity.objects.filter(section__plan=plan or self.plan)
            .filter(section__sub_task_force__kind=kind)
            .order_by("code")
            .first()
        )

    @cached_property
    def draft_activity(self) -> Activity:
        return Activity.objects.filter(section__plan=self.draft_plan).order_by("code").first()

    @cached_property
    def draft_report(self) -> ProgressReport:
        """A draft progress report (the demo's are all submitted or accepted)."""
        return ProgressReport.objects.create(
            activity=self.activity(),
            year=self.plan.end_year,
            quarter=1,
            achieved=Decimal(10),
            status="on_track",
            review_state=ReviewState.DRAFT,
        )

    @cached_property
    def open_comment(self) -> ReviewComment:
        return ReviewComment.objects.filter(plan=self.plan_in_review).order_by("pk").first()

    @cached_property
    def line(self) -> BudgetLine:
        return BudgetLine.objects.filter(task_force=self.jabar).order_by("pk").first()

    @cached_property
    def proposed_line(self) -> BudgetLine:
        return BudgetLine.objects.filter(task_force=self.jabar, status="proposed").first()

    def meeting(self, **filters) -> Meeting:
        return Meeting.objects.filter(task_force=self.jabar, **filters).order_by("starts_at")[0]

    @cached_property
    def upcoming(self) -> Meeting:
        return self.meeting(starts_at__gt=timezone.now(), kind=Kind.OVERALL)

    @cached_property
    def final(self) -> Meeting:
        return self.meeting(minutes_status=MinutesStatus.FINAL, kind=Kind.OVERALL)

    @cached_property
    def circulated(self) -> Meeting:
        return self.meeting(minutes_status=MinutesStatus.CIRCULATED)

    @cached_property
    def minutes_draft(self) -> Meeting:
        """Yesterday's sub-GT meeting, minutes still in draft (the demo has none)."""
        starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
        return Meeting.objects.create(
            task_force=self.jabar,
            kind=Kind.SUBGT,
            sub_task_force=self.jabar.subgts.order_by("order", "pk").first(),
            title="Rapat Sub-GT Pencegahan (audit aksesibilitas)",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Ruang Rapat Dinas PPPA",
        )

    @cached_property
    def draft_action_point(self) -> ActionPoint:
        meeting = self.minutes_draft
        return ActionPoint.objects.create(
            meeting=meeting,
            description="Menyusun daftar desa kantong PMI",
            owner_agency=self.line.agency,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
        )

    @cached_property
    def rsvp_token(self) -> str:
        return make_token(Invitation.objects.filter(meeting=self.upcoming).order_by("pk")[0])

    @cached_property
    def membership(self) -> Membership:
        return Membership.objects.filter(task_force=self.jabar).order_by("pk").first()

    @cached_property
    def partner(self) -> Partner:
        return Partner.objects.filter(task_force=self.jabar).order_by("pk").first()

    def mou(self, status) -> MoU:
        return MoU.objects.filter(task_force=self.jabar, status=status).order_by("pk").first()

    @cached_property
    def training(self) -> Training:
        return Training.objects.filter(task_force=self.jabar).order_by("pk").first()

    def submission(self, **filters) -> QuarterlySubmission:
        return (
            QuarterlySubmission.objects.filter(task_force=self.jabar, **filters)
            .order_by("-year", "-quarter")
            .first()
        )

    @cached_property
    def accepted(self) -> QuarterlySubmission:
        return self.submission(state=SubmissionState.ACCEPTED)

    @cached_property
    def draft_submission(self) -> QuarterlySubmission:
        return self.submission(state=SubmissionState.DRAFT)

    def monitoring_form(self, **filters) -> MonitoringForm:
        return MonitoringForm.objects.filter(task_force=self.jabar, **filters).order_by("pk")[0]

    @cached_property
    def evaluation(self) -> Evaluation:
        return Evaluation.objects.filter(task_force=self.jabar).order_by("pk")[0]

    @cached_property
    def draft_evaluation(self) -> Evaluation:
        """A draft evaluation (the demo's is final)."""
        from monitoring.services_forms import create_evaluation

        return create_evaluation(
            self.jabar,
            Evaluation(
                plan=self.plan,
                title="Evaluasi akhir RAD (audit aksesibilitas)",
                start_year=self.plan.start_year,
                end_year=self.plan.end_year,
                date=timezone.localdate(),
                evaluator="Tim Evaluasi Bappeda",
            ),
            User.objects.get(username=SECRETARIAT),
        )

    @cached_property
    def assessment(self) -> ChecklistAssessment:
        return ChecklistAssessment.objects.filter(task_force=self.jabar).order_by("-pk")[0]

    def report(self, **filters) -> Report:
        return Report.objects.filter(task_force=self.jabar, **filters).order_by("pk")[0]

    @cached_property
    def published_report(self) -> Report:
        return self.report(status=Status.PUBLISHED)


Builder = Callable[[Demo], str]


def url(name: str, **kwargs: Callable[[Demo], object]) -> Builder:
    """A builder for ``reverse(name)`` with each keyword computed from the demo data."""
    return lambda d: reverse(name, kwargs={key: value(d) for key, value in kwargs.items()})


def tf(d):
    return d.jabar.pk


def _query(builder: Builder, query: str) -> Builder:
    return lambda d: f"{builder(d)}?{query}"


def each(login: str | None, names: str, **kwargs: Callable[[Demo], object]) -> dict:
    """One page per URL name of ``names`` (split by white space), each opened by ``login``
    with the same arguments."""
    return {name: [(login, url(name, **kwargs))] for name in names.split()}


def pk(path: str) -> Callable[[Demo], object]:
    """The pk of a demo look-up (``"plan"``, ``"line.agency"``)."""
    return lambda d: attrgetter(path)(d).pk


def draft_mou(d):
    return d.mou("draft").pk


def submitted_report(d):
    return d.report(status="submitted").pk


def accepted_quarter(name: str) -> Builder:
    """A page of the quarter of the latest accepted submission."""
    return url(name, tf=tf, year=lambda d: d.accepted.year, quarter=lambda d: d.accepted.quarter)


PAGES: dict[str, list[tuple[str | None, Builder]]] = {
    **each(ANONYMOUS, "login monitoring:open_data reports:portal"),
    **each(
        SECRETARIAT,
        "password_change password_change_done twofactor_status twofactor_setup reauthenticate "
        "twofactor_verify taskforce_list meetings:calendar",
    ),
    "dashboard": [
        (SECRETARIAT, url("dashboard")),
        ("jabar.anggota", url("dashboard")),
        ("nasional.sekretariat", url("dashboard")),
    ],
    "inbox": [("jabar.pengarah", url("inbox")), ("jabar.subgt", url("inbox"))],
    "oversight": [
        (
            "nasional.sekretariat",
            url("oversight", tf=lambda d: d.national.pk, module=lambda d, m=m: m),
        )
        for m in ("plans", "budgets", "meetings", "statistics", "members", "partners")
    ]
    + [
        (
            SECRETARIAT,
            _query(url("oversight", tf=tf, module=lambda d: "plans"), "sort=overdue&dir=desc"),
        )
    ],
    **each(SECRETARIAT, "taskforce_detail taskforce_history taskforce_edit", pk=tf),
    "subgt_edit": [(SECRETARIAT, url("subgt_edit", pk=lambda d: d.jabar.subgts.first().pk))],
    # The pages of one task force, by the secretariat.
    **each(
        SECRETARIAT,
        "subgt_create members:membership_list members:membership_create members:agency_list "
        "members:agency_create members:contact_list members:partner_list "
        "members:partner_create members:partner_map members:mou_list members:mou_create "
        "members:training_list members:training_create members:induction "
        "members:induction_item_create members:needs_survey_results "
        "actionplans:plan_list actionplans:plan_create "
        "budgets:overview budgets:line_list budgets:forecast budgets:calendar "
        "budgets:advocacy_create meetings:meeting_list meetings:meeting_create "
        "meetings:action_point_list monitoring:statistics_home monitoring:overview "
        "monitoring:document_list monitoring:form_create monitoring:evaluation_create "
        "monitoring:checklist_list monitoring:checklist_create monitoring:checklist_compare "
        "reports:report_list reports:report_create",
        tf=tf,
    ),
    **each("jabar.anggota", "members:needs_survey_answer budgets:line_create", tf=tf),
    # members
    **each(
        SECRETARIAT,
        "members:membership_detail members:membership_edit members:membership_end",
        pk=pk("membership"),
    ),
    **each(SECRETARIAT, "members:person_edit", pk=pk("membership.person")),
    **each(SECRETARIAT, "members:agency_edit", pk=pk("line.agency")),
    **each(
        SECRETARIAT,
        "members:partner_detail members:partner_edit members:partner_contact_add",
        pk=pk("partner"),
    ),
    "members:mou_detail": [
        (SECRETARIAT, url("members:mou_detail", pk=lambda d: d.mou("active").pk)),
        (SECRETARIAT, url("members:mou_detail", pk=draft_mou)),
    ],
    **each(SECRETARIAT, "members:mou_edit", pk=draft_mou),
    **each(SECRETARIAT, "members:training_detail members:training_edit", pk=pk("training")),
    # action plans
    "actionplans:plan_detail": [
        (SECRETARIAT, url("actionplans:plan_detail", pk=pk("plan"))),
        ("bandung.sekretariat", url("actionplans:plan_detail", pk=pk("draft_plan"))),
        ("kepri.pengarah", url("actionplans:plan_detail", pk=pk("plan_in_review"))),
    ],
    **each(
        "bandung.sekretariat",
        "actionplans:plan_edit actionplans:working_group_add actionplans:activity_import",
        pk=pk("draft_plan"),
    ),
    # Kepulauan Riau, whose plan is in review, has no chair login in the demo.
    **each("admin", "actionplans:plan_enact", pk=pk("plan_in_review")),
    **each(SECRETARIAT, "actionplans:plan_history actionplans:integration_list", pk=pk("plan")),
    **each(SECRETARIAT, "actionplans:plan_compare", pk=pk("revised_plan")),
    **each(
        SECRETARIAT,
        "actionplans:work_plan",
        pk=pk("plan"),
        year=lambda d: d.plan.start_year,
    ),
    **each("kepri.sekretariat", "actionplans:comment_add", pk=pk("plan_in_review")),
    **each("kepri.pengarah", "actionplans:comment_respond", pk=pk("open_comment")),
    **each(SECRETARIAT, "actionplans:section_detail", pk=lambda d: d.activity().section_id),
    **each(
        "bandung.sekretariat",
        "actionplans:objective_add actionplans:activity_create",
        pk=pk("draft_activity.section"),
    ),
    **each(SECRETARIAT, "actionplans:activity_detail", pk=lambda d: d.activity().pk),
    **each("bandung.sekretariat", "actionplans:activity_edit", pk=pk("draft_activity")),
    **each("jabar.subgt", "actionplans:progress_create", pk=lambda d: d.activity().pk),
    **each(SECRETARIAT, "actionplans:progress_edit", pk=pk("draft_report")),
    **each("jabar.subgt", "actionplans:progress_import", pk=pk("plan")),
    # budgets
    **each(SECRETARIAT, "budgets:line_detail", pk=pk("line")),
    **each(SECRETARIAT, "budgets:line_edit", pk=pk("proposed_line")),
    # meetings
    "meetings:meeting_detail": [
        (SECRETARIAT, url("meetings:meeting_detail", pk=pk("upcoming"))),
        (SECRETARIAT, url("meetings:meeting_detail", pk=pk("final"))),
        ("jabar.anggota", url("meetings:meeting_detail", pk=pk("circulated"))),
    ],
    **each(
        SECRETARIAT,
        "meetings:meeting_edit meetings:agenda_add meetings:material_add meetings:invitations",
        pk=pk("upcoming"),
    ),
    **each(
        SECRETARIAT,
        "meetings:attendance meetings:minutes_edit meetings:action_point_add",
        pk=pk("minutes_draft"),
    ),
    **each(SECRETARIAT, "meetings:action_point_edit", pk=pk("draft_action_point")),
    "meetings:rsvp": [(ANONYMOUS, url("meetings:rsvp", token=lambda d: d.rsvp_token))],
    # monitoring
    "monitoring:aggregate": [(SECRETARIAT, accepted_quarter("monitoring:aggregate"))],
    "monitoring:completeness": [(SECRETARIAT, accepted_quarter("monitoring:completeness"))],
    **each(SECRETARIAT, "monitoring:submission_detail", pk=pk("accepted")),
    **each(SECRETARIAT, "monitoring:submission_edit", pk=pk("draft_submission")),
    **each(SECRETARIAT, "monitoring:form_detail", pk=lambda d: d.monitoring_form().pk),
    **each(SECRETARIAT, "monitoring:form_edit", pk=lambda d: d.monitoring_form(status="draft").pk),
    **each(SECRETARIAT, "monitoring:evaluation_detail", pk=pk("evaluation")),
    **each(SECRETARIAT, "monitoring:evaluation_edit", pk=pk("draft_evaluation")),
    **each(
        SECRETARIAT, "monitoring:checklist_detail monitoring:checklist_edit", pk=pk("assessment")
    ),
    # reports
    "reports:report_detail": [
        (SECRETARIAT, url("reports:report_detail", pk=pk("published_report"))),
        (SECRETARIAT, url("reports:report_detail", pk=submitted_report)),
    ],
    **each(
        SECRETARIAT,
        "reports:narrative_edit",
        pk=submitted_report,
        part=lambda d: "summary",
    ),
    **each(SECRETARIAT, "reports:report_correct", pk=pk("published_report")),
    **each(ANONYMOUS, "reports:public_report", pk=pk("published_report")),
    **each(ANONYMOUS, "reports:verify", code=lambda d: d.published_report.verification_code),
}

# Lists with their filter form open (a filter applied).
PAGES["budgets:line_list"].append(
    (SECRETARIAT, _query(url("budgets:line_list", tf=tf), "status=proposed"))
)

# Empty states (templates/includes/empty_state.html): Kota Bandung has a draft plan and
# nothing else, seen by its secretariat (who is offered the action) and by Jawa Barat's
# (who reads it from above and is told who acts).
BANDUNG_SECRETARIAT = "bandung.sekretariat"


def bandung(d):
    return d.bandung.pk


for _name in (
    "members:partner_list",
    "members:partner_map",
    "members:mou_list",
    "members:training_list",
    "members:induction",
    "meetings:meeting_list",
    "meetings:action_point_list",
    "budgets:overview",
    "budgets:line_list",
    "monitoring:overview",
    "monitoring:document_list",
    "monitoring:statistics_home",
    "reports:report_list",
):
    PAGES[_name].append((BANDUNG_SECRETARIAT, url(_name, tf=bandung)))
for _name in ("members:partner_list", "meetings:meeting_list", "reports:report_list"):
    PAGES[_name].append((SECRETARIAT, url(_name, tf=bandung)))
PAGES["dashboard"].append((BANDUNG_SECRETARIAT, url("dashboard")))
PAGES["reports:portal"].append((ANONYMOUS, _query(url("reports:portal"), "q=zzz")))
