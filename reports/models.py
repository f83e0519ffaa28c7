"""Annual and five-year reports of a task force.

A report is generated from the data (``reports.sections``) as of its snapshot date, with
an editable narrative per part. Its life (``Report.workflow``):

    draft -> submitted (steering chair) -> approved and signed (chair) -> published
                     \\-> returned with a reason -> submitted again

The snapshot (every figure the report shows) is frozen when it is submitted, so a later
edit of a budget line does not change a report waiting for signature. A signed report
never changes: a correction is a new version that names the one it replaces; the old one
stays readable and verifiable, marked "replaced by".

The PDFs (internal edition, public edition, and the signed public edition) are built by
a background task (``reports.tasks``); the build state says whether one is queued,
running, done or failed, and a build whose worker died is retried by the same button.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplans.models import ActionPlan
from gugustugas.access import Action
from gugustugas.concurrency import VersionedModel, check_version
from gugustugas.models import Role, TaskForce, role_title
from gugustugas.workflow import Step, TransitionError, Workflow, WorkflowMixin, role


class Kind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    FIVE_YEAR = "five_year", _("Five-year report")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the chair")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved and signed")
    PUBLISHED = "published", _("Published")


class BuildStatus(models.TextChoices):
    NONE = "none", _("Not built yet")
    QUEUED = "queued", _("Waiting for the worker")
    BUILDING = "building", _("Being built")
    DONE = "done", _("Built")
    FAILED = "failed", _("Build failed")


class Edition(models.TextChoices):
    INTERNAL = "internal", _("Internal edition")
    PUBLIC = "public", _("Public edition")
    SIGNED = "signed", _("Signed edition")


SIGNED_STATES = (Status.APPROVED, Status.PUBLISHED)
EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)


def report_path(instance: Report, filename: str) -> str:
    return f"reports/{instance.task_force_id}/{instance.pk}/{filename}"


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- workflow pieces -------------------------------------------------------------------


def _check_period(report: Report, **params) -> None:
    report.check_snapshot_date()


def _freeze(report: Report, user, note: str = "", **params) -> None:
    """The figures are taken now and stored with the report; the build follows on commit."""
    from reports import sections, tasks

    report.snapshot = sections.build_snapshot(report)
    report.snapshot_taken_at = timezone.now()
    report.queue_build()
    tasks.enqueue_build(report)


def _built(report: Report, **params) -> None:
    if report.build_status != BuildStatus.DONE or not report.public_pdf:
        raise TransitionError(
            gettext("The report's PDF is not built yet: wait for it, or retry a failed build.")
        )
    if report.signed_pdf:
        raise TransitionError(gettext("This report is signed already."))


def _sign(report: Report, user, note: str = "", **params) -> None:
    """Sign the public edition with the organisation's certificate (``reports.signing``).
    Any refusal of the signer (missing key, wrong passphrase, expired certificate) stops
    the step: nothing is signed and the state stays "submitted"."""
    from reports import signing

    task_force = report.task_force
    identity = signing.SignerIdentity(
        name=_person_name(user),
        role=f"{role_title(Role.CHAIR, task_force.level)} {task_force.name}",
        location=task_force.region.name,
        verify_url=report.absolute_verification_url(),
        reason=gettext("Approval of the %(report)s") % {"report": report.title.lower()},
    )
    try:
        signed = signing.get_signer().sign(report.public_pdf.read(), identity)
    except signing.SigningError as error:
        raise TransitionError(
            gettext("The report could not be signed: %(reason)s") % {"reason": error}
        ) from error
    finally:
        report.public_pdf.close()
    report.signed_pdf.save(f"{report.file_stem}-signed.pdf", ContentFile(signed), save=False)
    report.signed_sha256 = sha256(signed)
    report.signed_at = timezone.now()
    report.signed_by = user
    report.signer_name = identity.name
    report.signer_role = identity.role


def _publish(report: Report, user, note: str = "", **params) -> None:
    report.published_at = timezone.now()


def _person_name(user) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return str(person)
    return user.get_full_name() or user.get_username()


class Report(WorkflowMixin, VersionedModel):
    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.PROTECT, related_name="reports", verbose_name=_("task force")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    plan = models.ForeignKey(
        ActionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("action plan"),
        help_text=_("A five-year report covers the period of this plan."),
    )
    snapshot_date = models.DateField(
        _("figures as of"), help_text=_("The report counts what happened up to this day.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The edition above is "version"; the optimistic lock of the narrative counts here.
    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    version_field = "edit_version"
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    correction_note = models.TextField(_("what this version corrects"), blank=True)

    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    internal_notes = models.JSONField(_("internal notes"), default=dict, blank=True)
    snapshot = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    snapshot_taken_at = models.DateTimeField(_("figures taken at"), null=True, blank=True)

    internal_pdf = models.FileField(_("internal edition"), upload_to=report_path, blank=True)
    internal_sha256 = models.CharField(max_length=64, blank=True)
    public_pdf = models.FileField(_("public edition"), upload_to=report_path, blank=True)
    public_sha256 = models.CharField(max_length=64, blank=True)
    signed_pdf = models.FileField(_("signed edition"), upload_to=report_path, blank=True)
    signed_sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    build_status = models.CharField(
        _("build"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.NONE
    )
    build_error = models.TextField(_("why the build failed"), blank=True)
    build_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    building_since = models.DateTimeField(null=True, blank=True, editable=False)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signer_role = models.CharField(_("signer's role"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    verification_code = models.CharField(
        max_length=24, unique=True, default=new_verification_code, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # The figures are large and frozen; the history records who changed what else.
    history = HistoricalRecords(excluded_fields=["snapshot"])

    workflow = Workflow(
        "status",
        url_prefix="reports:report",
        steps=[
            Step(
                "submit",
                EDITABLE_STATES,
                Status.SUBMITTED,
                _("Submit to the chair"),
                may=role(Action.SUBMIT_REPORT),
                guard=_check_period,
                effect=_freeze,
                done=_("Submitted: the figures are frozen and the PDF is being built."),
                confirm=_("The figures are taken now and frozen. Submit?"),
            ),
            Step(
                "approve",
                Status.SUBMITTED,
                Status.APPROVED,
                _("Approve and sign"),
                may=role(Action.APPROVE_REPORT),
                guard=_built,
                effect=_sign,
                not_by=("submit",),
                reauth=True,
                done=_("Approved and signed."),
                style="success",
                confirm=_("Sign this report with the organisation's certificate?"),
            ),
            Step(
                "return",
                Status.SUBMITTED,
                Status.RETURNED,
                _("Return"),
                may=role(Action.APPROVE_REPORT),
                note_required=True,
                done=_("Returned with your reason."),
                style="outline-danger",
            ),
            Step(
                "publish",
                Status.APPROVED,
                Status.PUBLISHED,
                _("Publish"),
                may=role(Action.APPROVE_REPORT, Action.SUBMIT_REPORT),
                effect=_publish,
                done=_("Published on the public portal."),
                style="success",
            ),
        ],
    )

    class Meta:
        ordering = ["-year", "task_force__region__path", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["status", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("year")),
                name="report_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.task_force}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    # --- what it is ----------------------------------------------------------------

    @property
    def period_label(self) -> str:
        return str(self.year) if self.year == self.end_year else f"{self.year}–{self.end_year}"

    @property
    def title(self) -> str:
        label = (
            gettext("Annual report") if self.kind == Kind.ANNUAL else gettext("Five-year report")
        )
        text = f"{label} {self.period_label}"
        if self.version > 1:
            text += " " + gettext("(version %(n)d)") % {"n": self.version}
        return text

    @property
    def file_stem(self) -> str:
        return f"laporan-{self.task_force.region.code}-{self.period_label}-v{self.version}".replace(
            "–", "-"
        ).replace(".", "")

    @property
    def years(self) -> list[int]:
        return list(range(self.year, self.end_year + 1))

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.end_year, 12, 31)

    def check_snapshot_date(self) -> None:
        if not (self.period_start <= self.snapshot_date <= self.period_end):
            raise TransitionError(
                gettext("The date of the figures must lie within the period %(period)s.")
                % {"period": self.period_label}
            )

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED_STATES

    @property
    def narrative_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def published_replacement(self) -> Report | None:
        """The newer version that the public sees instead of this one, if published."""
        newer = getattr(self, "replaced_by", None)
        while newer is not None and newer.status != Status.PUBLISHED:
            newer = getattr(newer, "replaced_by", None)
        return newer

    # --- narrative ---------------------------------------------------------------------

    def set_narrative(self, part: str, text: str, notes: str, version: int | None = None) -> None:
        """The narrative (and internal note) of one part; only before submission. Under the
        row lock, so the other parts are the saved ones; ``version`` is the one the form
        was opened with (a save over someone else's raises ``StaleEdit``)."""
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if not locked.narrative_editable:
                raise TransitionError(
                    gettext("The narrative is frozen once the report is submitted.")
                )
            check_version(locked, version)
            locked.narrative = dict(locked.narrative) | {part: text.strip()}
            locked.internal_notes = dict(locked.internal_notes) | {part: notes.strip()}
            locked.save(update_fields=["narrative", "internal_notes", "edit_version"])
        self.narrative, self.internal_notes = locked.narrative, locked.internal_notes
        self.edit_version = locked.edit_version

    # --- builds --------------------------------------------------------------------

    def queue_build(self) -> None:
        self.build_status = BuildStatus.QUEUED
        self.build_queued_at = timezone.now()
        self.build_error = ""

    @property
    def build_stale(self) -> bool:
        """A build that a worker took and never finished (the worker was killed), or a
        queue entry no worker took: the page offers to build again."""
        limit = timezone.now() - datetime.timedelta(minutes=settings.REPORT_BUILD_STALE_MINUTES)
        if self.build_status == BuildStatus.BUILDING:
            return self.building_since is None or self.building_since < limit
        if self.build_status == BuildStatus.QUEUED:
            return self.build_queued_at is None or self.build_queued_at < limit
        return False

    @property
    def build_retryable(self) -> bool:
        """A new build is allowed unless the report is signed (its files never change)."""
        if self.is_signed:
            return False
        return self.build_status in (BuildStatus.NONE, BuildStatus.FAILED, BuildStatus.DONE) or (
            self.build_stale
        )

    def file_for(self, edition: str):
        return {
            Edition.INTERNAL: self.internal_pdf,
            Edition.PUBLIC: self.public_pdf,
            Edition.SIGNED: self.signed_pdf,
        }[edition]

    # --- verification --------------------------------------------------------------

    def get_verification_url(self) -> str:
        return reverse("reports:verify", args=[self.verification_code])

    def absolute_verification_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.get_verification_url()

    def get_public_url(self) -> str:
        return reverse("reports:public_report", args=[self.pk])
