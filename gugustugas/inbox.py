"""“Tugas saya” (my work): what each person has to do now, in one list.

The dashboard shows it first and the navigation bar counts it. The core imports no app
to its right, so every app registers the kinds of item it knows about in its
``AppConfig.ready`` (as it registers its dashboard panels and menu entries)::

    @inbox.register("progress_review", order=10)
    def progress_to_review(work: inbox.Work) -> list[inbox.Item]:
        ...

A source takes the ``Work`` of one user (the user, today, the seats, the task forces it
sits on) and returns its items. It asks the existing rules (the access module, the
workflow's steps, ``Membership.objects.current()``, the apps' own services) and never
writes a rule again. A source runs a fixed number of queries whatever the number of its
items (at most one round per task force the user sits on): the whole list costs the same
for one item as for a hundred.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import timezone

from gugustugas import access
from gugustugas.access import Action
from gugustugas.models import TaskForce


@dataclass
class Item:
    """One thing to do: ``action`` says what (a verb first), ``subject`` on what, ``url``
    is the one click that does it (the page with the step's buttons, or its form).
    ``due`` is its deadline, ``since`` how long it has been waiting; ``detail`` carries
    what the person needs to act on it, ``reason`` why it was returned to him."""

    kind: str
    action: str
    subject: str
    url: str
    task_force: TaskForce | None = None
    due: datetime.date | None = None
    since: datetime.date | datetime.datetime | None = None
    detail: str = ""
    reason: str = ""  # why the item came back: the reviewer's note
    today: datetime.date | None = None
    priority: int = 100  # the order its kind was registered with

    @property
    def since_date(self) -> datetime.date | None:
        if isinstance(self.since, datetime.datetime):
            return timezone.localdate(self.since)
        return self.since

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today is not None and self.due < self.today

    @property
    def days_left(self) -> int | None:
        """Days to the deadline (negative: days late)."""
        if self.due is None or self.today is None:
            return None
        return (self.due - self.today).days

    @property
    def days_late(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0

    @property
    def age_days(self) -> int | None:
        since = self.since_date
        if since is None or self.today is None:
            return None
        return max(0, (self.today - since).days)

    def sort_key(self) -> tuple:
        # Late first (the longest late first); then by the kind's order (what others wait
        # for comes before what only the calendar asks), by deadline, the longest waiting.
        far = datetime.date.max
        since = self.since_date or far
        if self.overdue:
            return (0, 0, self.due, since, self.subject)
        return (1, self.priority, self.due or far, since, self.subject)


@dataclass
class Work:
    """What every source needs to know about the user, computed once per list."""

    user: Any
    today: datetime.date

    @cached_property
    def seats(self) -> list[access.Seat]:
        return access.seats(self.user)

    @cached_property
    def task_forces(self) -> list[TaskForce]:
        """The task forces the user sits on, with their regions."""
        return access.home_task_forces(self.user)

    def task_forces_for(self, action: Action) -> list[TaskForce]:
        """The user's own task forces on which its role allows ``action``."""
        return [tf for tf in self.task_forces if access.can(self.user, action, tf)]

    def item(self, kind: str, **kwargs) -> Item:
        return Item(kind=kind, today=self.today, **kwargs)


Source = Callable[[Work], Iterable[Item]]


@dataclass(frozen=True)
class Kind:
    name: str
    source: Source
    order: int = 100


_kinds: dict[str, Kind] = {}


def register(name: str, order: int = 100) -> Callable[[Source], Source]:
    """Register ``source`` as the function that lists the items of kind ``name``."""

    def decorate(source: Source) -> Source:
        _kinds[name] = Kind(name, source, order)
        return source

    return decorate


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.name))


@dataclass
class Inbox:
    items: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def items_for(user, today: datetime.date | None = None, only: Iterable[str] = ()) -> Inbox:
    """Every item of the user's work, late ones first, then by deadline and age. With
    ``only``, just those kinds (for a test)."""
    if not user.is_authenticated:
        return Inbox()
    work = Work(user, today or timezone.localdate())
    wanted = set(only)
    items: list[Item] = []
    for kind in kinds():
        if wanted and kind.name not in wanted:
            continue
        for item in kind.source(work):
            item.priority = kind.order
            items.append(item)
    items.sort(key=Item.sort_key)
    return Inbox(items)
