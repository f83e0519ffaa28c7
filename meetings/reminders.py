"""Overdue action points by e-mail, part of the daily round (``gugustugas.daily``).

Each overdue action point is told once (again only if its due date is moved past the
last notice): to its owner (the named person, else the current members of the owning
agency on that task force) and to the chair of the meeting that agreed it, who follows
it up. Everyone gets one e-mail listing all of his points. A failed e-mail is logged
and its points stay unmarked, so the next day's round tries again.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gugustugas import daily
from meetings.models import ActionPoint
from members.models import Membership

logger = logging.getLogger(__name__)


def due_for_notice(today: datetime.date):
    return (
        ActionPoint.objects.overdue(today)
        .filter(meeting__cancelled_at__isnull=True)
        .filter(Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lt=F("due_date")))
        .select_related(
            "meeting__task_force__region",
            "meeting__chair__person",
            "owner_person",
            "owner_agency",
        )
        .order_by("due_date", "pk")
    )


def recipients(points) -> dict[str, set[int]]:
    """E-mail address -> the ids of the points that address is told about."""
    by_address: dict[str, set[int]] = defaultdict(set)
    agency_points = defaultdict(list)
    for point in points:
        if point.owner_person_id:
            if point.owner_person.email:
                by_address[point.owner_person.email].add(point.pk)
        else:
            agency_points[(point.meeting.task_force_id, point.owner_agency_id)].append(point.pk)
        chair = point.meeting.chair
        if chair is not None and chair.person.email:
            by_address[chair.person.email].add(point.pk)
    if agency_points:
        members = (
            Membership.objects.current()
            .filter(agency_id__in={agency for _task_force, agency in agency_points})
            .exclude(person__email="")
            .values_list("task_force_id", "agency_id", "person__email")
        )
        for task_force_id, agency_id, email in members:
            by_address[email].update(agency_points.get((task_force_id, agency_id), []))
    return {address: ids for address, ids in by_address.items() if ids}


@daily.register("Overdue action points")
def send_overdue_action_points(today: datetime.date) -> int:
    """Returns how many action points were told about."""
    points = {point.pk: point for point in due_for_notice(today)}
    told: set[int] = set()
    failed: set[int] = set()
    for address, ids in sorted(recipients(points.values()).items()):
        mine = sorted((points[pk] for pk in ids), key=lambda p: (p.due_date, p.pk))
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _message(mine, today)
            send_mail(subject, body, None, [address])
        except Exception:
            logger.exception("The overdue action points e-mail to %s failed.", address)
            failed.update(ids)
            continue
        told.update(ids)
    # A point is marked only when every e-mail about it went out; else tomorrow again.
    done = told - failed
    ActionPoint.objects.filter(pk__in=done).update(overdue_notified_on=today)
    return len(done)


def _message(points, today: datetime.date) -> tuple[str, str]:
    count = len(points)
    subject = ngettext(
        "%(count)d action point is overdue",
        "%(count)d action points are overdue",
        count,
    ) % {"count": count}
    lines = [
        _(
            "These action points agreed in task-force meetings have passed their due date "
            "and are not done yet:"
        ),
        "",
    ]
    for point in points:
        owner = str(point.owner_agency)
        if point.owner_person_id:
            owner += f", {point.owner_person}"
        lines += [
            f"- {point.description}",
            "  "
            + _("Responsible: %(owner)s · due %(due)s (%(days)d days late)")
            % {
                "owner": owner,
                "due": formats.date_format(point.due_date, "DATE_FORMAT"),
                "days": (today - point.due_date).days,
            },
            "  "
            + _("Meeting: %(meeting)s (%(task_force)s)")
            % {"meeting": point.meeting.title, "task_force": point.meeting.task_force},
            "  " + settings.SITE_URL.rstrip("/") + point.meeting.get_absolute_url(),
            "",
        ]
    lines.append(
        _(
            "Update the status on the meeting page (done, with a closing note), or agree a "
            "new due date with the meeting's chair. This notice is sent once per action "
            "point."
        )
    )
    return subject, "\n".join(lines)
