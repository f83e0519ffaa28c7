"""Access-matrix rows of the meeting scheduling pages (``meetings/views.py``); merged into
tests/access/test_matrix.py MATRIX.

Organisers of an overall coordination meeting are the secretariat and the steering chair
(EDIT rows); a sub-GT coordination meeting of the target's first sub-GT is organised by
them and by the ``<level>_subgt_head`` login, who heads that sub-GT (SECTION_EDITORS).
The meetings have no note-taker, so writing the attendance list is role-based.
"""

import datetime

from django.core.files.base import ContentFile

from meetings.models import AgendaItem, Invitation, Kind, Material
from tests.access.kinds import (
    EDIT,
    EDIT_POST,
    READ,
    ROLES_GET,
    ROLES_POST,
    SECTION_EDITORS,
    Row,
    _tf,
)
from tests.conftest import make_member
from tests.meetings.builders import make_meeting

PAST = -datetime.timedelta(days=1)


def meeting(kind=Kind.OVERALL, starts_in=datetime.timedelta(days=14)):
    def build(target):
        return {"pk": make_meeting(target, kind, starts_in).pk}

    return build


def _agenda_item(target):
    item = AgendaItem.objects.create(meeting=make_meeting(target, Kind.SUBGT), title="Pembukaan")
    return {"pk": item.pk}


def _material(kind):
    def build(target):
        material = Material(meeting=make_meeting(target, kind), title="Bahan paparan")
        material.file.save("paparan.pdf", ContentFile(b"%PDF-1.4 bahan rapat"), save=True)
        return {"pk": material.pk}

    return build


def _invitation(target):
    invitation = Invitation.objects.create(
        meeting=make_meeting(target, Kind.SUBGT), membership=make_member(target, "member")
    )
    return {"pk": invitation.pk}


def _with_invitation(target):
    # Sending needs someone to send to.
    meeting = make_meeting(target)
    Invitation.objects.create(meeting=meeting, membership=make_member(target, "member"))
    return {"pk": meeting.pk}


ROWS: dict = {
    "meetings:meeting_list": Row(READ, _tf),
    "meetings:meeting_create": Row(ROLES_GET, _tf, SECTION_EDITORS),
    "meetings:meeting_detail": Row(READ, meeting()),
    "meetings:meeting_edit": Row(EDIT, meeting()),
    "meetings:meeting_cancel": Row(ROLES_POST, meeting(Kind.SUBGT), SECTION_EDITORS),
    "meetings:agenda_add": Row(EDIT, meeting()),
    "meetings:agenda_remove": Row(ROLES_POST, _agenda_item, SECTION_EDITORS),
    "meetings:material_add": Row(EDIT, meeting()),
    "meetings:material_download": Row(READ, _material(Kind.OVERALL)),
    "meetings:material_remove": Row(ROLES_POST, _material(Kind.SUBGT), SECTION_EDITORS),
    # Inviting the task force's secretariat: there is always one (a shared login).
    "meetings:invitations": Row(EDIT, meeting(), data={"roles": ["secretariat"]}),
    "meetings:invitations_send": Row(EDIT_POST, _with_invitation),
    "meetings:invitation_remove": Row(ROLES_POST, _invitation, SECTION_EDITORS),
    "meetings:attendance": Row(ROLES_GET, meeting(Kind.SUBGT, PAST), SECTION_EDITORS),
    "meetings:checklist_tick": Row(EDIT_POST, meeting(), data={"item": "room"}),
}
