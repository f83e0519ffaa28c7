"""Members, partners and capacity in the admin, scoped to the staff user's task forces
(see ``gugustugas.admin``)."""

from django.contrib import admin

from gugustugas.admin import ScopedHistoryAdmin, ScopedTabularInline
from members.models import (
    Agency,
    InductionItem,
    Membership,
    MoU,
    NeedsSurveyResponse,
    Partner,
    PartnerContact,
    Person,
    Training,
    TrainingParticipant,
)


@admin.register(Agency)
class AgencyAdmin(ScopedHistoryAdmin):
    list_display = ["name", "short_name", "kind", "task_force"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["task_force"]


@admin.register(Person)
class PersonAdmin(ScopedHistoryAdmin):
    list_display = ["full_name", "email", "phone", "user"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["task_force", "user"]


@admin.register(Membership)
class MembershipAdmin(ScopedHistoryAdmin):
    list_display = ["person", "role", "agency", "task_force", "start_date", "end_date"]
    list_filter = ["role"]
    search_fields = ["person__full_name", "position_title"]
    raw_id_fields = ["task_force", "person", "agency", "sub_task_force", "successor"]


class PartnerContactInline(ScopedTabularInline):
    model = PartnerContact


@admin.register(Partner)
class PartnerAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "task_force"]
    list_filter = ["kind", "prevention", "protection", "prosecution"]
    search_fields = ["name"]
    raw_id_fields = ["task_force", "works_with"]
    inlines = [PartnerContactInline]


@admin.register(PartnerContact)
class PartnerContactAdmin(ScopedHistoryAdmin):
    list_display = ["name", "position", "partner", "email", "phone"]
    search_fields = ["name", "partner__name"]
    raw_id_fields = ["partner"]


@admin.register(MoU)
class MoUAdmin(ScopedHistoryAdmin):
    list_display = ["title", "number", "task_force", "status", "start_date", "end_date"]
    list_filter = ["status"]
    search_fields = ["title", "number"]
    raw_id_fields = ["task_force", "partners", "other_task_forces", "renews"]


class TrainingParticipantInline(ScopedTabularInline):
    model = TrainingParticipant
    raw_id_fields = ["person"]


@admin.register(Training)
class TrainingAdmin(ScopedHistoryAdmin):
    list_display = ["title", "task_force", "topic", "date", "mandatory"]
    list_filter = ["topic", "mandatory"]
    search_fields = ["title", "place", "organiser"]
    raw_id_fields = ["task_force", "partner"]
    inlines = [TrainingParticipantInline]


@admin.register(TrainingParticipant)
class TrainingParticipantAdmin(ScopedHistoryAdmin):
    list_display = ["person", "training", "pre_score", "post_score"]
    raw_id_fields = ["training", "person"]


@admin.register(InductionItem)
class InductionItemAdmin(ScopedHistoryAdmin):
    list_display = ["title", "kind", "task_force"]
    list_filter = ["kind"]
    raw_id_fields = ["task_force"]


@admin.register(NeedsSurveyResponse)
class NeedsSurveyResponseAdmin(ScopedHistoryAdmin):
    list_display = ["person", "task_force", "year"]
    list_filter = ["year"]
    raw_id_fields = ["task_force", "person"]
