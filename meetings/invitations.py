"""Whom a meeting may invite, and adding invitations.

Eligible are the current members of the meeting's task force; a national coordination
meeting may also invite the members of every task force below the national one, and a
provincial coordination meeting those of the province's districts (``KIND_RULES``:
"who attends"). Adding is idempotent: members already invited are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from simple_history.utils import bulk_create_with_history

from gugustugas.models import Role
from meetings.models import Invitation, Kind, Meeting
from members.models import Membership

# The kinds whose invitations reach the task forces below the organising one.
REACHES_BELOW = (Kind.NATIONAL, Kind.PROVINCIAL)
# The seats invited from each task force below: who speaks and answers for it.
BELOW_ROLES = (Role.DAILY_CHAIR, Role.SECRETARIAT)


def eligible_memberships(meeting: Meeting) -> QuerySet[Membership]:
    """Current memberships the meeting may invite (a queryset: never loaded whole)."""
    scope = Q(task_force_id=meeting.task_force_id)
    if meeting.kind in REACHES_BELOW:
        path = meeting.task_force.region.path
        scope |= Q(task_force__region__path__startswith=path + ".")
    return Membership.objects.current().filter(scope)


def own_memberships(meeting: Meeting) -> QuerySet[Membership]:
    return Membership.objects.current().filter(task_force_id=meeting.task_force_id)


def leaders_below(meeting: Meeting, level: str) -> QuerySet[Membership]:
    """Daily chair and secretariat of every task force of ``level`` below the meeting's."""
    return (
        eligible_memberships(meeting)
        .exclude(task_force_id=meeting.task_force_id)
        .filter(task_force__region__level=level, role__in=BELOW_ROLES)
    )


@transaction.atomic
def add_invitations(meeting: Meeting, memberships: Iterable[Membership] | QuerySet) -> int:
    """Invite the given memberships; those already invited are skipped. Returns how many
    invitations were added."""
    if isinstance(memberships, QuerySet):
        ids = set(memberships.values_list("pk", flat=True))
    else:
        ids = {m.pk for m in memberships}
    ids -= set(meeting.invitations.values_list("membership_id", flat=True))
    if not ids:
        return 0
    created = bulk_create_with_history(
        [Invitation(meeting=meeting, membership_id=pk) for pk in sorted(ids)],
        Invitation,
        batch_size=500,
    )
    return len(created)
