"""Member operations and figures that span models: who sits on a task force now (for the
contact list and its exports), which agency someone sat for on a day, and the summary of
the training-needs survey, an MoU's other parties."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext

from gugustugas.figures import percent
from gugustugas.models import Role, TaskForce, role_title
from members.models import MoU, NeedsSurveyResponse, Partner, Person, Topic


def current_contacts(task_force: TaskForce):
    """Current members with their contact details: for the page, the CSV and the vCards."""
    return (
        task_force.memberships.current()
        .select_related("person", "agency", "sub_task_force", "task_force__region")
        .order_by("role", "person__full_name")
    )


def agency_on(person: Person, day: datetime.date):
    """The agency a person sat for on ``day``, else their latest seat's (from prefetched
    ``person.memberships``, newest first); None for someone without a seat."""
    seats = list(person.memberships.all())
    for seat in seats:
        if seat.is_current(day):
            return seat.agency
    return seats[0].agency if seats else None


@dataclass(frozen=True)
class TopicCount:
    topic: str
    label: str
    count: int
    share: Decimal | None  # % of respondents


@dataclass(frozen=True)
class NeedsSummary:
    respondents: int
    topics: list[TopicCount]
    other_needs: list[NeedsSurveyResponse]


def needs_summary(responses: list[NeedsSurveyResponse]) -> NeedsSummary:
    """Per topic, how many respondents asked for it (most asked first) and their share;
    and the needs written in "other needs"."""
    counts = Counter(topic for r in responses for topic in set(r.topics))
    order = {value: n for n, value in enumerate(Topic.values)}
    respondents = len(responses)
    topics = [
        TopicCount(
            topic=value,
            label=str(label),
            count=counts[value],
            share=percent(counts[value], respondents),
        )
        for value, label in Topic.choices
    ]
    topics.sort(key=lambda t: (-t.count, order[t.topic]))
    return NeedsSummary(
        respondents=respondents,
        topics=topics,
        other_needs=[r for r in responses if r.other_needs.strip()],
    )


# The seats a task force must fill besides its members: the chair, the daily chair (Ketua
# Harian / Ketua Pengarah), the secretariat, and the head of every sub-GT.
REQUIRED_SEATS = (Role.CHAIR, Role.DAILY_CHAIR, Role.SECRETARIAT)


def vacancies(level: str, current, subgts) -> list[str]:
    """The required seats nobody holds among ``current`` memberships (anything with
    ``role`` and ``sub_task_force_id``), by their titles: the one rule for the reports'
    structure part and the oversight table."""
    held = Counter(m.role for m in current)
    result = [str(role_title(role, level)) for role in REQUIRED_SEATS if not held[role]]
    heads = {m.sub_task_force_id for m in current if m.role == Role.SUBGT_HEAD}
    result += [
        gettext("Head of %(subgt)s") % {"subgt": subgt.name}
        for subgt in subgts
        if subgt.pk not in heads
    ]
    return result


def with_parties(queryset):
    """MoUs with their partners and other task forces, for ``parties``."""
    return queryset.prefetch_related(
        Prefetch("partners", queryset=Partner.objects.order_by("name")),
        Prefetch("other_task_forces", queryset=TaskForce.objects.select_related("region")),
    )


def parties(mou: MoU) -> list[str]:
    """The other parties of an MoU, by name: for the register, its export and the panel."""
    return [p.name for p in mou.partners.all()] + [str(t) for t in mou.other_task_forces.all()]
