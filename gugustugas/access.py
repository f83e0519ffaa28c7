"""Who may read and change what: the one place that answers it.

Roles come from a user's *current* memberships (``members.Membership``), each on one
task force. From them:

- **read scope**: every task force the user sits on, and every task force below it in
  the region tree (oversight runs down the tree; it never edits);
- **actions**: what the user's role on a task force allows there (``ROLE_ACTIONS``).

Views never filter by hand. They ask ``visible(user, Model)`` for a queryset, fetch
with ``get_object_or_404`` on it (out of scope -> 404, so existence is not revealed)
and call ``require(user, action, task_force)`` before changing anything (in scope but
not allowed -> 403). Superusers (system administrators) may do everything.

Every scoped model names its path to the task force in ``scope_field``
(``"task_force"`` for most, ``"plan__task_force"`` further down).

Some rows are also readable outside the tree: a national coordination meeting invites
the task forces below it. An app registers such a **read grant** for its model in
``AppConfig.ready`` (``register_read_grant(Meeting, invited)``): a function of the user
returning a ``Q`` of the rows it may read besides its tree scope. ``visible`` ORs it in,
and the grant reaches every model whose ``scope_field`` runs through the granted model
(a meeting's agenda, materials, minutes and action points follow the meeting).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gugustugas.models import Role, TaskForce

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

M = TypeVar("M", bound=models.Model)


class Action(StrEnum):
    """What a role may do on its own task force. Reading is granted by scope alone."""

    EDIT = "edit"  # structure, members, agencies, plans, budgets, meetings, M&E data
    PREPARE_REPORT = "prepare_report"
    SUBMIT_REPORT = "submit_report"
    REVIEW_SUBMISSION = "review_submission"  # accept/return sub-GT work, districts' quarters
    CHAIR_SPECIAL_MEETING = "chair_special_meeting"
    APPROVE_PLAN = "approve_plan"
    APPROVE_REPORT = "approve_report"
    EDIT_OWN_SECTION = "edit_own_section"  # Kepala Sub-GT: own section, progress, meetings
    REPORT_AGENCY_PROGRESS = "report_agency_progress"  # Anggota: own agency's activities
    APPROVE_MINUTES = "approve_minutes"  # of a meeting that names no chair of its own


# Steps that bind the task force: with TWO_FACTOR_REQUIRED they need a session verified
# with a second factor (gugustugas.twofactor).
SECOND_FACTOR_ACTIONS = frozenset(
    {
        Action.APPROVE_PLAN,
        Action.APPROVE_REPORT,
        Action.REVIEW_SUBMISSION,
        Action.SUBMIT_REPORT,
    }
)


class SecondFactorRequired(PermissionDenied):
    """Allowed, but only after a second factor; the middleware asks for it."""


class ReauthenticationRequired(PermissionDenied):
    """Allowed, but only with a password (and second factor) entered in the last
    ``REAUTH_MAX_AGE`` seconds, as before signing; the middleware asks for them."""


_SECRETARIAT = {Action.EDIT, Action.PREPARE_REPORT}
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.SECRETARIAT: frozenset(_SECRETARIAT),
    Role.DAILY_CHAIR: frozenset(
        _SECRETARIAT
        | {
            Action.SUBMIT_REPORT,
            Action.REVIEW_SUBMISSION,
            Action.CHAIR_SPECIAL_MEETING,
            Action.APPROVE_MINUTES,
        }
    ),
    Role.CHAIR: frozenset({Action.APPROVE_PLAN, Action.APPROVE_REPORT}),
    Role.SUBGT_HEAD: frozenset({Action.EDIT_OWN_SECTION, Action.REPORT_AGENCY_PROGRESS}),
    Role.MEMBER: frozenset({Action.REPORT_AGENCY_PROGRESS}),
}


@dataclass(frozen=True)
class Seat:
    """One current membership of the user, reduced to what access decisions need."""

    task_force_id: int
    region_path: str
    level: str
    role: str
    sub_task_force_id: int | None
    agency_id: int


def seats(user: User) -> list[Seat]:
    """The user's current memberships; one query, cached on the user object (with the
    task forces they are on, for ``home_task_forces``)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_gt_seats", None)
    if cached is None:
        membership = apps.get_model("members", "Membership")
        rows = (
            membership.objects.current(timezone.localdate())
            .filter(person__user=user)
            .select_related("task_force__region")
            .order_by()  # sorted below: the default ordering costs a third of the query
        )
        cached, homes = [], {}
        for row in rows:
            task_force = homes.setdefault(row.task_force_id, row.task_force)
            region = task_force.region
            cached.append(
                Seat(
                    task_force.pk,
                    region.path,
                    region.level,
                    row.role,
                    row.sub_task_force_id,
                    row.agency_id,
                )
            )
        cached.sort(key=lambda seat: (seat.region_path, seat.role))
        user._gt_seats = cached
        user._gt_home_task_forces = sorted(homes.values(), key=lambda tf: tf.region.path)
    return cached


def _tree_q(paths: set[str], prefix: str) -> Q:
    """Match task forces at or below any of ``paths`` ('' prefix: the TaskForce itself)."""
    lookups = [
        Q(**{f"{prefix}region__path": p}) | Q(**{f"{prefix}region__path__startswith": p + "."})
        for p in sorted(paths)
    ]
    return reduce(or_, lookups) if lookups else Q(pk__in=[])


