"""Meetings of a task force: the five kinds and their cadence, agenda and materials,
invitations with RSVP and attendance, the before/after checklist, minutes with their
lifecycle (draft -> circulated -> final), decisions, amendments and action points.

A case conference is a special coordination meeting with a case reference code: it
never stores a victim's name or identity (``CASE_REFERENCE_RE`` refuses spaces, so a
name cannot be typed into it by accident).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplans.models import Activity
from gugustugas.concurrency import VersionedModel
from gugustugas.models import Level, Role, SubTaskForce, TaskForce
from gugustugas.workflow import Step, TransitionError, Workflow, WorkflowMixin
from meetings.text import clean_html, clean_text
from members.models import Agency, Membership, Person


class Kind(models.TextChoices):
    OVERALL = "overall", _("Overall coordination meeting")
    SUBGT = "subgt", _("Sub-GT coordination meeting")
    NATIONAL = "national", _("National coordination meeting")
    PROVINCIAL = "provincial", _("Provincial coordination meeting")
    SPECIAL = "special", _("Special coordination meeting")


@dataclass(frozen=True)
class KindRule:
    """What the guideline says about one kind of meeting."""

    every_months: int | None  # None: when needed
    chair_role: str
    levels: tuple[str, ...]
    attendees: str


ALL_LEVELS = (Level.NATIONAL, Level.PROVINCE, Level.REGENCY)
KIND_RULES: dict[str, KindRule] = {
    Kind.OVERALL: KindRule(4, Role.DAILY_CHAIR, ALL_LEVELS, _("all members and sub-GT members")),
    Kind.SUBGT: KindRule(1, Role.SUBGT_HEAD, ALL_LEVELS, _("the sub-GT's members")),
    Kind.NATIONAL: KindRule(
        12,
        Role.DAILY_CHAIR,
        (Level.NATIONAL,),
        _("the national, provincial and district task forces"),
    ),
    Kind.PROVINCIAL: KindRule(
        12,
        Role.DAILY_CHAIR,
        (Level.PROVINCE,),
        _("the province's task force and those of its districts"),
    ),
    Kind.SPECIAL: KindRule(None, Role.DAILY_CHAIR, ALL_LEVELS, _("those involved")),
}


def kinds_for_level(level: str) -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in Kind if level in KIND_RULES[k].levels]


# A case reference is a code, never a name: letters, digits and - / . only, no spaces.
CASE_REFERENCE_RE = r"^[A-Za-z0-9][A-Za-z0-9./-]{2,39}$"
CASE_CONFERENCE_HOURS = 48

# The discussion topics of a case conference (after the guideline's example protocol).
CASE_CONFERENCE_TOPICS = [
    _("Willingness to take up services and the relevant background"),
    _("Placement and a safe place to stay"),
    _("Interpersonal support: whom the person trusts, further support needed"),
    _("Investigation and investigative interview: readiness and stability"),
    _("Threat from the perpetrator: danger and access to the person"),
    _("Psychological care: current care, risks to mental health"),
    _("Medical evaluation and health care: priorities"),
    _("Tasks agreed: who is responsible for which part of the plan; follow-up conference"),
]


# What every refused change to final minutes says.
MINUTES_LOCKED = _("The minutes are final and locked; nothing can change.")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for amendments")
    FINAL = "final", _("Approved and final")


class MeetingQuerySet(models.QuerySet):
    def active(self) -> MeetingQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def held(self, now: datetime.datetime | None = None) -> MeetingQuerySet:
        return self.active().filter(starts_at__lte=now or timezone.now())

    def same_body(self, meeting: Meeting) -> MeetingQuerySet:
        """Meetings of the same body: task force, kind and (for sub-GT meetings) sub-GT."""
        return self.filter(
            task_force_id=meeting.task_force_id,
            kind=meeting.kind,
            sub_task_force_id=meeting.sub_task_force_id,
        )


MINUTES_STATUS_STYLE = {
    MinutesStatus.FINAL: "text-bg-success",
    MinutesStatus.CIRCULATED: "text-bg-info",
}


def _may_write_minutes(user, meeting: Meeting) -> bool:
    from meetings import rules  # rules reads the models

    return rules.can_write_minutes(user, meeting)


def _may_approve_minutes(user, meeting: Meeting) -> bool:
    from meetings import rules

    return rules.can_approve_minutes(user, meeting)


def _may_organise(user, meeting: Meeting) -> bool:
    from meetings import rules

    return rules.can_organise(user, meeting)


def _notify(meeting: Meeting, notice: str) -> None:
    """Queue the e-mail in the step's transaction: it leaves only if the step commits."""
    from meetings import tasks

    tasks.send_notice.enqueue(meeting.pk, getattr(tasks, notice))


