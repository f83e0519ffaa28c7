"""The national-scale data set on PostgreSQL, built with bulk inserts (issue 14 item 1).

    DATABASE_URL=postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_bench \\
        .venv/bin/python bench/data.py

Creates the database if it does not exist, migrates it and fills it once (a second run
only prints the row counts): all 553 task forces with 25 current and 5 former members
each; a plan for every task force (about 100 activities; the benchmark province, Jawa
Barat, keeps the 300 of ``bench/run.py``; the national RAN 150) with five years of
targets and two years of quarterly progress in a spread of review states; budget lines
with realisation; two years of meetings with invitations, minutes and action points;
partners, MoUs and trainings; eight quarters of statistics (``bench/monitoring.py``);
published reports; and the benchmark's logins (``bench/load.py`` makes their sessions).
The logins' password is hashed once with Argon2id, as production does.
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugustugas.settings")
os.environ.setdefault("DJANGO_ENV", "local")

PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - a throw-away benchmark database

# The benchmark's logins: (username, region code, role). Jawa Barat (32) is the
# province of the benchmark, Kabupaten Sukabumi (32.02) its district.
LOGINS = [
    ("bench.id.sekretariat", "ID", "secretariat"),
    ("bench.id.ketuaharian", "ID", "daily_chair"),
    ("bench.32.sekretariat", "32", "secretariat"),
    ("bench.32.ketuaharian", "32", "daily_chair"),
    ("bench.32.subgt", "32", "subgt_head"),
    ("bench.3202.sekretariat", "32.02", "secretariat"),
    ("bench.3202.ketuaharian", "32.02", "daily_chair"),
    ("bench.3202.subgt", "32.02", "subgt_head"),
]


def ensure_database(url: str) -> None:
    """Create the benchmark's own database; refuse the application's default one."""
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL to postgres://.../gt_bench")
    if name == "gugustugas":
        sys.exit("Refusing to fill the database 'gugustugas': use a benchmark database (gt_bench).")
    import psycopg2

    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}", flush=True)
    admin.close()


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from gugustugas.models import Level, SubTaskForce, TaskForce  # noqa: E402

AREAS = ["prevention", "protection", "prosecution", "cooperation"]
rng = random.Random(14)


def step(label: str):
    """Print how long each part took."""

    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            print(f"  {label} ...", end="", flush=True)

        def __exit__(self, *exc):
            print(f" {time.perf_counter() - self.start:.1f} s", flush=True)

    return Timer()


def populate_plans(activities_per_plan: int = 100) -> None:
    """A plan for every task force that has none: mostly enacted, some in review or
    draft; ~100 activities, five years of targets, two years of quarterly progress."""
    from actionplans.models import ActionPlan, Activity, ActivityTarget, ProgressReport, Section
    from members.models import Agency

    done = set(ActionPlan.objects.values_list("task_force_id", flat=True))
    task_forces = [tf for tf in TaskForce.objects.order_by("pk") if tf.pk not in done]
    if not task_forces:
        return
    statuses = ["enacted"] * 17 + ["in_review", "draft", "enacted"]
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            task_force=tf,
            title=f"RAD {tf.pk} 2025-2029",
            start_year=2025,
            period_years=5,
            status=statuses[i % len(statuses)],
        )
        for i, tf in enumerate(task_forces)
    )
    subgts: dict[int, list] = {}
    for s in SubTaskForce.objects.order_by("pk"):
        subgts.setdefault(s.task_force_id, []).append(s)
    Section.objects.bulk_create(
        Section(plan=p, sub_task_force=s, order=s.order)
        for p in plans
        for s in subgts[p.task_force_id]
    )
    sections: dict[int, list] = {}
    for s in Section.objects.filter(plan__in=plans).order_by("pk"):
        sections.setdefault(s.plan_id, []).append(s)
    agencies: dict[int, list] = {}
    for a in Agency.objects.order_by("pk").only("pk", "task_force_id"):
        agencies.setdefault(a.task_force_id, []).append(a)
    activities = []
    for p in plans:
        plan_sections, plan_agencies = sections[p.pk], agencies[p.task_force_id]
        for n in range(activities_per_plan):
            activities.append(
                Activity(
                    section=plan_sections[n % len(plan_sections)],
                    code=f"{n % len(plan_sections) + 1}.{n + 1}",
                    title=f"Kegiatan {n + 1}",
                    indicator="Jumlah peserta",
                    unit="orang",
                    start_date=datetime.date(2025, 1, 1),
                    end_date=datetime.date(2029, 12, 31),
                    responsible_agency=plan_agencies[n % len(plan_agencies)],
                    area=AREAS[n % 4],
                )
            )
    Activity.objects.bulk_create(activities, batch_size=5000)
    ActivityTarget.objects.bulk_create(
        (
            ActivityTarget(activity=a, year=y, target=40)
            for a in activities
            for y in range(2025, 2030)
        ),
        batch_size=10000,
    )
    enacted = {p.pk for p in plans if p.status == "enacted"}
    reports = []
    for a in activities:
        if a.section.plan_id not in enacted:
            continue
        for year, quarter in [(2025, q) for q in range(1, 5)] + [(2026, q) for q in range(1, 4)]:
            if (year, quarter) == (2026, 3) and rng.random() < 0.1:
                continue  # overdue
            state = "accepted"
            if (year, quarter) == (2026, 3):
                state = rng.choice(["accepted", "accepted", "submitted", "draft"])
            reports.append(
                ProgressReport(
                    activity=a,
                    year=year,
                    quarter=quarter,
                    achieved=quarter * 9,
                    status="on_track",
                    review_state=state,
                )
            )
        if len(reports) > 50000:
            ProgressReport.objects.bulk_create(reports, batch_size=10000)
            reports = []
    ProgressReport.objects.bulk_create(reports, batch_size=10000)


def populate_progress_pool() -> None:
    """The benchmark posts progress for TW IV 2026 of the province's and the district's
    plans: every activity gets a draft there (``bench/load.py`` resets them to draft)."""
    from actionplans.models import ProgressReport

    for code in ("32", "32.02"):
        plan = TaskForce.objects.get(region__code=code).plans.order_by("pk").first()
        ProgressReport.objects.bulk_create(
            (
                ProgressReport(
                    activity=a,
                    year=2026,
                    quarter=4,
                    achieved=36,
                    status="on_track",
                    review_state="draft",
                )
                for a in plan.activities()
            ),
            ignore_conflicts=True,
        )


def populate_budgets(lines_per_year: int = 30) -> None:
    """Budget lines for two fiscal years in every task force that has none, linked to its
    plan's activities, with three quarters of realisation."""
    from actionplans.models import Activity
    from budgets.models import BudgetLine, Realisation

    have = set(BudgetLine.objects.values_list("task_force_id", flat=True))
    activities: dict[int, list] = {}
    for a in Activity.objects.select_related("section__plan").only(
        "pk", "responsible_agency_id", "section__plan__task_force_id"
    ):
        activities.setdefault(a.section.plan.task_force_id, []).append(a)
    sources = {Level.NATIONAL: "apbn", Level.PROVINCE: "apbd_province"}
    lines = []
    for tf in TaskForce.objects.select_related("region").order_by("pk"):
        if tf.pk in have:
            continue
        tf_activities = activities.get(tf.pk, [])
        for year in (2025, 2026):
            for n in range(lines_per_year):
                activity = tf_activities[n % len(tf_activities)]
                lines.append(
                    BudgetLine(
                        task_force=tf,
                        agency_id=activity.responsible_agency_id,
                        fiscal_year=year,
                        activity=activity,
                        item=f"Belanja kegiatan {n + 1}",
                        unit="paket",
                        quantity=2,
                        unit_cost=7_500_000,
                        total=15_000_000,
                        funding_source=sources.get(tf.level, "apbd_regency"),
                        justification="RAD",
                        status="allocated" if n % 5 else "proposed",
                    )
                )
    BudgetLine.objects.bulk_create(lines, batch_size=5000)
    Realisation.objects.bulk_create(
        (
            Realisation(line=line, quarter=q, amount=3_000_000)
            for line in lines
            if line.status == "allocated"
            for q in (1, 2, 3)
        ),
        batch_size=10000,
    )


