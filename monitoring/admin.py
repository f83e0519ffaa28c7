"""Monitoring in the admin, scoped to the staff user's task forces (see
``gugustugas.admin``)."""

from django.contrib import admin

from gugustugas.admin import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline
from monitoring.models import (
    ChecklistAnswer,
    ChecklistAssessment,
    CorrectiveAction,
    CriterionAssessment,
    Evaluation,
    MonitoringForm,
    MonitoringRow,
    QuarterlySubmission,
    Recommendation,
    StatisticCell,
    SubmissionReminder,
)


class StatisticCellInline(ScopedTabularInline):
    model = StatisticCell


@admin.register(QuarterlySubmission)
class QuarterlySubmissionAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "task_force"]
    list_select_related = ["task_force__region"]
    raw_id_fields = ["task_force"]
    inlines = [StatisticCellInline]


@admin.register(StatisticCell)
class StatisticCellAdmin(ScopedAdmin):
    list_display = ["__str__", "submission"]
    raw_id_fields = ["submission"]


@admin.register(SubmissionReminder)
class SubmissionReminderAdmin(ScopedAdmin):
    list_display = ["__str__", "task_force"]
    raw_id_fields = ["task_force"]


@admin.register(MonitoringForm)
class MonitoringFormAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "task_force"]
    list_select_related = ["task_force__region"]
    raw_id_fields = ["task_force"]


@admin.register(MonitoringRow)
class MonitoringRowAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "form"]
    raw_id_fields = ["form"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "form"]
    raw_id_fields = ["form"]


@admin.register(Evaluation)
class EvaluationAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "task_force"]
    list_select_related = ["task_force__region"]
    raw_id_fields = ["task_force"]


@admin.register(CriterionAssessment)
class CriterionAssessmentAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "evaluation"]
    raw_id_fields = ["evaluation"]


@admin.register(Recommendation)
class RecommendationAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "evaluation"]
    raw_id_fields = ["evaluation"]


@admin.register(ChecklistAssessment)
class ChecklistAssessmentAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "task_force"]
    list_select_related = ["task_force__region"]
    raw_id_fields = ["task_force"]


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "assessment"]
    raw_id_fields = ["assessment"]
