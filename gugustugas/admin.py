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

    @classmethod
    def register(
        cls,
        model,
        columns=("__str__",),
        *,
        filters=(),
        search=(),
        by_id=(),
        inlines=(),
        **options,
    ):
        """Register ``model`` with an admin class of this base, declared in a few words
        (each a list of field names, or one string of them split by spaces): the list's
        ``columns``, its ``filters`` and ``search`` fields, the keys picked by id
        (``by_id``: ``raw_id_fields``), ``inlines`` (classes, or models for a plain
        ``ScopedTabularInline``); ``options`` are any other ``ModelAdmin`` attributes."""
        attrs = {
            "__module__": f"{model._meta.app_label}.admin",
            "list_display": _names(columns),
            "list_filter": _names(filters),
            "search_fields": _names(search),
            "raw_id_fields": _names(by_id),
            "inlines": [inline(item) if hasattr(item, "_meta") else item for item in inlines],
        }
        admin_class = type(f"{model.__name__}Admin", (cls,), attrs | options)
        admin.site.register(model, admin_class)
        return admin_class


def _names(names) -> list[str]:
    return names.split() if isinstance(names, str) else list(names)


def inline(model, **options) -> type:
    """A ``ScopedTabularInline`` of ``model`` (``options``: its other attributes)."""
    attrs = {"__module__": f"{model._meta.app_label}.admin", "model": model} | options
    return type(f"{model.__name__}Inline", (ScopedTabularInline,), attrs)


# The related rows a task force's list needs for its name.
TASK_FORCE_NAME = ["task_force__region"]


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


ScopedHistoryAdmin.register(
    TaskForce,
    "__str__ formation_status decree_number decree_date",
    filters="formation_status region__level",
    search="region__name region__code decree_number",
    by_id="region",
    inlines=[SubTaskForce],
    list_select_related=["region"],
)
ScopedHistoryAdmin.register(
    SubTaskForce,
    "name kind task_force order",
    filters="kind",
    search="custom_name task_force__region__name",
    by_id="task_force",
    list_select_related=TASK_FORCE_NAME,
)


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
