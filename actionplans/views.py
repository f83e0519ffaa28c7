from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actionplans.charts import progress_bars, quarterly_chart, report_points
from actionplans.filters import ActivityFilter
from actionplans.forms import (
    ActivityForm,
    CommentForm,
    CommentResponseForm,
    IntegrationForm,
    ObjectiveForm,
    PlanForm,
    ProgressForm,
    WorkingGroupForm,
    default_quarter,
)
from actionplans.models import (
    ActionPlan,
    Activity,
    Integration,
    ProgressReport,
    ReviewComment,
    Section,
    WorkingGroupMember,
)
from actionplans.services import (
    activity_progress,
    counted_reports,
    create_plan,
    current_year,
    load_activities,
    plan_diff,
    plan_figures,
    plan_progress,
    remove_activity,
    save_progress,
)
from gugustugas import access
from gugustugas.access import Action
from gugustugas.cache import kept_many
from gugustugas.forms import id_from_text
from gugustugas.generic import (
    ScopedChildCreateView,
    ScopedCreateView,
    ScopedUpdateView,
    recheck_write_scope,
)
from gugustugas.history import history_for
from gugustugas.models import TaskForce
from gugustugas.panels import plan_panels
from gugustugas.workflow import TransitionError, with_timelines

PLAN_QS = ActionPlan.objects.select_related("task_force__region", "previous")
SECTION_QS = Section.objects.select_related("plan__task_force__region", "sub_task_force")
ACTIVITY_QS = Activity.objects.select_related(
    "section__plan__task_force__region", "section__sub_task_force", "responsible_agency"
)
PROGRESS_QS = ProgressReport.objects.select_related(
    "activity__section__plan__task_force__region", "activity__section__sub_task_force"
)


# --- permission helpers: the rules themselves live in gugustugas.access -------------


def may_edit_section(user, section: Section) -> bool:
    return access.can_edit_section(user, section.plan.task_force, section.sub_task_force_id)


def may_report(user, activity: Activity) -> bool:
    section = activity.section
    return access.can_report_progress(
        user, section.plan.task_force, section.sub_task_force_id, activity.responsible_agency_id
    )


# --- plans --------------------------------------------------------------------------


@login_required
@require_GET
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


class PlanCreateView(ScopedCreateView):
    model = ActionPlan
    form_class = PlanForm
    title = gettext_lazy("New action plan")
    success_message = gettext_lazy("The plan was created with one section per sub-GT.")

    def save(self, form):
        return create_plan(self.task_force, form.instance)


@login_required
@require_GET
def plan_detail(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    year = _year_param(request, plan)
    overall, sections = plan_figures(plan, year)
    activity_filter = ActivityFilter(
        request.GET or None, queryset=plan.activities(), plan=plan, year=year
    )
    rows, chunks = _activity_rows(request, plan, year, overall, activity_filter)
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "task_force": plan.task_force,
            "year": year,
            "overall": overall,
            "sections": sections,
            "rows": rows,
            "chunks": chunks,
            "filter": activity_filter,
            "chart": progress_bars([(s.label, s.percent) for s in sections]),
            "smart_failures": [r for r in overall.rows if r.gaps],
            "grace_days": settings.PROGRESS_GRACE_DAYS,
            # Other apps' panels (monitoring: evaluations, actions for the revision).
            "panels": plan_panels.panels_for(request, plan),
        }
        | _plan_parts(plan)
        | _plan_rights(request.user, plan, sections),
    )


def _activity_rows(request, plan, year, overall, activity_filter) -> tuple[list, list | None]:
    """The activity rows the filter keeps; unfiltered, each section's rows rendered once
    (hundreds of rows) and kept until one of them is computed again (a progress report
    recomputes one row: only its section is rendered again)."""
    rows = activity_filter.rows(overall.rows)
    if set(request.GET) - {"year"}:
        return rows, None
    language = get_language()
    sections = [list(group) for _s, group in groupby(rows, key=lambda r: r.activity.section_id)]
    chunks = kept_many(
        [
            (
                ("rad-rows", plan.pk, year, language, [row.token for row in group]),
                lambda group=group: render_to_string(
                    "actionplans/includes/activity_row_list.html", {"rows": group}
                ),
            )
            for group in sections
        ]
    )
    return rows, chunks


def _plan_rights(user, plan, sections) -> dict:
    """What the user may edit on the plan's page: the plan, and which sections."""
    return {
        "can_edit": access.can(user, Action.EDIT, plan.task_force),
        # The plan's own task force: the cached sections do not carry their plan.
        "editable_sections": {
            g.section.pk
            for g in sections
            if access.can_edit_section(user, plan.task_force, g.section.sub_task_force_id)
        },
    }


