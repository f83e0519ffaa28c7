"""Indonesia's three time zones: each region's zone from its province, meeting times
entered and shown in the meeting's zone (pages, e-mails, .ics), and "today" counted in
the task force's own zone."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone
from icalendar import Calendar

from gugustugas import zones
from gugustugas.models import Region, Role, TaskForce
from meetings import tasks
from meetings.calendar import meeting_ics
from meetings.forms import MeetingForm
from tests.conftest import make_member
from tests.meetings.builders import invite, run_tasks

UTC = datetime.UTC

WITA_PROVINCES = {
    "Bali",
    "Nusa Tenggara Barat",
    "Nusa Tenggara Timur",
    "Kalimantan Selatan",
    "Kalimantan Timur",
    "Kalimantan Utara",
    "Sulawesi Utara",
    "Sulawesi Tengah",
    "Sulawesi Selatan",
    "Sulawesi Tenggara",
    "Gorontalo",
    "Sulawesi Barat",
}
WIT_PROVINCES = {
    "Maluku",
    "Maluku Utara",
    "Papua",
    "Papua Barat",
    "Papua Selatan",
    "Papua Tengah",
    "Papua Pegunungan",
    "Papua Barat Daya",
}


@pytest.mark.django_db
def test_every_province_has_the_zone_of_keppres_41_1987():
    provinces = Region.objects.filter(level="province")
    assert provinces.count() == 38
    for province in provinces:
        if province.name in WITA_PROVINCES:
            expected = zones.WITA
        elif province.name in WIT_PROVINCES:
            expected = zones.WIT
        else:
            expected = zones.WIB
        assert province.zone == expected, province.name


@pytest.mark.django_db
def test_a_regency_keeps_its_provinces_zone_and_the_nation_is_wib():
    assert Region.objects.get(code="91.71").zone == zones.WIT  # Kota Jayapura
    assert Region.objects.get(code="51.71").zone == zones.WITA  # Kota Denpasar
    assert Region.objects.get(code="32.73").zone == zones.WIB  # Kota Bandung
    assert Region.objects.get(code="ID").zone == zones.WIB


@pytest.mark.django_db
def test_today_is_the_task_forces_own_date():
    # 16:30 UTC on 31 March: still Q1 in Jakarta (23:30), already 1 April in Jayapura.
    moment = datetime.datetime(2026, 3, 31, 16, 30, tzinfo=UTC)
    assert zones.today_in(zones.WIB, moment) == datetime.date(2026, 3, 31)
    assert zones.today_in(zones.WIT, moment) == datetime.date(2026, 4, 1)
    jayapura = TaskForce.objects.get(region__code="91.71")
    assert jayapura.zone == zones.WIT
    assert jayapura.today() == zones.today_in(zones.WIT)


@pytest.fixture
def jayapura():
    return TaskForce.objects.select_related("region").get(region__code="91.71")


def _schedule(task_force, user, starts: str, ends: str):
    form = MeetingForm(
        data={
            "kind": "overall",
            "title": "Rapat koordinasi Kota Jayapura",
            "starts_at": starts,
            "ends_at": ends,
            "place": "Kantor Wali Kota",
        },
        task_force=task_force,
        user=user,
    )
    assert form.is_valid(), form.errors
    return form.save()


@pytest.mark.django_db
def test_a_meeting_in_jayapura_at_9_wit_is_midnight_utc_and_says_wit(jayapura):
    secretariat = make_member(jayapura, Role.SECRETARIAT, username="jayapura.sekretariat")
    chair = make_member(jayapura, Role.DAILY_CHAIR)
    meeting = _schedule(jayapura, secretariat.person.user, "2026-12-10T09:00", "2026-12-10T11:00")

    assert meeting.starts_at == datetime.datetime(2026, 12, 10, 0, 0, tzinfo=UTC)
    assert meeting.zone == zones.WIT

    # The page and the form show it back in WIT, whatever the server's zone.
    rendered = Template("{% load gt %}{{ m.starts_at|zoned:m }}").render(Context({"m": meeting}))
    assert rendered == "10 December 2026 09:00 WIT"
    form = MeetingForm(instance=meeting, task_force=jayapura, user=secretariat.person.user)
    assert "2026-12-10T09:00" in str(form["starts_at"])

    # The .ics: 09:00 in Asia/Jayapura, with that zone's definition.
    (event,) = Calendar.from_ical(meeting_ics(meeting)).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(hours=9)
    assert (start.hour, start.minute) == (9, 0)
    assert str(event["DTSTART"].params["TZID"]) == "Asia/Jayapura"

    # The invitation e-mail: 09.00 WIT in its subject and body, never WIB.
    invite(meeting, chair)
    with transaction.atomic():
        tasks.schedule_invitations(meeting)
    run_tasks()
    (message,) = mail.outbox
    assert "09.00 WIT" in message.subject
    assert "09.00–11.00 WIT" in message.body
    assert "WIB" not in message.subject + message.body
    (_name, content, _type) = message.attachments[0]
    text = content if isinstance(content, str) else content.decode()
    assert "TZID=Asia/Jayapura" in text


@pytest.mark.django_db
def test_a_meeting_in_jakarta_stays_in_wib(tree):
    province = tree["province"]
    secretariat = make_member(province, Role.SECRETARIAT, username="jabar.zone")
    meeting = _schedule(province, secretariat.person.user, "2026-12-10T09:00", "2026-12-10T11:00")
    assert meeting.starts_at == datetime.datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    jakarta = timezone.localtime(meeting.starts_at, zoneinfo.ZoneInfo("Asia/Jakarta"))
    assert jakarta.hour == 9
