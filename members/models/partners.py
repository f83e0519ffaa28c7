"""Partners outside the government membership, and memoranda of understanding (MoU)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugustugas.access import Action
from gugustugas.concurrency import VersionedModel
from gugustugas.models import TaskForce
from gugustugas.workflow import Step, TransitionError, Workflow, WorkflowMixin, role


class Partner(VersionedModel):
    """An organisation the task force works with that is not a member agency."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        FAITH_BASED = "faith_based", _("Faith-based group")
        ACTIVISTS = "activists", _("Community activists")
        COMMUNITY_POLICE = "community_police", _("Community police")
        LEGAL_AID = "legal_aid", _("Legal aid institute")
        PRIVATE = "private", _("Private company")
        ACADEMIC = "academic", _("Academic institution")
        EXPERT = "expert", _("Thematic expert")
        MEDIA = "media", _("Media")
        TASK_FORCE = "task_force", _("Another task force")

    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="partners", verbose_name=_("task force")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    prevention = models.BooleanField(_("prevention"), default=False)
    protection = models.BooleanField(_("protection"), default=False)
    prosecution = models.BooleanField(_("prosecution"), default=False)
    description = models.TextField(_("what they do with us"), blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    works_with = models.ManyToManyField(
        TaskForce,
        blank=True,
        related_name="partner_of",
        verbose_name=_("also works with these task forces"),
    )

    history = HistoricalRecords(m2m_fields=[works_with])

    class Meta:
        ordering = ["task_force", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "name"],
                name="unique_partner_name_per_task_force",
                violation_error_message=_("This task force already has a partner of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:partner_detail", args=[self.pk])

    @property
    def areas(self) -> list[str]:
        return [area for area in AREAS if getattr(self, area)]


# The 3P areas a partner can cooperate in, in the order the map shows them.
AREAS = ["prevention", "protection", "prosecution"]


class PartnerContact(models.Model):
    scope_field = "partner__task_force"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class MoUStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# The components a sound MoU covers (the guideline's list), as (field, label).
COMPONENTS = [
    ("purpose", _("purpose")),
    ("principles", _("principles")),
    ("target_group", _("target group")),
    ("responsibilities", _("responsibilities and procedures")),
    ("information_sharing", _("information sharing")),
    ("duration", _("duration")),
    ("funding", _("funding")),
    ("start_date", _("effective date")),
    ("monitoring", _("monitoring")),
    ("amendment", _("amendment and extension")),
    ("evaluation", _("evaluation")),
    ("dispute_settlement", _("dispute settlement")),
    ("termination", _("termination")),
]


def mou_path(instance, filename: str) -> str:
    return f"mou/{instance.task_force_id}/{filename}"


def _ready_to_sign(mou: MoU, **params) -> None:
    missing = mou.missing_components()
    if missing:
        raise TransitionError(
            _("The MoU does not cover yet: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    if not mou.document:
        raise TransitionError(_("Upload the signed document first."))


def _record_signature(mou: MoU, user, *, signed_on: datetime.date, note: str = "") -> None:
    mou.signed_on = signed_on


def _not_renewed(mou: MoU, **params) -> None:
    if mou.is_renewed:
        raise TransitionError(_("This MoU has already been renewed."))


def _renewal(mou: MoU, user, note: str = "") -> MoU:
    """A new draft with the same parties and content, linked to this one."""
    new = MoU.objects.get(pk=mou.pk)
    new.pk = None
    new.renews = mou
    new.status = MoUStatus.DRAFT
    new.number = ""
    new.document = ""
    new.signed_on = None
    new.reminder_sent_on = None
    if mou.end_date:
        new.start_date = mou.end_date + datetime.timedelta(days=1)
        new.end_date = None
    new.title = mou.title
    new.save()
    new.partners.set(mou.partners.all())
    new.other_task_forces.set(mou.other_task_forces.all())
    return new


MOU_STATUS_STYLE = {
    MoUStatus.DRAFT: "text-bg-secondary",
    MoUStatus.SIGNED: "text-bg-info",
    MoUStatus.ACTIVE: "text-bg-success",
    MoUStatus.EXPIRED: "text-bg-warning",
}


class MoU(WorkflowMixin, VersionedModel):
    """A memorandum of understanding between the task force and partners or other task
    forces. A renewal is a new MoU linked to the one it renews."""

    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="mous", verbose_name=_("task force")
    )
    title = models.CharField(_("title"), max_length=250)
    number = models.CharField(_("number"), max_length=120, blank=True)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="mous", verbose_name=_("partners")
    )
    other_task_forces = models.ManyToManyField(
        TaskForce,
        blank=True,
        related_name="mous_as_party",
        verbose_name=_("other task forces"),
        help_text=_("e.g. an origin province with a transit city"),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    principles = models.TextField(_("principles"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    responsibilities = models.TextField(_("responsibilities and procedures"), blank=True)
    information_sharing = models.TextField(_("information sharing"), blank=True)
    duration = models.CharField(_("duration"), max_length=200, blank=True)
    funding = models.TextField(_("funding"), blank=True)
    start_date = models.DateField(_("effective date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    monitoring = models.TextField(_("monitoring"), blank=True)
    amendment = models.TextField(_("amendment and extension"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    dispute_settlement = models.TextField(_("dispute settlement"), blank=True)
    termination = models.TextField(_("termination"), blank=True)
    document = models.FileField(_("signed document"), upload_to=mou_path, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MoUStatus.choices, default=MoUStatus.DRAFT
    )
    renews = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[partners, other_task_forces])

    workflow = Workflow(
        "status",
        url_prefix="members:mou",
        steps=[
            Step(
                "sign",
                MoUStatus.DRAFT,
                MoUStatus.SIGNED,
                _("Record the signature"),
                may=role(Action.EDIT),
                guard=_ready_to_sign,
                effect=_record_signature,
                form_class="members.forms_partners.SignForm",
                inline=True,
                done=_("The MoU was signed."),
                style="success",
            ),
            Step(
                "activate",
                MoUStatus.SIGNED,
                MoUStatus.ACTIVE,
                _("Put into effect"),
                may=role(Action.EDIT),
                done=_("The MoU is now in effect."),
                style="success",
            ),
            Step(
                "expire",
                MoUStatus.ACTIVE,
                MoUStatus.EXPIRED,
                _("Mark as expired"),
                may=role(Action.EDIT),
                confirm=_("Mark this MoU as expired?"),
                done=_("The MoU was marked as expired."),
                style="outline-warning",
            ),
            Step(
                "renew",
                (MoUStatus.ACTIVE, MoUStatus.EXPIRED),
                None,  # the renewed MoU keeps its state; the renewal is a new draft
                _("Renew"),
                may=role(Action.EDIT),
                offered=lambda mou: not mou.is_renewed,
                guard=_not_renewed,
                effect=_renewal,
                done=_("A renewal was drafted from the MoU. Check its dates and components."),
            ),
            Step(
                "terminate",
                (MoUStatus.SIGNED, MoUStatus.ACTIVE),
                MoUStatus.TERMINATED,
                _("Terminate"),
                may=role(Action.EDIT),
                confirm=_("Terminate this MoU? This cannot be undone."),
                done=_("The MoU was terminated."),
                style="outline-danger",
            ),
        ],
    )

    class Meta:
        ordering = ["task_force", "-start_date", "title"]
        verbose_name = _("MoU")
        verbose_name_plural = _("MoUs")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="mou_ends_after_it_starts",
                violation_error_message=_("The MoU cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("members:mou_detail", args=[self.pk])

    def missing_components(self) -> list[str]:
        """The components of a sound MoU that this one does not cover yet."""
        return [str(label) for field, label in COMPONENTS if not getattr(self, field)]

    @property
    def is_complete(self) -> bool:
        return not self.missing_components()

    def days_left(self, today: datetime.date | None = None) -> int | None:
        if self.end_date is None:
            return None
        return (self.end_date - (today or timezone.localdate())).days

    @property
    def can_edit_content(self) -> bool:
        """Only a draft MoU is edited; a signed one is changed by renewing it."""
        return self.status == MoUStatus.DRAFT

    def require_editable(self) -> None:
        if not self.can_edit_content:
            raise TransitionError(
                _("Only a draft MoU can be edited; this one is %(status)s.")
                % {"status": self.get_status_display().lower()}
            )

    @property
    def in_force(self) -> bool:
        return self.status in (MoUStatus.SIGNED, MoUStatus.ACTIVE)

    @property
    def status_style(self) -> str:
        return MOU_STATUS_STYLE.get(self.status, "text-bg-danger")

    @property
    def is_renewed(self) -> bool:
        return MoU.objects.filter(renews=self).exists()


def expiring_mous(task_forces, today: datetime.date, days: int = 90):
    """Signed or active MoUs of these task forces that end within ``days`` days."""
    return (
        MoU.objects.filter(
            task_force__in=task_forces,
            status__in=[MoUStatus.SIGNED, MoUStatus.ACTIVE],
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=days),
        )
        .select_related("task_force__region")
        .order_by("end_date")
    )