def _plan_parts(plan) -> dict:
    """The plan's sections, working group and review comments, for its page."""
    return {
        "open_comments": plan.open_comments().count(),
        "section_list": plan.sections.select_related("sub_task_force"),
        "working_group": plan.working_group.select_related("person"),
        "comments": plan.comments.select_related("activity"),
    }


def _year_param(request, plan) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return current_year(plan)
    return year if year in plan.years else current_year(plan)


class PlanUpdateView(ScopedUpdateView):
    queryset = PLAN_QS
    form_class = PlanForm
    title = gettext_lazy("Edit plan")
    success_message = gettext_lazy("The plan was saved.")

    def check_state(self, plan):
        plan.require_editable()


@login_required
@require_GET
def plan_history(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    return render(
        request,
        "actionplans/plan_history.html",
        {
            "plan": plan,
            "task_force": plan.task_force,
            "history": history_for(plan),
            "versions": _versions(plan),
        },
    )


def _versions(plan):
    return ActionPlan.objects.filter(
        task_force=plan.task_force, start_year=plan.start_year
    ).order_by("version")


@login_required
@require_GET
def plan_compare(request, pk):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    versions = _versions(plan)
    other_pk = id_from_text(request.GET.get("with") or plan.previous_id or "")
    if other_pk is None:
        raise Http404
    other = access.get_for_user(request.user, versions, pk=other_pk)
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
@require_GET
def work_plan(request, pk, year):
    plan = access.get_for_user(request.user, PLAN_QS, pk=pk)
    if year not in plan.years:
        raise Http404
    activities = [a for a in load_activities(plan, year=year) if a.active_in(year)]
    rows = [activity_progress(a, year, plan=plan) for a in activities]
    return render(
        request,
        "actionplans/work_plan.html",
        {"plan": plan, "task_force": plan.task_force, "year": year, "rows": rows},
    )


# --- working group, integration, comments ---------------------------------------------


class WorkingGroupAddView(ScopedChildCreateView):
    parent_queryset = PLAN_QS
    parent_field = "plan"
    form_class = WorkingGroupForm
    title = gettext_lazy("Add to the working group")
    success_message = gettext_lazy("Added to the working group.")


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
            with transaction.atomic():
                recheck_write_scope(request.user, form.save(), Action.EDIT)
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


class CommentAddView(ScopedChildCreateView):
    parent_queryset = PLAN_QS
    parent_field = "plan"
    form_class = CommentForm
    title = gettext_lazy("Record a review comment")
    success_message = gettext_lazy("The review comment was recorded.")

    def check_state(self, plan):
        plan.require_review()

    def extra_form_kwargs(self):
        return {"plan": self.parent}

    def save(self, form):
        form.instance.created_by = self.request.user
        return form.save()

    def get_success_url(self):
        return self.parent.get_absolute_url()


class CommentRespondView(ScopedUpdateView):
    """The secretariat answers any comment; a Kepala Sub-GT those on his section."""

    queryset = ReviewComment.objects.select_related(
        "plan__task_force__region", "activity__section__plan"
    )
    form_class = CommentResponseForm
    title = gettext_lazy("Answer the review comment")
    success_message = gettext_lazy("The response was saved.")

    def may(self, user, comment):
        if comment.activity_id:
            return may_edit_section(user, comment.activity.section)
        return access.can(user, Action.EDIT, comment.plan.task_force)

    def save(self, form):
        return form.instance.respond(self.request.user, form.cleaned_data["response"])

    def get_success_url(self):
        return self.object.plan.get_absolute_url()


@login_required
@require_POST
def comment_resolve(request, pk):
    comment = access.get_for_user(
        request.user, ReviewComment.objects.select_related("plan"), Action.EDIT, pk=pk
    )
    try:
        comment.resolve()
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect(comment.plan)


# --- sections and activities ----------------------------------------------------------


@login_required
@require_GET
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
            and plan.can_edit_content,
        },
    )


class SectionChildCreateView(ScopedChildCreateView):
    """A row of a section: its editors add it while the plan is a draft."""

    parent_queryset = SECTION_QS
    parent_field = "section"

    def may(self, user, section):
        return may_edit_section(user, section)

    def check_state(self, section):
        section.plan.require_editable()


class ObjectiveAddView(SectionChildCreateView):
    form_class = ObjectiveForm
    title = gettext_lazy("Add an objective")

    def get_success_url(self):
        return self.parent.get_absolute_url()


class ActivityCreateView(SectionChildCreateView):
    form_class = ActivityForm
    title = gettext_lazy("Add an activity")
    success_message = gettext_lazy("The activity was added.")

    def extra_form_kwargs(self):
        return {"section": self.parent}


def _progress_reports(activity) -> list:
    """The activity's progress reports with their evidence and timelines."""
    reports = activity.progress.select_related("reported_by", "reviewed_by")
    return with_timelines(list(reports.prefetch_related("evidence")))


