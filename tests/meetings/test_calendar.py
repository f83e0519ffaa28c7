"""Meetings in calendar programs: the .ics of one meeting, the feed of a task force (by
session or by the user's calendar key) and the personal feed; renewing the key."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from gugustugas.models import Role
from meetings.models import AgendaItem, CalendarKey
from tests.conftest import make_member
from tests.meetings.builders import cancel, invite, make_meeting, member_of

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def events(response) -> list:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Calendar.from_ical(body).walk("VEVENT")


def summaries(response) -> set[str]:
    return {str(e["SUMMARY"]) for e in events(response)}


def feed_url(task_force, key: str | None = None) -> str:
    url = reverse("meetings:task_force_feed", args=[task_force.pk])
    return f"{url}?key={key}" if key else url


def user_feed_url(key: str) -> str:
    return reverse("meetings:user_feed", args=[key])


@pytest.fixture
def meeting(tree):
    meeting = make_meeting(
        tree["province"],
        title="Rapat koordinasi menyeluruh",
        place="Aula Gedung Sate",
        online_link="https://zoom.example.id/j/42",
        starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=10),
    )
    meeting.chair = make_member(tree["province"], Role.DAILY_CHAIR)
    meeting.save()
    AgendaItem.objects.create(meeting=meeting, order=1, title="Tindak lanjut rapat lalu")
    return meeting


# --- one meeting ------------------------------------------------------------------------


def test_meeting_ics(client, users, meeting):
    client.force_login(users["province_member"])
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="rapat-{meeting.pk}.ics"'
    (event,) = events(response)
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(hours=7)
    assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert start == meeting.starts_at.astimezone(JAKARTA)
    assert event.decoded("DTEND") == meeting.ends_at.astimezone(JAKARTA)
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert str(event["SUMMARY"]) == "Rapat koordinasi menyeluruh"
    assert "Aula Gedung Sate" in str(event["LOCATION"])
    assert "https://zoom.example.id/j/42" in str(event["LOCATION"])
    assert "Tindak lanjut rapat lalu" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_title_with_a_line_break_and_commas(client, users, meeting):
    meeting.title = "Rapat koordinasi,\nsesi; kedua"
    meeting.save()
    client.force_login(users["province_member"])
    (event,) = events(client.get(reverse("meetings:meeting_ics", args=[meeting.pk])))
    assert str(event["SUMMARY"]) == "Rapat koordinasi,\nsesi; kedua"
    key = CalendarKey.for_user(users["province_member"]).key
    assert summaries(client.get(feed_url(meeting.task_force, key))) == {meeting.title}


def test_meeting_ics_needs_read_scope(client, users, meeting):
    url = reverse("meetings:meeting_ics", args=[meeting.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(users["outsider_secretariat"])
    assert client.get(url).status_code == 404
    client.force_login(users["national_member"])  # oversight reads below
    assert client.get(url).status_code == 200


def test_a_cancelled_meeting_is_marked_cancelled(client, users, meeting):
    cancel(meeting, "Ketua berhalangan.")
    client.force_login(users["province_member"])
    (event,) = events(client.get(reverse("meetings:meeting_ics", args=[meeting.pk])))
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


# --- task-force feed --------------------------------------------------------------------


def test_task_force_feed_with_a_session(client, users, tree, meeting):
    cancelled = make_meeting(tree["province"], title="Rapat yang dibatalkan")
    cancel(cancelled, "Bentrok dengan rapat nasional.")
    make_meeting(tree["district"], title="Rapat kabupaten")
    make_meeting(tree["province"], title="Rapat lama", starts_in=datetime.timedelta(days=-400))

    client.force_login(users["province_member"])
    found = events(client.get(feed_url(tree["province"])))

    status = {str(e["SUMMARY"]): str(e["STATUS"]) for e in found}
    assert status == {
        "Rapat koordinasi menyeluruh": "CONFIRMED",
        "Rapat yang dibatalkan": "CANCELLED",
    }


def test_task_force_feed_with_the_key(client, users, tree, meeting):
    key = CalendarKey.for_user(users["province_member"]).key
    # a calendar program: no session
    assert summaries(client.get(feed_url(tree["province"], key))) == {meeting.title}
    # oversight: the national member's key opens the province's feed
    national_key = CalendarKey.for_user(users["national_member"]).key
    assert summaries(client.get(feed_url(tree["province"], national_key))) == {meeting.title}


def test_task_force_feed_refused_without_a_valid_key(client, users, tree, meeting):
    for url in (feed_url(tree["province"]), feed_url(tree["province"], "not-a-key")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_task_force_feed_with_a_key_out_of_scope(client, users, tree, meeting):
    outsider_key = CalendarKey.for_user(users["outsider_secretariat"]).key
    assert client.get(feed_url(tree["province"], outsider_key)).status_code == 404
    district_key = CalendarKey.for_user(users["district_member"]).key  # no reading upwards
    assert client.get(feed_url(tree["province"], district_key)).status_code == 404
    client.force_login(users["outsider_secretariat"])
    assert client.get(feed_url(tree["province"])).status_code == 404


def test_the_key_of_a_deactivated_user_opens_nothing(client, users, tree, meeting):
    user = users["province_member"]
    key = CalendarKey.for_user(user).key
    user.is_active = False
    user.save()
    assert client.get(feed_url(tree["province"], key)).status_code == 302
    assert client.get(user_feed_url(key)).status_code == 404


def test_feed_query_count_does_not_grow(client, users, tree, django_assert_max_num_queries):
    key = CalendarKey.for_user(users["province_member"]).key
    chair = make_member(tree["province"], Role.DAILY_CHAIR)
    for n in range(25):
        m = make_meeting(
            tree["province"], title=f"Rapat {n}", starts_in=datetime.timedelta(days=n + 1)
        )
        m.chair = chair
        m.save()
        AgendaItem.objects.create(meeting=m, order=1, title="Butir")
        AgendaItem.objects.create(meeting=m, order=2, title="Butir lain")
    with django_assert_max_num_queries(6):
        response = client.get(feed_url(tree["province"], key))
    assert len(events(response)) == 25
    with django_assert_max_num_queries(6):
        client.get(user_feed_url(key))


# --- personal feed ----------------------------------------------------------------------


def test_user_feed_lists_the_meetings_of_the_user(client, users, tree, meeting):
    user = users["province_member"]
    invite(meeting, member_of(meeting, "province_member"))
    make_meeting(tree["province"], title="Rapat tanpa undangan")
    noted = make_meeting(tree["province"], title="Rapat yang dicatat")
    noted.note_taker = member_of(noted, "province_member")
    noted.save()
    # invited across task forces: the national meeting reaches a provincial member
    national = make_meeting(tree["national"], title="Rapat koordinasi nasional")
    invite(national, member_of(national, "province_member"))
    key = CalendarKey.for_user(user).key

    response = client.get(user_feed_url(key))

    assert summaries(response) == {meeting.title, "Rapat yang dicatat", national.title}
    assert response["Cache-Control"].startswith("private")


def test_user_feed_unknown_key(client, users):
    assert client.get(user_feed_url("unknown-key")).status_code == 404


def test_renewing_the_key_stops_the_old_addresses(client, users, tree, meeting):
    user = users["province_member"]
    old = CalendarKey.for_user(user).key
    assert client.get(user_feed_url(old)).status_code == 200

    client.force_login(user)
    assert client.get(reverse("meetings:calendar_renew")).status_code == 405
    response = client.post(reverse("meetings:calendar_renew"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("meetings:calendar")
    new = CalendarKey.objects.get(user=user).key
    assert new != old
    assert new in response.content.decode()
    client.logout()
    assert client.get(user_feed_url(old)).status_code == 404
    assert client.get(feed_url(tree["province"], old)).status_code == 302
    assert client.get(user_feed_url(new)).status_code == 200
    assert client.get(feed_url(tree["province"], new)).status_code == 200


def test_renew_needs_a_login(client, db):
    response = client.post(reverse("meetings:calendar_renew"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not CalendarKey.objects.exists()


# --- the calendar page ------------------------------------------------------------------


def test_calendar_page(client, users, tree, settings, meeting):
    settings.SITE_URL = "https://gugustugas.example.id"
    user = users["province_member"]
    invite(meeting, member_of(meeting, "province_member"))
    national = make_meeting(tree["national"], title="Rapat koordinasi nasional")
    invite(national, member_of(national, "province_member"))
    past = make_meeting(tree["province"], title="Rapat lalu", starts_in=datetime.timedelta(days=-9))
    invite(past, member_of(past, "province_member"))
    client.force_login(user)

    response = client.get(reverse("meetings:calendar"))

    assert response.status_code == 200
    page = response.content.decode()
    key = CalendarKey.objects.get(user=user).key
    assert f"https://gugustugas.example.id{user_feed_url(key)}" in page
    assert f"webcal://gugustugas.example.id{user_feed_url(key)}" in page
    assert f"https://gugustugas.example.id{feed_url(tree['province'], key)}" in page
    assert feed_url(tree["national"]) not in page  # a feed only of the user's own seats
    assert [m.title for m in response.context["upcoming"]] == [meeting.title, national.title]
    assert meeting.get_absolute_url() in page
    assert national.get_absolute_url() in page  # invited: readable from below too
    assert reverse("meetings:meeting_ics", args=[meeting.pk]) in page
    assert 'data-test="calendar-renew"' in page
    assert reverse("meetings:calendar") in page  # the user menu links here


def test_calendar_page_needs_a_login(client):
    response = client.get(reverse("meetings:calendar"))
    assert response.status_code == 302


def test_calendar_page_of_a_user_without_seats(client, users):
    client.force_login(users["superuser"])
    response = client.get(reverse("meetings:calendar"))
    assert response.status_code == 200
    assert response.context["feeds"] == []
