"""Demo plans at the top of the tree: each province that ``members.demo_provinces`` fills
gets a RAD in a realistic state (mostly enacted, some in legal review, a few drafts; the
provinces not formed have none), two activities per section with yearly targets and,
for an enacted plan, quarterly progress with some recent quarters left unreported, so
the national oversight table ranks them. Bulk inserts keep ``seed_demo`` fast."""

from __future__ import annotations

import datetime
import zlib
from decimal import Decimal

from django.utils import timezone

from actionplans.demo import ACTIVITIES
from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    PlanStatus,
    ProgressReport,
    ProgressStatus,
    ReviewComment,
    ReviewState,
    Section,
)
from gugustugas.figures import quarter_end
from gugustugas.models import FormationStatus, SubTaskForce
from members.demo_provinces import demo_provinces
from members.models import Agency

START = 2025
PERIOD = 5


def _status(task_force, n: int) -> str | None:
    """Mostly enacted; some in legal review, a few drafts; a task force still being
    formed has a draft, a plan in review or none yet."""
    if task_force.formation_status == FormationStatus.FORMING:
        return (None, PlanStatus.DRAFT, PlanStatus.IN_REVIEW)[n % 3]
    return (
        [PlanStatus.ENACTED] * 4
        + [PlanStatus.IN_REVIEW]
        + [PlanStatus.ENACTED] * 4
        + [PlanStatus.DRAFT]
    )[n % 10]


def seed() -> None:
    # By position in code order, so that every state is there whatever the codes.
    states = {tf.pk: _status(tf, i) for i, tf in enumerate(demo_provinces())}
    provinces = [tf for tf in demo_provinces() if states[tf.pk] and not tf.plans.exists()]
    if not provinces:
        return
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            task_force=tf,
            title=f"RAD Pencegahan dan Penanganan TPPO {tf.region}",
            start_year=START,
            period_years=PERIOD,
            problem_statement="Daerah asal dan transit pekerja migran.",
            vision="Daerah yang bebas dari perdagangan orang.",
        )
        for tf in provinces
    )
    for plan, tf in zip(plans, provinces, strict=True):
        plan.task_force = tf
    subgts: dict[int, list[SubTaskForce]] = {}
    for subgt in SubTaskForce.objects.filter(task_force__in=provinces).order_by("order", "pk"):
        subgts.setdefault(subgt.task_force_id, []).append(subgt)
    sections = Section.objects.bulk_create(
        Section(plan=plan, sub_task_force=subgt, order=subgt.order)
        for plan in plans
        for subgt in subgts.get(plan.task_force_id, [])
    )
    agencies = {
        (a.task_force_id, a.short_name): a for a in Agency.objects.filter(task_force__in=provinces)
    }
    activities = []
    for section in sections:
        tf = section.plan.task_force
        kind = section.sub_task_force.kind
        for n, (title, indicator, unit, area, target, short) in enumerate(
            ACTIVITIES.get(kind, [])[:2], start=1
        ):
            activities.append(
                Activity(
                    section=section,
                    code=f"{section.order}.{n}",
                    title=title,
                    indicator=indicator,
                    unit=unit,
                    area=area,
                    baseline=Decimal(target // 2),
                    start_date=datetime.date(START, 1, 1),
                    end_date=datetime.date(START + PERIOD - 1, 12, 31),
                    responsible_agency=agencies.get((tf.pk, short))
                    or agencies.get((tf.pk, "DP3A")),
                    location=str(tf.region),
                )
            )
            activities[-1].yearly_target = target
    Activity.objects.bulk_create(activities)
    ActivityTarget.objects.bulk_create(
        ActivityTarget(activity=a, year=year, target=Decimal(a.yearly_target))
        for a in activities
        for year in range(START, START + PERIOD)
    )
    status_of = {plan.pk: states[plan.task_force_id] for plan in plans}
    _progress([a for a in activities if status_of[a.section.plan_id] == PlanStatus.ENACTED])
    for plan in plans:
        _lifecycle(plan, status_of[plan.pk])


def _progress(activities) -> None:
    """Every ended quarter since the start, cumulative within the year, except the last
    few of some activities (which makes them overdue); the last one still submitted."""
    today = timezone.localdate()
    quarters = [
        (year, q)
        for year in range(START, today.year + 1)
        for q in range(1, 5)
        if quarter_end(year, q) < today
    ]
    reports = []
    for index, activity in enumerate(activities):
        province_n = zlib.crc32(activity.section.plan.task_force.region.code.encode())
        # How far behind the province's reporters are: 0 (never) to 3 (every other one).
        lag = province_n % 4
        missing = 1 if lag and (index * 7 + province_n) % (5 - lag) == 0 else 0
        if lag == 3 and index % 4 == 0:
            missing = 2
        reported = quarters[: len(quarters) - missing]
        for number, (year, q) in enumerate(reported, start=1):
            share = Decimal(q) / 4 * Decimal(55 + (province_n + index) % 45) / 100
            reports.append(
                ProgressReport(
                    activity=activity,
                    year=year,
                    quarter=q,
                    achieved=(Decimal(activity.yearly_target) * share).quantize(Decimal("1")),
                    status=ProgressStatus.DELAYED
                    if province_n % 4 == 0
                    else ProgressStatus.ON_TRACK,
                    narrative=f"Kegiatan triwulan {q} berjalan.",
                    review_state=ReviewState.SUBMITTED
                    if number == len(reported)
                    else ReviewState.ACCEPTED,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=500)


def _lifecycle(plan: ActionPlan, status: str) -> None:
    """The plan's history, recorded without the steps' checks (it happened elsewhere)."""
    if status == PlanStatus.DRAFT:
        return
    ActionPlan.workflow.record(plan, "submit", None, "Draf dikirim ke Biro Hukum.")
    if status == PlanStatus.IN_REVIEW:
        ReviewComment.objects.create(
            plan=plan,
            reviewer="Biro Hukum Sekretariat Daerah",
            text="Dasar hukum perlu mencantumkan Perpres 19/2023 tentang RAN PPTPPO.",
        )
        return
    plan.regulation_number = f"Peraturan Gubernur No. {20 + plan.pk % 60} Tahun {START}"
    plan.regulation_date = datetime.date(START, 4, 1 + plan.pk % 28)
    plan.monitoring_frequency = "quarterly"
    plan.reporting_frequency = "semiannual"
    ActionPlan.workflow.record(plan, "enact", None, "Ditetapkan dengan peraturan gubernur.")
