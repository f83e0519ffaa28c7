"""The task-force checklist: dated self-assessments, their scores per stage and change
over time, and the latest scores of the task forces directly below side by side (a
province's districts, the national task force's provinces)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gugustugas import access
from gugustugas.access import Action
from gugustugas.generic import recheck_write_scope
from gugustugas.models import TaskForce
from monitoring import charts
from monitoring.checklist import SCORE_RULE, STAGES
from monitoring.forms_checklist import ChecklistForm
from monitoring.models import ChecklistAssessment
from monitoring.models.checklist import latest_assessments, scores_of

TASK_FORCES = TaskForce.objects.select_related("region")
ASSESSMENTS = ChecklistAssessment.objects.select_related("task_force__region")


def trend(task_force) -> tuple[list[ChecklistAssessment], object]:
    """The task force's assessments, oldest first, each with its scores, and the chart of
    their change over time (two queries)."""
    assessments = list(task_force.checklist_assessments.order_by("date", "pk"))
    scores = scores_of(a.pk for a in assessments)
    for assessment in assessments:
        assessment.stage_scores = [scores[assessment.pk][s.code] for s in STAGES]
    return assessments, charts.checklist_trend(assessments)


@login_required
@require_GET
def checklist_list(request, tf):
    task_force = access.get_for_user(request.user, TASK_FORCES, pk=tf)
    assessments, chart = trend(task_force)
    return render(
        request,
        "monitoring/checklist/checklist_list.html",
        {
            "task_force": task_force,
            "assessments": list(reversed(assessments)),
            "chart": chart,
            "stages": STAGES,
            "score_rule": SCORE_RULE,
            "can_edit": access.can(request.user, Action.EDIT, task_force),
            "has_below": TaskForce.objects.children_of(task_force).exists(),
        },
    )


def _checklist_page(request, form, task_force, title, cancel_url):
    return render(
        request,
        "monitoring/checklist/checklist_form.html",
        {
            "form": form,
            "task_force": task_force,
            "page_title": title,
            "cancel_url": cancel_url,
            "score_rule": SCORE_RULE,
        },
    )


def _save(request, form, task_force):
    with transaction.atomic():
        assessment = form.save(request.user)
        recheck_write_scope(request.user, assessment, Action.EDIT)
    messages.success(
        request, _("The self-assessment of %(date)s was saved.") % {"date": assessment.date}
    )
    return redirect(assessment)


@login_required
def checklist_create(request, tf):
    task_force = access.get_for_user(request.user, TASK_FORCES, Action.EDIT, pk=tf)
    form = ChecklistForm(request.POST or None, task_force=task_force)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, task_force)
    cancel = reverse("monitoring:checklist_list", args=[task_force.pk])
    return _checklist_page(request, form, task_force, _("New checklist self-assessment"), cancel)


@login_required
def checklist_edit(request, pk):
    assessment = access.get_for_user(request.user, ASSESSMENTS, Action.EDIT, pk=pk)
    task_force = assessment.task_force
    form = ChecklistForm(request.POST or None, task_force=task_force, instance=assessment)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, task_force)
    title = _("Checklist self-assessment of %(date)s") % {"date": assessment.date}
    return _checklist_page(request, form, task_force, title, assessment.get_absolute_url())


@login_required
@require_GET
def checklist_detail(request, pk):
    assessment = access.get_for_user(request.user, ASSESSMENTS, pk=pk)
    answers = {a.item: a for a in assessment.answers.all()}
    scores = assessment.scores()
    stages = [
        (stage, scores[stage.code], [(item, answers.get(item.code)) for item in stage.items])
        for stage in STAGES
    ]
    return render(
        request,
        "monitoring/checklist/checklist_detail.html",
        {
            "assessment": assessment,
            "task_force": assessment.task_force,
            "stages": stages,
            "chart": charts.checklist_scores([(stage.label, score) for stage, score, _ in stages]),
            "score_rule": SCORE_RULE,
            "can_edit": access.can(request.user, Action.EDIT, assessment.task_force),
        },
    )


@login_required
@require_GET
def checklist_compare(request, tf):
    """The latest scores of the task forces directly below, side by side: a fixed number
    of queries whatever their number."""
    task_force = access.get_for_user(request.user, TASK_FORCES, pk=tf)
    below = access.visible(request.user, TaskForce.objects.children_of(task_force))
    rows = latest_assessments(below.select_related("region").order_by("region__path"))
    assessed = [r for r in rows if r.scores]
    return render(
        request,
        "monitoring/checklist/checklist_compare.html",
        {
            "task_force": task_force,
            "rows": rows,
            "assessed_count": len(assessed),
            "stages": STAGES,
            "chart": charts.checklist_comparison(assessed),
            "score_rule": SCORE_RULE,
        },
    )
