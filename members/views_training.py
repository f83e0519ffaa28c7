"""Capacity of a task force: trainings with pre-/post-test scores, the induction pack and
each new member's induction, the yearly training-needs survey, and the attendance export.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_GET, require_POST

from gugustugas import access, xlsx
from gugustugas.access import Action
from gugustugas.generic import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedFileView,
    ScopedListView,
    ScopedUpdateView,
    TaskForceChildMixin,
    render_form,
)
from gugustugas.history import history_for
from gugustugas.models import TaskForce
from members.filters import TrainingFilter
from members.forms_training import (
    FIRST_SURVEY_YEAR,
    InductionItemForm,
    NeedsSurveyForm,
    ParticipantFormSet,
    TrainingForm,
)
from members.models import (
    InductionItem,
    Membership,
    NeedsSurveyResponse,
    Person,
    Training,
    TrainingParticipant,
)
from members.models.capacity import knowledge_rose
from members.services import agency_on, needs_summary
from members.spreadsheets import attendance_workbook

TF_QS = TaskForce.objects.select_related("region")
TRAINING_QS = Training.objects.select_related("task_force__region", "partner")
MEMBERSHIP_QS = Membership.objects.select_related("person", "task_force__region")


def _participants() -> Prefetch:
    """Participants with each person's seats, to name the agency they came for."""
    return Prefetch(
        "participants",
        queryset=TrainingParticipant.objects.select_related("person").prefetch_related(
            Prefetch(
                "person__memberships",
                queryset=Membership.objects.select_related("agency").order_by("-start_date"),
            )
        ),
    )


# --- trainings ------------------------------------------------------------------------


class TrainingListView(ScopedListView):
    model = Training
    filterset_class = TrainingFilter
    template_name = "members/training/training_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("partner")
            .annotate(member_count=Count("participants"))
            .order_by("-date", "title")
        )


class TrainingFormMixin:
    """The training form with its participants formset, saved together or not at all."""

    model = Training
    form_class = TrainingForm
    template_name = "members/training/training_form.html"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        self.participants = ParticipantFormSet(
            self.request.POST if self.request.method == "POST" else None,
            instance=form.instance,
            prefix="participants",
            form_kwargs={"task_force": form.task_force},
        )
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["participants"] = self.participants
        return context

    def form_valid(self, form):
        if not self.participants.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def save(self, form):
        # In the generic view's transaction: a stale training saves no participant either.
        training = form.save()
        # The formset's parent is the form's instance, saved just now.
        self.participants.save()
        return training


