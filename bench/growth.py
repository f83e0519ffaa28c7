"""How the heaviest pages grow with the data (issue 14 item 6): a plan of 100, 300 and
1,000 activities (five years of targets, two years of quarterly progress) in the national
data set of ``bench/data.py``, each built inside a transaction that is rolled back.

    DATABASE_URL=postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_bench \\
        .venv/bin/python bench/growth.py

Prints, per size, the median of 7 requests through Django's test client of the plan page
(figures cached, as after the first view), the same page with the figures computed again
(cache emptied before each request), the dashboard of the plan's task force, the plan's
.xlsx export and their query counts.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugustugas.settings")
os.environ.setdefault("DJANGO_ENV", "local")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from actionplans.models import ActionPlan  # noqa: E402
from actionplans.services import create_plan  # noqa: E402
from bench.run import add_activities  # noqa: E402
from gugustugas.models import TaskForce  # noqa: E402


def build(task_force, size: int) -> ActionPlan:
    # The task force's current plan steps aside, so the dashboard shows this one.
    task_force.plans.update(status="closed")
    plan = create_plan(
        task_force,
        ActionPlan(
            title=f"RAD {size}",
            start_year=2025,
            period_years=5,
            status="enacted",
            version=task_force.plans.count() + 1,  # beside the existing 2025 plan
        ),
    )
    # One area for every activity, as this script has always built them.
    add_activities(plan, list(task_force.agencies.all()), size, areas=("prevention",))
    return plan


def timed(client, url, cold=False) -> tuple[float, int]:
    client.get(url)
    times = []
    for _ in range(7):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main() -> None:
    task_force = TaskForce.objects.get(region__code="32")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench.32.sekretariat"))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| activities | plan page ms (queries) | plan page, figures computed ms | "
          "dashboard ms (queries) | .xlsx export ms (queries) |")  # fmt: skip
    print("|---|---|---|---|---|")
    for size in (100, 300, 1000):
        with transaction.atomic():
            plan = build(task_force, size)
            cache.clear()
            page, page_q = timed(client, plan.get_absolute_url())
            cold, _q = timed(client, plan.get_absolute_url(), cold=True)
            dashboard, dash_q = timed(client, reverse("dashboard"))
            export, export_q = timed(client, reverse("actionplans:plan_export", args=[plan.pk]))
            print(
                f"| {size} | {page:.0f} ({page_q}) | {cold:.0f} | {dashboard:.0f} ({dash_q}) | "
                f"{export:.0f} ({export_q}) |",
                flush=True,
            )
            transaction.set_rollback(True)
        cache.clear()


if __name__ == "__main__":
    main()
