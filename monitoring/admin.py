"""Monitoring in the admin, scoped to the staff user's task forces (see
``gugustugas.admin``)."""

from gugustugas.admin import TASK_FORCE_NAME, ScopedAdmin, ScopedHistoryAdmin
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

# Rows of a task force: listed with it, picked by id.
for model, inlines in [
    (QuarterlySubmission, [StatisticCell]),
    (MonitoringForm, []),
    (Evaluation, []),
    (ChecklistAssessment, []),
]:
    ScopedHistoryAdmin.register(
        model,
        "__str__ task_force",
        by_id="task_force",
        inlines=inlines,
        list_select_related=TASK_FORCE_NAME,
    )

# Rows under another row, listed with that row.
for model, parent in [
    (MonitoringRow, "form"),
    (CorrectiveAction, "form"),
    (CriterionAssessment, "evaluation"),
    (Recommendation, "evaluation"),
    (ChecklistAnswer, "assessment"),
]:
    ScopedHistoryAdmin.register(model, ["__str__", parent], by_id=[parent])

# Without an audit trail.
ScopedAdmin.register(StatisticCell, "__str__ submission", by_id="submission")
ScopedAdmin.register(SubmissionReminder, "__str__ task_force", by_id="task_force")