class TrainingCreateView(TrainingFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The training “%(object)s” was recorded.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Record a training")
        context["cancel_url"] = reverse("members:training_list", args=[self.task_force.pk])
        return context


class TrainingUpdateView(TrainingFormMixin, ScopedUpdateView):
    success_message = gettext_lazy("The training “%(object)s” was saved.")

    def get_queryset(self):
        return TRAINING_QS


class TrainingDetailView(ScopedDetailView):
    model = Training
    template_name = "members/training/training_detail.html"

    def get_queryset(self):
        return TRAINING_QS.prefetch_related(_participants())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        training = self.object
        participants = list(training.participants.all())
        for participant in participants:
            participant.agency = agency_on(participant.person, training.date)
        context.update(
            participants=participants,
            knowledge_rose=knowledge_rose(participants),
            tested_count=sum(1 for p in participants if p.improved is not None),
            history=history_for(training),
        )
        return context


@login_required
@require_GET
def training_export(request, tf):
    """Attendance as .xlsx: one row per participant per training, then per training the
    number of participants from outside. Filtered like the list."""
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    trainings = TrainingFilter(
        request.GET,
        queryset=access.visible(request.user, Training).filter(task_force=task_force),
        task_force=task_force,
    ).qs
    trainings = trainings.select_related("partner").prefetch_related(_participants())
    content = attendance_workbook(list(trainings.order_by("date", "title")))
    return xlsx.response(content, f"pelatihan-{slugify(str(task_force.region))}.xlsx")


# --- induction ------------------------------------------------------------------------


class InductionView(TaskForceChildMixin, generic.TemplateView):
    """The induction pack and, for each current member, how far their induction is."""

    template_name = "members/training/induction.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task_force = self.task_force
        members = list(
            task_force.memberships.current()
            .select_related("person", "agency")
            .order_by("role", "person__full_name")
        )
        for m in members:
            m.task_force = task_force  # role titles need the level; avoid a query per row
        # Which mandatory trainings each member attended: a hint for "training done".
        attended: dict[int, list[Training]] = {}
        for p in TrainingParticipant.objects.filter(
            training__task_force=task_force,
            training__mandatory=True,
            person__in=[m.person_id for m in members],
        ).select_related("training"):
            attended.setdefault(p.person_id, []).append(p.training)
        for m in members:
            m.mandatory_trainings = attended.get(m.person_id, [])
        context.update(
            items=task_force.induction_items.all(),
            members=members,
            pending_count=sum(1 for m in members if not m.induction_complete),
        )
        return context


class InductionItemCreateView(ScopedCreateView):
    model = InductionItem
    form_class = InductionItemForm
    success_message = gettext_lazy("“%(object)s” was added to the induction pack.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Add to the induction pack")
        context["cancel_url"] = reverse("members:induction", args=[self.task_force.pk])
        return context

    def get_success_url(self):
        return reverse("members:induction", args=[self.task_force.pk])


@login_required
@require_POST
def induction_item_remove(request, pk):
    item = access.get_for_user(request.user, InductionItem, Action.EDIT, pk=pk)
    with transaction.atomic():
        item.delete()
        if item.file:
            # After the commit: a rolled-back removal must not lose the file.
            transaction.on_commit(lambda: item.file.delete(save=False))
    messages.success(request, _("“%(item)s” was removed from the induction pack.") % {"item": item})
    return redirect("members:induction", tf=item.task_force_id)


class InductionItemDownloadView(ScopedFileView):
    model = InductionItem


def _mark_induction_step(field: str, done: str, already: str):
    """A POST action that records today's date in ``field`` of a membership, once."""

    @login_required
    @require_POST
    def view(request, pk):
        membership = access.get_for_user(request.user, MEMBERSHIP_QS, Action.EDIT, pk=pk)
        if getattr(membership, field):
            # An earlier date stays: the first record is the true one.
            messages.info(request, already % {"person": membership.person})
        else:
            setattr(membership, field, timezone.localdate())
            membership.save(update_fields=[field])
            messages.success(request, done % {"person": membership.person})
        return redirect("members:induction", tf=membership.task_force_id)

    return view


mark_pack_received = _mark_induction_step(
    "induction_pack_received",
    gettext_lazy("The induction pack was recorded as received by %(person)s."),
    gettext_lazy("%(person)s had already received the induction pack."),
)
mark_training_done = _mark_induction_step(
    "mandatory_training_done",
    gettext_lazy("The mandatory training of %(person)s was recorded as done."),
    gettext_lazy("The mandatory training of %(person)s was already recorded."),
)


# --- training-needs survey ------------------------------------------------------------


def _may_answer_survey(user, task_force: TaskForce) -> bool:
    """Members answer for themselves; the secretariat and the chairs for anyone."""
    return access.can(user, Action.EDIT, task_force) or any(
        s.task_force_id == task_force.pk for s in access.seats(user)
    )


def _survey_form(request, task_force: TaskForce) -> NeedsSurveyForm:
    """A member's own answer, or (for those who may edit) an answer for any current
    member, proposing the user's own person first."""
    if not access.can(request.user, Action.EDIT, task_force):
        if not _may_answer_survey(request.user, task_force):
            raise PermissionDenied
        return NeedsSurveyForm(
            request.POST or None, task_force=task_force, person=request.user.person
        )
    form = NeedsSurveyForm(request.POST or None, task_force=task_force)
    if not form.is_bound:
        own = Person.objects.filter(user=request.user, task_force=task_force).first()
        form.fields["person"].initial = own
    return form


@login_required
def needs_survey_answer(request, tf):
    """A member answers for themself; the secretariat and the chairs may answer for any
    current member (to enter paper forms)."""
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    form = _survey_form(request, task_force)
    results = reverse("members:needs_survey_results", args=[task_force.pk])
    if request.method == "POST" and form.is_valid():
        response = form.save()
        messages.success(
            request,
            _("The training needs of %(person)s for %(year)s were recorded.")
            % {"person": response.person, "year": response.year},
        )
        return redirect(f"{results}?year={response.year}")
    note = _(
        "Which topics would help you in your work on the task force this year? "
        "One answer per member and year."
    )
    title = _("Training-needs survey")
    return render_form(request, form, title, task_force, results, form_note=note)


def _survey_year(request) -> int:
    """The year asked for, if a survey year; else this one."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if FIRST_SURVEY_YEAR <= year <= this_year + 1 else this_year


@login_required
@require_GET
def needs_survey_results(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    this_year = timezone.localdate().year
    year = _survey_year(request)
    responses = list(
        access.visible(request.user, NeedsSurveyResponse)
        .filter(task_force=task_force, year=year)
        .select_related("person")
    )
    years = set(
        NeedsSurveyResponse.objects.filter(task_force=task_force).values_list("year", flat=True)
    )
    return render(
        request,
        "members/training/needs_survey_results.html",
        {
            "task_force": task_force,
            "year": year,
            "years": sorted(years | {this_year, year}, reverse=True),
            "summary": needs_summary(responses),
            "responses": responses,
            "can_answer": _may_answer_survey(request.user, task_force),
            "can_edit": access.can(request.user, Action.EDIT, task_force),
        },
    )
