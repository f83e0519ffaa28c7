"""Monitoring forms and evaluations: list, create (rows prefilled from the plan), edit
while in draft (a final document refuses with a message), the PDF, and the follow-up of a
corrective action (a meeting's action point, or kept for the next RAD revision)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gugustugas import access
from gugustugas.access import Action
from gugustugas.concurrency import StaleEdit
from gugustugas.generic import (
    ScopedCreateView,
    ScopedDetailView,
    recheck_write_scope,
    render_form,
)
from gugustugas.models import TaskForce
from gugustugas.pdf import render_pdf
from gugustugas.workflow import TransitionError
from monitoring.forms_documents import (
    ActionPointChoiceForm,
    CorrectiveActionFormSet,
    CriterionFormSet,
    EvaluationForm,
    MonitoringFormCreateForm,
    MonitoringFormEditForm,
    RecommendationFormSet,
    RowFormSet,
)
from monitoring.models import CorrectiveAction, Evaluation, MonitoringForm, Rating
from monitoring.models.forms import CRITERION_QUESTIONS, FINAL_LOCKED
from monitoring.services_forms import (
    create_evaluation,
    create_form,
    refresh_rows,
    to_action_point,
)

FORM_QS = MonitoringForm.objects.select_related("task_force__region", "plan__task_force", "agency")
EVALUATION_QS = Evaluation.objects.select_related("task_force__region", "plan__task_force")
ACTION_QS = CorrectiveAction.objects.select_related(
    "form__task_force__region", "form__plan", "responsible_agency", "action_point__meeting"
)


@login_required
@require_GET
def document_list(request, tf):
    """The task force's monitoring forms and evaluations."""
    task_force = access.get_for_user(request.user, _task_forces(), pk=tf)
    return render(
        request,
        "monitoring/forms/document_list.html",
        {
            "task_force": task_force,
            "forms": task_force.monitoring_forms.select_related(
                "plan__task_force__region", "agency"
            ),
            "evaluations": task_force.evaluations.select_related("plan__task_force__region"),
            "can_edit": access.can(request.user, Action.EDIT, task_force),
        },
    )


def _task_forces():
    return TaskForce.objects.select_related("region")


# --- monitoring forms -----------------------------------------------------------------


class MonitoringFormCreateView(ScopedCreateView):
    model = MonitoringForm
    form_class = MonitoringFormCreateForm
    title = gettext_lazy("New monitoring form")
    form_note = gettext_lazy(
        "The rows are filled from the plan's activities and the targets and results of "
        "the chosen year up to the end of the chosen quarter."
    )

    def save(self, form):
        return create_form(self.task_force, form.instance, self.request.user)

    def get_success_message(self) -> str:
        rows = self.object.rows.count()
        return _("The form was created with %(n)d rows from the plan.") % {"n": rows}

    def get_success_url(self) -> str:
        return reverse("monitoring:form_edit", args=[self.object.pk])


class MonitoringFormDetailView(ScopedDetailView):
    model = MonitoringForm
    template_name = "monitoring/forms/form_detail.html"

    def get_queryset(self):
        return FORM_QS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= form_document_context(self.object)
        return context


def form_document_context(form: MonitoringForm) -> dict:
    """What the page and the PDF show of a form (the same rows, the same figures)."""
    return {
        "form_doc": form,
        "rows": list(form.rows.all()),
        "actions": list(
            form.corrective_actions.select_related("responsible_agency", "action_point__meeting")
        ),
        "today": timezone.localdate(),
    }


STALE_DOCUMENT = gettext_lazy(
    "Someone else saved this page while you were editing it, so nothing of yours was saved. "
    "It is shown as they left it: make your changes again."
)


def _editable(request, queryset, pk):
    """The document if the user may edit it (404/403 otherwise) and it is a draft; else
    None after saying why."""
    obj = access.get_for_user(request.user, queryset, Action.EDIT, pk=pk)
    if obj.is_locked:
        messages.error(request, str(FINAL_LOCKED))
        return None, obj
    return obj, obj


def _save_draft(request, document, parts, done: str):
    """Save the parts of a document's page (its form and formsets, all valid) under the
    document's row lock, refusing if it became final meanwhile, or if someone saved it
    after this page was opened (its version; nothing of this page is saved then)."""
    try:
        with transaction.atomic():
            if type(document).objects.select_for_update().get(pk=document.pk).is_locked:
                messages.error(request, str(FINAL_LOCKED))
                return redirect(document)
            for part in parts:
                part.save()
            recheck_write_scope(request.user, document, Action.EDIT)
    except StaleEdit:
        messages.error(request, STALE_DOCUMENT)
        return redirect(request.path)
    messages.success(request, done)
    return redirect(document)


def _all_valid(request, parts) -> bool:
    # Every part validated, so each shows its own errors.
    return request.method == "POST" and all([part.is_valid() for part in parts])


