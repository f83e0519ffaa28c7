from collections import Counter

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Func, OuterRef, Q, Subquery
from django.db.models.deletion import ProtectedError
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_filters.views import FilterView

from gugustugas import access, inbox, oversight
from gugustugas.access import Action
from gugustugas.filters import TaskForceFilter
from gugustugas.forms import SubTaskForceForm, TaskForceForm
from gugustugas.generic import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedUpdateView,
)
from gugustugas.history import history_for
from gugustugas.menu import links_for
from gugustugas.models import FormationStatus, Level, SubTaskForce, TaskForce, role_title
from gugustugas.panels import panels_for


def _count(queryset) -> Subquery:
    """A correlated COUNT(*): evaluated only for the rows of the page shown."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values("pk")
            .annotate(n=Func("pk", function="COUNT"))
            .values("n")[:1]
        ),
        0,
    )


def overview_rows(task_forces):
    """Task forces with the figures the oversight tables show, in one query.

    Correlated subqueries instead of joins with GROUP BY: the database counts only for
    the task forces on the page, not for all 553 before paginating. The counts of the
    task forces below them come from ``with_below_counts`` (a correlated count there is
    a scan of every task force per row on PostgreSQL: 24 ms for the 38 provinces).
    """
    membership = apps.get_model("members", "Membership")  # members builds on this app
    today = timezone.localdate()
    current = membership.objects.current(today).filter(task_force=OuterRef("pk"))
    return task_forces.select_related("region").annotate(
        member_count=_count(current),
        subgt_count=_count(SubTaskForce.objects.filter(task_force=OuterRef("pk"))),
    )


def with_below_counts(rows) -> list:
    """``rows`` (task forces) as a list, each with ``below_count`` and ``below_formed``:
    the task forces directly below it, and those of them formed by decree; one grouped
    query whatever the number of rows."""
    rows = list(rows)
    counts = (
        TaskForce.objects.filter(region__parent_id__in=[tf.region_id for tf in rows])
        .order_by()
        .values("region__parent_id")
        .annotate(
            n=Count("pk"), formed=Count("pk", filter=Q(formation_status=FormationStatus.FORMED))
        )
    )
    by_region = {row["region__parent_id"]: row for row in counts}
    for tf in rows:
        found = by_region.get(tf.region_id, {})
        tf.below_count, tf.below_formed = found.get("n", 0), found.get("formed", 0)
    return rows


# The dashboard shows the first tasks; "My work" has them all.
INBOX_LIMIT = 12


def _dashboard_card(request, task_force, seats) -> dict:
    """One home task force on the dashboard: the user's roles there, its panels and the
    task forces directly below with their formation counts."""
    roles = sorted({role_title(s.role, s.level) for s in seats if s.task_force_id == task_force.pk})
    below = with_below_counts(overview_rows(TaskForce.objects.children_of(task_force)))
    status_counts = Counter(tf.formation_status for tf in below)
    return {
        "task_force": task_force,
        "panels": panels_for(request, task_force),
        "roles": roles,
        "below": below,
        "status_counts": [
            (label, status_counts.get(value, 0)) for value, label in FormationStatus.choices
        ],
    }


@login_required
@require_GET
def dashboard(request):
    user = request.user
    homes = access.home_task_forces(user)
    if not homes and user.is_superuser:
        homes = list(
            TaskForce.objects.filter(region__level=Level.NATIONAL).select_related("region")
        )
    seats = access.seats(user)
    work = inbox.items_for(user)
    return render(
        request,
        "gugustugas/dashboard.html",
        {
            "cards": [_dashboard_card(request, tf, seats) for tf in homes],
            "inbox": work,
            "inbox_count": work.count,
            "inbox_limit": INBOX_LIMIT,
            "oversight_modules": oversight.modules(),
        },
    )


class TaskForceListView(LoginRequiredMixin, FilterView):
    model = TaskForce
    filterset_class = TaskForceFilter
    template_name = "gugustugas/taskforce_list.html"
    paginate_by = 60

    def get_queryset(self):
        return (
            overview_rows(access.visible(self.request.user, TaskForce))
            .select_related("region__parent")
            .order_by("region__path")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = with_below_counts(context["object_list"])
        return context


def _members(task_force: TaskForce) -> tuple[list, list]:
    """The current and the former members of the task force (on its own date)."""
    today = task_force.today()
    # Through the reverse relation: members builds on this app, not the other way.
    memberships = task_force.memberships.select_related("person", "agency", "sub_task_force")
    current = list(memberships.current(today).order_by("role", "person__full_name"))
    former = list(memberships.former(today).order_by("-end_date"))
    for m in current + former:
        m.task_force = task_force  # role titles need the level; avoid a query per row
    return current, former


def _subgts(task_force: TaskForce, current: list) -> list:
    """The sub-GTs, each with its current member count and its heads among ``current``."""
    heads = {}
    for m in current:
        if m.sub_task_force_id and m.role == "subgt_head":
            heads.setdefault(m.sub_task_force_id, []).append(m)
    current_of_subgt = task_force.memberships.model.objects.current(task_force.today()).filter(
        sub_task_force=OuterRef("pk")
    )
    subgts = list(task_force.subgts.annotate(member_count=_count(current_of_subgt)))
    for subgt in subgts:
        subgt.heads = heads.get(subgt.pk, [])
    return subgts


class TaskForceDetailView(ScopedDetailView):
    model = TaskForce
    template_name = "gugustugas/taskforce_detail.html"

    def get_queryset(self):
        return TaskForce.objects.select_related("region__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task_force = self.object
        current, former = _members(task_force)
        context.update(
            current_members=current,
            former_members=former,
            # Until the pack is received and the mandatory training done.
            induction_pending=[m for m in current if not m.induction_complete],
            subgts=_subgts(task_force, current),
            below=with_below_counts(overview_rows(TaskForce.objects.children_of(task_force))),
            task_force=task_force,  # the side bar and the breadcrumbs
            module_links=links_for(self.request.user, task_force),
            parent_task_force=access.visible(self.request.user, TaskForce)
            .filter(region_id=task_force.region.parent_id)
            .first(),
        )
        return context


class TaskForceUpdateView(ScopedUpdateView):
    model = TaskForce
    form_class = TaskForceForm
    success_message = gettext_lazy("The task force was saved.")

    def get_queryset(self):
        return TaskForce.objects.select_related("region")


class TaskForceHistoryView(ScopedDetailView):
    model = TaskForce
    template_name = "gugustugas/taskforce_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_for(self.object)
        context["subgt_history"] = [
            (subgt, history_for(subgt, limit=10)) for subgt in self.object.subgts.all()
        ]
        return context


class SubTaskForceCreateView(ScopedCreateView):
    model = SubTaskForce
    form_class = SubTaskForceForm
    success_message = gettext_lazy("Sub-GT “%(object)s” was added.")

    def get_success_url(self):
        return self.task_force.get_absolute_url()


class SubTaskForceUpdateView(ScopedUpdateView):
    model = SubTaskForce
    form_class = SubTaskForceForm
    success_message = gettext_lazy("Sub-GT “%(object)s” was saved.")

    def get_success_url(self):
        return self.object.task_force.get_absolute_url()


@login_required
@require_POST
def subgt_delete(request, pk):
    subgt = access.get_for_user(request.user, SubTaskForce, Action.EDIT, pk=pk)
    task_force = subgt.task_force
    try:
        subgt.delete()
    except ProtectedError:
        messages.error(
            request,
            _("Sub-GT “%(name)s” still has members or action-plan sections; move them first.")
            % {"name": subgt},
        )
    else:
        messages.success(request, _("Sub-GT “%(name)s” was removed.") % {"name": subgt})
    return redirect(task_force)
