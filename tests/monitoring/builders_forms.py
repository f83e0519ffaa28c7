"""Builders for the monitoring-form, evaluation and checklist tests and access rows."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from actionplans.models import PlanStatus, ReviewState
from gugustugas.models import Role
from members.models import Membership
from monitoring.checklist import STAGES, Answer
from monitoring.models import (
    ChecklistAnswer,
    ChecklistAssessment,
    CorrectiveAction,
    DocumentStatus,
    Evaluation,
    MonitoringForm,
)
from monitoring.services_forms import create_evaluation, create_form
from tests.actionplans.builders import make_plan, make_report, member_agency

_days = itertools.count(1)


def enacted_plan(task_force, activities=2, start_year=None):
    """An enacted plan; each gets its own period unless ``start_year`` is given."""
    return make_plan(task_force, PlanStatus.ENACTED, start_year=start_year, activities=activities)


def make_form(
    task_force, plan=None, status=DocumentStatus.DRAFT, quarter=2, **fields
) -> MonitoringForm:
    plan = plan or enacted_plan(task_force)
    form = create_form(
        task_force,
        MonitoringForm(
            plan=plan,
            agency=fields.pop("agency", None) or member_agency(task_force),
            # Plans of the builders get ever later periods: never date it in the future.
            date=fields.pop(
                "date", min(datetime.date(plan.start_year, 7, 10), timezone.localdate())
            ),
            purpose="Pemantauan triwulan",
            year=fields.pop("year", plan.start_year),
            quarter=quarter,
            **fields,
        ),
        _anonymous(),
    )
    if status != DocumentStatus.DRAFT:
        MonitoringForm.objects.filter(pk=form.pk).update(status=status)
        form.refresh_from_db()
    return form


def make_action(form, **fields) -> CorrectiveAction:
    return CorrectiveAction.objects.create(
        form=form,
        action=fields.pop("action", "Percepat sosialisasi di desa"),
        deadline=fields.pop("deadline", form.date + datetime.timedelta(days=60)),
        responsible_agency=fields.pop("responsible_agency", None) or member_agency(form.task_force),
        **fields,
    )


def make_evaluation(task_force, plan=None, status=DocumentStatus.DRAFT, rated=False) -> Evaluation:
    plan = plan or enacted_plan(task_force)
    evaluation = create_evaluation(
        task_force,
        Evaluation(
            plan=plan,
            title="Evaluasi paruh waktu",
            start_year=plan.start_year,
            end_year=plan.start_year + 1,
            date=min(datetime.date(plan.start_year + 2, 2, 1), timezone.localdate()),
            evaluator="Tim evaluasi",
        ),
        _anonymous(),
    )
    if rated:
        evaluation.criteria.update(rating=3, narrative="Cukup baik.")
    if status != DocumentStatus.DRAFT:
        Evaluation.objects.filter(pk=evaluation.pk).update(status=status)
        evaluation.refresh_from_db()
    return evaluation


def make_assessment(task_force, date=None, value=Answer.DONE, partly=()) -> ChecklistAssessment:
    """Every item ``value`` except the item codes in ``partly``."""
    date = date or datetime.date(2020, 1, 1) + datetime.timedelta(days=next(_days))
    assessment = ChecklistAssessment.objects.create(task_force=task_force, date=date)
    ChecklistAnswer.objects.bulk_create(
        ChecklistAnswer(
            assessment=assessment,
            stage=stage.code,
            item=item.code,
            value=Answer.PARTLY if item.code in partly else value,
        )
        for stage in STAGES
        for item in stage.items
    )
    return assessment


def report(activity, quarter, achieved, state=ReviewState.ACCEPTED, year=None):
    r = make_report(activity, state, year=year, quarter=quarter)
    r.achieved = Decimal(achieved)
    r.save()
    return r


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def daily_chair_membership(task_force):
    return Membership.objects.filter(task_force=task_force, role=Role.DAILY_CHAIR).first()
