"""Minutes of a meeting and its action points.

The minutes live through draft (written during and after the meeting) -> circulated to
the attendees for amendments -> approved by the chair, final and locked. Decisions are
kept apart from the discussion. Action points carry an owner (agency, optionally a
person), a due date and a status; the next meeting of the same body opens with those
still open. Following an action point up (its status) goes on after the minutes are
final: that is not an edit of the minutes.

Who may do what comes from ``meetings.rules``; the meeting page (``views``) merges
``minutes_context`` into its context and includes ``meetings/includes/minutes_section.html``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gugustugas import access
from gugustugas.concurrency import StaleEdit, changed_fields, conflict_row, refused_save
from gugustugas.generic import ScopedListView
from gugustugas.pdf import render_pdf
from gugustugas.templatetags.gt import zoned
from meetings import rules, services
from meetings.filters import ActionPointFilter
from meetings.forms_minutes import (
    ActionPointForm,
    ActionPointStatusForm,
    AmendmentAnswerForm,
    AmendmentForm,
    DecisionFormSet,
    MinutesForm,
)
from meetings.models import (
    CLOSED_STATUSES,
    MINUTES_LOCKED,
    ActionPoint,
    ActionPointStatus,
    Amendment,
    Meeting,
)


def _locked_message() -> str:
    return str(MINUTES_LOCKED)


MEETING_RELATED = (
    "task_force__region",
    "sub_task_force",
    "chair__person",
    "chair__agency",
    "note_taker__person",
    "note_taker__agency",
    "facilitator__person",
    "approved_by__person",
)


def _meeting(request, pk: int) -> Meeting:
    """A meeting the user may read, as read scope or as an invitee (else 404)."""
    return access.get_for_user(
        request.user, Meeting.objects.select_related(*MEETING_RELATED), pk=pk
    )


def user_name(user) -> str:
    """How a login is named on the minutes: the person's name, else the login."""
    if user is None:
        return "—"
    person = getattr(user, "person", None)
    return person.full_name if person else user.get_username()


def _minutes_anchor(meeting: Meeting) -> str:
    return meeting.get_absolute_url() + "#minutes"


def _writable_meeting(request, pk: int) -> Meeting:
    """A meeting whose minutes the user may write (else 403)."""
    meeting = _meeting(request, pk)
    if not rules.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    return meeting


def _refuse_if_locked(request, meeting: Meeting):
    """A redirect with the message when the minutes are final; ``None`` otherwise."""
    if meeting.minutes_locked:
        messages.error(request, _locked_message())
        return redirect(_minutes_anchor(meeting))
    return None


# --- the meeting page's part ------------------------------------------------------------


def _point_owner_related(qs):
    return qs.select_related("owner_agency", "owner_person", "activity")


def _action_points(user, meeting: Meeting) -> tuple[list, list]:
    """The meeting's action points and those carried over to it, each marked overdue
    and whether the user may update it."""
    today = meeting.task_force.today()
    action_points = list(_point_owner_related(meeting.action_points.all()))
    for point in action_points:
        point.meeting = meeting
    carried = list(
        meeting.carried_over().select_related(
            "meeting__task_force",
            "meeting__chair__person",
            "meeting__note_taker__person",
            "meeting__sub_task_force",
        )
    )
    for point in action_points + carried:
        point.overdue = point.is_overdue(today)
        point.can_update = rules.can_update_action_point(user, point)
    return action_points, carried


def minutes_context(request, meeting: Meeting) -> dict:
    """What ``minutes_section.html`` needs, for the meeting page's context. A fixed
    number of queries, however many decisions, amendments and action points."""
    user = request.user
    can_write = rules.can_write_minutes(user, meeting)
    can_approve = rules.can_approve_minutes(user, meeting)
    circulated = meeting.minutes_are_circulated
    can_amend = circulated and rules.can_amend(user, meeting)

    amendments = list(meeting.amendments.select_related("author__person"))
    for amendment in amendments:
        amendment.author_name = user_name(amendment.author)
    action_points, carried = _action_points(user, meeting)
    started = meeting.has_started
    return {
        "minutes_decisions": list(meeting.decisions.all()),
        "approved_by_name": user_name(meeting.approved_by) if meeting.approved_by_id else "",
        "minutes_amendments": amendments,
        "open_amendments": [a for a in amendments if a.resolved_at is None],
        "action_points": action_points,
        "carried_over": carried,
        "can_write_minutes": can_write,
        "can_approve_minutes": can_approve,
        "can_amend": can_amend,
        "minutes_started": started,
        "can_edit_minutes": can_write and started and not meeting.minutes_locked,
        "amendment_form": AmendmentForm() if can_amend else None,
        "action_point_statuses": ActionPointStatus.choices,
        "closed_statuses": [str(s) for s in CLOSED_STATUSES],
    }


# --- minutes ----------------------------------------------------------------------------


