from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.db.models.deletion import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from actionplans.charts import progress_bars, quarterly_chart
from actionplans.filters import ActivityFilter
from actionplans.forms import (
    ActivityForm,
    CommentForm,
    CommentResponseForm,
    EnactForm,
    IntegrationForm,
    NoteForm,
    ObjectiveForm,
    PlanForm,
    ProgressForm,
    WorkingGroupForm,
)
from actionplans.models import (
    ActionPlan,
    Activity,
    Evidence,
    Integration,
    PlanStatus,
    ProgressReport,
    ReviewComment,
    ReviewState,
    Section,
    WorkingGroupMember,
)
from actionplans.services import (
    activity_progress,
    create_plan,
    current_year,
    load_activities,
    plan_diff,
    plan_progress,
)
from gugustugas import access
from gugustugas.access import Action
from gugustugas.generic import render_form
from gugustugas.history import history_for
from gugustugas.models import Level, TaskForce
from gugustugas.panels import plan_panels
from gugustugas.workflow import run_step

PLAN_QS = ActionPlan.objects.select_related("task_force__region", "previous")
SECTION_QS = Section.objects.select_related("plan__task_force__region", "sub_task_force")
ACTIVITY_QS = Activity.objects.select_related(
    "section__plan__task_force__region", "section__sub_task_force", "responsible_agency"
)
PROGRESS_QS = ProgressReport.objects.select_related(
    "activity__section__plan__task_force__region", "activity__section__sub_task_force"
)


# --- permission helpers: the rules themselves live in gugustugas.access -------------


def _require_section_editor(user, section: Section) -> None:
    if not access.can_edit_section(user, section.plan.task_force, section.sub_task_force_id):
        raise PermissionDenied


def _require_reporter(user, activity: Activity) -> None:
    section = activity.section
    if not access.can_report_progress(
        user, section.plan.task_force, section.sub_task_force_id, activity.responsible_agency_id
    ):
        raise PermissionDenied


def _require_draft(request, plan: ActionPlan) -> bool:
    """Content changes only in draft; say so and send the user back otherwise."""
    if plan.status == PlanStatus.DRAFT:
        return True
    messages.error(
        request,
        _("The plan is “%(status)s”: its content is locked.")
        % {"status": plan.get_status_display()},
    )
    return False


# --- plans --------------------------------------------------------------------------


@login_required
def plan_list(request, tf):
    task_force = access.get_for_user(
        request.user, TaskForce.objects.select_related("region"), pk=tf
    )
    plans = task_force.plans.annotate(activity_count=Count("sections__activities"))
    return render(
        request,
        "actionplans/plan_list.html",
        {
            "task_force": task_force,
            "plans": plans,
            "can_edit": access.can(request.user, Action.EDIT, task_force),
        },
    )


@login_required
def plan_create(request, tf):
    task_force = access.get_for_user(
        request.user, TaskForce.objects.select_related("region"), Action.EDIT, pk=tf
    )
    form = PlanForm(request.POST or None, task_force=task_force)
    if request.method == "POST" and form.is_valid():
        plan = create_plan(task_force, form.instance)
        messages.success(request, _("The plan was created with one section per sub-GT."))
        return redirect(plan)
    return render_form(
        request, form, _("New action plan"), task_force, task_force.get_absolute_url()
    )


