"""The core tree: regions, one task force per region, and its sub-task-forces."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugustugas import defaults, zones
from gugustugas.concurrency import VersionedModel


class Level(models.TextChoices):
    NATIONAL = defaults.NATIONAL, _("National")
    PROVINCE = defaults.PROVINCE, _("Province")
    REGENCY = defaults.REGENCY, _("Regency/city")


# Quarters of the fiscal (= calendar) year; Indonesian offices say "TW I" (triwulan).
QUARTER_CHOICES = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]


class Role(models.TextChoices):
    """Roles on a task force, held through a membership (``members.Membership``).

    Chair and daily chair have level-specific titles: see ``role_title``.
    """

    CHAIR = "chair", _("Chair (Koordinator/Ketua)")
    DAILY_CHAIR = "daily_chair", _("Daily/steering chair (Ketua Harian/Ketua Pengarah)")
    SECRETARIAT = "secretariat", _("Secretariat")
    SUBGT_HEAD = "subgt_head", _("Head of sub-GT")
    MEMBER = "member", _("Member")


ROLE_TITLES = {
    (Level.NATIONAL, Role.CHAIR): _("Koordinator"),
    (Level.NATIONAL, Role.DAILY_CHAIR): _("Ketua Harian"),
    (Level.PROVINCE, Role.CHAIR): _("Ketua"),
    (Level.PROVINCE, Role.DAILY_CHAIR): _("Ketua Pengarah"),
    (Level.REGENCY, Role.CHAIR): _("Ketua"),
    (Level.REGENCY, Role.DAILY_CHAIR): _("Ketua Pengarah"),
}


def role_title(role: str, level: str) -> str:
    """The role's name as the task force's level calls it (Koordinator vs Ketua)."""
    return str(ROLE_TITLES.get((level, role)) or Role(role).label)


class RegionQuerySet(models.QuerySet):
    def subtree(self, region: "Region") -> "RegionQuerySet":
        """The region and everything below it: one indexed prefix query on ``path``."""
        return self.filter(path__startswith=region.path)


class Region(models.Model):
    """A Kemendagri administrative region: the nation, a province or a regency/city.

    ``path`` makes the hierarchy one prefix: ``ID``, ``ID.32``, ``ID.32.02``.
    Regions are reference data loaded by migration, not edited through the UI.
    """

    code = models.CharField(
        _("Kemendagri code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^(ID|\d{2}(\.\d{2})?)$")],
    )
    path = models.CharField(max_length=12, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        if self.level == Level.PROVINCE:
            return _("Province of %(name)s") % {"name": self.name}
        return self.name

    @property
    def display_code(self) -> str:
        return "" if self.level == Level.NATIONAL else self.code

    @property
    def zone(self) -> zones.Zone:
        """WIB, WITA or WIT, from the province (``gugustugas.zones``)."""
        return zones.zone_for_code(self.code)


class FormationStatus(models.TextChoices):
    NOT_FORMED = "not_formed", _("Not formed")
    FORMING = "forming", _("Being formed")
    FORMED = "formed", _("Formed by decree")
    INACTIVE = "inactive", _("Inactive")


class TaskForceQuerySet(models.QuerySet):
    def below(self, task_force: "TaskForce") -> "TaskForceQuerySet":
        """Task forces strictly below the given one in the tree."""
        return self.filter(region__path__startswith=task_force.region.path + ".")

    def children_of(self, task_force: "TaskForce") -> "TaskForceQuerySet":
        return self.filter(region__parent_id=task_force.region_id)


class TaskForce(VersionedModel):
    """The anti-trafficking task force (Gugus Tugas PPTPPO) of one region."""

    region = models.OneToOneField(
        Region, on_delete=models.PROTECT, related_name="task_force", verbose_name=_("region")
    )
    formation_status = models.CharField(
        _("formation status"),
        max_length=12,
        choices=FormationStatus.choices,
        default=FormationStatus.NOT_FORMED,
        db_index=True,
    )
    decree_number = models.CharField(_("founding decree number"), max_length=120, blank=True)
    decree_date = models.DateField(_("founding decree date"), null=True, blank=True)
    decree_signed_by = models.CharField(
        _("decree signed by"),
        max_length=150,
        blank=True,
        help_text=_("For example: Governor of Jawa Barat"),
    )
    address = models.TextField(_("secretariat address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()
    objects = TaskForceQuerySet.as_manager()

    class Meta:
        ordering = ["region__path"]
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("taskforce_detail", args=[self.pk])

    @property
    def name(self) -> str:
        if self.level == Level.NATIONAL:
            return str(_("National Task Force PPTPPO"))
        return _("Task Force PPTPPO %(region)s") % {"region": self.region}

    @property
    def level(self) -> str:
        return self.region.level

    @property
    def is_national(self) -> bool:
        return self.level == Level.NATIONAL

    @property
    def zone(self) -> zones.Zone:
        """The zone its meetings are entered and shown in."""
        return self.region.zone

    def today(self) -> datetime.date:
        """The task force's own date: deadlines and overdue checks count from it."""
        return zones.today_in(self.zone)

    def create_default_subgts(self) -> list["SubTaskForce"]:
        """Create the level's default sub-GTs that this task force does not have yet."""
        existing = set(self.subgts.values_list("kind", flat=True))
        coordinators = defaults.SUBGT_COORDINATORS[self.level]
        created = []
        for order, kind in enumerate(defaults.SUBGTS_BY_LEVEL[self.level], start=1):
            if kind not in existing:
                created.append(
                    SubTaskForce.objects.create(
                        task_force=self,
                        kind=kind,
                        order=order,
                        coordinating_agency=coordinators.get(kind, ""),
                    )
                )
        return created


