"""Scheduling pages of the meetings app: the list of a task force's meetings with its
cadence, scheduling and editing a meeting (and a case conference), its page, agenda,
materials, invitations, attendance, checklist and cancelling.

Who may do what comes from ``meetings.rules``; reading from ``gugustugas.access``
(404 outside read scope, 403 when the role may not).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from gugustugas import access
from gugustugas.concurrency import StaleEdit
from gugustugas.generic import (
    ScopedChildCreateView,
    ScopedCreateView,
    ScopedFileView,
    ScopedListView,
    ScopedUpdateView,
)
from gugustugas.workflow import TransitionError
from meetings import checklist as checklist_module
from meetings import rules, services, tasks
from meetings.cadence import cadence_flags
from meetings.filters import MeetingFilter
from meetings.forms import (
    AgendaItemForm,
    AttendanceFormSet,
    InviteForm,
    MaterialForm,
    MeetingForm,
    initial_from_query,
)
from meetings.invitations import add_invitations
from meetings.models import (
    CASE_CONFERENCE_HOURS,
    MINUTES_LOCKED,
    AgendaItem,
    Attendance,
    ChecklistTick,
    Invitation,
    Material,
    Meeting,
    Response,
)
from meetings.views_minutes import minutes_context
from members.models import Membership

MEMBER_RELATED = ("membership__person", "membership__agency", "membership__task_force__region")
PERSON_RELATED = ("person", "agency", "task_force__region")
MEETING_ROLES = ("chair", "facilitator", "note_taker")


def _meeting_queryset():
    """Meetings with their task force and sub-GT; the chair, facilitator and note taker
    (with person, agency and task force) in prefetches: joined into the meeting's query
    they made it 19 tables, which PostgreSQL took about 6 ms to plan on every request."""
    roles = Membership.objects.select_related(*PERSON_RELATED)
    return Meeting.objects.select_related("task_force__region", "sub_task_force").prefetch_related(
        *(Prefetch(role, queryset=roles) for role in MEETING_ROLES)
    )


def _readable_meeting(request, pk: int) -> Meeting:
    return access.get_for_user(request.user, _meeting_queryset(), pk=pk)


def _organised_meeting(request, pk: int) -> Meeting:
    """A meeting the user may read (else 404) and organise (else 403)."""
    meeting = _readable_meeting(request, pk)
    if not rules.can_organise(request.user, meeting):
        raise PermissionDenied
    return meeting


def _refuse_change(request, meeting: Meeting) -> bool:
    """Nothing changes on a meeting whose minutes are final, or that was cancelled; says
    so and answers True."""
    if why := meeting.change_refused():
        messages.error(request, why)
        return True
    return False


class OrganiserRulesMixin:
    """A meeting changes by its organisers (``rules.can_organise``; else 403) while its
    minutes are not final and it was not cancelled (else the reason on its page)."""

    def may(self, user, meeting) -> bool:
        return rules.can_organise(user, meeting)

    def check_state(self, meeting) -> None:
        if why := meeting.change_refused():
            raise TransitionError(why)


# --- list ---------------------------------------------------------------------------------


def _with_answers(queryset):
    return queryset.select_related("sub_task_force", "task_force__region").annotate(
        invited=Count("invitations"),
        accepted=Count("invitations", filter=Q(invitations__response=Response.ACCEPTED)),
    )


class MeetingListView(ScopedListView):
    """Upcoming meetings, then past ones (paginated); the cadence of the task force."""

    model = Meeting
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"

    @cached_property
    def now(self):
        return timezone.now()

    def get_queryset(self):
        return _with_answers(super().get_queryset())

    def get(self, request, *args, **kwargs):
        filterset_class = self.get_filterset_class()
        self.filterset = self.get_filterset(filterset_class)
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            filtered = self.filterset.qs
        else:
            filtered = self.filterset.queryset.none()
        self.upcoming = list(filtered.filter(starts_at__gt=self.now).order_by("starts_at", "pk"))
        self.object_list = filtered.filter(starts_at__lte=self.now).order_by("-starts_at", "-pk")
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["upcoming"] = self.upcoming
        context["cadence"] = cadence_flags([self.task_force], self.now)[self.task_force.pk]
        context["can_create"] = rules.can_create_any(user, self.task_force)
        return context


# --- create and edit ----------------------------------------------------------------------


SCHEDULE_NOTE = gettext_lazy(
    "Overall coordination at least every 4 months, chaired by the daily/steering "
    "chair; sub-GT coordination monthly; the national and provincial coordination "
    "meetings yearly; a special coordination meeting (case conference) when urgent."
)


class MeetingFormMixin:
    model = Meeting
    form_class = MeetingForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"user": self.request.user}


class MeetingCreateView(MeetingFormMixin, ScopedCreateView):
    """Schedule a meeting; ``?kind=...&subgt=...`` preselect. A Kepala Sub-GT schedules
    the meetings of his own sub-GT only (the form says so)."""

    action = None
    title = gettext_lazy("Schedule a meeting")
    form_note = SCHEDULE_NOTE

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not rules.can_create_any(user, self.task_force):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return super().get_initial() | initial_from_query(self.request.GET, self.task_force)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cancel_url = reverse("meetings:meeting_list", args=[self.task_force.pk])
        return super().get_context_data(**kwargs) | {"cancel_url": cancel_url}

    def save(self, form):
        return services.schedule(form.save(commit=False), self.task_force, self.request.user)

    def recheck(self, meeting) -> None:
        if not rules.can_create_any(self.request.user, meeting.task_force):
            raise PermissionDenied

    def get_success_message(self) -> str:
        return _(
            "The meeting “%(meeting)s” was scheduled. Add the agenda, then invite the members."
        ) % {"meeting": self.object}


class MeetingUpdateView(OrganiserRulesMixin, MeetingFormMixin, ScopedUpdateView):
    """Edit a meeting. A change of time or place after the invitations went out sends
    every invitee the new time (and moves the reminder)."""

    queryset = _meeting_queryset()

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        if not hasattr(self, "_before"):  # the time and place as the form was opened
            self._before = services.when_and_where(meeting)
        return meeting

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        title = _("Edit meeting: %(meeting)s") % {"meeting": self.object}
        return super().get_context_data(**kwargs) | {"page_title": title}

    def save(self, form):
        meeting = form.save(commit=False)
        self.moved = services.save_changes(meeting, self._before, self.request.user)
        return meeting

    def get_success_message(self) -> str:
        if self.moved:
            return _("The meeting was saved. Every invitee will be told the new time and place.")
        return _("The meeting was saved.")


# --- the meeting page ---------------------------------------------------------------------


def _detail_queryset():
    return _meeting_queryset().prefetch_related(
        "agenda_items",
        "materials",
        "ticks",
        Prefetch(
            "invitations",
            queryset=Invitation.objects.select_related(*MEMBER_RELATED).order_by(
                "membership__person__full_name", "pk"
            ),
        ),
    )


def invitation_summary(invitations: list[Invitation]) -> dict[str, Any]:
    answers = {value: 0 for value in Response.values}
    presence = {value: 0 for value in Attendance.values}
    sent = failed = no_email = 0
    for invitation in invitations:
        answers[invitation.response] += 1
        presence[invitation.attendance] += 1
        if not invitation.membership.person.email:
            no_email += 1
        elif invitation.sent_at:
            sent += 1
        elif invitation.send_error:
            failed += 1
    return {
        "total": len(invitations),
        "answers": [(label, answers[value], value) for value, label in Response.choices],
        "accepted": answers[Response.ACCEPTED],
        "presence": [(label, presence[value], value) for value, label in Attendance.choices],
        "taken": sum(presence[v] for v in Attendance.values if v),
        "sent": sent,
        "failed": failed,
        "no_email": no_email,
        "unsent": len(invitations) - sent - failed - no_email,
    }


def _agenda_context(meeting: Meeting) -> dict[str, Any]:
    """The meeting page's agenda and materials, with their forms."""
    agenda = list(meeting.agenda_items.all())
    return {
        "agenda": agenda,
        "agenda_total": sum(item.minutes_allotted or 0 for item in agenda),
        "agenda_form": AgendaItemForm(),
        "material_form": MaterialForm(),
    }


