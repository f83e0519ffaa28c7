"""Builders for meeting tests: a meeting of a task force at a chosen time, invitations,
and running the e-mail task queue the way ``manage.py db_worker`` would."""

from __future__ import annotations

import datetime
import itertools
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from gugustugas.models import Role
from meetings.models import ActionPoint, Invitation, Kind, Meeting
from members.models import Membership
from tests.conftest import make_member

_numbers = itertools.count(1)


def make_meeting(
    task_force,
    kind=Kind.OVERALL,
    starts_in: datetime.timedelta = datetime.timedelta(days=14),
    hours: int = 2,
    **fields,
) -> Meeting:
    """A meeting ``starts_in`` from now (negative: in the past). A sub-GT meeting gets
    the task force's first sub-GT (the one the ``<level>_subgt_head`` login heads)."""
    if kind == Kind.SUBGT and "sub_task_force" not in fields:
        fields["sub_task_force"] = task_force.subgts.order_by("order", "pk").first()
    starts_at = fields.pop("starts_at", None) or timezone.now().replace(microsecond=0) + starts_in
    return Meeting.objects.create(
        task_force=task_force,
        kind=kind,
        title=fields.pop("title", f"Rapat uji {next(_numbers)}"),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", None) or starts_at + datetime.timedelta(hours=hours),
        place=fields.pop("place", "Ruang Rapat Dinas PPPA"),
        **fields,
    )


def member_of(meeting_or_tf, username: str) -> Membership:
    """The current membership of the login ``username`` (from the ``users`` fixture)."""
    return Membership.objects.get(person__user__username=username)


def invite(meeting: Meeting, *memberships: Membership, **fields) -> list[Invitation]:
    return [Invitation.objects.create(meeting=meeting, membership=m, **fields) for m in memberships]


def invite_new_member(meeting: Meeting, role=Role.MEMBER, **fields) -> Invitation:
    return Invitation.objects.create(
        meeting=meeting, membership=make_member(meeting.task_force, role), **fields
    )


def make_action_point(meeting: Meeting, **fields) -> ActionPoint:
    if "owner_agency" not in fields:
        fields["owner_agency"] = make_member(meeting.task_force, Role.MEMBER).agency
    return ActionPoint.objects.create(
        meeting=meeting,
        description=fields.pop("description", "Susun draf SOP rujukan korban"),
        due_date=fields.pop("due_date", timezone.localdate() + datetime.timedelta(days=30)),
        **fields,
    )


def run_tasks() -> None:
    """Run every queued task that is due, as ``manage.py db_worker --batch`` does.

    The worker closes "old" database connections between tasks, as a web request would;
    inside a test's transaction that would close the test's own connection (PostgreSQL
    sees autocommit off and drops it), so that one call is disabled here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def organiser(meeting: Meeting):
    """A login that may organise the meeting and write its minutes: the task force's
    secretariat, else a superuser."""
    seat = (
        Membership.objects.current()
        .filter(task_force_id=meeting.task_force_id, role=Role.SECRETARIAT)
        .exclude(person__user=None)
        .select_related("person__user")
        .first()
    )
    if seat is not None:
        return seat.person.user
    user, _created = get_user_model().objects.get_or_create(
        username="steps-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def circulate(meeting: Meeting) -> None:
    meeting.take("circulate", organiser(meeting))


def cancel(meeting: Meeting, reason: str) -> None:
    meeting.take("cancel", organiser(meeting), note=reason)
