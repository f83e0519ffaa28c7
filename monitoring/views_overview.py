"""The M&E page of a task force: RAD progress by section, meetings held against those
required, the latest checklist scores and the latest monitoring forms and evaluations,
with the task forces directly below (drill-down) in a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplans.models import ActionPlan
from actionplans.services import current_year, plan_figures
from gugustugas import access
from gugustugas.access import Action
from gugustugas.models import TaskForce
from meetings.cadence import REQUIRED_RULE, held_against_required
from monitoring import charts
from monitoring.checklist import SCORE_RULE, STAGES
from monitoring.models.checklist import latest_assessments


def _plan_progress(task_force: TaskForce) -> dict | None:
    """The current plan's progress this plan year, by section, with its chart."""
    plan = ActionPlan.objects.current_for(task_force)
    if plan is None:
        return None
    year = current_year(plan)
    overall, sections = plan_figures(plan, year, with_activities=False)
    return {
        "plan": plan,
        "year": year,
        "overall": overall,
        "sections": sections,
        "chart": charts.section_progress(sections),
    }


def _checklists(task_force: TaskForce, below: list[TaskForce], meetings: dict) -> tuple:
    """The latest checklist of the task force, and those of the ones below, each with
    its meeting counts; and the chart of the task force's own scores."""
    own, *below_checklist = latest_assessments(
        TaskForce.objects.filter(pk__in=[task_force.pk, *(b.pk for b in below)])
        .select_related("region")
        .order_by("region__path")
    ) or [None]
    # latest_assessments keeps the tree order: the task force itself comes first.
    for row in below_checklist:
        row.meeting_counts = meetings[row.pk]
    chart = ""
    if own and own.scores:
        chart = charts.checklist_scores([(s.label, own.scores[s.code]) for s in STAGES])
    return own, below_checklist, chart


TF_QS = TaskForce.objects.select_related("region")


@login_required
@require_GET
def overview(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    below = list(
        access.visible(request.user, TaskForce.objects.children_of(task_force))
        .select_related("region")
        .order_by("region__path")
    )
    year = timezone.localdate().year
    meetings = held_against_required([task_force, *below], year)
    own_checklist, below_checklist, checklist_chart = _checklists(task_force, below, meetings)
    return render(
        request,
        "monitoring/overview.html",
        {
            "task_force": task_force,
            "progress": _plan_progress(task_force),
            "meeting_counts": meetings[task_force.pk],
            "meetings_chart": charts.meetings_held(meetings[task_force.pk]),
            "meetings_rule": REQUIRED_RULE,
            "year": year,
            "checklist": own_checklist,
            "checklist_chart": checklist_chart,
            "score_rule": SCORE_RULE,
            "stages": STAGES,
            "below": below_checklist,
            "forms": task_force.monitoring_forms.select_related("plan__task_force", "agency")[:5],
            "evaluations": task_force.evaluations.all()[:5],
            "can_edit": access.can(request.user, Action.EDIT, task_force),
        },
    )