def _minutes_written(meeting: Meeting, **params) -> None:
    if meeting.is_cancelled:
        raise TransitionError(_("The meeting was cancelled; it has no minutes."))
    if not meeting.has_started:
        raise TransitionError(_("The meeting has not taken place yet."))
    if not meeting.discussion.strip() and not meeting.decisions.exists():
        raise TransitionError(_("Write the discussion or the decisions first."))


def _circulated(meeting: Meeting, user, note: str = "") -> None:
    meeting.circulated_at = timezone.now()
    _notify(meeting, "MINUTES")


def _amendments_answered(meeting: Meeting, **params) -> None:
    open_amendments = meeting.amendments.filter(resolved_at__isnull=True).count()
    if open_amendments:
        raise TransitionError(
            _("%(count)d amendment(s) still wait for an answer from the note-taker.")
            % {"count": open_amendments}
        )


def _approved(meeting: Meeting, user, note: str = "") -> None:
    meeting.approved_at, meeting.approved_by = timezone.now(), user


def _not_yet_held(meeting: Meeting, **params) -> None:
    if meeting.is_cancelled:
        raise TransitionError(_("The meeting is already cancelled."))
    if not meeting.minutes_are_draft or meeting.has_started:
        raise TransitionError(_("A meeting that has taken place cannot be cancelled."))


def _cancelled(meeting: Meeting, user, note: str = "") -> None:
    if len(note) > 250:
        raise TransitionError(_("Say why in at most 250 characters."))
    meeting.cancelled_at = timezone.now()
    meeting.cancel_reason = note
    meeting.sequence += 1  # calendars replace their copy with the cancelled one
    if meeting.invitations_sent_at is not None:
        _notify(meeting, "CANCELLATION")


def _cancel_done(meeting: Meeting) -> str:
    if meeting.invitations_sent_at is not None:
        return _("The meeting was cancelled; the invitees will be told.")
    return _("The meeting was cancelled.")


