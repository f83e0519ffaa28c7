from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from members.models import Agency, Membership, Person


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "task_force"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["task_force"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "email", "phone", "user"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["task_force", "user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "agency", "task_force", "start_date", "end_date"]
    list_filter = ["role"]
    search_fields = ["person__full_name", "position_title"]
    raw_id_fields = ["task_force", "person", "agency", "sub_task_force"]
