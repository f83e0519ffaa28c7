"""Profile single requests of the benchmark's pages in-process (issue 14: measure first).

    .venv/bin/python bench/profile_pages.py                      # time every page of the mix
    .venv/bin/python bench/profile_pages.py "province dashboard" --profile 25
    .venv/bin/python bench/profile_pages.py "province RAD page" --cold --sql 10

The production settings (DEBUG off, cached templates, manifest static files, the database
cache) against the benchmark's data (``BENCH_DATABASE_URL``, default ``gt_bench``), the
pages of the mix from ``var/bench/targets.json`` (written by ``bench/load.py``; another
file with ``--targets``), each requested through Django's test client as the benchmark
login that reads it (``force_login``; the session is deleted at the end). A page is
requested once to warm up, then ``--repeat`` times: the median wall time, CPU time of
this process (the Python side: the page without its wait for the database) and SQL time
(``CaptureQueriesContext``) are printed; ``--cold`` forgets the plans' cached figures
before every request (what a page costs after a change to a plan), ``--reported`` as after
a progress report of one activity in every plan (only that row is computed again);
``--profile N`` prints the top N functions by cumulative time of one more request;
``--sql N`` its N slowest queries. Writes nothing but sessions and what the pages write.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get(
        "BENCH_DATABASE_URL", "postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_bench"
    ),
)
os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("SECRET_KEY", "profile-" + secrets.token_urlsafe(48))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ["DJANGO_SETTINGS_MODULE"] = "gugustugas.settings"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", help="page names (substrings); default all")
    parser.add_argument("--targets", default=str(ROOT / "var" / "bench" / "targets.json"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", default="", help="regex: print only these functions' rows")
    parser.add_argument("--sql", type=int, default=0, metavar="N")
    parser.add_argument("--sql-width", type=int, default=400, help="characters of each query")
    parser.add_argument("--cold", action="store_true")
    parser.add_argument(
        "--reported",
        nargs="?",
        const="all",
        default=None,
        metavar="PLANS",
        help="as after a progress report of one activity in every plan, or in the plans "
        "of these ids (1,2): not --cold's every write, only that row is computed again",
    )
    parser.add_argument(
        "--explain",
        type=float,
        default=None,
        metavar="MS",
        help="EXPLAIN ANALYZE every SELECT of one request; print the plans over MS ms",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY

    from actionplans.models import Activity
    from actionplans.services import invalidate_plan_figures

    targets = json.loads(Path(args.targets).read_text())
    users = get_user_model().objects.in_bulk(list(targets["logins"]), field_name="username")
    pages: dict[str, tuple[str | None, str]] = {}
    for username, entry in targets["logins"].items():
        for page in entry["pages"]:
            pages.setdefault(page["name"], (username, page["url"]))
    for page in targets["public"]:
        pages.setdefault(page["name"], (None, page["url"]))
    chosen = [n for n in pages if not args.pages or any(p in n for p in args.pages)]

    clients: dict[str | None, Client] = {None: Client()}

    def client_for(username):
        if username not in clients:
            client = Client()
            user = users[username]
            client.force_login(user)
            device = user.totpdevice_set.first()
            if device is not None:
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            clients[username] = client
        return clients[username]

    reported = {}  # plan: one of its activities
    if args.cold or args.reported:
        for plan_id, activity_id in Activity.objects.values_list("section__plan", "pk"):
            reported.setdefault(plan_id, activity_id)
        if args.reported not in (None, "all"):
            chosen_plans = {int(pk) for pk in args.reported.split(",")}
            reported = {pk: a for pk, a in reported.items() if pk in chosen_plans}

    def get(name, profiler=None):
        username, url = pages[name]
        for pk, activity_id in reported.items():  # outside the measure: writes meanwhile
            invalidate_plan_figures(pk, activity_id if args.reported else None)
        if profiler is not None:
            profiler.enable()
        with CaptureQueriesContext(connection) as queries:
            start, cpu = time.perf_counter(), time.process_time()
            response = client_for(username).get(url, secure=True)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        if profiler is not None:
            profiler.disable()
        if response.status_code != 200:
            raise SystemExit(f"{name} {url}: status {response.status_code}")
        sql = sum(float(q["time"]) for q in queries.captured_queries)
        return elapsed * 1000, sql * 1000, queries.captured_queries, cpu * 1000

    print(f"{'page':38} {'ms':>7} {'cpu ms':>7} {'sql ms':>7} {'queries':>7}")
    try:
        for name in chosen:
            get(name)  # warm up: templates, caches, connection
            runs = [get(name) for _ in range(args.repeat)]
            wall = statistics.median(r[0] for r in runs)
            sql = statistics.median(r[1] for r in runs)
            cpu = statistics.median(r[3] for r in runs)
            print(f"{name:38} {wall:7.1f} {cpu:7.1f} {sql:7.1f} {len(runs[-1][2]):7}", flush=True)
            if args.profile:
                profiler = cProfile.Profile()
                get(name, profiler)
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(
                    *([args.only] if args.only else []), args.profile
                )
                print(out.getvalue())
                print(by_area(profiler))
            if args.sql:
                captured = get(name)[2]
                for q in sorted(captured, key=lambda q: -float(q["time"]))[: args.sql]:
                    print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][: args.sql_width]}")
            if args.explain is not None:
                explain(get(name)[2], args.explain)
    finally:
        for username, client in clients.items():
            if username is not None:
                client.logout()


AREAS = [
    ("SQL (driver)", ("psycopg", "sqlite3")),
    ("ORM", ("django/db/",)),
    ("templates", ("django/template/", "django/templatetags/", "crispy_forms")),
    ("translation", ("django/utils/translation/",)),
    # The project's own apps: those of INSTALLED_APPS that live in this repository.
    ("project", [f"{ROOT}/{name}/" for name in settings.INSTALLED_APPS if (ROOT / name).is_dir()]),
    ("openpyxl", ("openpyxl",)),
]


def by_area(profiler) -> str:
    """Own time (tottime) summed by area: where the CPU goes, whoever called it."""
    stats = pstats.Stats(profiler).stats
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        where = filename + name  # a C function's "filename" is "~": its name says whose
        area = next((a for a, marks in AREAS if any(m in where for m in marks)), "other")
        totals[area] = totals.get(area, 0.0) + tottime
    whole = sum(totals.values()) or 1
    return "  own time by area: " + ", ".join(
        f"{area} {t * 1000:.0f} ms ({t / whole:.0%})"
        for area, t in sorted(totals.items(), key=lambda kv: -kv[1])
    )


def explain(captured, threshold_ms: float) -> None:
    """Execution time of each SELECT as PostgreSQL measures it (no client, no noise of
    the Python side); the plan of those over the threshold."""
    from django.db import connection

    with connection.cursor() as cursor:
        for q in captured:
            if not q["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            took = float(plan[-1].split(":")[1].split()[0])
            print(f"  {took:7.2f} ms  {q['sql'][:160]}")
            if took > threshold_ms:
                print("\n".join("        " + line for line in plan))


if __name__ == "__main__":
    main()