class Meeting(WorkflowMixin, VersionedModel):
    scope_field = "task_force"

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("task force")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sub_task_force = models.ForeignKey(
        SubTaskForce,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("sub-GT"),
    )
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    chair = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    facilitator = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_facilitated",
        verbose_name=_("facilitator"),
    )
    note_taker = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_noted",
        verbose_name=_("note-taker"),
    )
    # Case conference (a special coordination meeting): a code, never an identity.
    case_reference = models.CharField(
        _("case reference code"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                CASE_REFERENCE_RE,
                _(
                    "Enter a reference code (letters, digits, - / .), never a name: "
                    "no victim's name or identity may be stored."
                ),
            )
        ],
        help_text=_(
            "The referral's code from the service centre's register, e.g. PPT-32-2026-014. "
            "Never a name, address, ID number or photo of the victim."
        ),
    )
    referral_at = models.DateTimeField(_("referral received at"), null=True, blank=True)
    # Minutes
    discussion = models.TextField(_("discussion"), blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Bookkeeping of the e-mails (not edits of the meeting)
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Grows with each change of time or place, so calendars replace their copy (iCalendar).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=250, blank=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    # The minutes' lifecycle, and cancelling the meeting before it takes place (the
    # minutes stay a draft; cancelled_at says it is off). The chair approves the minutes
    # that someone else circulated.
    workflow = Workflow(
        "minutes_status",
        url_prefix="meetings:minutes",
        steps=[
            Step(
                "circulate",
                MinutesStatus.DRAFT,
                MinutesStatus.CIRCULATED,
                _("Circulate to attendees"),
                may=_may_write_minutes,
                offered=lambda meeting: meeting.has_started and not meeting.is_cancelled,
                guard=_minutes_written,
                effect=_circulated,
                confirm=_("Send the minutes to the attendees for amendments?"),
                done=_("The minutes were circulated to the attendees for amendments."),
                style="outline-primary",
            ),
            Step(
                "redraft",
                MinutesStatus.CIRCULATED,
                MinutesStatus.DRAFT,
                _("Back to draft"),
                may=_may_write_minutes,
                done=_("The minutes are a draft again."),
                style="outline-secondary",
            ),
            Step(
                "approve",
                MinutesStatus.CIRCULATED,
                MinutesStatus.FINAL,
                _("Approve minutes"),
                may=_may_approve_minutes,
                not_by=("circulate",),
                guard=_amendments_answered,
                effect=_approved,
                confirm=_("Approve the minutes? They will be final and locked."),
                done=_("The minutes were approved; they are final now."),
                style="success",
            ),
            Step(
                "cancel",
                tuple(MinutesStatus.values),
                None,
                _("Cancel the meeting"),
                may=_may_organise,
                offered=lambda meeting: not meeting.is_cancelled and not meeting.has_started,
                guard=_not_yet_held,
                effect=_cancelled,
                note_required=True,
                note_label=_("Reason for cancelling"),
                confirm=_("Cancel this meeting? The invitees will be told."),
                done=_cancel_done,
                style="outline-danger",
                route_name="meetings:meeting_cancel",
            ),
        ],
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["task_force", "kind", "starts_at"]),
            models.Index(fields=["sub_task_force", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="subgt") & Q(sub_task_force__isnull=False))
                | (~Q(kind="subgt") & Q(sub_task_force__isnull=True)),
                name="meeting_subgt_only_for_subgt_meetings",
                violation_error_message=_(
                    "A sub-GT coordination meeting needs its sub-GT; other kinds have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.discussion = clean_html(self.discussion)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def rule(self) -> KindRule:
        return KIND_RULES[self.kind]

    @property
    def is_case_conference(self) -> bool:
        return bool(self.case_reference)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_status == MinutesStatus.FINAL

    def change_refused(self) -> str:
        """Why nothing may change on this meeting now; '' while it may."""
        if self.minutes_locked:
            return str(MINUTES_LOCKED)
        if self.is_cancelled:
            return str(_("The meeting was cancelled; nothing can change."))
        return ""

    @property
    def body_name(self) -> str:
        """The body that meets: the kind, and the sub-GT for a sub-GT meeting."""
        if self.sub_task_force_id:
            return f"{self.get_kind_display()} — {self.sub_task_force}"
        return str(self.get_kind_display())

    def hours_after_referral(self) -> float | None:
        if not self.referral_at:
            return None
        return (self.starts_at - self.referral_at).total_seconds() / 3600

    @property
    def referral_late(self) -> bool:
        hours = self.hours_after_referral()
        return hours is not None and hours > CASE_CONFERENCE_HOURS

    def default_chair(self) -> Membership | None:
        """The current member the guideline names as chair of this kind of meeting."""
        members = Membership.objects.current().filter(
            task_force_id=self.task_force_id, role=self.rule.chair_role
        )
        if self.rule.chair_role == Role.SUBGT_HEAD:
            members = members.filter(sub_task_force_id=self.sub_task_force_id)
        return members.select_related("person").order_by("start_date").first()

    def carried_over(self) -> ActionPointQuerySet:
        """Action points of earlier meetings of the same body that were still open when
        this meeting began: the meeting opens by reviewing them.

        The earlier meetings' ids are read first (a few, by index): as a subquery,
        PostgreSQL joined every action point of the country before filtering (190 ms at
        national scale; 1 ms this way)."""
        earlier = list(
            Meeting.objects.active()
            .same_body(self)
            .filter(starts_at__lt=self.starts_at)
            .values_list("pk", flat=True)
        )
        return (
            ActionPoint.objects.filter(meeting_id__in=earlier)
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=self.starts_at))
            .select_related("meeting", "owner_agency", "owner_person", "activity")
            .order_by("due_date", "pk")
        )

    @property
    def zone(self):
        """WIB, WITA or WIT: the meeting's time is entered and shown in its task force's zone."""
        return self.task_force.zone

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def minutes_are_draft(self) -> bool:
        return self.minutes_status == MinutesStatus.DRAFT

    @property
    def minutes_are_circulated(self) -> bool:
        """Attendees read the minutes and may request amendments."""
        return self.minutes_status == MinutesStatus.CIRCULATED

    @property
    def minutes_status_style(self) -> str:
        return MINUTES_STATUS_STYLE.get(self.minutes_status, "text-bg-secondary")

    @property
    def minutes_stages(self) -> list[tuple[str, str, bool]]:
        """(value, label, is the current one) of each minutes status, in order."""
        return [
            (value, label, value == self.minutes_status) for value, label in MinutesStatus.choices
        ]


class AgendaItem(models.Model):
    scope_field = "meeting__task_force"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(
        _("minutes allotted"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_allotted__isnull=True)
                | Q(minutes_allotted__gte=1, minutes_allotted__lte=600),
                name="agenda_minutes_between_1_and_600",
                violation_error_message=_("Allot between 1 and 600 minutes."),
            )
        ]

    def __str__(self) -> str:
        return self.title


def material_path(instance, filename: str) -> str:
    return f"meetings/{instance.meeting.task_force_id}/{instance.meeting_id}/{filename}"


class Material(models.Model):
    scope_field = "meeting__task_force"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=material_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class Response(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Will attend")
    DECLINED = "declined", _("Cannot attend")


# An answer given before a meeting, told after it (attendance not taken yet).
PAST_ANSWERS = {
    Response.PENDING: _("Did not answer"),
    Response.ACCEPTED: _("Said they would attend"),
    Response.DECLINED: _("Sent apologies"),
}


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Not taken")
    PRESENT = "present", _("Present")
    REPRESENTED = "represented", _("Represented")
    ABSENT = "absent", _("Absent")


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class Invitation(VersionedModel):
    """One invited member: the answer given through the e-mailed link, delivery of the
    e-mails, and the attendance taken on the day."""

    scope_field = "meeting__task_force"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("member"),
    )
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The current RSVP link carries this nonce; answering through it spends it.
    rsvp_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    send_error = models.CharField(max_length=250, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, blank=True
    )
    represented_by = models.CharField(
        _("represented by"),
        max_length=150,
        blank=True,
        help_text=_("Name and position of the person who came instead."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "membership__person__full_name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                name="one_invitation_per_member_per_meeting",
                violation_error_message=_("This member is already invited."),
            ),
            models.CheckConstraint(
                condition=Q(attendance="represented") | Q(represented_by=""),
                name="represented_by_only_when_represented",
                violation_error_message=_(
                    "Name a representative only for a member who was represented."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership.person)

    def spend_nonce(self) -> None:
        self.rsvp_nonce = new_nonce()

    @property
    def answer_label(self) -> str:
        """The answer in the right tense: "Will attend" before the meeting; once it has
        started, the attendance taken, or what the member had said ("Said would attend")."""
        if not self.meeting.has_started:
            return str(self.get_response_display())
        if self.attendance:
            return str(self.get_attendance_display())
        return self.answer_given

    @property
    def answer_given(self) -> str:
        """The answer as told after the meeting: "Said they would attend"."""
        return str(PAST_ANSWERS[self.response])


class ChecklistTick(models.Model):
    """One ticked item of the before/after checklist (``meetings.checklist``)."""

    scope_field = "meeting__task_force"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ticks")
    item = models.CharField(max_length=32)
    ticked_at = models.DateTimeField(auto_now_add=True)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item"], name="one_tick_per_item")
        ]

    def __str__(self) -> str:
        return self.item


class Decision(models.Model):
    """A decision of the meeting, kept apart from the discussion."""

    scope_field = "meeting__task_force"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.text = clean_text(self.text)
        super().save(*args, **kwargs)


class Amendment(models.Model):
    """An attendee's requested change to circulated minutes, answered by the note-taker."""

    scope_field = "meeting__task_force"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from"),
    )
    text = models.TextField(_("requested amendment"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    resolved_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "created_at"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.text = clean_text(self.text)
        self.answer = clean_text(self.answer)
        super().save(*args, **kwargs)

    def resolve(self, answer: str) -> None:
        """The note-taker's answer: the amendment is resolved now."""
        self.answer = answer
        self.resolved_at = timezone.now()
        self.save()


class ActionPointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


CLOSED_STATUSES = (ActionPointStatus.DONE, ActionPointStatus.DROPPED)
ACTION_POINT_STYLE = {
    ActionPointStatus.DONE: "text-bg-success",
    ActionPointStatus.DROPPED: "text-bg-secondary",
    ActionPointStatus.IN_PROGRESS: "text-bg-info",
}


class ActionPointQuerySet(models.QuerySet):
    def open(self) -> ActionPointQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ActionPointQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def of_task_force(self, task_force) -> ActionPointQuerySet:
        """The points of the task force's meetings, those of cancelled meetings left out."""
        return self.filter(meeting__task_force=task_force, meeting__cancelled_at__isnull=True)

    def open_first(self) -> ActionPointQuerySet:
        """Open points first, each part by due date."""
        closed_last = Case(
            When(status__in=CLOSED_STATUSES, then=Value(1)),
            default=Value(0),
            output_field=models.IntegerField(),
        )
        return self.annotate(open_first=closed_last).order_by("open_first", "due_date", "pk")


class ActionPoint(VersionedModel):
    scope_field = "meeting__task_force"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_points", verbose_name=_("meeting")
    )
    description = models.TextField(_("what is to be done"))
    owner_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="action_points",
        verbose_name=_("responsible agency"),
    )
    owner_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_points",
        verbose_name=_("responsible person"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionPointStatus.choices, default="open"
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Bookkeeping of the daily round: the owner and the chair were told it is overdue.
    overdue_notified_on = models.DateField(null=True, blank=True, editable=False)
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_points",
        verbose_name=_("RAD activity"),
    )

    history = HistoricalRecords()
    objects = ActionPointQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.description[:80]

    def save(self, *args, **kwargs):
        self.description = clean_text(self.description)
        self.closing_note = clean_text(self.closing_note)
        closed = self.status in CLOSED_STATUSES
        if closed and self.closed_at is None:
            self.closed_at = timezone.now()
        elif not closed:
            self.closed_at = None
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def status_style(self) -> str:
        return ACTION_POINT_STYLE.get(self.status, "text-bg-light")

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())


class CalendarKey(models.Model):
    """The secret in a user's calendar-feed address, so calendar programs can subscribe
    without a login; a new key revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_key"
    )
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar key of {self.user}"

    @classmethod
    def for_user(cls, user) -> CalendarKey:
        obj, _created = cls.objects.get_or_create(
            user=user, defaults={"key": secrets.token_urlsafe(32)}
        )
        return obj

    def renew(self) -> None:
        self.key = secrets.token_urlsafe(32)
        self.save()