@login_required
def form_edit(request, pk):
    """The form's text, each row's comment and the corrective actions, on one page."""
    form_doc, found = _editable(request, FORM_QS, pk)
    if form_doc is None:
        return redirect(found)
    task_force = form_doc.task_force
    data = request.POST if request.method == "POST" else None
    head = MonitoringFormEditForm(data, instance=form_doc, task_force=task_force)
    rows = RowFormSet(data, queryset=form_doc.rows.all(), prefix="rows")
    actions = CorrectiveActionFormSet(
        data,
        instance=form_doc,
        prefix="actions",
        form_kwargs={"task_force": task_force, "head": head},
    )
    if _all_valid(request, [head, rows, actions]):
        return _save_draft(
            request, form_doc, [head, rows, actions], _("The monitoring form was saved.")
        )
    # "form" too: the page's main form, under the name every form page uses.
    context = {"form_doc": form_doc, "form": head, "head": head, "rows": rows, "actions": actions}
    return render(request, "monitoring/forms/form_edit.html", context | {"task_force": task_force})


@login_required
@require_POST
def form_refresh(request, pk):
    form_doc, found = _editable(request, FORM_QS, pk)
    if form_doc is None:
        return redirect(found)
    try:
        refresh_rows(form_doc)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(form_doc)
    messages.success(request, _("The rows show the plan's figures as reported now."))
    return redirect("monitoring:form_edit", form_doc.pk)


@login_required
@require_GET
def form_pdf(request, pk):
    form_doc = access.get_for_user(request.user, FORM_QS, pk=pk)
    context = form_document_context(form_doc) | {
        "task_force": form_doc.task_force,
        "printed_at": timezone.now(),
    }
    pdf = render_pdf("monitoring/forms/form_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="formulir-pemantauan-{form_doc.pk}.pdf"'
    return response


# --- follow-up of a corrective action ---------------------------------------------------


@login_required
def action_to_point(request, pk):
    """Choose a meeting of the task force; the action becomes one of its action points."""
    action = access.get_for_user(request.user, ACTION_QS, Action.EDIT, pk=pk)
    form_doc = action.form
    if action.action_point_id:
        messages.error(
            request, _("This corrective action is already an action point of a meeting.")
        )
        return redirect(form_doc)
    choice = ActionPointChoiceForm(request.POST or None, task_force=form_doc.task_force)
    if request.method == "POST" and choice.is_valid():
        try:
            point = to_action_point(action, choice.cleaned_data["meeting"])
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(form_doc)
        messages.success(
            request,
            _("“%(point)s” is now an action point of %(meeting)s.")
            % {"point": point, "meeting": point.meeting},
        )
        return redirect(form_doc)
    return render_form(
        request,
        choice,
        _("Make it a meeting action point"),
        form_doc.task_force,
        form_doc.get_absolute_url(),
        form_note=action.action,
    )


@login_required
@require_POST
def action_for_revision(request, pk):
    """Mark (or unmark) the action as one for the plan's next revision."""
    action = access.get_for_user(request.user, ACTION_QS, Action.EDIT, pk=pk)
    action.for_revision = not action.for_revision
    action.save(update_fields=["for_revision"])
    if action.for_revision:
        messages.success(request, _("Kept for the next RAD revision: the revision lists it."))
    else:
        messages.success(request, _("No longer kept for the next RAD revision."))
    return redirect(action.form)


# --- evaluations ------------------------------------------------------------------------


class EvaluationCreateView(ScopedCreateView):
    model = Evaluation
    form_class = EvaluationForm
    title = gettext_lazy("New evaluation")
    form_note = gettext_lazy(
        "Evaluate one plan, or a period of years, against the five OECD criteria; the "
        "ratings and narratives follow on the next page."
    )
    success_message = gettext_lazy("The evaluation was created: rate each criterion.")

    def get_initial(self):
        initial = super().get_initial()
        plan = self.task_force.plans.filter(pk=self.request.GET.get("plan") or 0).first()
        if plan:
            initial |= {"plan": plan, "start_year": plan.start_year, "end_year": plan.end_year}
        return initial

    def save(self, form):
        return create_evaluation(self.task_force, form.instance, self.request.user)

    def get_success_url(self) -> str:
        return reverse("monitoring:evaluation_edit", args=[self.object.pk])


class EvaluationDetailView(ScopedDetailView):
    model = Evaluation
    template_name = "monitoring/forms/evaluation_detail.html"

    def get_queryset(self):
        return EVALUATION_QS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["criteria"] = list(self.object.criteria.all())
        context["recommendations"] = list(
            self.object.recommendations.select_related("owner_agency")
        )
        context["scale"] = Rating.choices
        return context


@login_required
def evaluation_edit(request, pk):
    """The evaluation's text, the five criteria and the recommendations, on one page."""
    evaluation, found = _editable(request, EVALUATION_QS, pk)
    if evaluation is None:
        return redirect(found)
    task_force = evaluation.task_force
    data = request.POST if request.method == "POST" else None
    head = EvaluationForm(data, instance=evaluation, task_force=task_force)
    criteria = CriterionFormSet(data, queryset=evaluation.criteria.all(), prefix="criteria")
    recommendations = RecommendationFormSet(
        data, instance=evaluation, prefix="recs", form_kwargs={"task_force": task_force}
    )
    parts = [head, criteria, recommendations]
    if _all_valid(request, parts):
        return _save_draft(request, evaluation, parts, _("The evaluation was saved."))
    for criterion_form in criteria.forms:
        criterion_form.question = CRITERION_QUESTIONS[criterion_form.instance.criterion]
    context = {"evaluation": evaluation, "form": head, "head": head, "criteria": criteria}
    context |= {"recommendations": recommendations, "scale": Rating.choices}
    return render(
        request, "monitoring/forms/evaluation_edit.html", context | {"task_force": task_force}
    )
