"""The action plans' items of “Tugas saya” (``gugustugas.inbox``): progress reports to
review, my returned reports, my overdue quarters, review comments to answer and plans to
enact. Each source runs a fixed number of queries whatever the number of its items."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Activity, PlanStatus, ReviewComment, ReviewState
from actionplans.models import ProgressReport as Report
from actionplans.services import current_year, plans_figures
from gugustugas import access, inbox
from gugustugas.access import ROLE_ACTIONS, Action
from gugustugas.figures import quarter_end, quarter_label

REPORT_RELATED = (
    "activity__section__plan__task_force__region",
    "activity__section__sub_task_force",
)


def _report_subject(report: Report) -> str:
    return f"{report.activity} — {report.year} {quarter_label(report.quarter)}"


def _report_url(report: Report) -> str:
    return f"{reverse('actionplans:activity_detail', args=[report.activity_id])}#report-{report.pk}"


@inbox.register("progress_review", order=10)
def progress_to_review(work: inbox.Work) -> list[inbox.Item]:
    """Submitted progress reports of the task forces where the user reviews them (the
    steering chair), except those he submitted himself (nobody accepts his own)."""
    task_forces = work.task_forces_for(Action.REVIEW_SUBMISSION)
    if not task_forces:
        return []
    reports = (
        Report.objects.filter(
            review_state=ReviewState.SUBMITTED,
            activity__section__plan__task_force__in=task_forces,
        )
        .exclude(reported_by=work.user)
        .select_related(*REPORT_RELATED)
        .order_by("reported_at", "pk")
    )
    return [
        work.item(
            "progress_review",
            action=_("Review the progress report: accept or return it"),
            subject=_report_subject(report),
            url=_report_url(report),
            task_force=report.activity.section.plan.task_force,
            since=report.reported_at,
        )
        for report in reports
    ]


@inbox.register("progress_returned", order=5)
def returned_to_me(work: inbox.Work) -> list[inbox.Item]:
    """My progress reports that the reviewer returned, with his reason."""
    reports = (
        access.visible(work.user, Report)
        .filter(review_state=ReviewState.RETURNED, reported_by=work.user)
        .select_related(*REPORT_RELATED)
        .order_by("reviewed_at", "pk")
    )
    return [
        work.item(
            "progress_returned",
            action=_("Correct and submit again the returned progress report"),
            subject=_report_subject(report),
            url=reverse("actionplans:progress_edit", args=[report.pk]),
            task_force=report.activity.section.plan.task_force,
            since=report.reviewed_at,
            reason=report.return_reason,
        )
        for report in reports
    ]


def _mine(work: inbox.Work, task_force) -> Q | None:
    """The activities whose progress the user reports on ``task_force`` himself: his own
    sub-GT's section (Kepala Sub-GT) and those his agency is responsible for (Anggota)."""
    q = Q(pk__in=[])
    found = False
    for seat in work.seats:
        if seat.task_force_id != task_force.pk:
            continue
        actions = ROLE_ACTIONS[seat.role]
        if Action.EDIT_OWN_SECTION in actions and seat.sub_task_force_id:
            q |= Q(section__sub_task_force_id=seat.sub_task_force_id)
            found = True
        if Action.REPORT_AGENCY_PROGRESS in actions:
            q |= Q(responsible_agency_id=seat.agency_id)
            found = True
    return q if found else None


@inbox.register("progress_overdue", order=20)
def overdue_quarters_to_report(work: inbox.Work) -> list[inbox.Item]:
    """Quarters of the enacted current plan that ended more than the grace period ago with
    no submitted report: the overdue flags of the plan's cached roll-up
    (``actionplans.services.plans_figures``, the plan page's rule), so this costs a cache
    read, not a load of every activity and report. A Kepala Sub-GT or Anggota sees one item
    per activity of his own; the secretariat and the steering chair, who see to it that
    everyone reports, one item per plan."""
    plans = ActionPlan.objects.current_by_task_force(work.task_forces)
    by_tf = {tf.pk: tf for tf in work.task_forces}
    summary_plans, own_plans = [], []
    filters = Q(pk__in=[])
    for tf_id, plan in plans.items():
        if not plan.takes_progress:  # a plan not enacted is never overdue
            continue
        plan.task_force = by_tf[tf_id]
        if access.can(work.user, Action.EDIT, plan.task_force):
            summary_plans.append(plan)
        elif (mine := _mine(work, plan.task_force)) is not None:
            own_plans.append(plan)
            filters |= Q(section__plan=plan) & mine
    items = [_plan_overdue(work, plan, figures) for plan, figures in _figures(summary_plans, False)]
    if own_plans:
        own = set(Activity.objects.filter(filters).values_list("pk", flat=True))
        for plan, (overall, _sections) in _figures(own_plans, True):
            items += [
                _activity_overdue(work, plan, row)
                for row in overall.rows
                if row.overdue and row.activity.pk in own
            ]
    return [item for item in items if item is not None]


