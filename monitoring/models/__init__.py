"""The monitoring app's models, one module per topic."""

from monitoring.models.statistics import (  # noqa: F401
    QuarterlySubmission,
    StatisticCell,
    SubmissionReminder,
    SubmissionState,
)
