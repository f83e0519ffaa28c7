"""Action plans in the admin, scoped to the staff user's task forces (see
``gugustugas.admin``)."""

from django.contrib import admin

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Evidence,
    Integration,
    Objective,
    ProgressReport,
    ReviewComment,
    Section,
    WorkingGroupMember,
)
from gugustugas.admin import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline


class SectionInline(ScopedTabularInline):
    model = Section
    raw_id_fields = ["sub_task_force"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "task_force", "version", "status", "regulation_number"]
    list_filter = ["status", "task_force__region__level"]
    search_fields = ["title", "task_force__region__name", "regulation_number"]
    list_select_related = ["task_force__region"]
    raw_id_fields = ["task_force", "previous"]
    inlines = [SectionInline]


@admin.register(WorkingGroupMember)
class WorkingGroupMemberAdmin(ScopedHistoryAdmin):
    list_display = ["plan", "person", "name", "organisation", "role"]
    raw_id_fields = ["plan", "person"]


@admin.register(Section)
class SectionAdmin(ScopedHistoryAdmin):
    list_display = ["plan", "sub_task_force", "order"]
    raw_id_fields = ["plan", "sub_task_force"]


@admin.register(Objective)
class ObjectiveAdmin(ScopedHistoryAdmin):
    list_display = ["text", "section", "order"]
    raw_id_fields = ["section"]


class ActivityTargetInline(ScopedTabularInline):
    model = ActivityTarget


@admin.register(Activity)
class ActivityAdmin(ScopedHistoryAdmin):
    list_display = ["code", "title", "section", "area", "responsible_agency"]
    list_filter = ["area"]
    search_fields = ["code", "title", "indicator"]
    raw_id_fields = ["section", "objective", "responsible_agency", "implementing_agencies"]
    inlines = [ActivityTargetInline]


@admin.register(ActivityTarget)
class ActivityTargetAdmin(ScopedHistoryAdmin):
    list_display = ["activity", "year", "target"]
    list_filter = ["year"]
    raw_id_fields = ["activity"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ScopedHistoryAdmin):
    list_display = ["plan", "activity", "reviewer", "created_at", "resolved"]
    list_filter = ["resolved"]
    raw_id_fields = ["plan", "activity", "created_by", "responded_by"]


@admin.register(Integration)
class IntegrationAdmin(ScopedHistoryAdmin):
    list_display = ["plan", "agency", "document", "reference", "year"]
    list_filter = ["document"]
    raw_id_fields = ["plan", "agency"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedHistoryAdmin):
    list_display = ["activity", "year", "quarter", "achieved", "status", "review_state"]
    list_filter = ["review_state", "status", "year", "quarter"]
    raw_id_fields = ["activity", "reported_by", "reviewed_by"]


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin):
    list_display = ["original_name", "report", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["report", "uploaded_by"]
