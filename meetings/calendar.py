"""iCalendar (RFC 5545) for meetings: one .ics per meeting (also attached to the
invitation e-mails) and feeds per task force and per user for calendar programs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from gugustugas import zones
from meetings.models import Meeting

PRODID = "-//Gugus Tugas PPTPPO//SIGT-PPTPPO//ID"


def _uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "gugustugas"
    return f"meeting-{meeting.pk}@{host}"


def _event(meeting: Meeting, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", timezone.now())
    # In the meeting's own zone (WIB, WITA or WIT), with its VTIMEZONE: a calendar
    # program anywhere shows 09:00 in Jayapura as 09:00 WIT.
    zone = meeting.zone
    event.add("dtstart", zones.local(meeting.starts_at, zone))
    event.add("dtend", zones.local(meeting.ends_at, zone))
    event.add("summary", meeting.title)
    where = [p for p in (meeting.place, meeting.online_link) if p]
    if where:
        event.add("location", " — ".join(where))
    lines = [f"{meeting.task_force} — {meeting.body_name}"]
    lines += [
        f"{n}. {item.title}" + (f" ({item.presenter})" if item.presenter else "")
        for n, item in enumerate(meeting.agenda_items.all(), start=1)
    ]
    if meeting.online_link:
        lines.append(meeting.online_link)
    event.add("description", "\n".join(lines))
    event.add("url", settings.SITE_URL.rstrip("/") + meeting.get_absolute_url())
    # SEQUENCE must grow when a meeting changes, so calendars replace the old copy.
    event.add("sequence", meeting.sequence)
    if meeting.chair_id and meeting.chair.person.email:
        organizer = vCalAddress(f"mailto:{meeting.chair.person.email}")
        organizer.params["cn"] = vText(meeting.chair.person.full_name)
        event.add("organizer", organizer)
    if cancelled or meeting.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def _calendar(name: str, method: str | None = None, zone: zones.Zone | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    # vText escapes it: a bare string with a line break or comma breaks the file.
    cal.add("x-wr-calname", vText(name))
    cal.add("x-wr-timezone", zone.name if zone else settings.TIME_ZONE)
    if method:
        cal.add("method", method)
    return cal


def meeting_ics(meeting: Meeting, method: str | None = None) -> bytes:
    cal = _calendar(meeting.title, method, meeting.zone)
    cal.add_component(_event(meeting, cancelled=method == "CANCEL"))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(name: str, meetings: Iterable[Meeting]) -> bytes:
    cal = _calendar(name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()


# A feed carries meetings from this far back, and every meeting ahead.
FEED_PAST = datetime.timedelta(days=180)


def feed_window(queryset):
    return (
        queryset.filter(starts_at__gte=timezone.now() - FEED_PAST)
        .select_related("task_force__region", "sub_task_force", "chair__person")
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )
