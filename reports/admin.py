"""Reports in the admin, scoped to the staff user's task forces (see ``gugustugas.admin``)."""

from django.contrib import admin

from gugustugas.admin import ScopedHistoryAdmin
from reports.models import Report


@admin.register(Report)
class ReportAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "task_force"]
    list_select_related = ["task_force__region"]
    raw_id_fields = ["task_force"]