def _refuse_minutes(request, meeting: Meeting):
    """A redirect with the message when no minutes may be written now (final, cancelled,
    not started yet); ``None`` otherwise."""
    if refused := _refuse_if_locked(request, meeting):
        return refused
    if meeting.is_cancelled:
        messages.error(request, _("The meeting was cancelled; it has no minutes."))
        return redirect(meeting)
    if not meeting.has_started:
        messages.warning(
            request,
            _("Minutes are written during or after the meeting; it has not started yet."),
        )
        return redirect(meeting)
    return None


def _save_minutes(request, meeting, form, formset):
    """Save the discussion and every decision row together, or nothing (``StaleEdit``:
    someone saved the minutes meanwhile; no decision is written either)."""
    with transaction.atomic():
        if not services.lock_open_minutes(meeting):
            messages.error(request, _locked_message())
            return redirect(_minutes_anchor(meeting))
        form.save()
        formset.save_in_order(meeting)
    messages.success(request, _("The minutes were saved."))
    return redirect(_minutes_anchor(meeting))


@login_required
def minutes_edit(request, pk):
    meeting = _writable_meeting(request, pk)
    if refused := _refuse_minutes(request, meeting):
        return refused
    data = request.POST if request.method == "POST" else None
    form = MinutesForm(data, instance=meeting)
    formset = DecisionFormSet(data, instance=meeting, prefix="decisions")
    if data is None or not (form.is_valid() and formset.is_valid()):
        return _minutes_page(request, meeting, form, formset)
    try:
        return _save_minutes(request, meeting, form, formset)
    except StaleEdit:

        def page(again, current, conflicts):
            decisions = DecisionFormSet(instance=current, prefix="decisions")
            return _minutes_page(request, current, again, decisions, conflicts)

        def conflicts(form, current):
            return changed_fields(form, current) + _decision_conflicts(formset, current)

        return refused_save(request, form, meeting, page, conflicts=conflicts)


def _minutes_page(request, meeting, form, formset, conflicts=None):
    context = {
        "meeting": meeting,
        "task_force": meeting.task_force,
        "form": form,
        "formset": formset,
        "conflicts": conflicts,
        "page_title": _("Minutes: %(meeting)s") % {"meeting": meeting},
        "cancel_url": _minutes_anchor(meeting),
    }
    return render(request, "meetings/minutes_form.html", context)


def _decision_conflicts(formset, meeting: Meeting) -> list[dict]:
    """The decisions as saved meanwhile beside the ones the user sent (the form shows the
    saved ones again: the user adds theirs back where they differ)."""
    theirs = [d.text for d in meeting.decisions.order_by("order", "pk")]
    deleted = set(formset.deleted_forms)
    mine = [
        f.cleaned_data.get("text", "")
        for f in formset.forms
        if f not in deleted and f.cleaned_data.get("text")
    ]
    if theirs == mine:
        return []
    return [conflict_row(_("Decisions"), "; ".join(theirs), "; ".join(mine))]


@login_required
@require_POST
def amendment_add(request, pk):
    meeting = _meeting(request, pk)
    if not rules.can_amend(request.user, meeting):
        raise PermissionDenied
    if not meeting.minutes_are_circulated:
        if refused := _refuse_if_locked(request, meeting):
            return refused
        messages.error(request, _("Amendments can be requested while the minutes are circulated."))
        return redirect(_minutes_anchor(meeting))
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("The amendment was not saved: %(error)s")
            % {"error": " ".join(form.errors.get("text", []))},
        )
        return redirect(_minutes_anchor(meeting))
    form.instance.meeting = meeting
    form.instance.author = request.user
    form.save()
    messages.success(request, _("Your amendment was sent to the note-taker."))
    return redirect(_minutes_anchor(meeting))


@login_required
@require_POST
def amendment_answer(request, pk):
    amendment = access.get_for_user(
        request.user, Amendment.objects.select_related("meeting__task_force"), pk=pk
    )
    meeting = amendment.meeting
    if not rules.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    if refused := _refuse_if_locked(request, meeting):
        return refused
    form = AmendmentAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("The answer was not saved: %(error)s")
            % {"error": " ".join(form.errors.get("answer", []))},
        )
        return redirect(_minutes_anchor(meeting))
    with transaction.atomic():
        if not services.lock_open_minutes(meeting):
            messages.error(request, _locked_message())
            return redirect(_minutes_anchor(meeting))
        amendment.resolve(form.cleaned_data["answer"])
    messages.success(request, _("The amendment was answered."))
    return redirect(_minutes_anchor(meeting))


# --- the PDF ----------------------------------------------------------------------------


def pdf_context(meeting: Meeting) -> dict:
    invitations = meeting.invitations.select_related(
        "membership__person", "membership__agency"
    ).order_by("membership__agency__name", "membership__person__full_name")
    return {
        "meeting": meeting,
        "task_force": meeting.task_force,
        "agenda_items": list(meeting.agenda_items.all()),
        "invitations": list(invitations),
        "decisions": list(meeting.decisions.all()),
        "action_points": list(_point_owner_related(meeting.action_points.all())),
        "carried_over": list(meeting.carried_over()),
        "approved_by_name": user_name(meeting.approved_by) if meeting.approved_by_id else "",
        "today": timezone.localdate(),
        "printed_at": timezone.now(),
    }


