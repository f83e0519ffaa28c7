"""A coordination meeting invites the task forces below: their invitees read its page,
calendar file and minutes and may request amendments, though the meeting belongs to a
task force above theirs. Anyone else there still gets 404."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Amendment, Kind, MinutesStatus
from members.models import Membership
from tests.meetings.builders import invite, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_meeting(tree, users):
    meeting = make_meeting(
        tree["national"],
        Kind.NATIONAL,
        starts_in=-datetime.timedelta(days=3),
        discussion="<p>Rapat koordinasi nasional.</p>",
        minutes_status=MinutesStatus.CIRCULATED,
    )
    invite(meeting, Membership.objects.get(person__user=users["province_daily_chair"]))
    return meeting


@pytest.mark.parametrize("name", ["meeting_detail", "meeting_ics", "minutes_pdf"])
def test_an_invitee_from_below_reads_the_meeting(name, national_meeting, login, users):
    url = reverse(f"meetings:{name}", args=[national_meeting.pk])
    assert login(users["province_daily_chair"]).get(url).status_code == 200
    assert login(users["province_secretariat"]).get(url).status_code == 404


def test_an_invitee_from_below_may_request_an_amendment(national_meeting, login, users):
    client = login(users["province_daily_chair"])
    url = reverse("meetings:amendment_add", args=[national_meeting.pk])
    client.post(url, {"text": "Tambahkan capaian Jawa Barat: 12 desa."})
    assert Amendment.objects.filter(meeting=national_meeting).count() == 1


def test_an_invitee_from_below_may_not_edit(national_meeting, login, users):
    client = login(users["province_daily_chair"])
    for name in ("meeting_edit", "minutes_edit", "invitations"):
        url = reverse(f"meetings:{name}", args=[national_meeting.pk])
        assert client.get(url).status_code in (403, 404), name
