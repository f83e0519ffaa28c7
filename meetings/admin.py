"""Meetings in the admin, scoped to the staff user's task forces (see
``gugustugas.admin``)."""

from django.contrib import admin

from gugustugas.admin import TASK_FORCE_NAME, ScopedHistoryAdmin
from meetings.models import (
    ActionPoint,
    AgendaItem,
    Amendment,
    CalendarKey,
    ChecklistTick,
    Decision,
    Invitation,
    Material,
    Meeting,
)

ScopedHistoryAdmin.register(
    Meeting,
    "title task_force kind starts_at minutes_status cancelled_at",
    filters="kind minutes_status",
    search="title task_force__region__name case_reference",
    by_id="task_force sub_task_force chair facilitator note_taker approved_by",
    inlines=[AgendaItem, Decision],
    list_select_related=TASK_FORCE_NAME,
)
ScopedHistoryAdmin.register(AgendaItem, "title meeting order presenter", by_id="meeting")
ScopedHistoryAdmin.register(Material, "title meeting uploaded_at", by_id="meeting")
ScopedHistoryAdmin.register(
    Invitation,
    "membership meeting response attendance sent_at",
    filters="response attendance",
    by_id="meeting membership",
    exclude=["rsvp_nonce"],  # the nonce signs the answer links of the e-mail: never shown
)
ScopedHistoryAdmin.register(
    ChecklistTick, "item meeting ticked_by ticked_at", by_id="meeting ticked_by"
)
ScopedHistoryAdmin.register(Decision, "meeting order text", by_id="meeting")
ScopedHistoryAdmin.register(
    Amendment, "meeting author created_at resolved_at", by_id="meeting author"
)
ScopedHistoryAdmin.register(
    ActionPoint,
    "description meeting owner_agency due_date status",
    filters="status",
    search="description",
    by_id="meeting owner_agency owner_person activity",
)


@admin.register(CalendarKey)
class CalendarKeyAdmin(admin.ModelAdmin):
    """A user's calendar-feed secret. It belongs to no task force, so only superusers see
    the rows, and never the key itself (renewing it is the user's own page)."""

    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.none()

    def has_add_permission(self, request):
        return False
