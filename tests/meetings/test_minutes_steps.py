"""Minutes and cancelling on the workflow mechanism: four eyes on the minutes, the
meeting's timeline."""

import datetime

from django.urls import reverse
from django.utils import translation

from meetings.models import MinutesStatus
from tests.meetings.builders import make_meeting

SECOND_STEP = "You took the previous step yourself: someone else must do this one."


def refused_as_second_step(html: str) -> bool:
    """The segregation refusal is on the page, in English or in its Indonesian wording."""
    with translation.override("id"):
        indonesian = translation.gettext(SECOND_STEP)
    return SECOND_STEP in html or indonesian in html


PAST = -datetime.timedelta(days=1)


def test_nobody_approves_minutes_they_circulated_themselves(login, users, tree):
    meeting = make_meeting(tree["province"], starts_in=PAST, discussion="Isi rapat")
    daily_chair = login(users["province_daily_chair"])  # may write and approve here
    daily_chair.post(reverse("meetings:minutes_circulate", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    response = daily_chair.post(reverse("meetings:minutes_approve", args=[meeting.pk]), follow=True)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    html = response.content.decode()
    assert refused_as_second_step(html)


def test_the_meeting_page_shows_its_timeline(login, users, tree):
    meeting = make_meeting(tree["province"])
    client = login(users["province_secretariat"])
    client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]), {"note": "Bentrok"})
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancel_reason == "Bentrok"
    assert meeting.minutes_status == MinutesStatus.DRAFT  # cancelling keeps the minutes
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "“Bentrok”" in page
    assert reverse("meetings:meeting_cancel", args=[meeting.pk]) not in page
