"""The meeting checklist of the guideline: what to do before and after a meeting.

Some items the system can see for itself (invitations sent, a note-taker named); they
tick themselves. The others are ticked by hand on the meeting page (``ChecklistTick``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Callable

    from meetings.models import Meeting

BEFORE, AFTER = "before", "after"
INVITE_DAYS_AHEAD = 14


@dataclass(frozen=True)
class Item:
    key: str
    phase: str
    label: str
    auto: Callable[[Meeting], bool] | None = None  # None: ticked by hand
    hint: str = ""


def _invited_in_time(m: Meeting) -> bool:
    return bool(m.invitations_sent_at) and (
        m.starts_at - m.invitations_sent_at >= datetime.timedelta(days=INVITE_DAYS_AHEAD - 2)
    )


def _all_answered(m: Meeting) -> bool:
    answers = [i.response for i in m.invitations.all()]
    return bool(answers) and "pending" not in answers


ITEMS = [
    Item("date", BEFORE, _("Date fixed"), lambda m: True),
    Item("agenda", BEFORE, _("Draft agenda prepared"), lambda m: bool(m.agenda_items.all())),
    Item(
        "invitations",
        BEFORE,
        _("Invitations sent about two weeks ahead"),
        _invited_in_time,
        _("Ticks itself when the invitations go out at least 12 days before the meeting."),
    ),
    Item(
        "confirmations",
        BEFORE,
        _("Confirmations and names of participants received"),
        _all_answered,
        _("Ticks itself when every invitee has answered."),
    ),
    Item("room", BEFORE, _("Room and equipment booked")),
    Item(
        "materials", BEFORE, _("Materials and handouts prepared"), lambda m: bool(m.materials.all())
    ),
    Item(
        "reminder",
        BEFORE,
        _("Reminder sent two days before"),
        lambda m: bool(m.reminder_sent_at),
        _("Sent automatically two days before the meeting."),
    ),
    Item(
        "roles",
        BEFORE,
        _("Note-taker and facilitator assigned"),
        lambda m: bool(m.note_taker_id and m.facilitator_id),
    ),
    Item(
        "minutes_sent",
        AFTER,
        _("Minutes and action points sent to the members"),
        lambda m: m.minutes_status != "draft",
        _("Ticks itself when the minutes are circulated."),
    ),
    Item("feedback", AFTER, _("Feedback collected and entered")),
    Item("next_review", AFTER, _("Next meeting opens by reviewing these action points")),
]
ITEMS_BY_KEY = {item.key: item for item in ITEMS}
MANUAL_KEYS = {item.key for item in ITEMS if item.auto is None}


@dataclass
class Line:
    item: Item
    done: bool
    manual: bool


def checklist(meeting: Meeting) -> dict:
    """Both phases with their lines and progress. Uses prefetched ``ticks``,
    ``agenda_items``, ``materials`` and ``invitations`` when present."""
    ticked = {t.item for t in meeting.ticks.all()}
    phases = {}
    for phase, title in ((BEFORE, _("Before the meeting")), (AFTER, _("After the meeting"))):
        lines = [
            Line(
                item, item.key in ticked if item.auto is None else item.auto(meeting), not item.auto
            )
            for item in ITEMS
            if item.phase == phase
        ]
        done = sum(line.done for line in lines)
        phases[phase] = {
            "title": title,
            "lines": lines,
            "done": done,
            "total": len(lines),
            "percent": round(100 * done / len(lines)),
        }
    return phases