class SubTaskForce(VersionedModel):
    """A thematic working group inside a task force (Sub-GT)."""

    class Kind(models.TextChoices):
        PREVENTION = defaults.PREVENTION, _("Prevention and child participation")
        HEALTH_REHABILITATION = defaults.HEALTH_REHABILITATION, _("Health rehabilitation")
        SOCIAL_REHABILITATION = (
            defaults.SOCIAL_REHABILITATION,
            _("Social rehabilitation, repatriation and reintegration"),
        )
        LEGAL_NORMS = defaults.LEGAL_NORMS, _("Legal norm development")
        LAW_ENFORCEMENT = defaults.LAW_ENFORCEMENT, _("Law enforcement")
        COOPERATION = defaults.COOPERATION, _("Cooperation and coordination")
        OTHER = "other", _("Other (local adaptation)")

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="subgts", verbose_name=_("task force")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    custom_name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty to use the standard name of the kind."),
    )
    coordinating_agency = models.CharField(
        _("coordinating agency"),
        max_length=200,
        blank=True,
        help_text=_("The office that leads this sub-task-force, e.g. Dinas Pendidikan."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task_force", "order", "pk"]
        verbose_name = _("sub-task-force")
        verbose_name_plural = _("sub-task-forces")
        constraints = [
            # "Other" sub-GTs are local adaptations; a task force may have several.
            models.UniqueConstraint(
                fields=["task_force", "kind"],
                condition=~models.Q(kind="other"),
                name="one_subgt_of_each_kind_per_task_force",
                violation_error_message=_("This task force already has a sub-GT of this kind."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.custom_name:
            return self.custom_name
        # The enum's label, not get_kind_display(): that one hashes every (lazy) choice
        # label on each call, a cost that shows on pages naming hundreds of sub-GTs.
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind


class WorkflowRecord(models.Model):
    """One step taken in any workflow (``gugustugas.workflow``): who, when, from, to, why.

    Read only through its object (``obj.timeline``), so it carries no scope of its own."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    step = models.CharField(_("step"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20)
    to_state = models.CharField(_("to"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.step}: {self.from_state} → {self.to_state}"

    def _workflow(self):
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return model, model.workflow

    def _state_label(self, value: str) -> str:
        model, workflow = self._workflow()
        return str(dict(model._meta.get_field(workflow.field).flatchoices).get(value, value))

    @property
    def step_label(self) -> str:
        _model, workflow = self._workflow()
        step = workflow.by_name.get(self.step)
        return str(step.label) if step else self.step

    @property
    def from_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def actor(self) -> str:
        """Who took the step: the person's name, else the login, else "system" (a step the
        system or the demo recorded without a person)."""
        if self.user is None:
            return gettext("system")
        return self.user.get_full_name() or self.user.username

    @property
    def to_label(self) -> str:
        return self._state_label(self.to_state)
