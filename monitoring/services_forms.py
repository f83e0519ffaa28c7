"""Operations on monitoring forms and evaluations that span models: the rows prefilled
from the plan's official figures, a corrective action turned into a meeting's action
point, the actions waiting for a plan's revision, a new evaluation with its criteria."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actionplans.models import ActionPlan
from actionplans.services import load_activities, plan_progress
from gugustugas.workflow import TransitionError
from meetings.models import ActionPoint, Meeting
from monitoring.models import (
    CorrectiveAction,
    Criterion,
    CriterionAssessment,
    Evaluation,
    MonitoringForm,
    MonitoringRow,
)


def official_rows(plan: ActionPlan, year: int, quarter: int) -> list[MonitoringRow]:
    """One unsaved row per activity: target, result and percent exactly as
    ``actionplans.services.plan_progress`` computes them with the reports up to the end
    of ``quarter`` of ``year`` (no second computation)."""
    activities = load_activities(plan, year=year, up_to_quarter=quarter)
    _overall, sections = plan_progress(plan, year, activities)
    rows = []
    for group in sections:
        for progress in group.rows:
            activity = progress.activity
            indicator = activity.indicator
            if activity.unit:
                indicator = f"{indicator} ({activity.unit})" if indicator else activity.unit
            rows.append(
                MonitoringRow(
                    activity=activity,
                    order=len(rows),
                    section=group.label[:200],
                    performance_target=(str(activity))[:300],
                    indicator=indicator[:400],
                    target=progress.target,
                    current_result=progress.achieved,
                    percent=progress.percent,
                )
            )
    return rows


@transaction.atomic
def create_form(task_force, form: MonitoringForm, user) -> MonitoringForm:
    """Save a new draft form with its rows prefilled from the plan."""
    form.task_force = task_force
    form.created_by = user if user.is_authenticated else None
    form.save()
    rows = official_rows(form.plan, form.year, form.quarter)
    for row in rows:
        row.form = form
    bulk_create_with_history(rows, MonitoringRow)
    return form


@transaction.atomic
def refresh_rows(form: MonitoringForm) -> None:
    """Take the plan's figures again (a draft only), keeping the comments typed so far."""
    form = MonitoringForm.objects.select_for_update().get(pk=form.pk)
    if form.is_locked:
        raise TransitionError(_("This document is final and locked; nothing in it can change."))
    comments = {r.activity_id: r.comment for r in form.rows.all() if r.activity_id}
    form.rows.all().delete()
    rows = official_rows(form.plan, form.year, form.quarter)
    for row in rows:
        row.form = form
        row.comment = comments.get(row.activity_id, "")
    bulk_create_with_history(rows, MonitoringRow)


@transaction.atomic
def to_action_point(action: CorrectiveAction, meeting: Meeting) -> ActionPoint:
    """Make the corrective action an action point of ``meeting`` (same task force, minutes
    not final), owned by its responsible agency and due on its deadline."""
    action = CorrectiveAction.objects.select_for_update().select_related("form").get(pk=action.pk)
    if action.action_point_id:
        raise TransitionError(_("This corrective action is already an action point of a meeting."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.task_force_id != action.form.task_force_id:
        raise TransitionError(_("Choose a meeting of this task force."))
    if meeting.minutes_locked or meeting.is_cancelled:
        raise TransitionError(_("The minutes of that meeting are final or it was cancelled."))
    point = ActionPoint.objects.create(
        meeting=meeting,
        description=action.action,
        owner_agency=action.responsible_agency,
        due_date=action.deadline,
    )
    action.action_point = point
    action.save()
    return point


def actions_for_revision(plan: ActionPlan):
    """Corrective actions kept for the revision of ``plan``: those of the forms on this
    version, and, on a new draft, those of the forms on the version it revises."""
    plans = Q(form__plan=plan)
    if plan.previous_id:
        plans |= Q(form__plan_id=plan.previous_id)
    return (
        CorrectiveAction.objects.filter(plans, for_revision=True)
        .select_related("form__plan", "responsible_agency")
        .order_by("form__plan__version", "deadline", "pk")
    )


@transaction.atomic
def create_evaluation(task_force, evaluation: Evaluation, user) -> Evaluation:
    """Save a new draft evaluation with one (unrated) assessment per OECD criterion."""
    evaluation.task_force = task_force
    evaluation.created_by = user if user.is_authenticated else None
    evaluation.save()
    bulk_create_with_history(
        [CriterionAssessment(evaluation=evaluation, criterion=c) for c in Criterion.values],
        CriterionAssessment,
    )
    return evaluation


def evaluations_of(plan: ActionPlan):
    """Evaluations of this plan, or of a period that overlaps its years."""
    return (
        Evaluation.objects.filter(task_force_id=plan.task_force_id)
        .filter(
            Q(plan=plan)
            | Q(plan__isnull=True, start_year__lte=plan.end_year, end_year__gte=plan.start_year)
        )
        .prefetch_related("criteria")
        .order_by("-date", "-pk")
    )
