"""Monitoring and evaluation models, one module per topic."""

from monitoring.models.checklist import ChecklistAnswer, ChecklistAssessment
from monitoring.models.forms import (
    CorrectiveAction,
    Criterion,
    CriterionAssessment,
    DocumentStatus,
    Evaluation,
    MonitoringForm,
    MonitoringRow,
    Rating,
    Recommendation,
)
from monitoring.models.statistics import (
    QuarterlySubmission,
    StatisticCell,
    SubmissionReminder,
    SubmissionState,
)

__all__ = [
    "ChecklistAnswer",
    "ChecklistAssessment",
    "CorrectiveAction",
    "Criterion",
    "CriterionAssessment",
    "DocumentStatus",
    "Evaluation",
    "MonitoringForm",
    "MonitoringRow",
    "QuarterlySubmission",
    "Rating",
    "Recommendation",
    "StatisticCell",
    "SubmissionReminder",
    "SubmissionState",
]
