"""Scale-out (docs/deploy.md, "More than one server"): two application processes behind
one database share sessions and data. Two gunicorn processes on ephemeral ports serve
the suite's database (PostgreSQL as it is; SQLite copied to a file both open): a login on
the first is a login on the second, a change saved through the second is read through
the first. The two share ``SECRET_KEY`` (the session's auth hash is signed with it), as
every process of a deployment must."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gugustugas.models import Role
from tests.conftest import make_member, postgres_url

# Committed rows, for the other processes.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # tests/conftest.py UserFactory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        # The suite's SQLite database lives in memory: copy it, committed rows and all,
        # into a file that both processes open.
        path = tmp_path / "shared.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    return postgres_url(settings.DATABASES["default"]["NAME"])


def _serve(url: str, port: int, tmp_path: Path) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_ENV": "test",
        "DATABASE_URL": url,
        "SECRET_KEY": "two-processes-share-this-key",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gugustugas.wsgi", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / f"gunicorn-{port}.log", "wb"),  # noqa: SIM115 -- closed with the process
    )


def _wait(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120  # a shared 2-core machine starts slowly
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=10)
            return
        except OSError:  # refused while starting, or timed out
            time.sleep(0.3)
    raise AssertionError(f"{base} did not answer")


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class Browser:
    """One user's cookies, sent to whichever process answers (a load balancer's view)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, url: str, data: dict) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()


def test_a_login_and_a_change_on_one_process_are_seen_by_the_other(committed_tree, tmp_path):
    province = committed_tree["province"]
    make_member(province, Role.SECRETARIAT, username="two.processes")
    url = _database_url(tmp_path)
    ports = _free_port(), _free_port()
    processes = [_serve(url, port, tmp_path) for port in ports]
    first, second = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        for base, process in zip((first, second), processes, strict=True):
            _wait(base, process)
        browser = Browser()

        _, _, login_page = browser.get(f"{first}/accounts/login/")
        status, landed, _ = browser.post(
            f"{first}/accounts/login/",
            {
                "username": "two.processes",
                "password": PASSWORD,
                "csrfmiddlewaretoken": _csrf(login_page),
            },
        )
        assert status == 200 and "/accounts/login/" not in landed

        # The session made by the first process is known to the second.
        edit = f"{second}/taskforces/{province.pk}/edit/"
        status, landed, form_page = browser.get(edit)
        assert status == 200 and landed == edit, "the second process sent us to log in"

        fields = dict(
            re.findall(
                r'<input type="(?:text|email|url|hidden|number|date|tel)" '
                r'name="(\w+)" value="([^"]*)"',
                form_page,
            )
        )
        fields |= dict(re.findall(r'<textarea name="(\w+)"[^>]*>([^<]*)</textarea>', form_page))
        status_field = re.search(
            r'<select name="formation_status".*?<option value="(\w+)"[^>]*selected', form_page, re.S
        )
        fields["formation_status"] = status_field.group(1)
        fields |= {"phone": "022-4200000", "csrfmiddlewaretoken": _csrf(form_page)}
        status, landed, _ = browser.post(edit, fields)
        assert status == 200 and landed.endswith(f"/taskforces/{province.pk}/")

        # Saved through the second, read through the first.
        _, _, page = browser.get(f"{first}/taskforces/{province.pk}/")
        assert "022-4200000" in page
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    if connection.vendor != "sqlite":
        province.refresh_from_db()
        assert province.phone == "022-4200000"
