"""Builders for statistics tests: consistent figures and submissions in any state."""

import datetime

from django.utils import timezone

from monitoring import measures
from monitoring.models import QuarterlySubmission, StatisticCell, SubmissionState

# A quarter that has ended, whatever day the tests run.
YEAR, QUARTER = 2025, 2


def figures(identified: int = 10, assisted: int = 6, small_abroad: int = 0) -> dict[str, int]:
    """Every cell, each breakdown adding up: women adults, forced labour, at home,
    except ``small_abroad`` of them in Malaysia."""
    values = {code: 0 for code in measures.all_codes()}
    for name, total in (("identified", identified), ("assisted", assisted)):
        abroad = min(small_abroad, total)
        values[f"{name}.total"] = total
        values[f"{name}.sex_age.female_adult"] = total
        values[f"{name}.exploitation.forced_labour"] = total
        values[f"{name}.place.domestic"] = total - abroad
        values[f"{name}.place.abroad"] = abroad
        values[f"{name}.destination.MY"] = abroad
    values["prosecution.reported"] = 7
    values["prosecution.suspects"] = 9
    return values


def form_data(values: dict, note: str = "") -> dict[str, str]:
    data = {code: ("?" if v is None else str(v)) for code, v in values.items()}
    data["note"] = note
    return data


def make_submission(
    task_force,
    state=SubmissionState.DRAFT,
    year=YEAR,
    quarter=QUARTER,
    values=None,
    submitted_at=None,
) -> QuarterlySubmission:
    """A submission put straight into ``state`` (the workflow is tested on its own)."""
    values = figures() if values is None else values
    if submitted_at is None and state != SubmissionState.DRAFT:
        submitted_at = timezone.make_aware(datetime.datetime(year, 3 * quarter, 28, 10))
    submission = QuarterlySubmission.objects.create(
        task_force=task_force,
        year=year,
        quarter=quarter,
        state=state,
        submitted_at=submitted_at,
        last_submitted_at=submitted_at,
        accepted_at=timezone.now() if state == SubmissionState.ACCEPTED else None,
    )
    StatisticCell.objects.bulk_create(
        StatisticCell(submission=submission, code=code, value=value)
        for code, value in values.items()
    )
    return submission
