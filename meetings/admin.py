"""Meetings in the admin, scoped to the staff user's task forces (see
``gugustugas.admin``)."""

from django.contrib import admin

from gugustugas.admin import ScopedHistoryAdmin, ScopedTabularInline
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


class AgendaItemInline(ScopedTabularInline):
    model = AgendaItem


class DecisionInline(ScopedTabularInline):
    model = Decision


@admin.register(Meeting)
class MeetingAdmin(ScopedHistoryAdmin):
    list_display = ["title", "task_force", "kind", "starts_at", "minutes_status", "cancelled_at"]
    list_filter = ["kind", "minutes_status"]
    search_fields = ["title", "task_force__region__name", "case_reference"]
    list_select_related = ["task_force__region"]
    raw_id_fields = [
        "task_force",
        "sub_task_force",
        "chair",
        "facilitator",
        "note_taker",
        "approved_by",
    ]
    inlines = [AgendaItemInline, DecisionInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedHistoryAdmin):
    list_display = ["title", "meeting", "order", "presenter"]
    raw_id_fields = ["meeting"]


@admin.register(Material)
class MaterialAdmin(ScopedHistoryAdmin):
    list_display = ["title", "meeting", "uploaded_at"]
    raw_id_fields = ["meeting"]


@admin.register(Invitation)
class InvitationAdmin(ScopedHistoryAdmin):
    list_display = ["membership", "meeting", "response", "attendance", "sent_at"]
    list_filter = ["response", "attendance"]
    raw_id_fields = ["meeting", "membership"]
    # The nonce signs the answer links of the e-mail: never shown.
    exclude = ["rsvp_nonce"]


@admin.register(ChecklistTick)
class ChecklistTickAdmin(ScopedHistoryAdmin):
    list_display = ["item", "meeting", "ticked_by", "ticked_at"]
    raw_id_fields = ["meeting", "ticked_by"]


@admin.register(Decision)
class DecisionAdmin(ScopedHistoryAdmin):
    list_display = ["meeting", "order", "text"]
    raw_id_fields = ["meeting"]


@admin.register(Amendment)
class AmendmentAdmin(ScopedHistoryAdmin):
    list_display = ["meeting", "author", "created_at", "resolved_at"]
    raw_id_fields = ["meeting", "author"]


@admin.register(ActionPoint)
class ActionPointAdmin(ScopedHistoryAdmin):
    list_display = ["description", "meeting", "owner_agency", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["description"]
    raw_id_fields = ["meeting", "owner_agency", "owner_person", "activity"]


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
