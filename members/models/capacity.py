"""Capacity: training events and their participants' test scores, the induction pack of
a task force, and the yearly training-needs survey."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugustugas.concurrency import VersionedModel
from gugustugas.figures import percent
from gugustugas.models import TaskForce
from members.models.partners import Partner
from members.models.people import Person

SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class Topic(models.TextChoices):
    """Training topics the guideline lists, plus "other"."""

    DEFINITION = "definition", _("Definition and indicators of trafficking")
    TRAUMA = "trauma", _("Trauma-informed care")
    REPORTING = "reporting", _("Reporting and victim assistance")
    CHILDREN = "children", _("Child victims")
    DETECTION = "detection", _("Proactive detection and investigation")
    LABOUR = "labour", _("Labour exploitation")
    INTERVIEW = "interview", _("Interview techniques")
    PREVENTION = "prevention", _("Prevention and awareness")
    OTHER = "other", _("Other")


class Training(VersionedModel):
    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("task force")
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    organiser = models.CharField(_("trainer or organiser"), max_length=200)
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
        verbose_name=_("partner"),
    )
    mandatory = models.BooleanField(
        _("mandatory training for new members"),
        default=False,
        help_text=_("Counts as the mandatory training of the induction."),
    )
    external_participants = models.PositiveIntegerField(
        _("participants from outside (count)"), default=0
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task_force", "-date"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("members:training_detail", args=[self.pk])


class TrainingParticipant(models.Model):
    """A member who attended, with pre- and post-test scores on a 0-100 scale."""

    scope_field = "training__task_force"

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("member")
    )
    pre_score = models.PositiveSmallIntegerField(
        _("pre-test score"), null=True, blank=True, validators=SCORE
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-test score"), null=True, blank=True, validators=SCORE
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["training", "person__full_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "person"],
                name="participant_counted_once",
                violation_error_message=_("This member is already a participant."),
            ),
            models.CheckConstraint(
                condition=(Q(pre_score__isnull=True) | Q(pre_score__lte=100))
                & (Q(post_score__isnull=True) | Q(post_score__lte=100)),
                name="scores_on_a_0_to_100_scale",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def improved(self) -> bool | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score > self.pre_score


def knowledge_rose(participants) -> Decimal | None:
    """Share (%) of participants with both scores whose post-test beat their pre-test."""
    tested = [p for p in participants if p.improved is not None]
    if not tested:
        return None
    return percent(sum(1 for p in tested if p.improved), len(tested))


def induction_path(instance, filename: str) -> str:
    return f"induction/{instance.task_force_id}/{filename}"


class InductionItem(models.Model):
    """One item of the induction pack new members receive: a file or a link."""

    class Kind(models.TextChoices):
        LEARNING = "learning", _("Learning material")
        MEMBER_LIST = "member_list", _("Member list")
        RAD = "rad", _("Action plan (RAD)")
        SOP = "sop", _("Standard operating procedures")
        STATISTICS = "statistics", _("Statistics")
        SITUATION = "situation", _("Situation overview")

    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="induction_items"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=induction_path, blank=True)
    url = models.URLField(_("link"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task_force", "kind", "title"]
        verbose_name = _("induction pack item")
        verbose_name_plural = _("induction pack")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="induction_item_has_a_file_or_link",
                violation_error_message=_("Add a file or a link."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class NeedsSurveyResponse(models.Model):
    """One member's answer to the yearly training-needs survey."""

    scope_field = "task_force"

    task_force = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="needs_survey")
    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, verbose_name=_("member"))
    topics = models.JSONField(_("topics needed"), default=list)
    other_needs = models.TextField(_("other needs"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task_force", "-year", "person__full_name"]
        verbose_name = _("training-needs survey response")
        verbose_name_plural = _("training-needs survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "year", "person"],
                name="one_survey_response_per_member_and_year",
                violation_error_message=_("This member has already answered this year's survey."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.year})"