@login_required
@require_GET
def activity_detail(request, pk):
    activity = access.get_for_user(request.user, ACTIVITY_QS, pk=pk)
    plan = activity.section.plan
    year = _year_param(request, plan)
    reports = _progress_reports(activity)
    targets = {t.year: t.target for t in activity.targets.all()}
    user = request.user
    return render(
        request,
        "actionplans/activity_detail.html",
        {
            "activity": activity,
            "plan": plan,
            "task_force": plan.task_force,
            "year": year,
            "progress": activity_progress(activity, year, plan=plan),
            "targets": sorted(targets.items()),
            "reports": reports,
            # The chart is a figure: drafts and returned reports are not on it.
            "chart": quarterly_chart(report_points(counted_reports(reports), targets)),
            "history": history_for(activity),
            "can_edit_activity": plan.can_edit_content and may_edit_section(user, activity.section),
            "can_report": plan.takes_progress and may_report(user, activity),
            "can_review": access.can(user, Action.REVIEW_SUBMISSION, plan.task_force),
            "comments": activity.comments.all(),
        },
    )


class ActivityUpdateView(ScopedUpdateView):
    queryset = ACTIVITY_QS
    form_class = ActivityForm
    title = gettext_lazy("Edit activity")
    success_message = gettext_lazy("The activity was saved.")

    def may(self, user, activity):
        return may_edit_section(user, activity.section)

    def check_state(self, activity):
        activity.section.plan.require_editable()

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"section": self.object.section}


@login_required
@require_POST
def activity_delete(request, pk):
    activity = access.get_for_user(request.user, ACTIVITY_QS, pk=pk)
    if not may_edit_section(request.user, activity.section):
        raise PermissionDenied
    try:
        remove_activity(activity)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(activity)
    messages.success(request, _("The activity was removed."))
    return redirect(activity.section)


# --- progress -------------------------------------------------------------------------


PROGRESS_NOTE = gettext_lazy(
    "Enter the value reached so far this year (cumulative), to compare with the "
    "year's target. A draft can still be changed; a submitted report goes to the "
    "steering chair for review."
)


PROGRESS_SUBMITTED = gettext_lazy(
    "The progress report was submitted for review: the steering chair accepts it "
    "or returns it with a reason. It counts in the plan's figures once accepted."
)
PROGRESS_SAVED = gettext_lazy(
    "The progress report was saved as a draft. It counts in no figure until you "
    "submit it for review."
)


class ProgressFormMixin:
    """The progress form: the activity's reporters, on an enacted plan; "Save and submit"
    submits in the same transaction; an evidence file is attached."""

    form_class = ProgressForm
    submit_label = gettext_lazy("Save and submit for review")
    form_note = PROGRESS_NOTE

    @property
    def submitting(self) -> bool:
        return "submit" in self.request.POST

    def get_success_message(self) -> str:
        return str(PROGRESS_SUBMITTED if self.submitting else PROGRESS_SAVED)

    def save(self, form):
        evidence = form.cleaned_data.get("evidence")
        return save_progress(form, self.request.user, evidence=evidence, submit=self.submitting)

    def get_context_data(self, **kwargs):
        activity = self.activity()
        return super().get_context_data(**kwargs) | {
            "page_title": _("Progress of %(activity)s") % {"activity": activity},
            "cancel_url": activity.get_absolute_url(),
            "form_facts": kwargs.get("form", self.get_form()).facts(self.report_year()),
        }

    def get_success_url(self):
        return self.activity().get_absolute_url()


class ProgressCreateView(ProgressFormMixin, ScopedChildCreateView):
    parent_queryset = ACTIVITY_QS
    parent_field = "activity"

    def activity(self):
        return self.parent

    def may(self, user, activity):
        return may_report(user, activity)

    def check_state(self, activity):
        activity.section.plan.require_progress()

    def extra_form_kwargs(self):
        return {"activity": self.parent}

    def report_year(self) -> int:
        return int(self.get_initial()["year"])

    def get_initial(self):
        # The task force's own date: in Jayapura the new quarter starts 2 hours earlier.
        today = self.parent.section.plan.task_force.today()
        plan = self.parent.section.plan
        year = min(max(today.year, plan.start_year), plan.end_year)
        return {"year": year, "quarter": default_quarter(year, today)}


class ProgressUpdateView(ProgressFormMixin, ScopedUpdateView):
    queryset = PROGRESS_QS

    def activity(self):
        return self.object.activity

    def may(self, user, report):
        return may_report(user, report.activity)

    def check_state(self, report):
        report.require_editable()
        report.activity.section.plan.require_progress()

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"activity": self.object.activity}

    def report_year(self) -> int:
        return self.object.year
