"""Load benchmark (issue 14 item 2): gunicorn with the production settings on PostgreSQL,
driven by Locust, headless, on 127.0.0.1 only.

    make bench                       # 20, 50 and 100 users, 90 s each after the ramp
    BENCH_DURATION=30 BENCH_USERS=20,50 make bench     # a short run

What it does, in order (each step prints how long it took):
1. ``bench/data.py``: builds the national data set in ``gt_bench`` once (about 7 min),
   afterwards only prints its row counts;
2. prepares the run: the officers' sessions (logins are not measured: an Argon2id login
   costs 0.5-1.2 s of CPU and happens once a day), the progress reports of TW IV 2026 of
   the benchmark province and district reset to draft (the pool the officers report and
   review), the pages of the mix (``var/bench/targets.json``), collectstatic;
3. starts gunicorn (``BENCH_WORKERS`` sync workers, default 3) with ``DJANGO_ENV=production``
   behind a pretend proxy (every request says ``X-Forwarded-Proto: https``); times each
   page one request at a time (median of 5) and saves a copy of it as a static file;
4. restarts gunicorn so WhiteNoise serves those copies, then for each user count runs
   ``bench/locustfile.py`` (ramp at 10 users/s, statistics reset after the ramp);
5. writes ``bench/results/<date>-<commit>.json`` and ``.md`` (and ``latest.*``): p50, p95,
   p99, requests/s and errors per page, dynamic/static per page, the knee (users at
   which p95 over all pages passes 1 s), the bars, the machine, the load average.

Settings: ``BENCH_DATABASE_URL`` (default postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_bench),
``BENCH_USERS`` (20,50,100), ``BENCH_DURATION`` seconds per level (90), ``BENCH_WORKERS`` (3).
"""

