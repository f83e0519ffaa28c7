"""Access-matrix rows of the quarterly statistics (``monitoring/views_statistics.py``);
merged into tests/access/test_matrix.py MATRIX.

A task force's own figures are edited and submitted by its secretariat and steering
chair (EDIT rows). Accepting, returning and reopening belong to the steering chair of
the level above, so those rows act on a submission of a regency/city *below* the
target province (not the district of the ``district_*`` logins, who must not see it):
the target's ``province_daily_chair`` is its reviewer. The open data is public.
"""

import itertools

from gugustugas.models import Role, TaskForce
from monitoring import services
from monitoring.models import QuarterlySubmission, SubmissionState
from tests.access.kinds import EDIT, EDIT_POST, PUBLIC, READ, ROLES_POST, Row, _tf
from tests.monitoring.builders import QUARTER, YEAR, figures, make_submission

# Every builder call gets a quarter of its own: one submission per task force and quarter.
# Past years, counting down: a quarter must have ended before its figures are submitted.
_years = itertools.count(2020, -1)


def _tf_with_quarter_free(target):
    """The target, without a submission for the quarter its start form names (so every
    allowed actor's POST starts one)."""
    year, quarter = services.recent_quarters(8)[-1]
    QuarterlySubmission.objects.filter(task_force=target, year=year, quarter=quarter).delete()
    return _tf(target)


def _start_data():
    year, quarter = services.recent_quarters(8)[-1]
    return {"year": str(year), "quarter": str(quarter)}


# A complete, consistent set of figures: saving it redirects (nothing left to correct).
_FIGURES = {code: str(value) for code, value in figures().items()} | {"note": "Sumber: UPTD PPA"}


def submission_of(state, below=False):
    def build(target):
        task_force = target
        if below:
            task_force = (
                TaskForce.objects.children_of(target)
                .exclude(region__code="32.02")
                .select_related("region")
                .order_by("region__code")
                .first()
            )
        return {"pk": make_submission(task_force, state, year=next(_years)).pk}

    return build


def _period(target):
    return {"tf": target.pk, "year": YEAR, "quarter": QUARTER}


S = SubmissionState
REVIEWERS = frozenset({Role.DAILY_CHAIR})

ROWS: dict = {
    "monitoring:statistics_home": Row(READ, _tf),
    "monitoring:submission_start": Row(EDIT_POST, _tf_with_quarter_free, data=_start_data()),
    "monitoring:aggregate": Row(READ, _period),
    "monitoring:completeness": Row(READ, _period),
    "monitoring:submission_detail": Row(READ, submission_of(S.DRAFT)),
    "monitoring:submission_edit": Row(EDIT, submission_of(S.DRAFT), data=_FIGURES),
    "monitoring:submission_submit": Row(EDIT_POST, submission_of(S.DRAFT)),
    "monitoring:submission_resubmit": Row(EDIT_POST, submission_of(S.RETURNED)),
    "monitoring:submission_accept": Row(ROLES_POST, submission_of(S.SUBMITTED, True), REVIEWERS),
    "monitoring:submission_return": Row(ROLES_POST, submission_of(S.SUBMITTED, True), REVIEWERS),
    "monitoring:submission_reopen": Row(ROLES_POST, submission_of(S.ACCEPTED, True), REVIEWERS),
    "monitoring:open_data": Row(PUBLIC),
    "monitoring:open_data_csv": Row(PUBLIC),
    "monitoring:open_data_json": Row(PUBLIC),
    "monitoring:open_data_xlsx": Row(PUBLIC),
}
