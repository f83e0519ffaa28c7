"""Faults survived (issue 15): PostgreSQL restarted under load, a task worker killed in
the middle of a task.

    DATABASE_URL=postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_lock_faults \\
        .venv/bin/python bench/faults.py [--seconds 20] [--restart-at 6] [--users 4]

Needs a PostgreSQL 15 cluster ``15/main`` on this machine that the caller may restart
(``pg_ctlcluster 15 main restart``: root or postgres), and a database of its own: it
refuses the name ``gugustugas``. It creates the database if missing and migrates it.

1. **Restart under load.** gunicorn (2 workers, persistent connections with
   ``CONN_HEALTH_CHECKS``, as in production) serves ``--users`` logged-in secretariat
   sessions that each add partners as fast as they can. ``--restart-at`` seconds in,
   PostgreSQL is restarted. Every POST answered with a redirect to the new partner is an
   acknowledged write; afterwards each acknowledged name must be a row, and writes must
   succeed again after the restart without touching gunicorn.
2. **Worker killed mid-task.** A meeting with five invitees; ``db_worker`` sends the
   invitations through a slow e-mail backend (one a second, written to files) and is
   killed with SIGKILL after the second. The task is left RUNNING;
   ``manage.py requeue_abandoned_tasks --minutes 0`` (the worker unit's ExecStartPre)
   queues it again and a new worker finishes it: every invitee has exactly one e-mail.

Exit status 0 when both hold; the figures are printed either way.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "faults-check-2026"
USERNAME = "faults.secretariat"
SECRET_KEY = "faults-check-shared-secret-key-not-for-production"


def env_for(url: str, **extra) -> dict[str, str]:
    return os.environ | {
        "DJANGO_ENV": "local",
        "DJANGO_SETTINGS_MODULE": "gugustugas.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "CONN_MAX_AGE": "300",
        "DEBUG": "0",
        "VAR_DIR": str(ROOT / "var" / "faults"),
        "MEDIA_ROOT": str(ROOT / "var" / "faults" / "media"),
        **extra,
    }


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    if name in ("", "gugustugas"):
        sys.exit("Use a database of its own (e.g. gt_lock_faults), never 'gugustugas'.")
    admin = psycopg2.connect(
        dbname="postgres",
        user=parts.username,
        password=parts.password,
        host=parts.hostname,
        port=parts.port or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env_for(url), check=True
    )


def setup_django(url: str) -> None:
    os.environ.update(env_for(url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_login():
    """The secretariat of Jawa Barat, with a password (hashed as production does)."""
    from django.contrib.auth import get_user_model

    from gugustugas.models import Role, TaskForce
    from members.models import Agency, Membership, Person

    province = TaskForce.objects.get(region__code="32")
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    user.set_password(PASSWORD)
    user.save()
    agency, _ = Agency.objects.get_or_create(task_force=province, name="Dinas PPPA (uji gangguan)")
    person, _ = Person.objects.get_or_create(
        task_force=province, user=user, defaults={"full_name": "Sekretariat Uji"}
    )
    import datetime

    Membership.objects.get_or_create(
        task_force=province,
        person=person,
        agency=agency,
        role=Role.SECRETARIAT,
        defaults={"start_date": datetime.date(2025, 1, 1)},
    )
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    return province


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    def __init__(self, base: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = self.base + path
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=30) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return (
                error.code,
                error.headers.get("Location", ""),
                error.read().decode(errors="replace"),
            )

    def token(self, path: str) -> str:
        _, _, page = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def login(self) -> None:
        token = self.token("/accounts/login/")
        status, location, _ = self.request(
            "/accounts/login/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert status == 302 and "/accounts/login/" not in location, (status, location)


def restart_under_load(url: str, seconds: float, restart_at: float, users: int) -> bool:
    from members.models import Partner

    province = ensure_login()
    run_tag = f"faults-{int(time.time())}"
    port = free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gugustugas.wsgi", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "error", "--timeout", "60"],
        cwd=ROOT,
        env=env_for(url),
        stdout=subprocess.DEVNULL,
        # The 500s during the restart log their tracebacks here, not on the screen.
        stderr=open(ROOT / "var" / "faults" / "gunicorn.log", "ab"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5)
            break
        except OSError:
            time.sleep(0.5)
    add = f"/taskforces/{province.pk}/partners/add/"
    results: list[tuple[float, str, int, bool]] = []  # (time, name, status, acknowledged)
    lock = threading.Lock()
    stop = threading.Event()
    start = time.monotonic()

    def user(n: int) -> None:
        session = Session(base)
        session.login()
        token = session.token(add)
        count = 0
        while not stop.is_set():
            count += 1
            name = f"{run_tag}-{n}-{count}"
            try:
                status, location, _ = session.request(
                    add, {"name": name, "kind": "ngo", "csrfmiddlewaretoken": token}
                )
            except OSError:
                status, location = 0, ""
            acknowledged = status == 302 and "/partners/" in location
            with lock:
                results.append((time.monotonic() - start, name, status, acknowledged))
            if status == 0 or status >= 500:
                time.sleep(0.2)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    time.sleep(restart_at)
    restart_started = time.monotonic() - start
    subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
    restart_done = time.monotonic() - start
    time.sleep(max(0.0, seconds - restart_done))
    stop.set()
    for thread in threads:
        thread.join()
    gunicorn_alive = gunicorn.poll() is None
    gunicorn.send_signal(signal.SIGTERM)
    gunicorn.wait(timeout=30)

    from django.db import connection

    connection.close()  # the restart dropped this process's connection too
    rows = set(
        Partner.objects.filter(name__startswith=run_tag + "-").values_list("name", flat=True)
    )
    acked = {name for _, name, _, ok in results if ok}
    failed = [r for r in results if not r[3]]
    after = [r for r in results if r[0] > restart_done and r[3]]
    missing = acked - rows
    print("== PostgreSQL restarted under load")
    print(f"POSTs: {len(results)}; acknowledged (302 to the new partner): {len(acked)}")
    print(f"not acknowledged (5xx or connection error during the restart): {len(failed)}")
    statuses = sorted({r[2] for r in failed})
    print(f"  their statuses: {statuses}")
    print(f"restart from {restart_started:.1f}s to {restart_done:.1f}s of the run")
    print(f"acknowledged writes after the restart (no gunicorn restart): {len(after)}")
    print(f"rows in the database: {len(rows)}; acknowledged but missing: {len(missing)}")
    print(f"rows written whose answer was lost: {len(rows - acked)}")
    print(f"gunicorn still the same process: {gunicorn_alive}")
    return not missing and len(after) > 0 and gunicorn_alive


def worker_killed(url: str, mail_dir: Path) -> bool:
    import datetime

    from django.tasks import TaskResultStatus
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from gugustugas.models import Role, TaskForce
    from meetings import tasks
    from meetings.models import Invitation, Kind, Meeting
    from members.models import Agency, Membership, Person

    province = TaskForce.objects.get(region__code="32")
    agency = Agency.objects.get(task_force=province, name="Dinas PPPA (uji gangguan)")
    meeting = Meeting.objects.create(
        task_force=province,
        kind=Kind.OVERALL,
        title=f"Rapat uji gangguan {int(time.time())}",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=2),
        place="Ruang rapat",
    )
    addresses = []
    for n in range(5):
        email = f"undangan{n}.{meeting.pk}@example.id"
        person = Person.objects.create(task_force=province, full_name=f"Anggota {n}", email=email)
        seat = Membership.objects.create(
            task_force=province,
            person=person,
            agency=agency,
            role=Role.MEMBER,
            start_date=datetime.date(2025, 1, 1),
        )
        Invitation.objects.create(meeting=meeting, membership=seat)
        addresses.append(email)
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).delete()  # this run's only
    tasks.send_invitations.enqueue(meeting.pk, tasks.INVITATION)
    mail_env = env_for(
        url,
        EMAIL_BACKEND="bench.slow_mail.SlowFileBackend",
        FAULTS_MAIL_DIR=str(mail_dir),
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=mail_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def sent() -> list[str]:
        found = []
        for path in mail_dir.glob("*.log"):
            found += re.findall(r"^To: (\S+)$", path.read_text(), re.M)
        return found

    deadline = time.monotonic() + 120
    while len(sent()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    worker.kill()  # SIGKILL: no clean-up, as a crash or the OOM killer
    worker.wait()
    before = sent()
    left = DBTaskResult.objects.get(
        task_path__endswith="send_invitations", args_kwargs__args__0=meeting.pk
    )
    state_after_kill = left.status
    subprocess.run(
        [sys.executable, "manage.py", "requeue_abandoned_tasks", "--minutes", "0"],
        cwd=ROOT,
        env=mail_env,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=mail_env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = sent()
    left.refresh_from_db()
    counts = {address: after.count(address) for address in addresses}
    print("== Task worker killed in the middle of sending five invitations")
    print(f"e-mails sent before the kill: {len(before)}; task then {state_after_kill}")
    print(f"after requeue and a new worker: task {left.status}, e-mails {len(after)}")
    print(f"e-mails per invitee: {sorted(counts.values())}")
    return state_after_kill == TaskResultStatus.RUNNING and set(counts.values()) == {1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--restart-at", type=float, default=6)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--skip-restart", action="store_true", help="only the worker check")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (gt_lock_faults).")
    ensure_database(url)
    setup_django(url)
    ok = True
    if not args.skip_restart:
        ok &= restart_under_load(url, args.seconds, args.restart_at, args.users)
    else:
        ensure_login()
    mail_dir = ROOT / "var" / "faults" / f"mail-{int(time.time())}"
    mail_dir.mkdir(parents=True, exist_ok=True)
    ok &= worker_killed(url, mail_dir)
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
