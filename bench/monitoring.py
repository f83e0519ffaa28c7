"""Quarterly statistics at national scale: 553 task forces x 8 quarters, on PostgreSQL.

    DATABASE_URL=postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_monitoring \\
        .venv/bin/python bench/monitoring.py [--repeat 30] [--threads 4]

Builds the data once in its own database (``migrate`` first, if it is empty): for every
province and district task force eight quarters of submissions with every cell filled
(4,424 submissions, about 290,000 cells), in a spread of states, and a national steering
chair login. Then times the national pages through Django's test client, one after
another (median, 95th percentile, queries) and from several threads at once
(requests per second). Speed is measured here, never in timed tests.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugustugas.settings")
os.environ.setdefault("DJANGO_ENV", "test")
if "DATABASE_URL" not in os.environ:
    sys.exit("Set DATABASE_URL to a PostgreSQL database of the benchmark's own.")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from gugustugas.models import FormationStatus, Level, Role, TaskForce  # noqa: E402
from members.models import Agency, Membership, Person  # noqa: E402
from monitoring import services  # noqa: E402
from monitoring.demo_statistics import figures  # noqa: E402
from monitoring.models import QuarterlySubmission, StatisticCell, SubmissionState  # noqa: E402
from monitoring.models.statistics import deadline  # noqa: E402

S = SubmissionState
STATES = [S.ACCEPTED] * 6 + [S.SUBMITTED, S.RETURNED, S.DRAFT]


def populate() -> None:
    if QuarterlySubmission.objects.exists():
        return
    quarters = services.recent_quarters(8)
    task_forces = list(
        TaskForce.objects.exclude(region__level=Level.NATIONAL).select_related("region")
    )
    TaskForce.objects.update(formation_status=FormationStatus.FORMED)
    print(f"Populating {len(task_forces)} task forces x {len(quarters)} quarters ...", flush=True)
    start = time.perf_counter()
    rng = random.Random(11)
    submissions = []
    for tf in task_forces:
        for year, quarter in quarters:
            if rng.random() < 0.05:
                continue  # missing
            state = rng.choice(STATES)
            due = deadline(tf.level, year, quarter)
            day = due + datetime.timedelta(days=rng.randint(-10, 12))
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            submitted = state != S.DRAFT
            submissions.append(
                QuarterlySubmission(
                    task_force=tf,
                    year=year,
                    quarter=quarter,
                    state=state,
                    submitted_at=at if submitted else None,
                    last_submitted_at=at if submitted else None,
                    accepted_at=at if state == S.ACCEPTED else None,
                )
            )
    QuarterlySubmission.objects.bulk_create(submissions, batch_size=1000)
    cells = []
    for s in QuarterlySubmission.objects.select_related("task_force__region"):
        scale = 40 if s.task_force.level == Level.REGENCY else 15
        values = figures(f"{s.task_force.region.code}-{s.year}-{s.quarter}", scale)
        cells += [StatisticCell(submission=s, code=c, value=v) for c, v in values.items()]
        if len(cells) > 20000:
            StatisticCell.objects.bulk_create(cells, batch_size=5000)
            cells = []
    StatisticCell.objects.bulk_create(cells, batch_size=5000)
    national = TaskForce.objects.get(region__code="ID")
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(username="bench.ketuaharian")
    agency = Agency.objects.create(task_force=national, name="KemenPPPA bench", short_name="KPPPA")
    person = Person.objects.create(task_force=national, full_name="Bench Ketua Harian", user=user)
    Membership.objects.create(
        task_force=national,
        person=person,
        agency=agency,
        role=Role.DAILY_CHAIR,
        position_title="Menteri",
        start_date=datetime.date(2022, 1, 1),
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(
        f"  {QuarterlySubmission.objects.count()} submissions, "
        f"{StatisticCell.objects.count()} cells in {time.perf_counter() - start:.0f} s",
        flush=True,
    )


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def concurrent(url: str, user, threads: int, seconds: float) -> tuple[float, float]:
    """Requests per second and median latency with ``threads`` clients at once."""
    done: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def work():
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(url)
        while time.perf_counter() < stop:
            start = time.perf_counter()
            response = client.get(url)
            assert response.status_code == 200
            with lock:
                done.append((time.perf_counter() - start) * 1000)
        connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return len(done) / seconds, statistics.median(done)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    populate()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="bench.ketuaharian")
    national = TaskForce.objects.get(region__code="ID")
    province = TaskForce.objects.get(region__code="32")
    year, quarter = services.recent_quarters(1)[0]
    pages = [
        (
            "national aggregate + drill-down",
            reverse("monitoring:aggregate", args=[national.pk, year, quarter]),
        ),
        (
            "national completeness (38 + 514)",
            reverse("monitoring:completeness", args=[national.pk, year, quarter]),
        ),
        (
            "province aggregate (27 districts)",
            reverse("monitoring:aggregate", args=[province.pk, year, quarter]),
        ),
        (
            "province completeness",
            reverse("monitoring:completeness", args=[province.pk, year, quarter]),
        ),
    ]
    public = [
        (
            "open data, national (suppressed)",
            reverse("monitoring:open_data") + f"?year={year}&quarter={quarter}",
        ),
        (
            "open data JSON, province",
            reverse("monitoring:open_data_json") + f"?year={year}&quarter={quarter}&region=32",
        ),
    ]
    client = Client()
    client.force_login(user)
    print(f"\n{connection.vendor}, {args.repeat} requests each, one after another\n")
    print("| page | median ms | p95 ms | queries |\n|---|---|---|---|")
    for label, url in pages:
        median, p95, queries = measure(client, url, args.repeat)
        print(f"| {label} | {median:.0f} | {p95:.0f} | {queries} |", flush=True)
    anonymous = Client()
    for label, url in public:
        median, p95, queries = measure(anonymous, url, args.repeat)
        print(f"| {label} | {median:.0f} | {p95:.0f} | {queries} |", flush=True)
    print(f"\n{args.threads} clients at once for {args.seconds:.0f} s\n")
    print("| page | requests/s | median ms |\n|---|---|---|")
    for label, url in pages[:2]:
        rate, median = concurrent(url, user, args.threads, args.seconds)
        print(f"| {label} | {rate:.1f} | {median:.0f} |", flush=True)


if __name__ == "__main__":
    main()
