"""Regional action plans (RAN at national level, RAD below): sections per sub-GT, SMART
activities with yearly targets, the enactment lifecycle, and quarterly progress."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugustugas.access import Action
from gugustugas.concurrency import VersionedModel
from gugustugas.figures import quarter_label
from gugustugas.models import QUARTER_CHOICES, Level, SubTaskForce, TaskForce
from gugustugas.workflow import Step, TransitionError, Workflow, WorkflowMixin, role
from members.models import Agency, Person

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In legal review")
    ENACTED = "enacted", _("Enacted")
    REVISED = "revised", _("Revised (superseded)")
    CLOSED = "closed", _("Closed")


# A plan in use is being drafted, reviewed or is in force: not superseded by a revision,
# not closed. Budget lines, action points and the "current plan" come only from these.
PLAN_IN_USE = (PlanStatus.DRAFT, PlanStatus.IN_REVIEW, PlanStatus.ENACTED)


class ActionPlanQuerySet(models.QuerySet):
    def in_use(self) -> ActionPlanQuerySet:
        return self.filter(status__in=PLAN_IN_USE)

    def current_by_task_force(self, task_forces) -> dict[int, ActionPlan]:
        """The current plan of each of ``task_forces`` (ids or objects) that has one: the
        latest plan in use, by first year then version. A closed or superseded plan is
        never current. One query whatever the number of task forces."""
        current: dict[int, ActionPlan] = {}
        plans = self.in_use().filter(task_force__in=task_forces)
        for plan in plans.order_by("task_force", "-start_year", "-version"):
            current.setdefault(plan.task_force_id, plan)
        return current

    def current_for(self, task_force: TaskForce) -> ActionPlan | None:
        """The task force's current plan (see ``current_by_task_force``), or None."""
        return self.current_by_task_force([task_force.pk]).get(task_force.pk)


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Every six months")
    ANNUAL = "annual", _("Yearly")


PLAN_STATUS_STYLE = {
    PlanStatus.ENACTED: "text-bg-success",
    PlanStatus.IN_REVIEW: "text-bg-warning",
    PlanStatus.DRAFT: "text-bg-secondary",
}


# The refusal names this many failing activities; the SMART check lists them all.
SMART_NAMED = 10


def smart_refusal(failing: list[tuple[Activity, list[str]]]) -> str:
    """The refusal that names each failing activity and what it lacks."""
    named = "; ".join(
        _("%(activity)s: %(gaps)s") % {"activity": activity, "gaps": ", ".join(gaps)}
        for activity, gaps in failing[:SMART_NAMED]
    )
    message = _("Not every activity is SMART yet. %(list)s.") % {"list": named}
    if len(failing) > SMART_NAMED:
        message += " " + _("And %(count)d more: see the SMART check.") % {
            "count": len(failing) - SMART_NAMED
        }
    return message


def _plan_is_smart(plan: ActionPlan) -> None:
    activities = plan.activities().select_related("section").prefetch_related("targets")
    failing = [
        (a, gaps)
        for a in activities.order_by("section__order", "code", "pk")
        if (gaps := a.smart_gaps())
    ]
    if failing:
        raise TransitionError(smart_refusal(failing))
    if not plan.activities().exists():
        raise TransitionError(_("The plan has no activities yet."))


def _comments_resolved(plan: ActionPlan, **params) -> None:
    if plan.open_comments().exists():
        raise TransitionError(_("Every review comment must be answered and resolved first."))


def _record_enactment(
    plan: ActionPlan,
    user,
    *,
    note: str = "",
    regulation_number: str,
    regulation_date,
    monitoring_frequency: str,
    reporting_frequency: str,
    budget_sources: str = "",
) -> None:
    plan.regulation_number = regulation_number
    plan.regulation_date = regulation_date
    plan.monitoring_frequency = monitoring_frequency
    plan.reporting_frequency = reporting_frequency
    plan.budget_sources = budget_sources


def _new_version(plan: ActionPlan, user, note: str = "") -> ActionPlan:
    """A new draft version that copies this one; this version stays readable."""
    from actionplans.services import copy_plan  # copies every level of content

    return copy_plan(plan, user)


