"""Who sits on a task force: agencies, people and their memberships."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugustugas import defaults
from gugustugas.concurrency import VersionedModel
from gugustugas.models import Role, SubTaskForce, TaskForce, role_title


class Agency(VersionedModel):
    """A government office or a partner organisation that belongs to one task force."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government office")
        NGO = "ngo", _("Non-governmental organisation")
        FAITH_BASED = "faith_based", _("Faith-based organisation")
        LEGAL_AID = "legal_aid", _("Legal aid institute")
        ACADEMIC = "academic", _("Academic institution")
        PRIVATE = "private", _("Private company")
        MEDIA = "media", _("Media")
        COMMUNITY = "community", _("Community group")

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="agencies", verbose_name=_("task force")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.GOVERNMENT, db_index=True
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["task_force", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "name"],
                name="unique_agency_name_per_task_force",
                violation_error_message=_("This task force already has an agency of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:agency_edit", args=[self.pk])


def agency_name(name: str, region: str) -> str:
    """``name`` followed by the region's name, without saying a word twice where they
    meet ("Kepolisian Daerah" + "Provinsi Jawa Barat"; never "... Provinsi Provinsi ...")."""
    if not region:
        return name
    words, region_words = name.split(), region.split()
    while words and region_words and words[-1].casefold() == region_words[0].casefold():
        words.pop()
    return " ".join([*words, *region_words])


def create_default_agencies(task_force: TaskForce) -> int:
    """Add the guideline's default member agencies of the task force's level.

    Regional offices get the region's name appended ("Dinas Sosial Provinsi Jawa Barat")
    so that lists spanning several task forces stay unambiguous. Returns how many were
    added; agencies that already exist by name are left alone. The names are stored in
    the default language, whatever language the page that adds them speaks.
    """
    with translation.override(settings.LANGUAGE_CODE):
        region = "" if task_force.is_national else str(task_force.region)
    existing = set(task_force.agencies.values_list("name", flat=True))
    new = [
        Agency(task_force=task_force, name=agency_name(name, region), short_name=short)
        for name, short in defaults.MEMBER_AGENCIES[task_force.level]
        if agency_name(name, region) not in existing
    ]
    for agency in new:
        agency.save()  # one by one so that the audit trail records each
    return len(new)


class Person(VersionedModel):
    """Someone who sits, or sat, on a task force. Never a victim: victims are counts."""

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="people", verbose_name=_("task force")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    honorific = models.CharField(
        _("academic titles"), max_length=60, blank=True, help_text=_("e.g. S.H., M.Si.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("login account"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["task_force", "full_name"])]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.honorific}" if self.honorific else self.full_name


class MembershipQuerySet(models.QuerySet):
    """The one rule of tenure, in SQL; ``Membership.is_current`` and ``is_former`` are the
    same rule on one row. A membership is current from its start date to its end date,
    both included (someone whose seat ends today still sits today); former after it."""

    def current(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)

    def former(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        return self.filter(end_date__lt=on or timezone.localdate())


class Membership(VersionedModel):
    """A person's seat on a task force: role, agency, position, decree and tenure.

    A membership is never deleted when someone leaves: it gets an end date and a
    handover note, so the task force keeps its memory when staff rotate.
    """

    task_force = models.ForeignKey(
        TaskForce,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("task force"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, db_index=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("agency"),
    )
    position_title = models.CharField(
        _("position"),
        max_length=200,
        help_text=_("The position that represents the agency, e.g. Head of Protection Division."),
    )
    sub_task_force = models.ForeignKey(
        SubTaskForce,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("sub-GT"),
    )
    decree_number = models.CharField(_("appointing decree number"), max_length=120, blank=True)
    decree_date = models.DateField(_("appointing decree date"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    handover_note = models.TextField(
        _("handover note"),
        blank=True,
        help_text=_("What the successor needs to know: open tasks, files, contacts."),
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    induction_pack_received = models.DateField(
        _("induction pack received on"), null=True, blank=True
    )
    mandatory_training_done = models.DateField(
        _("mandatory training done on"), null=True, blank=True
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["task_force", "role", "person__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            # "Active" in the database is "no end date yet": a chair who is leaving gets
            # an end date first, then the successor can be entered.
            models.UniqueConstraint(
                fields=["task_force"],
                condition=Q(role="chair", end_date__isnull=True),
                name="one_active_chair_per_task_force",
                violation_error_message=_(
                    "This task force already has an active chair. "
                    "End the current chair's membership first."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role="subgt_head") | Q(sub_task_force__isnull=False),
                name="subgt_head_has_a_subgt",
                violation_error_message=_("A head of sub-GT must be assigned to a sub-GT."),
            ),
        ]
        indexes = [models.Index(fields=["task_force", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.role_title})"

    def get_absolute_url(self) -> str:
        return reverse("members:membership_detail", args=[self.pk])

    @property
    def role_title(self) -> str:
        return role_title(self.role, self.task_force.level)

    @property
    def induction_complete(self) -> bool:
        return bool(self.induction_pack_received and self.mandatory_training_done)

    def is_current(self, on: datetime.date | None = None) -> bool:
        """The rule of ``MembershipQuerySet.current`` on this row."""
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def is_former(self, on: datetime.date | None = None) -> bool:
        """The rule of ``MembershipQuerySet.former`` on this row."""
        return self.end_date is not None and self.end_date < (on or timezone.localdate())

    # A handover stays within the task force (the end form offers no other seats), so
    # both directions are read there only.
    def handed_over_to(self) -> "Membership | None":
        """The seat this one was handed over to."""
        successor = self.successor
        return successor if successor and successor.task_force_id == self.task_force_id else None

    def handed_over_from(self) -> "MembershipQuerySet":
        """The seats handed over to this one, latest first."""
        return (
            self.predecessors.filter(task_force=self.task_force)
            .select_related("person")
            .order_by("-end_date")
        )

    def position_holders(self) -> "MembershipQuerySet":
        """Everyone else who held this position at this agency: the succession chain."""
        return (
            Membership.objects.filter(
                task_force=self.task_force, agency=self.agency, position_title=self.position_title
            )
            .exclude(pk=self.pk)
            .select_related("person")
            .order_by("-start_date")
        )
