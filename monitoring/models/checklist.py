"""The task-force checklist as a dated self-assessment: one answer per item of
``monitoring.checklist`` (done / partly / not yet, a note, an optional evidence link)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, DecimalField, OuterRef, Subquery, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugustugas.models import TaskForce
from monitoring.checklist import (
    ANSWER_WEIGHT,
    STAGE_BY_CODE,
    STAGE_CHOICES,
    STAGES,
    Answer,
    stage_score,
)


class ChecklistAssessment(models.Model):
    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce,
        on_delete=models.CASCADE,
        related_name="checklist_assessments",
        verbose_name=_("task force"),
    )
    date = models.DateField(_("date of the assessment"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task_force", "-date"]
        verbose_name = _("checklist assessment")
        verbose_name_plural = _("checklist assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "date"],
                name="one_checklist_assessment_per_day",
                violation_error_message=_(
                    "This task force already has an assessment on this date."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_force} – {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:checklist_detail", args=[self.pk])

    def scores(self) -> dict[str, Decimal]:
        """Score per stage code, from the answers (prefetched or not)."""
        points = {stage.code: Decimal(0) for stage in STAGES}
        for answer in self.answers.all():
            points[answer.stage] += ANSWER_WEIGHT[answer.value]
        return {stage.code: stage_score(points[stage.code], stage) for stage in STAGES}


class ChecklistAnswer(models.Model):
    scope_field = "assessment__task_force"

    assessment = models.ForeignKey(
        ChecklistAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    # The stage is stored beside the item so that scores are summed in the database.
    stage = models.CharField(_("stage"), max_length=12, choices=STAGE_CHOICES)
    item = models.CharField(_("item"), max_length=20)
    value = models.CharField(
        _("answer"), max_length=8, choices=Answer.choices, default=Answer.NOT_YET
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


def _points():
    """The summed weight of a group of answers, in the database (the rule of
    ``monitoring.checklist.ANSWER_WEIGHT``)."""
    return Sum(
        Case(
            *(When(value=value, then=Value(weight)) for value, weight in ANSWER_WEIGHT.items()),
            default=Value(Decimal(0)),
            output_field=DecimalField(max_digits=6, decimal_places=1),
        )
    )


def scores_of(assessment_ids) -> dict[int, dict[str, Decimal]]:
    """Score per stage of each assessment, in one query however many there are."""
    ids = list(assessment_ids)
    result = {pk: {stage.code: Decimal("0.0") for stage in STAGES} for pk in ids}
    rows = (
        ChecklistAnswer.objects.filter(assessment_id__in=ids)
        .order_by()
        .values("assessment_id", "stage")
        .annotate(points=_points())
    )
    for row in rows:
        stage = STAGE_BY_CODE.get(row["stage"])
        if stage is not None:
            result[row["assessment_id"]][stage.code] = stage_score(row["points"] or 0, stage)
    return result


def latest_assessments(task_forces) -> list:
    """The task forces (a queryset), each with ``latest`` (its most recent assessment's
    id and date, or None) and ``scores`` (per stage): two queries whatever their number."""
    newest = ChecklistAssessment.objects.filter(task_force=OuterRef("pk")).order_by("-date", "-pk")
    rows = list(
        task_forces.annotate(
            latest_id=Subquery(newest.values("pk")[:1]),
            latest_date=Subquery(newest.values("date")[:1]),
        )
    )
    scores = scores_of(r.latest_id for r in rows if r.latest_id)
    for row in rows:
        row.scores = scores.get(row.latest_id)
        row.score_list = [row.scores[s.code] for s in STAGES] if row.scores else []
    return rows
