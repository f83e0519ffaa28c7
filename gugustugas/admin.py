"""The admin site of the core, and the scoped admin classes every app's ``admin.py`` uses.

The admin is for system administration. A superuser sees every row; a staff user who is
not one sees only the rows of task forces in his read scope (``access.visible``), and
foreign-key choices on its forms are narrowed the same way, so the admin is never a way
around the task-force tree. Which models he may open at all is still Django's model
permissions.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gugustugas import access
from gugustugas.models import Region, SubTaskForce, TaskForce, WorkflowRecord


def reaches_task_force(model) -> bool:
    """Does the model belong to a task force (``scope_field`` or a ``task_force`` key)?"""
    if model is TaskForce or hasattr(model, "scope_field"):
        return True
    return any(field.name == "task_force" for field in model._meta.get_fields())


class ScopedAdminMixin:
    """Lists, change forms and foreign-key choices narrowed to the user's read scope."""

    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and reaches_task_force(db_field.related_model):
            field.queryset = access.visible(request.user, field.queryset)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and reaches_task_force(db_field.related_model):
            field.queryset = access.visible(request.user, field.queryset)
        return field


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """For models with an audit trail (django-simple-history): its history page too."""


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """For models without an audit trail."""


class ScopedTabularInline(ScopedAdminMixin, admin.TabularInline):
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class SubTaskForceInline(ScopedTabularInline):
    model = SubTaskForce


@admin.register(TaskForce)
class TaskForceAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "formation_status", "decree_number", "decree_date"]
    list_filter = ["formation_status", "region__level"]
    search_fields = ["region__name", "region__code", "decree_number"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    inlines = [SubTaskForceInline]


@admin.register(SubTaskForce)
class SubTaskForceAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "task_force", "order"]
    list_filter = ["kind"]
    search_fields = ["custom_name", "task_force__region__name"]
    list_select_related = ["task_force__region"]
    raw_id_fields = ["task_force"]


@admin.register(WorkflowRecord)
class WorkflowRecordAdmin(admin.ModelAdmin):
    """The steps taken in every workflow. A record carries no scope of its own (it is read
    through its object's timeline), so only superusers see the rows, and nobody adds or
    changes one here: ``gugustugas.workflow`` writes them when a step is taken."""

    list_display = ["__str__", "content_type", "object_id", "user", "at"]
    list_filter = ["content_type", "step"]
    list_select_related = ["content_type", "user"]
    readonly_fields = [
        "content_type",
        "object_id",
        "step",
        "from_state",
        "to_state",
        "user",
        "at",
        "note",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