import csv
import datetime
import http.client
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_bench"
)
USERS = [int(n) for n in os.environ.get("BENCH_USERS", "20,50,100").split(",") if n.strip()]
DURATION = int(os.environ.get("BENCH_DURATION", "90"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
SPAWN_RATE = 10
SESSIONS_PER_LOGIN = 13  # every simulated officer has a session of its own

# The production settings, as behind nginx (docs/deploy.md); the secret is new every run.
SERVER_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": DATABASE_URL,
    "STATIC_ROOT": str(VAR / "static"),
    "MEDIA_ROOT": str(VAR / "media"),
    "VAR_DIR": str(VAR),
    "LOG_LEVEL": "WARNING",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
os.environ.update(SERVER_ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "gugustugas.settings"


def took(label: str, start: float) -> None:
    print(f"[bench] {label}: {time.perf_counter() - start:.0f} s", flush=True)


def build_data() -> None:
    start = time.perf_counter()
    env = dict(os.environ, DJANGO_ENV="local", DATABASE_URL=DATABASE_URL)
    subprocess.run([sys.executable, str(ROOT / "bench" / "data.py")], env=env, check=True)
    took("data set", start)


def prepare() -> dict:
    """Sessions, the progress pool and the pages of the mix, from the database."""
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY

    from actionplans.models import ProgressReport
    from bench.data import LOGINS
    from budgets.models import BudgetLine
    from gugustugas.models import TaskForce
    from members.models import Membership
    from monitoring import services as monitoring
    from reports.models import Report

    start = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    took("collectstatic", start)
    start = time.perf_counter()
    users = (
        get_user_model()
        .objects.filter(username__startswith="bench.")
        .in_bulk(field_name="username")
    )
    targets: dict = {"logins": {}, "public": [], "static": []}
    tf = {code: TaskForce.objects.get(region__code=code) for code in ("ID", "32", "32.02")}
    plans = {code: t.plans.order_by("pk").first() for code, t in tf.items()}
    # The pool: every TW IV 2026 report of the province's and the district's plans, draft.
    pool = ProgressReport.objects.filter(
        year=2026, quarter=4, activity__section__plan__in=[plans["32"], plans["32.02"]]
    )
    pool.update(review_state="draft", return_reason="", reviewed_by=None, reported_by=None)
    year, quarter = monitoring.recent_quarters(1)[0]

    def meeting(code):
        return tf[code].meetings.filter(kind="overall", minutes_status="final").first()

    def page(name, url, kind="html"):
        return {"name": name, "url": url, "kind": kind}

    def common(code, label):
        t, plan = tf[code], plans[code]
        section = plan.sections.order_by("order").first()
        activity = plan.activities().order_by("section__order", "code").first()
        return [
            page(f"{label} dashboard", reverse("dashboard")),
            page(f"{label} task-force page", t.get_absolute_url()),
            page(f"{label} RAD page", plan.get_absolute_url()),
            page(f"{label} RAD section", section.get_absolute_url()),
            page(f"{label} activity page", activity.get_absolute_url()),
            page(f"{label} meeting list", reverse("meetings:meeting_list", args=[t.pk])),
            page(f"{label} meeting page", meeting(code).get_absolute_url()),
            page(f"{label} budget summary", reverse("budgets:overview", args=[t.pk])),
        ]

    province, district = tf["32"], tf["32.02"]
    secretariat_pages = {
        "32": common("32", "province")
        + [
            page("province member list", reverse("members:membership_list", args=[province.pk])),
            page(
                "province action points", reverse("meetings:action_point_list", args=[province.pk])
            ),
            page("province budget lines", reverse("budgets:line_list", args=[province.pk])),
            page("province district plans", reverse("oversight", args=[province.pk, "plans"])),
            page("province partner list", reverse("members:partner_list", args=[province.pk])),
            page(
                "province RAD export .xlsx",
                reverse("actionplans:plan_export", args=[plans["32"].pk]),
                "xlsx",
            ),
            page(
                "province contacts .csv", reverse("members:contact_csv", args=[province.pk]), "csv"
            ),
            page(
                "province budget export .xlsx",
                reverse("budgets:export", args=[province.pk]),
                "xlsx",
            ),
        ],
        "32.02": common("32.02", "district")
        + [
            page("district member list", reverse("members:membership_list", args=[district.pk])),
            page("district budget lines", reverse("budgets:line_list", args=[district.pk])),
        ],
        "ID": [
            page("national dashboard", reverse("dashboard")),
            page("national task-force list", reverse("taskforce_list")),
            page("national task-force page", tf["ID"].get_absolute_url()),
            page("national RAN page", plans["ID"].get_absolute_url()),
            page("national province plans", reverse("oversight", args=[tf["ID"].pk, "plans"])),
            page("national meeting page", meeting("ID").get_absolute_url()),
            page("national budget summary", reverse("budgets:overview", args=[tf["ID"].pk])),
        ],
    }
    for username, code, role in LOGINS:
        user = users[username]
        seat = Membership.objects.get(person__user=user)
        sessions = []
        device = user.totpdevice_set.first()
        for _ in range(SESSIONS_PER_LOGIN):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.create()
            sessions.append(session.session_key)
        pages = secretariat_pages[code]
        if role != "secretariat":  # chairs and sub-GT heads read the core pages
            pages = [p for p in pages if p["kind"] == "html"][:8]
        entry = {"code": code, "role": role, "sessions": sessions, "pages": pages}
        if code in ("32", "32.02"):
            mine = pool.filter(activity__section__plan=plans[code])
            if role == "subgt_head":
                mine = mine.filter(activity__section__sub_task_force=seat.sub_task_force)
            if role in ("secretariat", "subgt_head"):
                entry["report"] = list(mine.values_list("pk", flat=True))
            if role == "daily_chair":
                entry["review"] = code
            if role == "secretariat":
                entry["lines"] = [
                    line_data(line)
                    for line in BudgetLine.objects.filter(
                        task_force=tf[code], status="proposed"
                    ).order_by("pk")[:40]
                ]
        targets["logins"][username] = entry
    # Sub-GT heads report their own section; the secretariat the others.
    for code in ("32", "32.02"):
        head = next(
            e for e in targets["logins"].values() if e["code"] == code and e["role"] == "subgt_head"
        )
        sec = next(
            e
            for e in targets["logins"].values()
            if e["code"] == code and e["role"] == "secretariat"
        )
        sec["report"] = [pk for pk in sec["report"] if pk not in set(head["report"])]
    report = Report.objects.filter(status="published", task_force__region__code="32").first()
    targets["public"] = [
        page("public report portal", reverse("reports:portal")),
        page("public report page", reverse("reports:public_report", args=[report.pk])),
        page(
            "open data, national",
            reverse("monitoring:open_data") + f"?year={year}&quarter={quarter}",
        ),
        page(
            "open data JSON, province",
            reverse("monitoring:open_data_json") + f"?year={year}&quarter={quarter}&region=32",
            "json",
        ),
    ]
    took("sessions, pool and pages", start)
    return targets


def line_data(line) -> dict:
    return {
        "url": f"/budget-lines/{line.pk}/edit/",
        "done": f"/budget-lines/{line.pk}/",
        "data": {
            "agency": line.agency_id,
            "fiscal_year": line.fiscal_year,
            "activity": line.activity_id or "",
            "item": line.item,
            "unit": line.unit,
            "quantity": str(line.quantity),
            "unit_cost": line.unit_cost,
            "funding_source": line.funding_source,
            "cost_type": line.cost_type,
            "gender_analysis": line.gender_analysis,
            "justification": line.justification or "RAD",
            "notes": "",
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with the production settings on 127.0.0.1."""

    def __init__(self, port: int):
        self.port, self.process = port, None

    def start(self) -> None:
        self.log = open(VAR / "gunicorn.log", "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "gugustugas.wsgi",
                "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
                "--timeout", "60", "--graceful-timeout", "5",
            ],
            cwd=ROOT, env=dict(os.environ), stdout=self.log, stderr=self.log,
        )  # fmt: skip
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                get(self.port, "/accounts/login/")
                return
            except OSError:  # refused while gunicorn starts
                time.sleep(0.5)
        raise SystemExit("gunicorn did not start: see var/bench/gunicorn.log")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


def get(port: int, url: str, session: str | None = None) -> tuple[int, bytes, str]:
    """One request, redirects not followed. ``http.client``: urllib's opener added about
    25 ms of its own to every request here, which the single-request times included."""
    headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{port}"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response.headers.get("Content-Type", "")
    finally:
        connection.close()


def single_requests(port: int, targets: dict) -> dict:
    """Each page one request at a time (median of 5 after a warm-up on every worker); its
    copy is saved under the static root so the same server can serve it as a file."""
    copies = Path(SERVER_ENV["STATIC_ROOT"]) / "bench-copy"
    shutil.rmtree(copies, ignore_errors=True)
    copies.mkdir(parents=True)
    timings, seen = {}, set()
    entries = [(e["sessions"][0], p) for e in targets["logins"].values() for p in e["pages"]]
    entries += [(None, p) for p in targets["public"]]
    for session, p in entries:
        if p["name"] in seen:
            continue
        seen.add(p["name"])
        status, body, content_type = get(port, p["url"], session)
        if status != 200:
            raise SystemExit(f"{p['name']} {p['url']} answered {status}: not the page asked for")
        for _ in range(2 * WORKERS):  # every worker has seen the page (templates, caches)
            get(port, p["url"], session)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            get(port, p["url"], session)
            times.append((time.perf_counter() - start) * 1000)
        timings[p["name"]] = round(statistics.median(times), 1)
        slug = "".join(c if c.isalnum() else "-" for c in p["name"].lower())
        name = f"{slug}.{p['kind']}"
        (copies / name).write_bytes(body)
        p["title"] = title_of(body) if p["kind"] == "html" else None
        targets["static"].append(
            {"name": f"static {p['name']}", "url": f"/static/bench-copy/{name}"}
        )
    # Every page of a login carries the title its copy has: Locust checks it.
    titles = {p["name"]: p.get("title") for _, p in entries if "title" in p}
    for _, p in entries:
        p["title"] = titles.get(p["name"])
    return timings


def warm_up(port: int, targets: dict) -> None:
    """Every page a few times, so each worker has imported and loaded what it needs."""
    start = time.perf_counter()
    for entry in targets["logins"].values():
        for p in entry["pages"]:
            for _ in range(WORKERS):
                get(port, p["url"], entry["sessions"][0])
    took("warm-up", start)


def title_of(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    start = text.find("<title>")
    return text[start + 7 : text.find("</title>", start)].strip() if start >= 0 else ""


def run_locust(port: int, users: int, targets_file: Path) -> dict:
    prefix = VAR / f"locust-{users}"
    ramp = max(1, users // SPAWN_RATE)
    load_before = os.getloadavg()
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--host", f"http://127.0.0.1:{port}", "-u", str(users),
        "-r", str(SPAWN_RATE), "-t", f"{DURATION + ramp + 2}s", "--reset-stats",
        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
        "--stop-timeout", "10",
    ]  # fmt: skip
    env = dict(os.environ, BENCH_TARGETS=str(targets_file))
    subprocess.run(command, env=env, cwd=ROOT, check=False)
    load_after = os.getloadavg()
    pages = {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            if int(row["Request Count"]) == 0:
                continue  # drawn before the reset only
            pages[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 2),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
    failures = []
    with open(f"{prefix}_failures.csv") as f:
        failures = [
            {"page": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
            for r in csv.DictReader(f)
        ]
    return {
        "users": users,
        "duration_s": DURATION,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "pages": pages,
        "failures": failures,
    }


def machine() -> dict:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with open("/proc/meminfo") as f:
        memory = f"{int(f.readline().split()[1]) // 1024 // 1024} GB"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    git = lambda *a: subprocess.run(  # noqa: E731
        ["git", *a], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "gunicorn_workers": WORKERS,
        "locust_on_same_machine": True,
        "commit": git("rev-parse", "HEAD"),
        # The results of this run's earlier levels (bench/results/latest.*) do not count.
        "commit_dirty": bool(
            git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results")
        ),
    }


BARS = {50: 300, 100: 500}


def verdicts(run: dict) -> dict:
    dynamic = {
        k: v for k, v in run["pages"].items() if k != "Aggregated" and not k.startswith("static ")
    }
    bar = BARS.get(run["users"])
    worst = max(dynamic.items(), key=lambda kv: kv[1]["p95"], default=(None, {"p95": 0}))
    errors = sum(
        v["errors"] for v in run["pages"].values() if v is not run["pages"].get("Aggregated")
    )
    result = {"errors": errors, "worst_page": worst[0], "worst_p95": worst[1]["p95"]}
    if bar:
        result["bar_p95_ms"] = bar
        result["met"] = errors == 0 and worst[1]["p95"] < bar
    return result


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"# Load benchmark {result['date']}",
        "",
        f"Commit `{m['commit'][:12]}`{' (with uncommitted changes)' if m['commit_dirty'] else ''}; "
        f"{m['cpu']}, {m['cores']} cores, {m['memory']}; {m['os']}; Python {m['python']}; "
        f"PostgreSQL {m['postgresql']}; gunicorn {m['gunicorn_workers']} sync workers; "
        "Locust on the same machine; each simulated user waits 1-3 s between requests; "
        f"{result['duration_s']} s per level after the ramp (statistics reset after it).",
        "",
        "## Bars",
        "",
        "| users | errors | worst page p95 ms | bar | met | load average before / after |",
        "|---|---|---|---|---|---|",
    ]
    for run in result["runs"]:
        v = run["verdict"]
        lines.append(
            f"| {run['users']} | {v['errors']} | {v['worst_p95']:.0f} ({v['worst_page']}) | "
            f"{f'p95 < {v["bar_p95_ms"]} ms' if 'bar_p95_ms' in v else '—'} | "
            f"{'yes' if v.get('met') else ('no' if 'met' in v else '—')} | "
            f"{' '.join(map(str, run['load_average_before']))} / "
            f"{' '.join(map(str, run['load_average_after']))} |"
        )
    single = result["single_request_ms"]
    slow = {k: v for k, v in single.items() if v >= 100}
    lines += [
        "",
        f"Knee (users at which p95 over all pages passes 1 s): **{result['knee']}**.",
        f"Single request under 100 ms for every page: **{'yes' if not slow else 'no'}**"
        + (f" (over: {', '.join(f'{k} {v:.0f} ms' for k, v in slow.items())})" if slow else "")
        + f"; load average at that step {' '.join(map(str, result['single_load_average']))}.",
        "",
    ]
    names = sorted(single)
    actions = sorted(  # the posts: progress, review, budget lines
        {n for run in result["runs"] for n in run["pages"]}
        - set(names)
        - {"Aggregated"}
        - {n for n in (f"static {m}" for m in names)}
    )
    names += actions
    header = (
        "| page | requests | req/s | errors | p50 ms | p95 ms | p99 ms | single ms "
        "| static p50 ms | dynamic/static (p50) |"
    )
    for run in result["runs"]:
        lines += [f"## {run['users']} users", "", header, "|---" * 10 + "|"]
        pages = run["pages"]
        for name in [*names, "Aggregated"]:
            if name not in pages:
                continue
            s = pages[name]
            static = pages.get(f"static {name}")
            static_p50 = f"{static['p50']:.0f}" if static else "—"
            ratio = f"{s['p50'] / static['p50']:.0f}x" if static and static["p50"] else "—"
            lines.append(
                f"| {name} | {s['requests']} | {s['rps']} | {s['errors']} | {s['p50']:.0f} | "
                f"{s['p95']:.0f} | {s['p99']:.0f} | {single.get(name, '—')} | {static_p50} | "
                f"{ratio} |"
            )
        if run["failures"]:
            lines += ["", "Errors:", ""]
            lines += [f"- {f['page']}: {f['error']} ({f['count']}x)" for f in run["failures"]]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    started = time.perf_counter()
    VAR.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    build_data()
    targets = prepare()
    port = free_port()
    server = Server(port)
    start = time.perf_counter()
    server.start()
    try:
        single_load = [round(x, 2) for x in os.getloadavg()]
        single = single_requests(port, targets)
    finally:
        server.stop()
    took("single requests and static copies", start)
    targets_file = VAR / "targets.json"
    targets_file.write_text(json.dumps(targets, indent=1))
    server.start()  # WhiteNoise finds the copies at start-up
    runs = []
    try:
        warm_up(port, targets)
        for users in USERS:
            start = time.perf_counter()
            prepare_pool()
            run = run_locust(port, users, targets_file)
            run["verdict"] = verdicts(run)
            runs.append(run)
            stem = write_results(single, single_load, runs)  # after every level
            took(f"{users} users", start)
    finally:
        server.stop()
    print((RESULTS / f"{stem}.md").read_text())
    took(f"whole benchmark (results in bench/results/{stem}.md)", started)


def write_results(single: dict, single_load: list, runs: list) -> str:
    tested = [r["users"] for r in runs]
    knee = next(
        (r["users"] for r in runs if r["pages"].get("Aggregated", {}).get("p95", 0) > 1000),
        f"above {max(tested)} users",
    )
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "duration_s": DURATION,
        "machine": machine(),
        "single_request_ms": single,
        "single_load_average": single_load,
        "runs": runs,
        "knee": knee,
    }
    stem = f"{result['date'][:10]}-{result['machine']['commit'][:8]}"  # the UTC date
    for name in (stem, "latest"):
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
        (RESULTS / f"{name}.md").write_text(markdown(result) + "\n")
    return stem


def prepare_pool() -> None:
    """Every level starts from the same pool: TW IV 2026 reports in draft again."""
    from actionplans.models import ProgressReport

    ProgressReport.objects.filter(
        year=2026, quarter=4, activity__section__plan__task_force__region__code__in=["32", "32.02"]
    ).update(review_state="draft", return_reason="", reviewed_by=None, reported_by=None)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--markdown"]:  # the table again from a results file
        print(markdown(json.loads(Path(sys.argv[2]).read_text())))
    else:
        main()
