"""Access-matrix rows of the meetings' answer links and calendars; merged into
tests/access/test_matrix.py MATRIX.

The answer link and the personal feed are PUBLIC: the signed token or the calendar key
in the address is the authority, not a session. The task-force feed is READ: a
session in read scope (a calendar program uses ``?key=`` instead, see
tests/meetings/test_calendar.py)."""

import datetime
import itertools

from gugustugas.models import Role
from meetings.models import CalendarKey
from meetings.rsvp import make_token
from tests.access.kinds import AUTH, AUTH_POST, GET_POST, PUBLIC, READ, Row, _tf
from tests.conftest import make_member
from tests.meetings.builders import invite_new_member, make_meeting

_numbers = itertools.count(1)


def _future_meeting(target):
    return make_meeting(target, starts_in=datetime.timedelta(days=14))


def _rsvp_token(target):
    return {"token": make_token(invite_new_member(_future_meeting(target)))}


def _meeting(target):
    return {"pk": _future_meeting(target).pk}


def _calendar_key(target):
    member = make_member(target, Role.MEMBER, username=f"calendar_user_{next(_numbers)}")
    return {"key": CalendarKey.for_user(member.person.user).key}


ROWS: dict = {
    "meetings:rsvp": Row(PUBLIC, _rsvp_token, methods=GET_POST, data={"answer": "accept"}),
    "meetings:meeting_ics": Row(READ, _meeting),
    "meetings:task_force_feed": Row(READ, _tf),
    # The page makes the user's calendar key on first view.
    "meetings:calendar": Row(AUTH, get_writes=True),
    # Renewing changes the key in place.
    "meetings:calendar_renew": Row(AUTH_POST),
    "meetings:user_feed": Row(PUBLIC, _calendar_key),
}
