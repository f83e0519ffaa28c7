from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gugustugas.models import Region, SubTaskForce, TaskForce


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class SubTaskForceInline(admin.TabularInline):
    model = SubTaskForce
    extra = 0


@admin.register(TaskForce)
class TaskForceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "formation_status", "decree_number", "decree_date"]
    list_filter = ["formation_status", "region__level"]
    search_fields = ["region__name", "region__code", "decree_number"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    inlines = [SubTaskForceInline]