class ActionPlan(WorkflowMixin, VersionedModel):
    """One version of a task force's action plan. A revision is a new version."""

    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="plans", verbose_name=_("task force")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The plan's version above is its revision; the optimistic lock of its edits counts here.
    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    version_field = "edit_version"
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    title = models.CharField(_("title"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    period_years = models.PositiveSmallIntegerField(
        _("period (years)"),
        choices=[(3, _("3 years")), (5, _("5 years"))],
        help_text=_("Agreed at the start: 3 or 5 years."),
    )
    problem_statement = models.TextField(_("problem statement"), blank=True)
    situation_analysis = models.TextField(_("situation analysis"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    regulation_number = models.CharField(
        _("enacting regulation number"), max_length=150, blank=True
    )
    regulation_date = models.DateField(_("enacting regulation date"), null=True, blank=True)
    monitoring_frequency = models.CharField(
        _("monitoring frequency"), max_length=10, choices=Frequency.choices, blank=True
    )
    reporting_frequency = models.CharField(
        _("reporting frequency"), max_length=10, choices=Frequency.choices, blank=True
    )
    budget_sources = models.TextField(_("budget sources"), blank=True)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    workflow = Workflow(
        "status",
        url_prefix="actionplans:plan",
        steps=[
            Step(
                "submit",
                PlanStatus.DRAFT,
                PlanStatus.IN_REVIEW,
                _("Send to legal review"),
                may=role(Action.EDIT),
                guard=lambda plan, **params: _plan_is_smart(plan),
                done=_("The plan was sent to legal review."),
            ),
            Step(
                "return",
                PlanStatus.IN_REVIEW,
                PlanStatus.DRAFT,
                _("Back to draft"),
                may=role(Action.EDIT),
                done=_("The plan is back in draft."),
                style="outline-secondary",
            ),
            Step(
                "enact",
                PlanStatus.IN_REVIEW,
                PlanStatus.ENACTED,
                _("Enact"),
                may=role(Action.APPROVE_PLAN),
                guard=_comments_resolved,
                effect=_record_enactment,
                form_class="actionplans.forms.EnactForm",
                done=_("The plan is enacted; its content is now locked."),
                style="success",
            ),
            Step(
                "revise",
                PlanStatus.ENACTED,
                PlanStatus.REVISED,
                _("Start a revision"),
                may=role(Action.EDIT),
                effect=_new_version,
                done=_("A new version was created as a draft; the enacted one stays readable."),
                style="outline-primary",
            ),
            Step(
                "close",
                PlanStatus.ENACTED,
                PlanStatus.CLOSED,
                _("Close the plan"),
                may=role(Action.EDIT),
                done=_("The plan was closed."),
                style="outline-secondary",
            ),
        ],
    )

    class Meta:
        ordering = ["task_force", "-start_year", "-version"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_years__in=[3, 5]),
                name="plan_period_is_3_or_5_years",
                violation_error_message=_("The period must be 3 or 5 years."),
            ),
            models.UniqueConstraint(
                fields=["task_force", "start_year", "version"], name="unique_plan_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.start_year}–{self.end_year}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan_detail", args=[self.pk])

    @property
    def kind_label(self) -> str:
        return "RAN" if self.task_force.level == Level.NATIONAL else "RAD"

    @property
    def end_year(self) -> int:
        return self.start_year + self.period_years - 1

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_locked(self) -> bool:
        """Content can change only in draft (and answers to comments in review)."""
        return self.status != PlanStatus.DRAFT

    @property
    def can_edit_content(self) -> bool:
        """Sections, activities, objectives and the plan's own fields change in draft only."""
        return self.status == PlanStatus.DRAFT

    @property
    def takes_review_comments(self) -> bool:
        """The legal bureau's comments are recorded, answered and resolved in review."""
        return self.status == PlanStatus.IN_REVIEW

    @property
    def takes_progress(self) -> bool:
        """Quarterly progress is reported on an enacted plan."""
        return self.status == PlanStatus.ENACTED

    @property
    def status_style(self) -> str:
        return PLAN_STATUS_STYLE.get(self.status, "text-bg-light")

    def require_editable(self) -> None:
        if not self.can_edit_content:
            raise TransitionError(
                _("The plan is “%(status)s”: its content is locked.")
                % {"status": self.get_status_display()}
            )

    def require_review(self) -> None:
        if not self.takes_review_comments:
            raise TransitionError(_("Review comments are recorded while the plan is in review."))

    def require_progress(self) -> None:
        if not self.takes_progress:
            raise TransitionError(_("Progress is reported on an enacted plan."))

    def open_comments(self):
        return self.comments.filter(resolved=False)

    def activities(self):
        return Activity.objects.filter(section__plan=self)


class WorkingGroupMember(models.Model):
    """Someone in the plan's working group: a member of the task force or from outside."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        NOTE_TAKER = "note_taker", _("Note-taker")
        RESOURCE_PERSON = "resource_person", _("Resource person")
        MEMBER = "member", _("Member")

    scope_field = "plan__task_force"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="working_group")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("member")
    )
    name = models.CharField(
        _("name (if not a member)"),
        max_length=150,
        blank=True,
        help_text=_("For civil-society participants who are not task-force members."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "role", "pk"]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working group")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="working_group_member_has_a_name",
                violation_error_message=_("Choose a member or type a name."),
            )
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.name


class Section(models.Model):
    """The part of the plan one sub-GT is responsible for."""

    scope_field = "plan__task_force"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sections")
    sub_task_force = models.ForeignKey(
        SubTaskForce, on_delete=models.PROTECT, related_name="sections", verbose_name=_("sub-GT")
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "sub_task_force"], name="one_section_per_subgt")
        ]

    def __str__(self) -> str:
        return self.sub_task_force.name

    def get_absolute_url(self) -> str:
        return reverse("actionplans:section_detail", args=[self.pk])


class Objective(models.Model):
    scope_field = "section__plan__task_force"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(_("objective"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.text


class Area(models.TextChoices):
    """The "3P" matrix plus cross-cutting work and cooperation."""

    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    CROSS_CUTTING = "cross_cutting", _("Cross-cutting")
    COOPERATION = "cooperation", _("Cooperation")


class ActivityQuerySet(models.QuerySet):
    def of_plans_in_use(self) -> ActivityQuerySet:
        """Activities of plans in use (``PLAN_IN_USE``): those new work may refer to."""
        return self.filter(section__plan__status__in=PLAN_IN_USE)


class Activity(VersionedModel):
    """A SMART activity of a section, with a target for each year of the plan."""

    scope_field = "section__plan__task_force"

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="activities", verbose_name=_("section")
    )
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("objective")
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    expected_output = models.CharField(_("expected output"), max_length=300, blank=True)
    indicator = models.CharField(_("success indicator"), max_length=300, blank=True)
    unit = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("e.g. people, schools, cases")
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    responsible_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for",
        verbose_name=_("responsible agency"),
    )
    implementing_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="implements", verbose_name=_("implementing agencies")
    )
    area = models.CharField(_("3P area"), max_length=14, choices=Area.choices, db_index=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    history = HistoricalRecords(m2m_fields=[implementing_agencies])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["section", "code", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_it_starts",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline__gte=0),
                name="activity_baseline_not_negative",
            ),
            models.UniqueConstraint(
                fields=["section", "code"],
                condition=~Q(code=""),
                name="unique_activity_code_per_section",
                violation_error_message=_("Another activity of this section has this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("actionplans:activity_detail", args=[self.pk])

    def smart_gaps(self, targets: list | None = None) -> list[str]:
        """What keeps this activity from being SMART; empty when it is."""
        if targets is None:
            targets = list(self.targets.all())
        gaps = []
        if not self.indicator:
            gaps.append(str(_("no indicator")))
        if not any(t.target is not None for t in targets):
            gaps.append(str(_("no target")))
        if not (self.start_date and self.end_date):
            gaps.append(str(_("no timeframe")))
        if not self.responsible_agency_id:
            gaps.append(str(_("no responsible agency")))
        return gaps

    def active_in(self, year: int) -> bool:
        start = self.start_date.year if self.start_date else None
        end = self.end_date.year if self.end_date else None
        return (start is None or start <= year) and (end is None or end >= year)


class ActivityTarget(models.Model):
    scope_field = "activity__section__plan__task_force"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "year"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "year"], name="one_target_per_year"),
            models.CheckConstraint(condition=Q(target__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"


class ReviewComment(VersionedModel):
    """A comment of the legal bureau in review, on the plan or one activity; it must be
    answered and resolved before the plan can be enacted."""

    scope_field = "plan__task_force"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments")
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("activity"),
    )
    text = models.TextField(_("comment"))
    reviewer = models.CharField(
        _("reviewer"),
        max_length=150,
        help_text=_("e.g. Biro Hukum Setda, Kasubag Perundang-undangan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolved", "created_at"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.text[:60]

    def respond(self, user, response: str) -> ReviewComment:
        self.response = response
        self.responded_by, self.responded_at = user, timezone.now()
        self.save()
        return self

    def resolve(self) -> None:
        """A comment is resolved once it is answered; resolving is what enactment waits for."""
        if not self.response:
            raise TransitionError(_("Answer the comment before marking it resolved."))
        self.resolved = True
        self.save()


class Integration(models.Model):
    """A member agency has written its part of the plan into its Renstra or Renja."""

    class Document(models.TextChoices):
        RENSTRA = "renstra", _("Strategic plan (Renstra)")
        RENJA = "renja", _("Annual work plan (Renja)")

    scope_field = "plan__task_force"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="integrations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    document = models.CharField(_("document"), max_length=8, choices=Document.choices)
    reference = models.CharField(_("document reference"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "agency__name", "document", "year"]
        verbose_name = _("integration record")
        verbose_name_plural = _("integration records")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "agency", "document", "year"],
                name="one_integration_record",
                violation_error_message=_(
                    "This agency's document for this year is already recorded."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.get_document_display()} {self.year}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


def may_report(user, report: ProgressReport) -> bool:
    """The activity's section editors, or a member of its responsible agency."""
    from gugustugas import access

    activity = report.activity
    section = activity.section
    return access.can_report_progress(
        user, section.plan.task_force, section.sub_task_force_id, activity.responsible_agency_id
    )


def _mark_reported(report: ProgressReport, user, note: str = "") -> None:
    report.reported_by, report.reported_at = user, timezone.now()


def _mark_accepted(report: ProgressReport, user, note: str = "") -> None:
    report.reviewed_by, report.reviewed_at = user, timezone.now()
    report.return_reason = ""


def _mark_returned(report: ProgressReport, user, note: str = "") -> None:
    report.reviewed_by, report.reviewed_at = user, timezone.now()
    report.return_reason = note


class ProgressReport(WorkflowMixin, VersionedModel):
    """Progress of one activity in one quarter. ``achieved`` is the value reached so far
    in that year (cumulative within the year), compared with that year's target."""

    scope_field = "activity__section__plan__task_force"

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="progress", verbose_name=_("activity")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    achieved = models.DecimalField(
        _("achieved so far this year"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )
    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    review_state = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    workflow = Workflow(
        "review_state",
        url_prefix="actionplans:progress",
        steps=[
            Step(
                "submit",
                (ReviewState.DRAFT, ReviewState.RETURNED),
                ReviewState.SUBMITTED,
                _("Submit"),
                may=may_report,
                effect=_mark_reported,
                done=_("The report was submitted for review."),
            ),
            # Nobody reviews a report they submitted themselves.
            Step(
                "accept",
                ReviewState.SUBMITTED,
                ReviewState.ACCEPTED,
                _("Accept"),
                may=role(Action.REVIEW_SUBMISSION),
                not_by=("submit",),
                effect=_mark_accepted,
                done=_("The report was accepted."),
                style="success",
            ),
            Step(
                "return",
                ReviewState.SUBMITTED,
                ReviewState.RETURNED,
                _("Return"),
                may=role(Action.REVIEW_SUBMISSION),
                not_by=("submit",),
                note_required=True,
                note_label=_("Reason for returning"),
                effect=_mark_returned,
                done=_("The report was returned to its author."),
                style="outline-danger",
            ),
        ],
    )

    class Meta:
        ordering = ["activity", "-year", "-quarter"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year", "quarter"],
                name="one_report_per_quarter",
                violation_error_message=_("This quarter is already reported for this activity."),
            ),
            models.CheckConstraint(condition=Q(achieved__gte=0), name="achieved_not_negative"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.year} {quarter_label(self.quarter)}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:activity_detail", args=[self.activity_id])

    @property
    def can_edit_content(self) -> bool:
        """A submitted or accepted report is no longer changed (a returned one is)."""
        return self.review_state in (ReviewState.DRAFT, ReviewState.RETURNED)

    def require_editable(self) -> None:
        if not self.can_edit_content:
            raise TransitionError(_("A submitted or accepted report can no longer be changed."))


def evidence_path(instance, filename: str) -> str:
    tf = instance.report.activity.section.plan.task_force_id
    return f"evidence/{tf}/{instance.report_id}/{filename}"


class Evidence(models.Model):
    """A file that backs a progress report; served only to readers of its task force."""

    scope_field = "report__activity__section__plan__task_force"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    def clean(self):
        if not self.file:
            raise ValidationError(_("Choose a file."))
