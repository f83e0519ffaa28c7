"""Demo quarterly statistics: the last four ended quarters in every state.

Every demo task force with members (Jawa Barat, Kab. Sukabumi, Kota Bandung, Kepulauan
Riau, Kota Batam, Kab. Bintan) gets quarters that are draft, submitted, returned with a
reason, accepted on time and late, and missing; every other province gets its own
figures for the same quarters (mostly accepted, the last quarter in a spread of states),
so the national view shows 38 provinces. The figures are invented and consistent
(every breakdown adds up), with small counts so that the public page shows suppression.
Steps are recorded with the demo logins who took them, so each timeline reads right.
"""

from __future__ import annotations

import datetime
import random
import zlib

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gugustugas.models import Level, Role, TaskForce, WorkflowRecord
from members.models import Membership
from monitoring import measures, services
from monitoring.models import QuarterlySubmission, StatisticCell, SubmissionState
from monitoring.models.statistics import deadline

S = SubmissionState
MISSING = None
RETURN_REASON = "Rincian jenis eksploitasi belum sesuai dengan jumlah korban; mohon diperiksa."
REOPEN_REASON = "Ada laporan susulan dari UPTD PPA untuk triwulan ini."

# Per demo region: the states of the last four ended quarters, oldest first; "late"
# marks an acceptance of a submission that came in after the deadline.
PLANS = {
    "32": [S.ACCEPTED, S.ACCEPTED, S.SUBMITTED, S.DRAFT],
    "32.02": [S.ACCEPTED, "late", S.RETURNED, S.SUBMITTED],
    "32.73": [S.ACCEPTED, S.ACCEPTED, S.ACCEPTED, S.DRAFT],
    "21": [S.ACCEPTED, S.RETURNED, S.DRAFT, MISSING],
    "21.71": ["late", S.ACCEPTED, S.SUBMITTED, MISSING],
    "21.01": [MISSING, S.DRAFT, MISSING, MISSING],
}
LAST_QUARTER_SPREAD = [S.ACCEPTED, S.ACCEPTED, S.SUBMITTED, "late", S.RETURNED, S.DRAFT, MISSING]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _i in range(parts - 1))
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def figures(seed: str, scale: int) -> dict[str, int | None]:
    """Invented, consistent figures; ``scale`` sets how many victims."""
    rng = random.Random(zlib.crc32(seed.encode()))
    values: dict[str, int | None] = {code: 0 for code in measures.all_codes()}
    for name in ("identified", "assisted"):
        total = rng.randint(0, scale) if name == "identified" else rng.randint(0, scale // 2)
        values[f"{name}.total"] = total
        for breakdown in measures.BY_NAME[name].breakdowns:
            if breakdown.name == "destination":
                continue
            amounts = _split(total, len(breakdown.keys), rng)
            if breakdown.name == "exploitation":
                amounts[3] = 0  # organ removal: rare
                amounts[1] += total - sum(amounts)
            for (key, _label), amount in zip(breakdown.keys, amounts, strict=True):
                values[f"{name}.{breakdown.name}.{key}"] = amount
        abroad = values[f"{name}.place.abroad"]
        # Most go to Malaysia, some to Saudi Arabia and Hong Kong.
        my = abroad * 6 // 10
        sa = (abroad - my) // 2
        values[f"{name}.destination.MY"] = my
        values[f"{name}.destination.SA"] = sa
        values[f"{name}.destination.HK"] = abroad - my - sa
    for key in ("health", "social", "legal_aid", "repatriation", "reintegration"):
        values[f"assistance.{key}"] = rng.randint(0, max(values["assisted.total"], 1))
    reported = rng.randint(0, scale // 3 + 1)
    values["prosecution.reported"] = reported
    values["prosecution.investigated"] = rng.randint(0, reported)
    values["prosecution.prosecuted"] = rng.randint(0, values["prosecution.investigated"])
    values["prosecution.verdicts"] = None if rng.random() < 0.2 else rng.randint(0, 3)
    values["prosecution.suspects"] = rng.randint(reported, reported * 2 + 1)
    trained = rng.randint(0, 60)
    values["prevention.trainings"] = rng.randint(0, 4)
    values["prevention.trained"] = trained
    values["prevention.tested"] = trained // 2
    values["prevention.knowledge_rose"] = trained // 3
    values["prevention.materials"] = rng.randint(0, 2000)
    return values


def _people(task_force) -> tuple:
    members = Membership.objects.current().filter(task_force=task_force, person__user__isnull=False)
    secretariat = members.filter(role=Role.SECRETARIAT).select_related("person__user").first()
    chair = members.filter(role=Role.DAILY_CHAIR).select_related("person__user").first()
    return (
        secretariat.person.user if secretariat else None,
        chair.person.user if chair else None,
    )


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _record(content_type, submission, step, before, after, user, when, note=""):
    return WorkflowRecord(
        content_type=content_type,
        object_id=submission.pk,
        step=step,
        from_state=before,
        to_state=after,
        user=user,
        at=when,
        note=note,
    )


def _create(task_force, year, quarter, plan, scale, people, reviewers) -> None:
    if plan is MISSING:
        return
    late = plan == "late"
    state = S.ACCEPTED if late else plan
    due = deadline(task_force.level, year, quarter)
    submitted_day = due + datetime.timedelta(days=9) if late else due - datetime.timedelta(days=3)
    today = timezone.localdate()
    submitted_day = min(submitted_day, today)
    submitted = _at(submitted_day) if state != S.DRAFT else None
    submission = QuarterlySubmission.objects.create(
        task_force=task_force,
        year=year,
        quarter=quarter,
        state=state,
        submitted_at=submitted,
        last_submitted_at=submitted,
        accepted_at=_at(submitted_day, 15) if state == S.ACCEPTED else None,
        note="Sumber: UPTD PPA dan Polres; angka vonis dari pengadilan negeri.",
    )
    values = figures(f"{task_force.region.code}-{year}-{quarter}", scale)
    StatisticCell.objects.bulk_create(
        StatisticCell(submission=submission, code=code, value=value)
        for code, value in values.items()
    )
    content_type = ContentType.objects.get_for_model(QuarterlySubmission)
    secretariat, chair = people
    reviewer = reviewers[1] or reviewers[0]
    records = []
    if submitted:
        records.append(
            _record(
                content_type, submission, "submit", S.DRAFT, S.SUBMITTED, secretariat, submitted
            )
        )
    if state == S.RETURNED:
        records.append(
            _record(
                content_type,
                submission,
                "return",
                S.SUBMITTED,
                S.RETURNED,
                reviewer,
                _at(submitted_day, 14),
                RETURN_REASON,
            )
        )
    if state == S.ACCEPTED:
        records.append(
            _record(
                content_type,
                submission,
                "accept",
                S.SUBMITTED,
                S.ACCEPTED,
                reviewer,
                _at(submitted_day, 15),
            )
        )
    WorkflowRecord.objects.bulk_create(records)


def seed() -> list:
    if QuarterlySubmission.objects.exists():
        return []
    quarters = services.recent_quarters(4)
    national = TaskForce.objects.select_related("region").get(region__code="ID")
    national_people = _people(national)
    for code, plan in PLANS.items():
        task_force = TaskForce.objects.select_related("region").get(region__code=code)
        parent = TaskForce.objects.select_related("region").get(
            region_id=task_force.region.parent_id
        )
        scale = 18 if task_force.level == Level.REGENCY else 8
        people, reviewers = _people(task_force), _people(parent)
        for (year, quarter), state in zip(quarters, plan, strict=True):
            _create(task_force, year, quarter, state, scale, people, reviewers)
    others = TaskForce.objects.filter(region__level=Level.PROVINCE).exclude(
        region__code__in=list(PLANS)
    )
    for task_force in others.select_related("region"):
        spread = LAST_QUARTER_SPREAD[zlib.crc32(task_force.region.code.encode()) % 7]
        plan = [S.ACCEPTED, S.ACCEPTED, S.ACCEPTED, spread]
        for (year, quarter), state in zip(quarters, plan, strict=True):
            _create(task_force, year, quarter, state, 40, (None, None), national_people)
    return []