@login_required
def plan_detail(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    year = _year_param(request, plan)
    activities = load_activities(plan, year=year)
    overall, sections = plan_progress(plan, year, activities)
    activity_filter = ActivityFilter(
        request.GET or None, queryset=plan.activities(), plan=plan, year=year
    )
    shown_ids = set(activity_filter.qs.values_list("pk", flat=True)) if request.GET else None
    status = request.GET.get("status")
    rows = [
        r
        for r in overall.rows
        if (shown_ids is None or r.activity.pk in shown_ids)
        and (request.GET.get("overdue") != "1" or r.overdue)
        and (not status or r.status == status)
    ]
    user = request.user
    task_force = plan.task_force
    editable_sections = {
        group.section.pk
        for group in sections
        if access.can_edit_section(user, task_force, group.section.sub_task_force_id)
    }
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "task_force": task_force,
            "year": year,
            "overall": overall,
            "sections": sections,
            "rows": rows,
            "filter": activity_filter,
            "chart": progress_bars([(s.label, s.percent) for s in sections]),
            "smart_failures": [r for r in overall.rows if r.gaps],
            "open_comments": plan.comments.filter(resolved=False).count(),
            "can_edit": access.can(user, Action.EDIT, task_force),
            "can_enact": access.can(user, Action.APPROVE_PLAN, task_force),
            "editable_sections": editable_sections,
            "transitions": plan.transitions.select_related("user")[:8],
            "section_list": plan.sections.select_related("sub_task_force"),
            "working_group": plan.working_group.select_related("person"),
            "comments": plan.comments.select_related("activity"),
            "grace_days": settings.PROGRESS_GRACE_DAYS,
            # Other apps' panels (monitoring: evaluations, actions for the revision).
            "panels": plan_panels.panels_for(request, plan),
        },
    )


def _year_param(request, plan) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return current_year(plan)
    return year if year in plan.years else current_year(plan)


@login_required
def plan_edit(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, Action.EDIT, pk=pk)
    if not _require_draft(request, plan):
        return redirect(plan)
    form = PlanForm(request.POST or None, instance=plan, task_force=plan.task_force)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The plan was saved."))
        return redirect(plan)
    return render_form(request, form, _("Edit plan"), plan.task_force, plan.get_absolute_url())


def _transition_view(action: Action, method: str, success: str):
    """A POST-only workflow step: permission, the model method, a clear message."""

    @login_required
    @require_POST
    def view(request, pk):
        plan = access.get_for_user(request.user, PLAN_QS, action, pk=pk)
        form = NoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        return run_step(
            request, plan, lambda: getattr(plan, method)(request.user, note=note), success
        )

    return view


plan_submit = _transition_view(
    Action.EDIT, "submit_for_review", gettext_lazy("The plan was sent to legal review.")
)
plan_return = _transition_view(
    Action.EDIT, "return_to_draft", gettext_lazy("The plan is back in draft.")
)
plan_close = _transition_view(Action.EDIT, "close", gettext_lazy("The plan was closed."))
plan_revise = _transition_view(
    Action.EDIT,
    "revise",
    gettext_lazy("A new version was created as a draft; the enacted one stays readable."),
)


@login_required
def plan_enact(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, Action.APPROVE_PLAN, pk=pk)
    if plan.status != PlanStatus.IN_REVIEW:
        messages.error(request, _("Only a plan in legal review can be enacted."))
        return redirect(plan)
    form = EnactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return run_step(
            request,
            plan,
            lambda: plan.enact(
                request.user,
                number=data["regulation_number"],
                date=data["regulation_date"],
                monitoring=data["monitoring_frequency"],
                reporting=data["reporting_frequency"],
                sources=data["budget_sources"],
                note=data["note"],
            ),
            _("The plan is enacted; its content is now locked."),
        )
    return render_form(request, form, _("Enact the plan"), plan.task_force, plan.get_absolute_url())


