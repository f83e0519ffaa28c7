"""Monitoring forms (the guideline's template) and evaluations against the OECD criteria.

A monitoring form looks at one RAD in one quarter: who monitored, when and why, a
summary, one row per activity with its target and the result so far (the official
figures of ``actionplans.services``, copied when the form is made so that a final form
keeps the figures it was signed off with), positive and negative findings, and corrective
actions with a deadline and a responsible agency. A corrective action can become an
action point of a meeting or wait for the plan's next revision. Draft -> final; a final
form is locked (its follow-up, the action point or the revision mark, is not content).

An evaluation judges a plan, or a period of years, against the five OECD criteria on a
stated 4-point scale, with a narrative and evidence links per criterion and
recommendations owned by member agencies.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplans.models import ActionPlan, Activity
from gugustugas.access import Action
from gugustugas.concurrency import VersionedModel
from gugustugas.models import QUARTER_CHOICES, TaskForce
from gugustugas.workflow import Step, TransitionError, Workflow, WorkflowMixin, role
from meetings.models import ActionPoint
from members.models import Agency

FINAL_LOCKED = _("This document is final and locked; nothing in it can change.")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


def _form_has_rows(form: MonitoringForm, **params) -> None:
    if not form.rows.exists():
        raise TransitionError(_("The form has no indicator rows: its plan has no activities."))


class MonitoringForm(WorkflowMixin, VersionedModel):
    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce,
        on_delete=models.CASCADE,
        related_name="monitoring_forms",
        verbose_name=_("task force"),
    )
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        related_name="monitoring_forms",
        verbose_name=_("action plan"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="monitoring_forms",
        verbose_name=_("monitoring agency"),
        help_text=_("The member agency that carried out the monitoring."),
    )
    date = models.DateField(_("date of monitoring"))
    purpose = models.TextField(_("purpose of the monitoring"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    progress_summary = models.TextField(_("summary of progress so far"), blank=True)
    positive_findings = models.TextField(
        _("positive findings"), blank=True, help_text=_("One finding per line.")
    )
    negative_findings = models.TextField(
        _("negative findings"), blank=True, help_text=_("One finding per line.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    workflow = Workflow(
        "status",
        url_prefix="monitoring:form",
        steps=[
            Step(
                "finalise",
                DocumentStatus.DRAFT,
                DocumentStatus.FINAL,
                _("Make final"),
                may=role(Action.EDIT),
                guard=_form_has_rows,
                done=_("The monitoring form is final and locked."),
                style="success",
                confirm=_("A final form cannot be changed. Make it final?"),
            )
        ],
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("monitoring form")
        verbose_name_plural = _("monitoring forms")
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="monitoring_form_quarter_1_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.kind_label} {self.year} {self.get_quarter_display()} – {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:form_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == DocumentStatus.FINAL

    @property
    def positive_list(self) -> list[str]:
        return _lines(self.positive_findings)

    @property
    def negative_list(self) -> list[str]:
        return _lines(self.negative_findings)

    def clean(self):
        if self.plan_id and self.task_force_id and self.plan.task_force_id != self.task_force_id:
            raise ValidationError({"plan": _("Choose a plan of this task force.")})
        if self.plan_id and self.year and self.year not in self.plan.years:
            raise ValidationError(
                {
                    "year": _("The plan runs from %(start)d to %(end)d.")
                    % {"start": self.plan.start_year, "end": self.plan.end_year}
                }
            )


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class MonitoringRow(models.Model):
    """Performance target / indicator / target / current result / comment, for one
    activity; target, result and percent are the official figures when the form was made."""

    scope_field = "form__task_force"

    form = models.ForeignKey(MonitoringForm, on_delete=models.CASCADE, related_name="rows")
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)
    section = models.CharField(_("section"), max_length=200, blank=True)
    performance_target = models.CharField(_("performance target"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=400, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_result = models.DecimalField(
        _("current result"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("percent of target"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["form", "order", "pk"]
        verbose_name = _("indicator row")
        verbose_name_plural = _("indicator rows")

    def __str__(self) -> str:
        return self.performance_target


class CorrectiveAction(models.Model):
    """A recommended corrective action: what, by when, by which member agency; and what
    became of it (an action point of a meeting, or kept for the next RAD revision)."""

    scope_field = "form__task_force"

    form = models.ForeignKey(
        MonitoringForm, on_delete=models.CASCADE, related_name="corrective_actions"
    )
    action = models.TextField(_("recommended action"))
    deadline = models.DateField(_("deadline"))
    responsible_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible party")
    )
    for_revision = models.BooleanField(_("for the next RAD revision"), default=False)
    action_point = models.OneToOneField(
        ActionPoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrective_action",
        verbose_name=_("meeting action point"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["form", "deadline", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.action[:80]

    def clean(self):
        form = self.form if self.form_id else None
        if form and self.deadline and self.deadline < form.date:
            raise ValidationError(
                {"deadline": _("The deadline cannot be before the date of the monitoring.")}
            )


# --- evaluation ---------------------------------------------------------------------------


class Criterion(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    EFFECTIVENESS = "effectiveness", _("Effectiveness")
    EFFICIENCY = "efficiency", _("Efficiency")
    IMPACT = "impact", _("Impact")
    SUSTAINABILITY = "sustainability", _("Sustainability")


CRITERION_QUESTIONS = {
    Criterion.RELEVANCE: _(
        "Is the plan doing the right things: does it answer local and national needs "
        "and priorities?"
    ),
    Criterion.EFFECTIVENESS: _(
        "Are the plan's objectives being reached, compared with what was planned?"
    ),
    Criterion.EFFICIENCY: _("Are the results worth the resources used to reach them?"),
    Criterion.IMPACT: _("Does the plan contribute to the wider goals for the people it serves?"),
    Criterion.SUSTAINABILITY: _("Will the positive effects last beyond the plan?"),
}


class Rating(models.IntegerChoices):
    """The stated 4-point scale: every point has a label, there is no middle."""

    UNSATISFACTORY = 1, _("1 – Unsatisfactory")
    LESS_THAN_SATISFACTORY = 2, _("2 – Less than satisfactory")
    SATISFACTORY = 3, _("3 – Satisfactory")
    HIGHLY_SATISFACTORY = 4, _("4 – Highly satisfactory")


class Evaluation(WorkflowMixin, VersionedModel):
    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("task force"),
    )
    plan = models.ForeignKey(
        ActionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("action plan"),
        help_text=_("Leave empty to evaluate a period instead of one plan."),
    )
    title = models.CharField(_("title"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    date = models.DateField(_("date of the evaluation"))
    evaluator = models.CharField(
        _("evaluated by"), max_length=250, help_text=_("The team or organisation that evaluated.")
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    workflow = Workflow(
        "status",
        url_prefix="monitoring:evaluation",
        steps=[
            Step(
                "finalise",
                DocumentStatus.DRAFT,
                DocumentStatus.FINAL,
                _("Make final"),
                may=role(Action.EDIT),
                guard=lambda evaluation, **params: evaluation.require_complete(),
                done=_("The evaluation is final and locked."),
                style="success",
                confirm=_("A final evaluation cannot be changed. Make it final?"),
            )
        ],
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="evaluation_period_in_order",
                violation_error_message=_("The last year cannot be before the first year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:evaluation_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == DocumentStatus.FINAL

    def clean(self):
        errors = {}
        if self.plan_id and self.task_force_id and self.plan.task_force_id != self.task_force_id:
            errors["plan"] = _("Choose a plan of this task force.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The last year cannot be before the first year.")
        elif (
            self.plan_id
            and self.start_year
            and self.end_year
            and (self.start_year < self.plan.start_year or self.end_year > self.plan.end_year)
        ):
            errors["start_year"] = _(
                "The period must lie within the plan's years (%(start)d–%(end)d)."
            ) % {"start": self.plan.start_year, "end": self.plan.end_year}
        if errors:
            raise ValidationError(errors)

    def require_complete(self) -> None:
        missing = [
            str(c.get_criterion_display())
            for c in self.criteria.all()
            if c.rating is None or not c.narrative.strip()
        ]
        if missing:
            raise TransitionError(
                _("Rate every criterion and write its narrative first: %(names)s.")
                % {"names": ", ".join(missing)}
            )


def validate_links(text: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for line in _lines(text):
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                _("“%(link)s” is not a web address (http:// or https://)."),
                params={"link": line[:80]},
            ) from None


class CriterionAssessment(models.Model):
    scope_field = "evaluation__task_force"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(_("criterion"), max_length=16, choices=Criterion.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        choices=Rating.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    narrative = models.TextField(_("narrative"), blank=True)
    evidence_links = models.TextField(
        _("evidence links"),
        blank=True,
        validators=[validate_links],
        help_text=_("Web addresses of the evidence, one per line."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="one_assessment_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4),
                name="rating_on_the_4_point_scale",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_criterion_display())

    @property
    def question(self) -> str:
        return str(CRITERION_QUESTIONS[self.criterion])

    @property
    def links(self) -> list[str]:
        return _lines(self.evidence_links)


class Recommendation(models.Model):
    scope_field = "evaluation__task_force"

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]