def populate_partners() -> None:
    """Five partners, two MoUs and three trainings (ten participants each) per task force."""
    from members.models import MoU, Partner, Person, Training, TrainingParticipant

    if Partner.objects.exists():
        return
    task_forces = list(TaskForce.objects.order_by("pk"))
    kinds = ["ngo", "faith_based", "legal_aid", "academic", "private"]
    partners = Partner.objects.bulk_create(
        Partner(
            task_force=tf,
            name=f"Mitra {tf.pk}-{n}",
            kind=kinds[n],
            prevention=n % 2 == 0,
            protection=n % 2 == 1,
            phone="0812",
        )
        for tf in task_forces
        for n in range(5)
    )
    by_tf: dict[int, list] = {}
    for p in partners:
        by_tf.setdefault(p.task_force_id, []).append(p)
    mous = MoU.objects.bulk_create(
        MoU(
            task_force=tf,
            title=f"Nota kesepahaman {n + 1}",
            number=f"MoU/{tf.pk}/{n + 1}",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2027 + n, 12, 31),
            signed_on=datetime.date(2024, 12, 15),
            status="active",
        )
        for tf in task_forces
        for n in range(2)
    )
    through = MoU.partners.through
    through.objects.bulk_create(
        through(mou=m, partner=p) for m in mous for p in by_tf[m.task_force_id][:2]
    )
    trainings = Training.objects.bulk_create(
        Training(
            task_force=tf,
            topic="definition",
            title=f"Pelatihan dasar {n + 1}",
            date=datetime.date(2025, 3 + 3 * n, 10),
            place="Aula",
            organiser="Sekretariat",
        )
        for tf in task_forces
        for n in range(3)
    )
    people: dict[int, list] = {}
    for p in Person.objects.order_by("pk").only("pk", "task_force_id"):
        people.setdefault(p.task_force_id, []).append(p)
    TrainingParticipant.objects.bulk_create(
        (
            TrainingParticipant(training=t, person=p, pre_score=50, post_score=75)
            for t in trainings
            for p in people[t.task_force_id][:10]
        ),
        batch_size=10000,
    )