def _figures(plans, with_activities):
    figures = plans_figures([(p, current_year(p)) for p in plans], with_activities)
    return [(plan, figures[plan.pk]) for plan in plans]


def _plan_overdue(work: inbox.Work, plan, figures) -> inbox.Item | None:
    late = [row.overdue for row in figures[0].rows if row.overdue]
    if not late:
        return None
    year = current_year(plan)
    return work.item(
        "progress_overdue",
        action=_("%(count)d activities have quarters not reported: remind their reporters")
        % {"count": len(late)},
        subject=str(plan),
        url=reverse("actionplans:plan_detail", args=[plan.pk]),
        task_force=plan.task_force,
        due=quarter_end(year, min(q for quarters in late for q in quarters)) + _grace(),
    )


def _activity_overdue(work: inbox.Work, plan, row) -> inbox.Item:
    year = current_year(plan)
    return work.item(
        "progress_overdue",
        action=_("Report the progress of %(quarters)s")
        % {"quarters": ", ".join(f"{year} {quarter_label(q)}" for q in row.overdue)},
        subject=str(row.activity),
        url=reverse("actionplans:progress_create", args=[row.activity.pk]),
        task_force=plan.task_force,
        due=quarter_end(year, row.overdue[0]) + _grace(),
    )


def _grace() -> datetime.timedelta:
    return datetime.timedelta(days=settings.PROGRESS_GRACE_DAYS)


@inbox.register("comment_answer", order=30)
def comments_to_answer(work: inbox.Work) -> list[inbox.Item]:
    """Unanswered legal-review comments of plans in review that the user may answer: the
    secretariat and steering chair every one, a Kepala Sub-GT those on his section (the
    rule of ``CommentRespondView``, through ``access.can_edit_section``)."""
    comments = (
        access.visible(work.user, ReviewComment)
        .filter(
            plan__status=PlanStatus.IN_REVIEW,
            plan__task_force__in=work.task_forces,
            response="",
        )
        .select_related("plan__task_force__region", "activity__section")
        .order_by("created_at", "pk")
    )
    items = []
    for comment in comments:
        task_force = comment.plan.task_force
        if comment.activity_id:
            section = comment.activity.section
            allowed = access.can_edit_section(work.user, task_force, section.sub_task_force_id)
        else:
            allowed = access.can(work.user, Action.EDIT, task_force)
        if not allowed:
            continue
        items.append(
            work.item(
                "comment_answer",
                action=_("Answer the legal bureau's review comment"),
                subject=f"{comment.plan.kind_label}: {comment}",
                url=reverse("actionplans:comment_respond", args=[comment.pk]),
                task_force=task_force,
                since=comment.created_at,
                detail=comment.reviewer,
            )
        )
    return items


@inbox.register("plan_enact", order=15)
def plans_to_enact(work: inbox.Work) -> list[inbox.Item]:
    """Plans in legal review on the task forces whose chair enacts them (the enact step's
    form, which refuses while a review comment is open)."""
    task_forces = work.task_forces_for(Action.APPROVE_PLAN)
    if not task_forces:
        return []
    plans = ActionPlan.objects.filter(
        task_force__in=task_forces, status=PlanStatus.IN_REVIEW
    ).select_related("task_force__region")
    items = []
    for plan in plans:
        steps = {step.name: step for step in plan.steps_for(work.user)}
        if "enact" not in steps:
            continue
        items.append(
            work.item(
                "plan_enact",
                action=_("Enact the plan (regulation number and date)"),
                subject=str(plan),
                url=steps["enact"].url,
                task_force=plan.task_force,
            )
        )
    return items