def _scope_prefix(model: type[models.Model]) -> str:
    if model is TaskForce:
        return ""
    field = getattr(model, "scope_field", "task_force")
    return f"{field}__"


ReadGrant = Callable[["User"], Q]
_read_grants: dict[type[models.Model], ReadGrant] = {}


def register_read_grant(model: type[models.Model], grant: ReadGrant) -> None:
    """Let ``grant(user)`` (a ``Q`` on ``model``) widen what ``visible`` returns for
    ``model`` and for every model scoped through it. Called from ``AppConfig.ready``."""
    _read_grants[model] = grant


def _granted_q(user: User, model: type[models.Model]) -> Q | None:
    """The read grant of ``model``, or of the nearest model on its scope path that has
    one (``Material`` -> ``meeting`` -> the meeting's grant), as a ``Q`` on ``model``."""
    if model in _read_grants:
        return _read_grants[model](user)
    path: list[str] = []
    current = model
    for part in getattr(model, "scope_field", "task_force").split("__")[:-1]:
        current = current._meta.get_field(part).related_model
        path.append(part)
        if current in _read_grants:
            granted = current._default_manager.filter(_read_grants[current](user))
            return Q(**{"__".join(path) + "__in": granted.values("pk")})
    return None


def readable_task_forces(user: User) -> QuerySet[TaskForce]:
    return visible(user, TaskForce)


def visible(user: User, model_or_qs: type[M] | QuerySet[M]) -> QuerySet[M]:
    """Rows the user may read: of its task forces and every task force below them, and
    those a registered read grant gives it (an invitation to a meeting)."""
    qs = _as_queryset(model_or_qs)
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    paths = {seat.region_path for seat in seats(user)}
    scope = _tree_q(paths, _scope_prefix(qs.model))
    granted = _granted_q(user, qs.model)
    return qs.filter(scope if granted is None else scope | granted)


def task_force_ids_for(user: User, action: Action) -> set[int]:
    return {s.task_force_id for s in seats(user) if action in ROLE_ACTIONS[s.role]}


def can(user: User, action: Action, task_force: TaskForce) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return task_force.pk in task_force_ids_for(user, action)


def can_edit_section(user: User, task_force: TaskForce, sub_task_force_id: int) -> bool:
    """Secretariat and steering chair edit every section; a Kepala Sub-GT only its own."""
    if can(user, Action.EDIT, task_force):
        return True
    return any(
        s.task_force_id == task_force.pk
        and Action.EDIT_OWN_SECTION in ROLE_ACTIONS[s.role]
        and s.sub_task_force_id == sub_task_force_id
        for s in seats(user)
    )


def can_report_progress(
    user: User, task_force: TaskForce, sub_task_force_id: int, responsible_agency_id: int | None
) -> bool:
    """Progress of an activity: its section's editors, or a member of the responsible agency."""
    if can_edit_section(user, task_force, sub_task_force_id):
        return True
    return responsible_agency_id is not None and any(
        s.task_force_id == task_force.pk
        and Action.REPORT_AGENCY_PROGRESS in ROLE_ACTIONS[s.role]
        and s.agency_id == responsible_agency_id
        for s in seats(user)
    )


def can_edit_agency_rows(user: User, task_force: TaskForce, agency_id: int | None) -> bool:
    """Rows that belong to one agency (its budget lines): the secretariat and steering chair
    edit them all; any current member of that agency edits its agency's rows."""
    if can(user, Action.EDIT, task_force):
        return True
    return agency_id is not None and any(
        s.task_force_id == task_force.pk and s.agency_id == agency_id for s in seats(user)
    )


def agencies_of(user: User, task_force: TaskForce) -> set[int]:
    """The agencies the user sits on ``task_force`` for."""
    return {s.agency_id for s in seats(user) if s.task_force_id == task_force.pk}


def require(user: User, action: Action, task_force: TaskForce) -> None:
    """Raise 403 unless the user's role on ``task_force`` allows ``action`` (and, for the
    binding steps, ask for the second factor)."""
    if not can(user, action, task_force):
        raise PermissionDenied
    require_second_factor(user, {action})


def require_second_factor(user: User, actions) -> None:
    """``SecondFactorRequired`` when one of ``actions`` binds the task force and this
    session has not been verified with a second factor."""
    if not settings.TWO_FACTOR_REQUIRED or not (set(actions) & SECOND_FACTOR_ACTIONS):
        return
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and not is_verified():
        raise SecondFactorRequired


def get_for_user(
    user: User,
    model_or_qs: type[M] | QuerySet[M],
    action: Action | None = None,
    **lookup: Any,
) -> M:
    """Fetch one object the user may read (else 404) and, with ``action``, act on (else 403)."""
    obj = get_object_or_404(visible(user, model_or_qs), **lookup)
    if action is not None:
        require(user, action, task_force_of(obj))
    return obj


def task_force_of(obj: models.Model) -> TaskForce:
    if isinstance(obj, TaskForce):
        return obj
    target: Any = obj
    for part in getattr(type(obj), "scope_field", "task_force").split("__"):
        target = getattr(target, part)
    return target


def home_task_forces(user: User) -> list[TaskForce]:
    """The task forces the user sits on, with their regions, in tree order (for the
    navigation and the dashboard); read with the seats, no query of their own."""
    seats(user)
    return list(getattr(user, "_gt_home_task_forces", []))


def _as_queryset(model_or_qs):
    if isinstance(model_or_qs, QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()