def populate_reports() -> None:
    """A published annual report 2025 for every province and the national level, with a
    real snapshot (one per level, built once and shared: the figures are not the point)."""
    from reports import sections
    from reports.models import Report

    if Report.objects.exists():
        return
    now = timezone.now()
    snapshots = {}
    reports = []
    for tf in TaskForce.objects.filter(region__level__in=[Level.NATIONAL, Level.PROVINCE]):
        report = Report(
            task_force=tf,
            kind="annual",
            year=2025,
            end_year=2025,
            snapshot_date=datetime.date(2025, 12, 31),
            status="published",
            published_at=now,
        )
        if tf.level not in snapshots:
            with transaction.atomic():
                report.save()
                snapshots[tf.level] = sections.build_snapshot(report)
                report.delete()
            report.pk = None
        report.snapshot = snapshots[tf.level]
        report.snapshot_taken_at = now
        reports.append(report)
    Report.objects.bulk_create(reports)


def populate_logins() -> None:
    """The benchmark's logins, with seats in their task forces (see LOGINS)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from members.models import Agency, Membership, Person

    user_model = get_user_model()
    hashed = make_password(PASSWORD, hasher="argon2")
    for username, code, role in LOGINS:
        tf = TaskForce.objects.get(region__code=code)
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"password": hashed}
        )
        if not created:
            continue
        person = Person.objects.create(task_force=tf, full_name=f"Bench {username}", user=user)
        Membership.objects.create(
            task_force=tf,
            person=person,
            agency=Agency.objects.filter(task_force=tf).order_by("pk").first(),
            role=role,
            position_title="Bench",
            sub_task_force=tf.subgts.order_by("order").first(),
            start_date=datetime.date(2022, 1, 1),
        )
        # Approvers work with a verified second factor (TWO_FACTOR_REQUIRED in production).
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)


def row_counts() -> list[tuple[str, int]]:
    from django.apps import apps

    counts = []
    for label in (
        "gugustugas.TaskForce",
        "members.Agency",
        "members.Person",
        "members.Membership",
        "members.Partner",
        "members.MoU",
        "members.Training",
        "members.TrainingParticipant",
        "actionplans.ActionPlan",
        "actionplans.Activity",
        "actionplans.ActivityTarget",
        "actionplans.ProgressReport",
        "budgets.BudgetLine",
        "budgets.Realisation",
        "meetings.Meeting",
        "meetings.Invitation",
        "meetings.ActionPoint",
        "monitoring.QuarterlySubmission",
        "monitoring.StatisticCell",
        "reports.Report",
    ):
        counts.append((label, apps.get_model(label).objects.count()))
    return counts


def build() -> None:
    from bench import monitoring as bench_monitoring
    from bench.reports import populate_ran_and_budgets
    from bench.run import populate, populate_meetings, populate_plan

    start = time.perf_counter()
    with step("migrate"):
        call_command("migrate", verbosity=0)
    with step("members (553 task forces)"):
        populate(25)
    with step("benchmark province plan (300 activities)"):
        populate_plan()
    with step("national RAN and its budget"):
        populate_ran_and_budgets()
    with step("plans of every other task force"):
        populate_plans()
    with step("progress pool (TW IV 2026 drafts)"):
        populate_progress_pool()
    with step("budget lines and realisation"):
        populate_budgets()
    with step("meetings, invitations, action points"):
        populate_meetings()
    with step("partners, MoUs, trainings"):
        populate_partners()
    with step("quarterly statistics"):
        bench_monitoring.populate()
    with step("published reports"):
        populate_reports()
    with step("logins"):
        populate_logins()
    with step("ANALYZE"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Built in {time.perf_counter() - start:.0f} s. Rows:")
    for label, count in row_counts():
        print(f"  {label:<32} {count:>9,}")


if __name__ == "__main__":
    build()
