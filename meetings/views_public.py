"""Answer links and calendars: what reaches people outside a logged-in page.

- ``rsvp``: the signed link of an invitation e-mail. No login: the token is the
  authority. A GET only shows the meeting (mail scanners prefetch links); the answer is
  a POST, which spends the link (``meetings.rsvp``).
- ``meeting_ics``: one meeting as an .ics file, for anyone who may read it.
- ``task_force_feed`` / ``user_feed``: iCalendar feeds that calendar programs subscribe
  to. They carry no session, so a feed is also opened by the user's secret calendar key
  (``CalendarKey``); a new key (``calendar_renew``) stops every old address.
- ``calendar_page``: the user's feed addresses and upcoming meetings.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gugustugas import access
from gugustugas.models import TaskForce
from meetings import calendar
from meetings.models import CalendarKey, Invitation, Meeting
from meetings.rsvp import LinkError, answer, check_token

# --- the answer link --------------------------------------------------------------------

ANSWERS = {"accept": True, "decline": False}
# A link that cannot be used (tampered, expired, spent, meeting cancelled or begun) and
# an answer that is not one of the two buttons: the page explains, nothing changes.
REFUSED = 400


def _rsvp_invitation(invitation: Invitation) -> Invitation:
    """The invitation with what the page shows, in few queries."""
    return (
        Invitation.objects.select_related(
            "meeting__task_force__region",
            "meeting__sub_task_force",
            "meeting__chair__person",
            "membership__person",
        )
        .prefetch_related("meeting__agenda_items")
        .get(pk=invitation.pk)
    )


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm or decline an invitation without logging in. Only the invitee's own
    invitation is shown: never the other invitees."""
    try:
        invitation = check_token(token)
    except LinkError as error:
        return render(request, "meetings/rsvp.html", {"error": str(error)}, status=REFUSED)

    context = {"token": token}
    if request.method == "POST":
        choice = request.POST.get("answer", "")
        if choice not in ANSWERS:
            context["invitation"] = _rsvp_invitation(invitation)
            context["error"] = _("Choose one of the two buttons: attend or cannot attend.")
            return render(request, "meetings/rsvp.html", context, status=REFUSED)
        try:
            invitation = answer(token, ANSWERS[choice])
        except LinkError as error:  # spent by another request in the meantime
            return render(request, "meetings/rsvp.html", {"error": str(error)}, status=REFUSED)
        context["answered"] = True
    context["invitation"] = _rsvp_invitation(invitation)
    return render(request, "meetings/rsvp.html", context)


# --- calendar files and feeds -----------------------------------------------------------


def _ics_response(content: bytes, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Feeds carry who meets when: never kept by shared caches.
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting as an .ics file, for anyone who may read it."""
    meeting = access.get_for_user(
        request.user,
        Meeting.objects.select_related(
            "task_force__region", "sub_task_force", "chair__person"
        ).prefetch_related("agenda_items"),
        pk=pk,
    )
    return _ics_response(calendar.meeting_ics(meeting), f"rapat-{meeting.pk}.ics", True)


def _key_user(key: str):
    """The active user whose calendar key this is, or None."""
    if not key:
        return None
    found = CalendarKey.objects.select_related("user").filter(key=key).first()
    if found is None or not found.user.is_active:
        return None
    return found.user


@require_GET
def task_force_feed(request: HttpRequest, tf: int) -> HttpResponse:
    """The meetings of one task force (cancelled ones marked so). Opened by a session or
    by ``?key=`` of a user who may read the task force; out of scope -> 404."""
    user = _key_user(request.GET.get("key", ""))
    if user is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
    task_force = access.get_for_user(user, TaskForce.objects.select_related("region"), pk=tf)
    meetings = calendar.feed_window(Meeting.objects.filter(task_force=task_force))
    name = _("Meetings of %(task_force)s") % {"task_force": task_force}
    return _ics_response(calendar.feed_ics(name, meetings), f"rapat-gt-{task_force.pk}.ics", False)


def user_meetings(user):
    """Meetings the user is invited to, chairs, facilitates or takes the notes of, and
    may still read (an ended seat's invitations drop out)."""
    mine = Meeting.objects.filter(
        Q(invitations__membership__person__user=user)
        | Q(chair__person__user=user)
        | Q(facilitator__person__user=user)
        | Q(note_taker__person__user=user)
    ).distinct()
    return access.visible(user, mine)


@require_GET
def user_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The personal feed: authenticated by the key in its address; unknown key -> 404."""
    user = _key_user(key)
    if user is None:
        raise Http404
    meetings = calendar.feed_window(user_meetings(user))
    name = _("My meetings (SIGT-PPTPPO)")
    return _ics_response(calendar.feed_ics(name, meetings), "rapat-saya.ics", False)


# --- the calendar page ------------------------------------------------------------------

UPCOMING = 10


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _webcal(url: str) -> str:
    """The same address for "subscribe" buttons: calendar programs open webcal://."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    key = CalendarKey.for_user(request.user).key
    personal = _absolute(reverse("meetings:user_feed", args=[key]))
    feeds = []
    for task_force in access.home_task_forces(request.user):
        url = _absolute(
            reverse("meetings:task_force_feed", args=[task_force.pk])
            + "?"
            + urlencode({"key": key})
        )
        feeds.append({"task_force": task_force, "url": url, "webcal": _webcal(url)})
    upcoming = list(
        user_meetings(request.user)
        .filter(ends_at__gte=timezone.now())
        .select_related("task_force__region", "sub_task_force")
        .order_by("starts_at")[:UPCOMING]
    )
    context = {
        "personal_url": personal,
        "personal_webcal": _webcal(personal),
        "feeds": feeds,
        "upcoming": upcoming,
    }
    return render(request, "meetings/calendar.html", context)


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    """A new key: every feed address with the old one stops working."""
    CalendarKey.for_user(request.user).renew()
    messages.success(
        request,
        _(
            "Your calendar addresses were renewed. The old addresses no longer work: "
            "subscribe again in your calendar program with the new ones."
        ),
    )
    return redirect("meetings:calendar")