class MeetingDetailView(LoginRequiredMixin, generic.DetailView):
    model = Meeting
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        return access.get_for_user(self.request.user, _detail_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.object
        user = self.request.user
        invitations = list(meeting.invitations.all())
        now = timezone.now()
        context.update(
            _agenda_context(meeting),
            task_force=meeting.task_force,
            can_organise=rules.can_organise(user, meeting),
            can_write_minutes=rules.can_write_minutes(user, meeting),
            invitations=invitations,
            summary=invitation_summary(invitations),
            checklist=checklist_module.checklist(meeting),
            started=meeting.starts_at <= now,
            locked=meeting.minutes_locked or meeting.is_cancelled,
            case_conference_hours=CASE_CONFERENCE_HOURS,
            hours_after_referral=meeting.hours_after_referral(),
        )
        context |= minutes_context(self.request, meeting)
        return context


# --- agenda and materials ----------------------------------------------------------------


class MeetingChildCreateView(OrganiserRulesMixin, ScopedChildCreateView):
    """A row added to a meeting (an agenda item, a material), back to the meeting's page.
    ``title`` names the meeting as ``%(meeting)s``."""

    parent_queryset = _meeting_queryset()
    parent_field = "meeting"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        title = self.title % {"meeting": self.parent}
        return super().get_context_data(**kwargs) | {"page_title": title}


class AgendaItemAddView(MeetingChildCreateView):
    form_class = AgendaItemForm
    title = gettext_lazy("Add an agenda item to %(meeting)s")

    def save(self, form):
        return services.add_agenda_item(form.instance)

    def get_success_message(self) -> str:
        return _("“%(item)s” was added to the agenda.") % {"item": self.object}


class MaterialAddView(MeetingChildCreateView):
    form_class = MaterialForm
    title = gettext_lazy("Add material to %(meeting)s")

    def get_success_message(self) -> str:
        return _("“%(material)s” was uploaded.") % {"material": self.object}


class MaterialDownloadView(ScopedFileView):
    model = Material


def _remove_from_meeting(request, queryset, pk, remove=None):
    """A row of a meeting (an agenda item, a material, an invitation) removed by an
    organiser while the meeting may change: read through the access module (404), the
    meeting organised (403) and open (else its reason as a message). Answers the meeting
    and the removed row (None when refused)."""
    row = access.get_for_user(request.user, queryset, pk=pk)
    meeting = _organised_meeting(request, row.meeting_id)
    if _refuse_change(request, meeting):
        return meeting, None
    with transaction.atomic():
        (remove or type(row).delete)(row)
    return meeting, row


def _delete_material(material: Material) -> None:
    """The row, and its file once the deletion is committed."""
    name, storage = material.file.name, material.file.storage
    material.delete()
    transaction.on_commit(lambda: storage.delete(name))


@login_required
@require_POST
def agenda_remove(request, pk):
    meeting, item = _remove_from_meeting(request, AgendaItem.objects.select_related("meeting"), pk)
    if item is not None:
        messages.success(request, _("“%(item)s” was removed from the agenda.") % {"item": item})
    return redirect(meeting)


@login_required
@require_POST
def material_remove(request, pk):
    materials = Material.objects.select_related("meeting")
    meeting, material = _remove_from_meeting(request, materials, pk, _delete_material)
    if material is not None:
        messages.success(request, _("“%(material)s” was removed.") % {"material": material})
    return redirect(meeting)


# --- invitations --------------------------------------------------------------------------


def _invitations_page(request, meeting: Meeting, form: InviteForm):
    invitations = list(
        meeting.invitations.select_related(*MEMBER_RELATED).order_by(
            "membership__task_force__region__path", "membership__person__full_name", "pk"
        )
    )
    locked = meeting.minutes_locked or meeting.is_cancelled
    return render(
        request,
        "meetings/invitations.html",
        {
            "meeting": meeting,
            "task_force": meeting.task_force,
            "form": form,
            "invitations": invitations,
            "summary": invitation_summary(invitations),
            "locked": locked,
            "removable": not locked,
        },
    )


@login_required
def invitations(request, pk):
    meeting = _organised_meeting(request, pk)
    if request.method != "POST":
        return _invitations_page(request, meeting, InviteForm(meeting=meeting))
    if _refuse_change(request, meeting):
        return redirect("meetings:invitations", meeting.pk)
    form = InviteForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _invitations_page(request, meeting, form)
    added = add_invitations(meeting, form.memberships())
    if added:
        messages.success(
            request,
            _("%(count)d member(s) were invited. Send the invitations when the list is complete.")
            % {"count": added},
        )
    else:
        messages.info(request, _("Nobody was added: everyone chosen is already invited."))
    return redirect("meetings:invitations", meeting.pk)


@login_required
@require_POST
def invitations_send(request, pk):
    meeting = _organised_meeting(request, pk)
    back = redirect("meetings:invitations", meeting.pk)
    if _refuse_change(request, meeting):
        return back
    if meeting.has_started:
        messages.error(request, _("The meeting has already begun; no invitation goes out now."))
        return back
    waiting = meeting.invitations.filter(sent_at__isnull=True).exclude(membership__person__email="")
    count = waiting.count()
    if not count:
        messages.info(request, _("Every invitation with an e-mail address has been sent already."))
        return back
    with transaction.atomic():
        tasks.schedule_invitations(meeting)
    messages.success(
        request,
        _("%(count)d invitation(s) are being sent by e-mail; a reminder follows two days before.")
        % {"count": count},
    )
    return back


@login_required
@require_POST
def invitation_remove(request, pk):
    invitations = Invitation.objects.select_related("membership__person")
    meeting, invitation = _remove_from_meeting(request, invitations, pk)
    if invitation is not None:
        messages.success(
            request, _("The invitation of %(person)s was removed.") % {"person": invitation}
        )
    return redirect("meetings:invitations", meeting.pk)


# --- attendance ---------------------------------------------------------------------------


def _stale_attendance_message() -> str:
    return _(
        "Someone else saved the attendance list while you were filling it in, so nothing "
        "of yours was saved. It is shown as they left it: mark your changes again."
    )


@login_required
def attendance(request, pk):
    meeting = _readable_meeting(request, pk)
    if not rules.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    if not meeting.has_started:
        messages.info(request, _("Attendance is taken on the day, from the start of the meeting."))
        return redirect(meeting)
    if _refuse_change(request, meeting):
        return redirect(meeting)
    queryset = meeting.invitations.select_related(*MEMBER_RELATED).order_by(
        "membership__person__full_name", "pk"
    )
    formset = AttendanceFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                formset.save()
        except StaleEdit:
            messages.error(request, _stale_attendance_message())
            return redirect("meetings:attendance", meeting.pk)
        messages.success(request, _("The attendance list was saved."))
        return redirect(meeting)
    if request.method == "POST":
        messages.error(request, _("The attendance list was not saved; see the marked rows."))
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "task_force": meeting.task_force, "formset": formset},
    )


# --- checklist ----------------------------------------------------------------------------


@login_required
@require_POST
def checklist_tick(request, pk):
    meeting = _organised_meeting(request, pk)
    item = request.POST.get("item", "")
    if item not in checklist_module.MANUAL_KEYS:
        messages.error(request, _("This checklist item cannot be ticked by hand."))
        return redirect(meeting)
    if meeting.minutes_locked:
        messages.error(request, MINUTES_LOCKED)
        return redirect(meeting)
    with transaction.atomic():
        deleted, _rows = ChecklistTick.objects.filter(meeting=meeting, item=item).delete()
        if not deleted:
            ChecklistTick.objects.create(meeting=meeting, item=item, ticked_by=request.user)
    label = checklist_module.ITEMS_BY_KEY[item].label
    if deleted:
        messages.info(request, _("“%(item)s” is no longer ticked.") % {"item": label})
    else:
        messages.success(request, _("“%(item)s” is ticked.") % {"item": label})
    return redirect(f"{meeting.get_absolute_url()}#checklist")
