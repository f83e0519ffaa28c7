"""Quarterly statistics: one submission per task force and quarter, its figures as cells.

A district submits to its province, a province (its own figures plus its accepted
districts', computed) to the national level; the steering chair of the level above
accepts or returns it, and may reopen an accepted one with a reason. Accepted figures
are locked. The figures are aggregated counts only (``monitoring.measures``): no cell
can hold a name, a case number or a date of birth, and the note is checked for
identity and phone numbers (``monitoring.validators``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugustugas import access, figures
from gugustugas.access import ROLE_ACTIONS, Action
from gugustugas.concurrency import VersionedModel
from gugustugas.models import QUARTER_CHOICES, Level, TaskForce
from gugustugas.workflow import Step, TransitionError, Workflow, WorkflowMixin, role
from monitoring import measures
from monitoring.validators import no_personal_data

FIRST_YEAR = 2015


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    from gugustugas.figures import quarter_end as end

    return end(year, quarter)


def quarter_label(year: int, quarter: int) -> str:
    """ "TW II 2026" in Indonesian, "Q2 2026" in English (``gugustugas.figures``)."""
    return figures.period_label(year, quarter)


def deadline_days(level: str) -> int:
    if level == Level.PROVINCE:
        return settings.MONITORING_PROVINCE_DEADLINE_DAYS
    return settings.MONITORING_DISTRICT_DEADLINE_DAYS


def deadline(level: str, year: int, quarter: int) -> datetime.date:
    """The last day on which a task force of ``level`` submits the quarter on time."""
    return quarter_end(year, quarter) + datetime.timedelta(days=deadline_days(level))


def parent_path(path: str) -> str:
    return path.rpartition(".")[0]


def reviewer_of_parent(user, submission: QuarterlySubmission) -> bool:
    """The steering chair of the level above: his role on the parent task force allows
    reviewing submissions (no query: the user's cached seats carry the region paths)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    above = parent_path(submission.task_force.region.path)
    return any(
        seat.region_path == above and Action.REVIEW_SUBMISSION in ROLE_ACTIONS[seat.role]
        for seat in access.seats(user)
    )


def _ready_to_submit(submission: QuarterlySubmission, **params) -> None:
    today = timezone.localdate()
    if quarter_end(submission.year, submission.quarter) >= today:
        raise TransitionError(_("The quarter has not ended yet: submit it once it has."))
    problems = measures.check(submission.values())
    if problems:
        raise TransitionError(
            _("The figures cannot be submitted yet: %(problems)s")
            % {"problems": " ".join(str(p.message) for p in problems)}
        )


def _above_not_closed(submission: QuarterlySubmission, **params) -> None:
    """A district's figures are part of its province's aggregate: once the province has
    submitted or had it accepted, the district's state may not change under it."""
    if submission.task_force.level != Level.REGENCY:
        return
    above = (
        QuarterlySubmission.objects.filter(
            task_force__region__path=parent_path(submission.task_force.region.path),
            year=submission.year,
            quarter=submission.quarter,
            state__in=[SubmissionState.SUBMITTED, SubmissionState.ACCEPTED],
        )
        .only("pk")
        .first()
    )
    if above is not None:
        raise TransitionError(
            _(
                "The province has already submitted its aggregate for this quarter: the "
                "national level must return or reopen it first."
            )
        )


def _mark_submitted(submission: QuarterlySubmission, user, note: str = "", **params) -> None:
    now = timezone.now()
    if submission.submitted_at is None:
        submission.submitted_at = now
    submission.last_submitted_at = now


def _mark_accepted(submission: QuarterlySubmission, user, note: str = "", **params) -> None:
    submission.accepted_at = timezone.now()


def _mark_reopened(submission: QuarterlySubmission, user, note: str = "", **params) -> None:
    submission.accepted_at = None


S = SubmissionState


class QuarterlySubmission(WorkflowMixin, VersionedModel):
    """The figures of one task force for one quarter, on their way to the level above."""

    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce,
        on_delete=models.CASCADE,
        related_name="quarterly_submissions",
        verbose_name=_("task force"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    state = models.CharField(
        _("status"), max_length=12, choices=SubmissionState.choices, default=S.DRAFT
    )
    note = models.TextField(
        _("note"),
        blank=True,
        validators=[no_personal_data],
        help_text=_(
            "About the figures only (sources, gaps). Never a name, an identity or phone "
            "number, or anything else about a person."
        ),
    )
    # The first submission decides whether the quarter came in on time.
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    workflow = Workflow(
        "state",
        url_prefix="monitoring:submission",
        steps=[
            Step(
                "submit",
                S.DRAFT,
                S.SUBMITTED,
                _("Submit to the level above"),
                may=role(Action.EDIT),
                guard=_ready_to_submit,
                effect=_mark_submitted,
                done=_("Submitted. The level above has been told."),
            ),
            Step(
                "resubmit",
                S.RETURNED,
                S.SUBMITTED,
                _("Submit again"),
                may=role(Action.EDIT),
                guard=_ready_to_submit,
                effect=_mark_submitted,
                done=_("Submitted again. The level above has been told."),
            ),
            Step(
                "accept",
                S.SUBMITTED,
                S.ACCEPTED,
                _("Accept"),
                may=reviewer_of_parent,
                guard=_above_not_closed,
                effect=_mark_accepted,
                not_by=("submit", "resubmit"),
                done=_("Accepted: the figures are locked and counted."),
                style="success",
            ),
            Step(
                "return",
                S.SUBMITTED,
                S.RETURNED,
                _("Return for correction"),
                may=reviewer_of_parent,
                not_by=("submit", "resubmit"),
                note_required=True,
                note_label=_("Reason for returning"),
                done=_("Returned with your reason."),
                style="warning",
            ),
            Step(
                "reopen",
                S.ACCEPTED,
                S.RETURNED,
                _("Reopen"),
                may=reviewer_of_parent,
                guard=_above_not_closed,
                effect=_mark_reopened,
                note_required=True,
                note_label=_("Reason for reopening"),
                done=_("Reopened: the task force may correct and submit again."),
                style="outline-danger",
            ),
        ],
    )

    class Meta:
        ordering = ["-year", "-quarter", "task_force__region__path"]
        verbose_name = _("quarterly submission")
        verbose_name_plural = _("quarterly submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "year", "quarter"],
                name="one_submission_per_task_force_and_quarter",
                violation_error_message=_("This task force already has figures for this quarter."),
            )
        ]
        indexes = [models.Index(fields=["year", "quarter", "state"])]

    def __str__(self) -> str:
        return _("Statistics %(quarter)s, %(task_force)s") % {
            "quarter": self.period_label,
            "task_force": self.task_force,
        }

    def get_absolute_url(self) -> str:
        return reverse("monitoring:submission_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def deadline(self) -> datetime.date:
        return deadline(self.task_force.level, self.year, self.quarter)

    @property
    def on_time(self) -> bool | None:
        """True/False once submitted; None while it has not been."""
        if self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.deadline

    def values(self) -> dict[str, int | None]:
        """Code -> count (None: not known) of the cells entered."""
        return dict(self.cells.values_list("code", "value"))

    def require_editable(self) -> None:
        """Figures change only in a draft or a returned submission."""
        if self.state not in (S.DRAFT, S.RETURNED):
            raise TransitionError(
                _("The figures are %(state)s and locked: they cannot be changed now.")
                % {"state": self.get_state_display().lower()}
            )


class StatisticCell(models.Model):
    """One figure of a submission: a whole number of people or cases, or "not known"
    (``value`` empty). A cell that is absent has not been entered; it never means zero."""

    scope_field = "submission__task_force"

    submission = models.ForeignKey(
        QuarterlySubmission, on_delete=models.CASCADE, related_name="cells"
    )
    code = models.CharField(max_length=60)
    value = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "code"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["submission", "code"], name="one_cell_per_code")
        ]
        # One figure over many submissions (the per-quarter chart, the headline columns).
        indexes = [models.Index(fields=["code", "submission"], name="cell_code_submission")]

    def __str__(self) -> str:
        return f"{self.code}: {'?' if self.value is None else self.value}"


class SubmissionReminder(models.Model):
    """A reminder sent to the secretariat owing a quarter, once before and once after
    the deadline; the row keeps the daily round from sending it twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the deadline")
        AFTER = "after", _("After the deadline")

    scope_field = "task_force"

    task_force = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "year", "quarter", "kind"], name="one_reminder_of_a_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_force_id} {self.year}/{self.quarter} {self.kind}"
