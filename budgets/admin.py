"""Budgets in the admin, scoped to the staff user's task forces (see ``gugustugas.admin``)."""

from django.contrib import admin

from budgets.models import Advocacy, BudgetLine, Milestone, Realisation
from gugustugas.admin import ScopedHistoryAdmin, ScopedTabularInline


class RealisationInline(ScopedTabularInline):
    model = Realisation
    raw_id_fields = ["recorded_by"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedHistoryAdmin):
    list_display = ["item", "task_force", "agency", "fiscal_year", "total", "status"]
    list_filter = ["status", "fiscal_year", "funding_source", "cost_type"]
    search_fields = ["item", "agency__name", "activity__code"]
    list_select_related = ["task_force__region", "agency"]
    raw_id_fields = ["task_force", "agency", "activity", "status_changed_by"]
    readonly_fields = ["total"]
    inlines = [RealisationInline]


@admin.register(Realisation)
class RealisationAdmin(ScopedHistoryAdmin):
    list_display = ["line", "quarter", "amount", "recorded_by"]
    list_filter = ["quarter"]
    raw_id_fields = ["line", "recorded_by"]


@admin.register(Milestone)
class MilestoneAdmin(ScopedHistoryAdmin):
    list_display = ["kind", "task_force", "fiscal_year", "due", "done_on"]
    list_filter = ["kind", "fiscal_year"]
    raw_id_fields = ["task_force"]


@admin.register(Advocacy)
class AdvocacyAdmin(ScopedHistoryAdmin):
    list_display = ["date", "task_force", "counterpart", "milestone"]
    raw_id_fields = ["task_force", "milestone"]
