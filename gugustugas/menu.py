"""The task-force menu: the links of a task force's page and side bar to the apps that
build on the core.

The core imports no app to its right (see ``panels.py`` for the dashboard's
counterpart). Each app registers its entries in its ``AppConfig.ready``: a label, the
name of a URL that takes the task force's pk, who may see the link, the module it
belongs to, and the URL names of the pages under it (so the side bar highlights the
module on a meeting's page, not only on the meetings list). A link is shown only to a
user it will not answer 403 to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from gugustugas.models import TaskForce

Check = Callable[[Any, "TaskForce"], bool]

# The side bar's modules, in order; an entry names its module by key.
MODULES = {
    "members": _("Members"),
    "plans": _("Action plans"),
    "budget": _("Budget"),
    "meetings": _("Meetings"),
    "partners": _("Partners & MoUs"),
    "training": _("Training"),
    "monitoring": _("Monitoring"),
    "reports": _("Reports"),
}


def readers(user, task_force: TaskForce) -> bool:
    """Whoever may read the task force: the page asking is already in read scope."""
    return True


@dataclass(frozen=True)
class MenuEntry:
    """One link. ``label`` is a string or a function of the task force (RAN or RAD);
    ``allowed(user, task_force)`` must agree with the target view's own check; a
    ``primary`` entry is an action button shown first (e.g. "Add member"), not in the
    side bar; ``pages`` are URL-name patterns ("meetings:*") of the pages under it."""

    label: str | Callable[[TaskForce], str]
    url_name: str
    allowed: Check = readers
    order: int = 100
    primary: bool = False
    module: str = ""
    pages: tuple[str, ...] = ()

    def label_for(self, task_force: TaskForce) -> str:
        return str(self.label(task_force) if callable(self.label) else self.label)

    def covers(self, url_name: str) -> int:
        """How closely this entry claims the page ``url_name``: 0 not at all; the longer
        the matching pattern, the closer ("members:mou_*" beats "members:*")."""
        if url_name == self.url_name:
            return 1000
        return max((len(p) for p in self.pages if fnmatchcase(url_name, p)), default=0)


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


def current_entry(url_name: str) -> MenuEntry | None:
    """The entry the page ``url_name`` ("meetings:meeting_detail") belongs to."""
    scored = [(entry.covers(url_name), entry) for entry in entries() if not entry.primary]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


def menu_for(user, task_force: TaskForce, url_name: str = "") -> dict[str, Any]:
    """The side bar: the modules with the links the user may follow, the current one
    marked, and the current module's entry for the breadcrumbs."""
    current = current_entry(url_name) if url_name else None
    modules: dict[str, dict[str, Any]] = {}
    for entry in entries():
        if entry.primary or not entry.allowed(user, task_force):
            continue
        key = entry.module or "other"
        module = modules.setdefault(
            key, {"key": key, "label": str(MODULES.get(key, _("More"))), "links": []}
        )
        link = {
            "label": entry.label_for(task_force),
            "url": reverse(entry.url_name, args=[task_force.pk]),
            "current": entry is current,
            # the page is the link's own target, not a page below it
            "is_page": entry is current and url_name == entry.url_name,
        }
        module["links"].append(link)
        module["current"] = module.get("current") or link["current"]
    order = list(MODULES)
    ordered = sorted(
        modules.values(), key=lambda m: order.index(m["key"]) if m["key"] in order else 99
    )
    crumb = next((link for m in ordered for link in m["links"] if link["current"]), None)
    return {"modules": ordered, "crumb": crumb}
