"""The links of a task force's page to the apps that build on the core.

The task-force page belongs to the core, which imports no app to its right (see
``panels.py`` for the dashboard's counterpart). Each app registers its entries in its
``AppConfig.ready``: a label, the name of a URL that takes the task force's pk, and who
may see the link. A link is shown only to a user it will not answer 403 to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from gugustugas.models import TaskForce

Check = Callable[[Any, "TaskForce"], bool]


def readers(user, task_force: TaskForce) -> bool:
    """Whoever may read the task force: the page asking is already in read scope."""
    return True


@dataclass(frozen=True)
class MenuEntry:
    """One link. ``label`` is a string or a function of the task force (RAN or RAD);
    ``allowed(user, task_force)`` must agree with the target view's own check; a
    ``primary`` entry is an action button shown first (e.g. "Add member")."""

    label: str | Callable[[TaskForce], str]
    url_name: str
    allowed: Check = readers
    order: int = 100
    primary: bool = False

    def label_for(self, task_force: TaskForce) -> str:
        return str(self.label(task_force) if callable(self.label) else self.label)


_entries: list[MenuEntry] = []


def register(entry: MenuEntry) -> MenuEntry:
    if entry not in _entries:
        _entries.append(entry)
    return entry


def entries() -> list[MenuEntry]:
    return sorted(_entries, key=lambda e: (e.order, e.url_name))


def links_for(user, task_force: TaskForce) -> list[dict[str, Any]]:
    """The links the user may follow from the task force's page, in order."""
    return [
        {
            "label": entry.label_for(task_force),
            "url": reverse(entry.url_name, args=[task_force.pk]),
            "primary": entry.primary,
        }
        for entry in entries()
        if entry.allowed(user, task_force)
    ]
