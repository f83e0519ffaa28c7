"""National-scale benchmark: every task force populated, then page latencies measured.

    .venv/bin/python bench/run.py [--members-per-task-force 25] [--repeat 20]

Uses its own database (var/bench.sqlite3 unless DATABASE_URL is set), builds it once:
for all 553 task forces the default agencies and N current members (plus some former
ones), then times the heaviest pages through Django's test client and prints the median
and 95th percentile. Speed is measured here, never in timed tests.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugustugas.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from gugustugas import defaults  # noqa: E402
from gugustugas.models import Role, SubTaskForce, TaskForce  # noqa: E402
from members.models import Agency, Membership, Person  # noqa: E402


def populate(per_task_force: int) -> None:
    if Membership.objects.exists():
        return
    print(f"Populating 553 task forces with {per_task_force} members each ...", flush=True)
    start = time.perf_counter()
    task_forces = list(TaskForce.objects.select_related("region"))
    Agency.objects.bulk_create(
        Agency(task_force=tf, name=f"{name} {tf.region}", short_name=short)
        for tf in task_forces
        for name, short in defaults.MEMBER_AGENCIES[tf.level]
    )
    Person.objects.bulk_create(
        Person(task_force=tf, full_name=f"Anggota {tf.region.code} {i:03d}", phone="0812")
        for tf in task_forces
        for i in range(per_task_force + 5)
    )
    agencies, people, subgts = {}, {}, {}
    for a in Agency.objects.order_by("pk"):
        agencies.setdefault(a.task_force_id, []).append(a)
    for p in Person.objects.order_by("pk"):
        people.setdefault(p.task_force_id, []).append(p)
    for s in SubTaskForce.objects.order_by("pk"):
        subgts.setdefault(s.task_force_id, []).append(s)
    roles = [Role.CHAIR, Role.DAILY_CHAIR, Role.SECRETARIAT] + [Role.SUBGT_HEAD] * 5
    rows = []
    for tf in task_forces:
        tf_agencies, tf_people, tf_subgts = agencies[tf.pk], people[tf.pk], subgts[tf.pk]
        for i, person in enumerate(tf_people):
            former = i >= per_task_force
            role = roles[i] if i < len(roles) and not former else Role.MEMBER
            rows.append(
                Membership(
                    task_force=tf,
                    person=person,
                    role=role,
                    agency=tf_agencies[i % len(tf_agencies)],
                    position_title=f"Jabatan {i}",
                    sub_task_force=tf_subgts[i % len(tf_subgts)],
                    start_date=datetime.date(2022, 1, 1),
                    end_date=datetime.date(2023, 12, 31) if former else None,
                    handover_note="Catatan serah terima." if former else "",
                )
            )
    Membership.objects.bulk_create(rows, batch_size=2000)
    print(f"  {len(rows)} memberships in {time.perf_counter() - start:.1f} s", flush=True)


AREAS = ("prevention", "protection", "prosecution", "cooperation")


def add_activities(plan, agencies, count: int, *, target=40, step=9, areas=AREAS, **fields):
    """``count`` activities spread over the plan's sections and ``agencies`` (2025-2029,
    ``fields`` for the title, indicator and unit), a target each year, and two years
    (2025, 2026) of accepted quarterly progress rising by ``step`` a quarter."""
    from actionplans.models import Activity, ActivityTarget, ProgressReport

    fields = {"title": "Kegiatan", "indicator": "Jumlah peserta", "unit": "orang"} | fields
    sections = list(plan.sections.all())
    activities = Activity.objects.bulk_create(
        Activity(
            section=sections[n % len(sections)],
            code=f"{n % len(sections) + 1}.{n + 1}",
            title=f"{fields['title']} {n + 1}",
            indicator=fields["indicator"],
            unit=fields["unit"],
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2029, 12, 31),
            responsible_agency=agencies[n % len(agencies)],
            area=areas[n % len(areas)],
        )
        for n in range(count)
    )
    ActivityTarget.objects.bulk_create(
        ActivityTarget(activity=a, year=y, target=target) for a in activities for y in plan.years
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            activity=a,
            year=y,
            quarter=q,
            achieved=q * step,
            status="on_track",
            review_state="accepted",
        )
        for a in activities
        for y in (2025, 2026)
        for q in range(1, 5)
    )
    return activities


def populate_plan() -> None:
    """A provincial RAD with 300 activities and two years of quarterly progress."""
    from actionplans.models import ActionPlan
    from actionplans.services import create_plan

    province = TaskForce.objects.get(region__code="32")
    if province.plans.exists():
        return
    plan = create_plan(
        province,
        ActionPlan(title="RAD benchmark", start_year=2025, period_years=5, status="enacted"),
    )
    add_activities(plan, list(province.agencies.all()), 300)
    print("  plan: 300 activities, 2,400 progress reports", flush=True)


def populate_meetings(per_task_force: int = 20) -> None:
    """Two years of meetings for every task force (overall every 4 months, the rest
    sub-GT meetings), each with invitations and action points."""
    from django.utils import timezone

    from meetings.models import ActionPoint, Invitation, Meeting

    if Meeting.objects.exists():
        return
    start = time.perf_counter()
    now = timezone.now().replace(microsecond=0)
    step = datetime.timedelta(days=730 // per_task_force)
    subgts = {}
    for s in SubTaskForce.objects.order_by("pk"):
        subgts.setdefault(s.task_force_id, []).append(s)
    meetings = []
    for tf in TaskForce.objects.all():
        for n in range(per_task_force):
            overall = n % 4 == 0
            starts_at = now - step * (per_task_force - n) + datetime.timedelta(days=14)
            meetings.append(
                Meeting(
                    task_force=tf,
                    kind="overall" if overall else "subgt",
                    sub_task_force=None if overall else subgts[tf.pk][n % len(subgts[tf.pk])],
                    title=f"Rapat {n}",
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    place="Ruang rapat",
                    minutes_status="final" if starts_at < now else "draft",
                    discussion="<p>Pembahasan.</p>",
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    members = {}
    for m in Membership.objects.current().order_by("pk"):
        members.setdefault(m.task_force_id, []).append(m)
    invitations, points = [], []
    benchmark_province = TaskForce.objects.get(region__code="32").pk
    for meeting in Meeting.objects.all():
        tf_members = members.get(meeting.task_force_id, [])
        wide = meeting.task_force_id == benchmark_province
        for m in tf_members[: 25 if wide else 5]:
            invitations.append(Invitation(meeting=meeting, membership=m, response="accepted"))
        for k in range(3):
            points.append(
                ActionPoint(
                    meeting=meeting,
                    description=f"Tindak lanjut {k}",
                    owner_agency_id=tf_members[k].agency_id,
                    due_date=(meeting.starts_at + datetime.timedelta(days=30)).date(),
                    status="open" if k else "done",
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=5000)
    ActionPoint.objects.bulk_create(points, batch_size=5000)
    print(
        f"  meetings: {len(meetings)}, invitations: {len(invitations)}, action points: "
        f"{len(points)} in {time.perf_counter() - start:.1f} s",
        flush=True,
    )


def user_on(code: str, role: str):
    user_model = get_user_model()
    username = f"bench.{code}.{role}"
    user, created = user_model.objects.get_or_create(username=username)
    if created:
        person = Person.objects.filter(task_force__region__code=code, user=None).first()
        person.user = user
        person.save()
        Membership.objects.filter(person=person).update(role=role)
    return user


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def latest_meeting(task_force, name="meeting_detail") -> str:
    meeting = task_force.meetings.filter(kind="overall", minutes_status="final").first()
    return reverse(f"meetings:{name}", args=[meeting.pk])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members-per-task-force", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    populate(args.members_per_task_force)
    populate_plan()
    populate_meetings()
    print(f"Rows: {Membership.objects.count()} memberships, {Agency.objects.count()} agencies")
    national = TaskForce.objects.get(region__code="ID")
    province = TaskForce.objects.get(region__code="32")
    pages = [
        ("national", "dashboard (38 provinces)", reverse("dashboard")),
        ("national", "task-force list (all, page 1)", reverse("taskforce_list")),
        ("province", "dashboard (districts)", reverse("dashboard")),
        ("province", "task-force page", province.get_absolute_url()),
        ("national", "national task-force page", national.get_absolute_url()),
        ("province", "member list", reverse("members:membership_list", args=[province.pk])),
        ("province", "contact CSV", reverse("members:contact_csv", args=[province.pk])),
        ("province", "RAD page, 300 activities", province.plans.get().get_absolute_url()),
        (
            "province",
            "RAD page filtered (area, overdue)",
            province.plans.get().get_absolute_url() + "?area=prevention&overdue=1",
        ),
        ("national", "RAD page seen by national", province.plans.get().get_absolute_url()),
        ("province", "meeting list", reverse("meetings:meeting_list", args=[province.pk])),
        ("province", "meeting page (25 invited)", latest_meeting(province)),
        (
            "province",
            "action points (all, page 1)",
            reverse("meetings:action_point_list", args=[province.pk]),
        ),
        (
            "province",
            "task-force calendar feed",
            reverse("meetings:task_force_feed", args=[province.pk]),
        ),
        ("province", "minutes PDF", latest_meeting(province, "minutes_pdf")),
    ]
    clients = {}
    for key, code in (("national", "ID"), ("province", "32")):
        clients[key] = Client()
        clients[key].force_login(user_on(code, Role.SECRETARIAT))
    print(f"{'page':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for who, label, url in pages:
        median, p95, queries = measure(clients[who], url, args.repeat)
        print(f"{label:<36} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