@login_required
def plan_history(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    return render(
        request,
        "actionplans/plan_history.html",
        {
            "plan": plan,
            "task_force": plan.task_force,
            "transitions": plan.transitions.select_related("user"),
            "history": history_for(plan),
            "versions": _versions(plan),
        },
    )


def _versions(plan):
    return ActionPlan.objects.filter(
        task_force=plan.task_force, start_year=plan.start_year
    ).order_by("version")


@login_required
def plan_compare(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    versions = _versions(plan)
    other_pk = request.GET.get("with") or (plan.previous_id and str(plan.previous_id))
    if not other_pk or not other_pk.isdigit():
        raise Http404
    other = access.get_for_user(request.user, versions, pk=int(other_pk))
    old, new = (other, plan) if other.version < plan.version else (plan, other)
    return render(
        request,
        "actionplans/plan_compare.html",
        {
            "plan": plan,
            "task_force": plan.task_force,
            "old": old,
            "new": new,
            "diff": plan_diff(old, new),
            "versions": versions,
        },
    )


@login_required
def work_plan(request, pk, year):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    if year not in plan.years:
        raise Http404
    activities = [a for a in load_activities(plan, year=year) if a.active_in(year)]
    rows = [activity_progress(a, year) for a in activities]
    return render(
        request,
        "actionplans/work_plan.html",
        {"plan": plan, "task_force": plan.task_force, "year": year, "rows": rows},
    )


@login_required
def district_plans(request, tf):
    """A province's districts' plans side by side: status and progress this year."""
    task_force = access.get_for_user(
        request.user, TaskForce.objects.select_related("region"), pk=tf
    )
    districts = list(
        access.visible(request.user, TaskForce).children_of(task_force).select_related("region")
    )
    plans = (
        ActionPlan.objects.filter(task_force__in=districts)
        .exclude(status=PlanStatus.REVISED)
        .prefetch_related("sections__sub_task_force")
        .order_by("task_force", "-start_year", "-version")
    )
    latest = {}
    for plan in plans:
        latest.setdefault(plan.task_force_id, plan)
    activities = load_activities(
        None, Activity.objects.filter(section__plan__in=list(latest.values()))
    )
    by_plan = {}
    for activity in activities:
        by_plan.setdefault(activity.section.plan_id, []).append(activity)
    rows = []
    for district in districts:
        plan = latest.get(district.pk)
        overall = None
        if plan:
            plan.task_force = district
            overall, _groups = plan_progress(
                plan, current_year(plan), by_plan.get(plan.pk, []), plan.sections.all()
            )
        rows.append((district, plan, overall))
    return render(
        request,
        "actionplans/district_plans.html",
        {"task_force": task_force, "rows": rows, "is_national": task_force.level == Level.NATIONAL},
    )


# --- working group, integration, comments ---------------------------------------------


@login_required
def working_group_add(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, Action.EDIT, pk=pk)
    form = WorkingGroupForm(request.POST or None, task_force=plan.task_force)
    if request.method == "POST" and form.is_valid():
        form.instance.plan = plan
        form.save()
        messages.success(request, _("Added to the working group."))
        return redirect(plan)
    return render_form(
        request, form, _("Add to the working group"), plan.task_force, plan.get_absolute_url()
    )


@login_required
@require_POST
def working_group_remove(request, pk):
    member = access.get_for_user(
        request.user, WorkingGroupMember.objects.select_related("plan"), Action.EDIT, pk=pk
    )
    member.delete()
    return redirect(member.plan)


@login_required
def integration_list(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    can_edit = access.can(request.user, Action.EDIT, plan.task_force)
    form = IntegrationForm(request.POST or None, task_force=plan.task_force, plan=plan)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, _("The integration record was saved."))
            return redirect("actionplans:integration_list", pk=plan.pk)
    records = plan.integrations.select_related("agency")
    recorded = {r.agency_id for r in records}
    responsible = (
        plan.task_force.agencies.filter(responsible_for__section__plan=plan)
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "actionplans/integration_list.html",
        {
            "plan": plan,
            "task_force": plan.task_force,
            "records": records,
            "missing": [a for a in responsible if a.pk not in recorded],
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def integration_delete(request, pk):
    record = access.get_for_user(
        request.user, Integration.objects.select_related("plan"), Action.EDIT, pk=pk
    )
    record.delete()
    return redirect("actionplans:integration_list", pk=record.plan_id)


@login_required
def comment_add(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, Action.EDIT, pk=pk)
    if plan.status != PlanStatus.IN_REVIEW:
        messages.error(request, _("Review comments are recorded while the plan is in review."))
        return redirect(plan)
    form = CommentForm(request.POST or None, task_force=plan.task_force, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("The review comment was recorded."))
        return redirect(plan)
    return render_form(
        request, form, _("Record a review comment"), plan.task_force, plan.get_absolute_url()
    )


def _comment_for(request, pk) -> ReviewComment:
    comment = access.get_for_user(
        request.user,
        ReviewComment.objects.select_related("plan__task_force__region", "activity__section"),
        pk=pk,
    )
    plan = comment.plan
    if comment.activity_id:
        _require_section_editor(request.user, comment.activity.section)
    else:
        access.require(request.user, Action.EDIT, plan.task_force)
    return comment


@login_required
def comment_respond(request, pk):
    comment = _comment_for(request, pk)
    form = CommentResponseForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        form.instance.responded_by = request.user
        form.instance.responded_at = timezone.now()
        form.save()
        messages.success(request, _("The response was saved."))
        return redirect(comment.plan)
    return render_form(
        request,
        form,
        _("Answer the review comment"),
        comment.plan.task_force,
        comment.plan.get_absolute_url(),
    )


@login_required
@require_POST
def comment_resolve(request, pk):
    comment = access.get_for_user(
        request.user, ReviewComment.objects.select_related("plan"), Action.EDIT, pk=pk
    )
    if not comment.response:
        messages.error(request, _("Answer the comment before marking it resolved."))
    else:
        comment.resolved = True
        comment.save()
    return redirect(comment.plan)


# --- sections and activities ----------------------------------------------------------


@login_required
def section_detail(request, pk):
    section = access.get_for_user(request.user, SECTION_QS, pk=pk)
    plan = section.plan
    year = _year_param(request, plan)
    activities = load_activities(plan, plan.activities().filter(section=section), year=year)
    _overall, groups = plan_progress(plan, year, activities)
    group = next(g for g in groups if g.section.pk == section.pk)
    heads = plan.task_force.memberships.current().filter(
        role="subgt_head", sub_task_force=section.sub_task_force
    )
    return render(
        request,
        "actionplans/section_detail.html",
        {
            "section": section,
            "plan": plan,
            "task_force": plan.task_force,
            "year": year,
            "group": group,
            "heads": heads.select_related("person"),
            "objectives": section.objectives.all(),
            "can_edit_section": access.can_edit_section(
                request.user, plan.task_force, section.sub_task_force_id
            )
            and plan.status == PlanStatus.DRAFT,
        },
    )


@login_required
def objective_add(request, pk):
    section = access.get_for_user(request.user, SECTION_QS, pk=pk)
    _require_section_editor(request.user, section)
    if not _require_draft(request, section.plan):
        return redirect(section)
    form = ObjectiveForm(request.POST or None, task_force=section.plan.task_force)
    if request.method == "POST" and form.is_valid():
        form.instance.section = section
        form.save()
        return redirect(section)
    return render_form(
        request, form, _("Add an objective"), section.plan.task_force, section.get_absolute_url()
    )


@login_required
def activity_create(request, pk):
    section = access.get_for_user(request.user, SECTION_QS, pk=pk)
    _require_section_editor(request.user, section)
    if not _require_draft(request, section.plan):
        return redirect(section)
    form = ActivityForm(request.POST or None, task_force=section.plan.task_force, section=section)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            activity = form.save()
        messages.success(request, _("The activity was added."))
        return redirect(activity)
    return render_form(
        request, form, _("Add an activity"), section.plan.task_force, section.get_absolute_url()
    )


@login_required
def activity_detail(request, pk):
    activity = access.get_for_user(request.user, ACTIVITY_QS, pk=pk)
    plan = activity.section.plan
    year = _year_param(request, plan)
    reports = list(
        activity.progress.select_related("reported_by", "reviewed_by").prefetch_related("evidence")
    )
    targets = {t.year: t.target for t in activity.targets.all()}
    points = [
        (f"{r.year} Q{r.quarter}", r.achieved, targets.get(r.year))
        for r in sorted(reports, key=lambda r: (r.year, r.quarter))
    ]
    user = request.user
    return render(
        request,
        "actionplans/activity_detail.html",
        {
            "activity": activity,
            "plan": plan,
            "task_force": plan.task_force,
            "year": year,
            "progress": activity_progress(activity, year),
            "targets": sorted(targets.items()),
            "reports": reports,
            "chart": quarterly_chart(points),
            "history": history_for(activity),
            "can_edit_activity": plan.status == PlanStatus.DRAFT
            and access.can_edit_section(user, plan.task_force, activity.section.sub_task_force_id),
            "can_report": plan.status == PlanStatus.ENACTED
            and access.can_report_progress(
                user,
                plan.task_force,
                activity.section.sub_task_force_id,
                activity.responsible_agency_id,
            ),
            "can_review": access.can(user, Action.REVIEW_SUBMISSION, plan.task_force),
            "comments": activity.comments.all(),
        },
    )


@login_required
def activity_edit(request, pk):
    activity = access.get_for_user(request.user, ACTIVITY_QS, pk=pk)
    section = activity.section
    _require_section_editor(request.user, section)
    if not _require_draft(request, section.plan):
        return redirect(activity)
    form = ActivityForm(
        request.POST or None, instance=activity, task_force=section.plan.task_force, section=section
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The activity was saved."))
        return redirect(activity)
    return render_form(
        request, form, _("Edit activity"), section.plan.task_force, activity.get_absolute_url()
    )


@login_required
@require_POST
def activity_delete(request, pk):
    activity = access.get_for_user(request.user, ACTIVITY_QS, pk=pk)
    _require_section_editor(request.user, activity.section)
    if _require_draft(request, activity.section.plan):
        try:
            activity.delete()
        except ProtectedError:
            messages.error(request, _("This activity has budget lines; remove or move them first."))
            return redirect(activity)
        messages.success(request, _("The activity was removed."))
    return redirect(activity.section)


# --- progress -------------------------------------------------------------------------


@login_required
def progress_create(request, pk):
    activity = access.get_for_user(request.user, ACTIVITY_QS, pk=pk)
    return _progress_form(request, activity, ProgressReport(activity=activity))


@login_required
def progress_edit(request, pk):
    report = access.get_for_user(request.user, PROGRESS_QS, pk=pk)
    _require_reporter(request.user, report.activity)
    if report.review_state not in (ReviewState.DRAFT, ReviewState.RETURNED):
        messages.error(request, _("A submitted or accepted report can no longer be changed."))
        return redirect(report)
    return _progress_form(request, report.activity, report)


def _progress_form(request, activity, report):
    _require_reporter(request.user, activity)
    plan = activity.section.plan
    if plan.status != PlanStatus.ENACTED:
        messages.error(request, _("Progress is reported on an enacted plan."))
        return redirect(activity)
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        instance=report,
        task_force=plan.task_force,
        activity=activity,
    )
    if not report.pk:
        today = timezone.localdate()
        form.fields["year"].initial = current_year(plan)
        form.fields["quarter"].initial = (today.month - 1) // 3 + 1
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.reported_by = request.user
            saved = form.save()
            upload = form.cleaned_data.get("evidence")
            if upload:
                Evidence.objects.create(
                    report=saved,
                    file=upload,
                    original_name=upload.name[:255],
                    size=upload.size,
                    uploaded_by=request.user,
                )
            if "submit" in request.POST:
                saved.submit(request.user)
        messages.success(request, _("The progress report was saved."))
        return redirect(activity)
    return render_form(
        request,
        form,
        _("Progress of %(activity)s") % {"activity": activity},
        plan.task_force,
        activity.get_absolute_url(),
        submit_label=_("Save and submit for review"),
        form_note=_(
            "Enter the value reached so far this year (cumulative), to compare with the "
            "year's target. A draft can still be changed; a submitted report goes to the "
            "steering chair for review."
        ),
    )


def _progress_step(request, pk, step):
    report = access.get_for_user(request.user, PROGRESS_QS, pk=pk)
    return run_step(request, report, lambda: step(report))


@login_required
@require_POST
def progress_submit(request, pk):
    def step(report):
        _require_reporter(request.user, report.activity)
        report.submit(request.user)
        messages.success(request, _("The report was submitted for review."))

    return _progress_step(request, pk, step)


@login_required
@require_POST
def progress_accept(request, pk):
    def step(report):
        access.require(
            request.user, Action.REVIEW_SUBMISSION, report.activity.section.plan.task_force
        )
        report.accept(request.user)
        messages.success(request, _("The report was accepted."))

    return _progress_step(request, pk, step)


@login_required
@require_POST
def progress_return(request, pk):
    def step(report):
        access.require(
            request.user, Action.REVIEW_SUBMISSION, report.activity.section.plan.task_force
        )
        report.send_back(request.user, request.POST.get("reason", ""))
        messages.success(request, _("The report was returned to its author."))

    return _progress_step(request, pk, step)


@login_required
def evidence_download(request, pk):
    evidence = access.get_for_user(request.user, Evidence, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)
