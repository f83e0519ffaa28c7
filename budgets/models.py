"""Budget lines that member agencies carry in their own budgets for the RAD, their
realisation per quarter, and the subnational budget calendar.

There is no task-force budget of its own: every line belongs to one agency's annual
budget, and is tied to a RAD activity (or to the task force's running costs)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplans.models import Activity
from gugustugas.access import Action
from gugustugas.concurrency import VersionedModel
from gugustugas.figures import quarter_label, round_half_up
from gugustugas.models import QUARTER_CHOICES, TaskForce
from gugustugas.workflow import Step, TransitionError, Workflow, WorkflowMixin, role
from members.models import Agency

# Whole rupiah. 10^15 - 1 is far above any line (the national budget is ~3.6 * 10^15).
MAX_RUPIAH = 10**15 - 1
RUPIAH = [MinValueValidator(1), MaxValueValidator(MAX_RUPIAH)]


class FundingSource(models.TextChoices):
    APBN = "apbn", _("APBN (national budget)")
    APBD_PROVINCE = "apbd_province", _("APBD province")
    APBD_REGENCY = "apbd_regency", _("APBD regency/city")
    DECONCENTRATION = "deconcentration", _("Deconcentration funds")
    PRIVATE = "private", _("Private sector / CSR")
    DONOR = "donor", _("NGO / donor")
    IN_KIND = "in_kind", _("In kind")


class CostType(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    ADMINISTRATIVE = "administrative", _("Administrative")


class LineStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ALLOCATED = "allocated", _("Allocated")
    REVISED = "revised", _("Revised")


# Units that usually hide a lump sum: "show units and unit cost" when one of them is
# used with quantity 1 above the threshold.
LUMP_SUM_UNITS = {"paket", "package", "ls", "lumpsum", "lump sum", "lump-sum", "kegiatan"}


def _plan_is_enacted(line: BudgetLine, **params) -> None:
    plan = line.activity.section.plan if line.activity_id else None
    if plan is not None and not plan.takes_progress:
        raise TransitionError(
            _(
                "No budget before enactment: the RAD of this activity is “%(status)s”. "
                "A line can be allocated once the plan is enacted."
            )
            % {"status": plan.get_status_display()}
        )


def _mark_changed(line: BudgetLine, user, note: str = "") -> None:
    line.status_changed_by, line.status_changed_at = user, timezone.now()


class BudgetLine(WorkflowMixin, VersionedModel):
    """One unit-costed line of an agency's annual budget for the RAD."""

    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("task force"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("RAD activity"),
        help_text=_("Leave empty for the task force's own running costs (meetings, secretariat)."),
    )
    item = models.CharField(_("item"), max_length=250)
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("e.g. orang, bulan, paket, kegiatan, OH (person-day)")
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    unit_cost = models.BigIntegerField(_("unit cost (Rp)"), validators=RUPIAH)
    total = models.BigIntegerField(_("total (Rp)"), editable=False)
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=FundingSource.choices
    )
    cost_type = models.CharField(
        _("cost type"), max_length=14, choices=CostType.choices, default=CostType.OPERATIONAL
    )
    gender_responsive = models.BooleanField(_("gender-responsive (PPRG)"), default=False)
    gender_analysis = models.TextField(
        _("gender analysis"),
        blank=True,
        help_text=_(
            "Who benefits, women and men, girls and boys, and how the line addresses gaps."
        ),
    )
    justification = models.TextField(
        _("justification"), help_text=_("Which RAD activity and local priority this line serves.")
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.PROPOSED
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    workflow = Workflow(
        "status",
        url_prefix="budgets:line",
        steps=[
            Step(
                "allocate",
                (LineStatus.PROPOSED, LineStatus.REVISED),
                LineStatus.ALLOCATED,
                _("Allocate"),
                may=role(Action.EDIT),
                guard=_plan_is_enacted,
                effect=_mark_changed,
                done=_("The line is allocated."),
                style="success",
            ),
            Step(
                "revise",
                LineStatus.ALLOCATED,
                LineStatus.REVISED,
                _("Revise the allocation"),
                may=role(Action.EDIT),
                effect=_mark_changed,
                done=_("The line is marked revised; its allocation can be changed."),
                style="outline-secondary",
            ),
        ],
    )

    class Meta:
        ordering = ["task_force", "fiscal_year", "agency__name", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [models.Index(fields=["task_force", "fiscal_year"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="budget_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gt=0), name="budget_unit_cost_positive"),
            models.CheckConstraint(condition=Q(total__gt=0), name="budget_total_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.fiscal_year})"

    def save(self, *args, **kwargs):
        self.total = compute_total(self.quantity, self.unit_cost)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("budgets:line_detail", args=[self.pk])

    @property
    def is_lump_sum(self) -> bool:
        return (
            self.unit.strip().lower() in LUMP_SUM_UNITS
            and self.quantity == 1
            and self.total > settings.BUDGET_LUMP_SUM_THRESHOLD
        )

    @property
    def is_locked(self) -> bool:
        """An allocated line is locked; marking it revised opens it again."""
        return self.status == LineStatus.ALLOCATED

    @property
    def can_be_removed(self) -> bool:
        return self.status == LineStatus.PROPOSED

    def require_editable(self) -> None:
        if self.is_locked:
            raise TransitionError(
                _("An allocated line is locked; mark it revised to change the allocation.")
            )

    def require_removable(self) -> None:
        if not self.can_be_removed:
            raise TransitionError(_("Only a proposed line can be removed."))


def compute_total(quantity, unit_cost) -> int:
    """Quantity x unit cost in whole rupiah, rounded half up (quantity may be 0.5 month)."""
    return int(round_half_up(Decimal(quantity) * Decimal(unit_cost), Decimal(1)))


class Realisation(models.Model):
    """What was actually spent on a line in a quarter."""

    scope_field = "line__task_force"

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="realisations", verbose_name=_("line")
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    amount = models.BigIntegerField(
        _("amount spent (Rp)"), validators=[MinValueValidator(0), MaxValueValidator(MAX_RUPIAH)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "quarter"]
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "quarter"],
                name="one_realisation_per_quarter",
                violation_error_message=_("This quarter is already recorded for this line."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="realisation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {quarter_label(self.quarter)}"


class Milestone(models.Model):
    """A deadline of the subnational budget calendar for one fiscal year."""

    class Kind(models.TextChoices):
        RKPD_RENJA = "rkpd_renja", _("RKPD and Renja finalised")
        KUA_PPAS = "kua_ppas", _("KUA-PPAS agreed with the DPRD")
        RKA = "rka", _("Agency work plans and budgets (RKA) submitted")
        DRAFT_TO_DPRD = "draft_to_dprd", _("Draft budget regulation to the DPRD")
        DPRD_APPROVAL = "dprd_approval", _("Joint approval with the DPRD")
        SENT_FOR_EVALUATION = "sent_for_evaluation", _("Draft sent for evaluation")
        EVALUATION = "evaluation", _("Evaluation completed")
        CORRECTIONS = "corrections", _("Evaluation corrections made")
        ENACTMENT = "enactment", _("Budget regulation (Perda APBD) enacted")

    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="budget_milestones"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("milestone"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField()
    due = models.DateField(_("deadline"))
    rule = models.CharField(_("rule"), max_length=200)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task_force", "fiscal_year", "order"]
        verbose_name = _("budget calendar milestone")
        verbose_name_plural = _("budget calendar")
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "fiscal_year", "kind"], name="one_milestone_of_a_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.fiscal_year})"

    def toggle_done(self) -> None:
        """Done today, or open again (a deadline ticked by mistake)."""
        self.done_on = None if self.done_on else timezone.localdate()
        self.save()


class Advocacy(models.Model):
    """An advocacy meeting with the DPRD (regional parliament), timed to a milestone."""

    scope_field = "task_force"

    task_force = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="advocacy")
    milestone = models.ForeignKey(
        Milestone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advocacy",
        verbose_name=_("milestone"),
    )
    date = models.DateField(_("date"))
    counterpart = models.CharField(
        _("DPRD counterpart"), max_length=200, help_text=_("e.g. Komisi V, Badan Anggaran")
    )
    participants = models.TextField(_("participants"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("DPRD advocacy meeting")
        verbose_name_plural = _("DPRD advocacy meetings")

    def __str__(self) -> str:
        return f"{self.counterpart} ({self.date})"