@login_required
@require_GET
def minutes_pdf(request, pk):
    meeting = _meeting(request, pk)
    pdf = render_pdf("meetings/minutes_pdf.html", pdf_context(meeting), request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notulen-{meeting.pk}.pdf"'
    return response


# --- action points ----------------------------------------------------------------------


def _action_point(request, pk: int) -> ActionPoint:
    return access.get_for_user(
        request.user,
        ActionPoint.objects.select_related(
            *(f"meeting__{name}" for name in MEETING_RELATED), "owner_person", "owner_agency"
        ),
        pk=pk,
    )


def _action_point_page(request, form, meeting: Meeting, title: str, conflicts=None):
    return render(
        request,
        "gugustugas/form.html",
        {
            "form": form,
            "conflicts": conflicts,
            "page_title": title,
            "task_force": meeting.task_force,
            "cancel_url": _minutes_anchor(meeting),
            "form_note": _("Meeting: %(meeting)s, %(date)s")
            % {
                "meeting": meeting,
                "date": zoned(meeting.starts_at, meeting),
            },
        },
        status=409 if conflicts is not None else 200,
    )


@login_required
def action_point_add(request, pk):
    meeting = _writable_meeting(request, pk)
    if refused := _refuse_if_locked(request, meeting):
        return refused
    form = ActionPointForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not services.lock_open_minutes(meeting):
                messages.error(request, _locked_message())
                return redirect(_minutes_anchor(meeting))
            form.instance.meeting = meeting
            point = form.save()
        messages.success(request, _("Action point “%(point)s” was added.") % {"point": point})
        return redirect(_minutes_anchor(meeting))
    return _action_point_page(request, form, meeting, _("Add an action point"))


@login_required
def action_point_edit(request, pk):
    point = _action_point(request, pk)
    meeting = point.meeting
    if not rules.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    if refused := _refuse_if_locked(request, meeting):
        return refused
    form = ActionPointForm(request.POST or None, instance=point, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if not services.lock_open_minutes(meeting):
                    messages.error(request, _locked_message())
                    return redirect(_minutes_anchor(meeting))
                form.save()
        except StaleEdit:

            def page(again, current, conflicts):
                title = _("Edit action point")
                return _action_point_page(request, again, meeting, title, conflicts=conflicts)

            return refused_save(request, form, point, page, meeting=meeting)
        messages.success(request, _("Action point “%(point)s” was saved.") % {"point": point})
        return redirect(_minutes_anchor(meeting))
    return _action_point_page(request, form, meeting, _("Edit action point"))


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _stale_status_message(point) -> str:
    current = ActionPoint.objects.get(pk=point.pk)
    return _(
        "The status was not changed: someone else updated this action point meanwhile "
        "(it is now %(status)s). Check it and update again."
    ) % {"status": current.get_status_display().lower()}


@login_required
@require_POST
def action_point_status(request, pk):
    """Follow-up of an action point: its status and closing note. Also after the
    minutes are final: reporting progress is not editing the minutes."""
    point = _action_point(request, pk)
    if not rules.can_update_action_point(request.user, point):
        raise PermissionDenied
    back = _safe_next(request, _minutes_anchor(point.meeting))
    form = ActionPointStatusForm(request.POST, instance=point)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(
            request,
            _("The status was not changed: %(error)s") % {"error": " ".join(errors)},
        )
        return redirect(back)
    try:
        form.save()
    except StaleEdit:
        messages.error(request, _stale_status_message(point))
        return redirect(back)
    messages.success(
        request,
        _("“%(point)s” is now %(status)s.")
        % {"point": point, "status": point.get_status_display().lower()},
    )
    return redirect(back)


POINT_LIST_RELATED = (
    "meeting__task_force",
    "meeting__sub_task_force",
    "meeting__chair__person",
    "meeting__note_taker__person",
    "owner_agency",
    "owner_person",
    "activity",
)


class ActionPointListView(ScopedListView):
    """Every action point of the task force's meetings, overdue ones highlighted."""

    model = ActionPoint
    filterset_class = ActionPointFilter
    template_name = "meetings/action_point_list.html"

    def get_queryset(self):
        points = access.visible(self.request.user, ActionPoint).of_task_force(self.task_force)
        return points.select_related(*POINT_LIST_RELATED).open_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        user = self.request.user
        for point in context["object_list"]:
            point.overdue = point.is_overdue(today)
            point.can_update = rules.can_update_action_point(user, point)
        overdue = ActionPoint.objects.of_task_force(self.task_force).overdue(today)
        return context | {
            "action_point_statuses": ActionPointStatus.choices,
            "closed_statuses": [str(s) for s in CLOSED_STATUSES],
            "overdue_count": overdue.count(),
            "list_url": reverse("meetings:action_point_list", args=[self.task_force.pk]),
        }
