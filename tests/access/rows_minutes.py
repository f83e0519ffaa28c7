"""Access-matrix rows of the minutes and action points (``meetings/views_minutes.py``);
merged into tests/access/test_matrix.py MATRIX.

Every meeting took place yesterday and has no note-taker, so writing the minutes is
role-based: the secretariat and the steering chair for an overall coordination meeting
(EDIT rows), and also the ``<level>_subgt_head`` login for a meeting of the sub-GT it
heads (SECTION_EDITORS). Approving belongs to the meeting's chair: the target's
``<level>_daily_chair`` login. Action points belong to an agency none of the logins sits
for, so following one up is for those who write the minutes (and, without a chair, the
steering chair, who is one of them).
"""

import datetime

from gugustugas.models import Role
from meetings.models import Amendment, Invitation, Kind, Meeting, MinutesStatus
from members.models import Membership
from tests.access.kinds import (
    EDIT,
    EDIT_POST,
    READ,
    ROLES_POST,
    SECTION_EDITORS,
    Row,
    _tf,
)
from tests.conftest import AgencyFactory, make_member
from tests.meetings.builders import circulate, make_action_point, make_meeting

PAST = -datetime.timedelta(days=1)


def held(target, status=MinutesStatus.DRAFT, kind=Kind.OVERALL, **fields):
    """A meeting of yesterday whose minutes are in ``status``."""
    meeting = make_meeting(target, kind, PAST, discussion="Pembahasan rapat.", **fields)
    if status != MinutesStatus.DRAFT:
        circulate(meeting)
    if status == MinutesStatus.FINAL:
        Meeting.workflow.record(meeting, "approve")
    return meeting


def meeting_in(status, kind=Kind.OVERALL):
    def build(target):
        return {"pk": held(target, status, kind).pk}

    return build


def _chaired_by_daily_chair(target):
    chair = Membership.objects.filter(
        task_force=target, role=Role.DAILY_CHAIR, person__user__isnull=False
    ).first()
    return {"pk": held(target, MinutesStatus.CIRCULATED, chair=chair).pk}


def _open_amendment(target):
    amendment = Amendment.objects.create(
        meeting=held(target, MinutesStatus.CIRCULATED), text="Paragraf 2 diperbaiki."
    )
    return {"pk": amendment.pk}


def _action_point(status):
    def build(target):
        point = make_action_point(
            held(target, status), owner_agency=AgencyFactory(task_force=target)
        )
        return {"pk": point.pk}

    return build


def _with_attendance(target):
    meeting = held(target, MinutesStatus.FINAL, case_reference="PPT-32-2026-001", kind=Kind.SPECIAL)
    Invitation.objects.create(meeting=meeting, membership=make_member(target, Role.MEMBER))
    make_action_point(meeting, owner_agency=AgencyFactory(task_force=target))
    return {"pk": meeting.pk}


ROWS: dict = {
    "meetings:minutes_edit": Row(EDIT, meeting_in(MinutesStatus.DRAFT)),
    "meetings:minutes_circulate": Row(
        ROLES_POST, meeting_in(MinutesStatus.DRAFT, Kind.SUBGT), SECTION_EDITORS
    ),
    "meetings:minutes_redraft": Row(EDIT_POST, meeting_in(MinutesStatus.CIRCULATED)),
    "meetings:minutes_approve": Row(ROLES_POST, _chaired_by_daily_chair, {Role.DAILY_CHAIR}),
    # Organisers may amend; no invitations and no chair, so nobody else may.
    "meetings:amendment_add": Row(
        EDIT_POST, meeting_in(MinutesStatus.CIRCULATED), data={"text": "Paragraf 2 diperbaiki."}
    ),
    "meetings:amendment_answer": Row(EDIT_POST, _open_amendment, data={"answer": "Diterima."}),
    "meetings:minutes_pdf": Row(READ, _with_attendance),
    "meetings:action_point_add": Row(EDIT, meeting_in(MinutesStatus.DRAFT)),
    "meetings:action_point_edit": Row(EDIT, _action_point(MinutesStatus.DRAFT)),
    # Following up goes on after the minutes are final.
    "meetings:action_point_status": Row(
        EDIT_POST, _action_point(MinutesStatus.FINAL), data={"status": "in_progress"}
    ),
    "meetings:action_point_list": Row(READ, _tf),
}
