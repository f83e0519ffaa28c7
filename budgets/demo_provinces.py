"""Demo budgets at the top of the tree: this year's lines of the provinces' plans in use
(``actionplans.demo_provinces``), a few activities left unbudgeted, and realisation of
the quarters that have ended at a rate that differs from province to province. Bulk
inserts keep ``seed_demo`` fast."""

from __future__ import annotations

import zlib

from django.utils import timezone

from actionplans.models import Activity
from budgets.demo import ITEMS, SOURCE
from budgets.models import BudgetLine, LineStatus, Realisation, compute_total
from members.demo_provinces import demo_provinces


def seed() -> None:
    today = timezone.localdate()
    provinces = [tf for tf in demo_provinces() if not tf.budget_lines.exists()]
    activities = list(
        Activity.objects.of_plans_in_use()
        .filter(section__plan__task_force__in=provinces, responsible_agency__isnull=False)
        .select_related("section__plan__task_force__region")
        .prefetch_related("targets")
        .order_by("pk")
    )
    lines = []
    for index, activity in enumerate(activities):
        tf = activity.section.plan.task_force
        n = zlib.crc32(tf.region.code.encode())
        if (n + index) % 9 == 0:
            continue  # left unbudgeted: the oversight table counts it
        item, unit, cost = ITEMS.get(activity.unit, ("Belanja kegiatan", "paket", 5_000_000))
        target = next((t.target for t in activity.targets.all() if t.year == today.year), 1)
        unit_cost = cost + (n % 5) * 250_000
        lines.append(
            BudgetLine(
                task_force=tf,
                agency_id=activity.responsible_agency_id,
                fiscal_year=today.year,
                activity=activity,
                item=item,
                unit=unit,
                quantity=target,
                unit_cost=unit_cost,
                total=compute_total(target, unit_cost),
                funding_source=SOURCE[tf.level],
                cost_type="operational",
                justification=f"Mendukung kegiatan RAD {activity.code}: {activity.title}.",
                status=LineStatus.ALLOCATED,
            )
        )
    BudgetLine.objects.bulk_create(lines, batch_size=500)
    ended = (today.month - 1) // 3
    realisations = []
    for line in lines:
        n = zlib.crc32(line.task_force.region.code.encode())
        share = (25 + n % 70) / 100  # 25-94 % of the line spent so far
        for quarter in range(1, ended + 1):
            realisations.append(
                Realisation(line=line, quarter=quarter, amount=int(line.total * share / ended))
            )
    Realisation.objects.bulk_create(realisations, batch_size=500)
