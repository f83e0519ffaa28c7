"""Access-matrix rows of the reports (``reports/urls.py``); merged into
tests/access/test_matrix.py MATRIX.

Preparing a report (creating it, its narrative, a new build, a corrected version) is for
the secretariat and the steering chair (EDIT rows: PREPARE_REPORT is theirs); the
steering chair submits, the chair approves and signs or returns, either of them
publishes. The portal, a published report, its signed file and its verification page
are PUBLIC; nothing else is reachable without a login."""

from gugustugas.models import Role
from reports.models import Status
from tests.access.kinds import EDIT, EDIT_POST, GET_POST, PUBLIC, READ, ROLES_POST, Row, _none, _tf
from tests.reports import builders as b

ROWS: dict = {
    "reports:report_list": Row(READ, _tf),
    "reports:report_create": Row(EDIT, _tf),
    "reports:report_detail": Row(READ, b.report_in(Status.SUBMITTED)),
    "reports:narrative_edit": Row(EDIT, b.part_of_draft),
    "reports:report_build": Row(EDIT_POST, b.report_in(Status.DRAFT)),
    "reports:report_correct": Row(EDIT, b.report_in(Status.APPROVED)),
    "reports:report_download": Row(READ, b.download("internal")),
    "reports:report_submit": Row(ROLES_POST, b.report_in(Status.DRAFT), {Role.DAILY_CHAIR}),
    "reports:report_approve": Row(ROLES_POST, b.report_in(Status.SUBMITTED), {Role.CHAIR}),
    "reports:report_return": Row(ROLES_POST, b.report_in(Status.SUBMITTED), {Role.CHAIR}),
    "reports:report_publish": Row(
        ROLES_POST, b.report_in(Status.APPROVED), {Role.CHAIR, Role.DAILY_CHAIR}
    ),
    "reports:portal": Row(PUBLIC, _none),
    "reports:public_report": Row(PUBLIC, b.report_in(Status.PUBLISHED)),
    "reports:public_download": Row(PUBLIC, b.report_in(Status.PUBLISHED)),
    # Its form checks an uploaded copy against the signed file: it writes nothing.
    "reports:verify": Row(PUBLIC, b.published_code, methods=GET_POST, changes=False),
}
