"""Overdue action points are e-mailed once to their owner and the meeting's chair."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from gugustugas import daily
from gugustugas.models import Role
from meetings.models import ActionPoint, ActionPointStatus, Kind
from meetings.reminders import send_overdue_action_points
from members.models import Membership
from tests.conftest import make_member
from tests.meetings.builders import make_action_point, make_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_today")]
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def meeting(tree, users):
    chair = Membership.objects.get(person__user=users["province_daily_chair"])
    return make_meeting(tree["province"], Kind.OVERALL, starts_in=-30 * DAY, chair=chair)


def addresses():
    return sorted(address for message in mail.outbox for address in message.to)


def test_owner_and_chair_are_told_once(meeting, users):
    owner = Membership.objects.get(person__user=users["province_member"])
    point = make_action_point(
        meeting,
        description="Kirim data PMI nonprosedural",
        owner_agency=owner.agency,
        owner_person=owner.person,
        due_date=TODAY - 2 * DAY,
    )
    make_action_point(meeting, description="Belum jatuh tempo", due_date=TODAY + 5 * DAY)
    assert send_overdue_action_points(TODAY) == 1
    chair_email = meeting.chair.person.email
    assert addresses() == sorted([owner.person.email, chair_email])
    body = mail.outbox[0].body
    assert "Kirim data PMI nonprosedural" in body and "Belum jatuh tempo" not in body
    assert "terlambat" in mail.outbox[0].subject  # Indonesian, whatever the screen says
    point.refresh_from_db()
    assert point.overdue_notified_on == TODAY
    mail.outbox.clear()
    assert send_overdue_action_points(TODAY + DAY) == 0
    assert mail.outbox == []


def test_without_a_person_the_agency_members_are_told(meeting, tree):
    first = make_member(tree["province"], Role.MEMBER)
    second = make_member(tree["province"], Role.SECRETARIAT, agency=first.agency)
    make_action_point(meeting, owner_agency=first.agency, due_date=TODAY - DAY)
    send_overdue_action_points(TODAY)
    assert {first.person.email, second.person.email} <= set(addresses())


def test_one_email_per_person_lists_all_his_points(meeting, users):
    owner = Membership.objects.get(person__user=users["province_member"])
    for n in range(3):
        make_action_point(
            meeting,
            description=f"Tugas {n}",
            owner_agency=owner.agency,
            owner_person=owner.person,
            due_date=TODAY - (n + 1) * DAY,
        )
    send_overdue_action_points(TODAY)
    to_owner = [m for m in mail.outbox if m.to == [owner.person.email]]
    assert len(to_owner) == 1
    assert all(f"Tugas {n}" in to_owner[0].body for n in range(3))


def test_done_points_and_cancelled_meetings_are_left_out(meeting, tree):
    make_action_point(
        meeting,
        due_date=TODAY - DAY,
        status=ActionPointStatus.DONE,
        closing_note="Selesai.",
    )
    cancelled = make_meeting(tree["province"], starts_in=-10 * DAY, cancelled_at=timezone.now())
    make_action_point(cancelled, due_date=TODAY - DAY)
    assert send_overdue_action_points(TODAY) == 0


def test_a_moved_due_date_is_told_again_when_it_passes(meeting):
    point = make_action_point(meeting, due_date=TODAY - 5 * DAY)
    send_overdue_action_points(TODAY - 4 * DAY)
    ActionPoint.objects.filter(pk=point.pk).update(due_date=TODAY - DAY)
    mail.outbox.clear()
    assert send_overdue_action_points(TODAY) == 1


def test_a_failed_email_leaves_the_point_for_tomorrow(meeting, monkeypatch, caplog):
    point = make_action_point(meeting, due_date=TODAY - DAY)

    def refuse(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("meetings.reminders.send_mail", refuse)
    assert send_overdue_action_points(TODAY) == 0
    assert "overdue action points e-mail" in caplog.text
    point.refresh_from_db()
    assert point.overdue_notified_on is None


def test_it_is_a_daily_job():
    assert send_overdue_action_points in daily._jobs.values()
