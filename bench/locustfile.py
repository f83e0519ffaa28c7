"""The mix of the load benchmark (run by ``bench/load.py``, which writes ``BENCH_TARGETS``).

Officers at the three levels (national, the province of the benchmark, one of its
districts; secretariat, steering chair, sub-GT head) read their pages; secretariats and
sub-GT heads post progress reports ("Save and submit"), steering chairs accept or return
them, secretariats edit budget lines; anonymous visitors read the report portal and the
open data; a few clients fetch the saved copies of the pages as static files, which gives
the dynamic/static ratio per page. Every response is checked to be the page asked for:
the status, no redirect (a redirect to the login page is an error), the content type,
and for HTML the page's own title.
"""

import itertools
import json
import os
import random
import secrets
import urllib.parse
from collections import deque

from locust import FastHttpUser, between, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115

# Officers, weighted: more people work in the district and province than at the centre.
WEIGHTS = {
    "bench.id.sekretariat": 2,
    "bench.id.ketuaharian": 1,
    "bench.32.sekretariat": 4,
    "bench.32.ketuaharian": 2,
    "bench.32.subgt": 3,
    "bench.3202.sekretariat": 3,
    "bench.3202.ketuaharian": 1,
    "bench.3202.subgt": 2,
}
CYCLE = itertools.cycle([name for name, w in WEIGHTS.items() for _ in range(w)])
SESSIONS = {name: deque(e["sessions"]) for name, e in TARGETS["logins"].items()}
# The progress pool, shared by all simulated users of this process: reports to post
# (draft or returned) per login, and submitted ones waiting for the chair per level.
TO_REPORT = {name: deque(e.get("report", [])) for name, e in TARGETS["logins"].items()}
TO_REVIEW = {"32": deque(), "32.02": deque()}
# The budget lines each login edits, one simulated user at a time: two officers saving
# the same line at once get the conflict page (409), as they should.
TO_EDIT = {name: deque(e.get("lines", [])) for name, e in TARGETS["logins"].items()}
OWNER: dict[int, str] = {}
CONTENT_TYPES = {
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats",
    "csv": "text/csv",
    "json": "application/json",
}


class Browser(FastHttpUser):
    """A client behind the pretend TLS proxy: it sends ``X-Forwarded-Proto: https`` and
    its own cookies (the server marks them Secure; the client's cookie jar is off, so
    what the server sets never doubles them). Locust's FastHttpUser (geventhttpclient):
    on this machine the client shares the two cores with the server, and it costs a few
    times less CPU per request than the requests-based HttpUser."""

    abstract = True
    wait_time = between(1, 3)
    session_key = None

    def on_start(self):
        self.csrf = secrets.token_hex(16)
        self.origin = "https://" + self.host.split("://", 1)[1]
        self.client.client.cookiejar = None

    def headers(self, extra=None):
        cookie = f"csrftoken={self.csrf}"
        if self.session_key:
            cookie += f"; sessionid={self.session_key}"
        headers = {"X-Forwarded-Proto": "https", "Cookie": cookie}
        return headers | (extra or {})

    def page(self, p):
        with self.client.get(
            p["url"], name=p["name"], headers=self.headers(), allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"status {response.status_code} {where}")
            elif not response.headers.get("Content-Type", "").startswith(CONTENT_TYPES[p["kind"]]):
                response.failure(f"content type {response.headers.get('Content-Type')}")
            elif p.get("title") and f"<title>{p['title']}" not in response.text.replace(
                "<title>\n", "<title>"
            ):
                response.failure("not the page asked for (title differs)")

    def post(self, url, data, name, done):
        """A form post that must answer with a redirect to ``done`` (a form sent back
        with errors, a refusal or the login page is an error)."""
        body = urllib.parse.urlencode(dict(data, csrfmiddlewaretoken=self.csrf))
        headers = self.headers(
            {
                "Origin": self.origin,
                "Referer": self.origin + url,
                "Content-Type": "application/x-www-form-urlencoded",
            }
        )
        with self.client.post(
            url, data=body, name=name, headers=headers, allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            where = response.headers.get("Location", "")
            if response.status_code != 302 or not where.endswith(done):
                response.failure(f"status {response.status_code} {where}")
                return False
        return True


class Officer(Browser):
    weight = 10

    def on_start(self):
        super().on_start()
        self.login = next(CYCLE)
        self.entry = TARGETS["logins"][self.login]
        SESSIONS[self.login].rotate(1)
        self.session_key = SESSIONS[self.login][0]

    @task(12)
    def read(self):
        self.page(random.choice(self.entry["pages"]))

    @task(2)
    def report_progress(self):
        pool = TO_REPORT[self.login]
        if not pool:
            return self.read()
        pk = pool.popleft()
        done = self.post(
            f"/progress/{pk}/edit/",
            {
                "achieved": str(random.randint(30, 40)),
                "status": "on_track",
                "narrative": "Kegiatan berjalan sesuai rencana.",
                "obstacles": "",
                "submit": "1",
            },
            "progress posted (save and submit)",
            "/",
        )
        if done:
            OWNER[pk] = self.login
            TO_REVIEW[self.entry["code"]].append(pk)
        else:
            pool.append(pk)

    @task(2)
    def review_progress(self):
        level = self.entry.get("review")
        if not level or not TO_REVIEW[level]:
            return self.read()
        pk = TO_REVIEW[level].popleft()
        if random.random() < 0.4:
            self.post(f"/progress/{pk}/accept/", {}, "progress accepted", "/")
        elif self.post(
            f"/progress/{pk}/return/",
            {"note": "Mohon lengkapi bukti kegiatan."},
            "progress returned",
            "/",
        ):
            TO_REPORT[OWNER.get(pk, self.login)].append(pk)

    @task(1)
    def edit_budget_line(self):
        pool = TO_EDIT[self.login]
        if not pool:
            return self.read()
        pool.rotate(-random.randrange(len(pool)))
        line = pool.popleft()
        data = dict(line["data"], notes=f"Catatan {random.randint(1, 999)}")
        try:
            self.post(line["url"], data, "budget line edited", line["done"])
        finally:
            pool.append(line)


class Visitor(Browser):
    """Anonymous: the public report portal and the open data."""

    weight = 3

    @task
    def read(self):
        self.page(random.choice(TARGETS["public"]))


class StaticReader(Browser):
    """The saved copies of the pages, served as static files by the same server."""

    weight = 1

    @task
    def read(self):
        copy = random.choice(TARGETS["static"])
        with self.client.get(
            copy["url"], name=copy["name"], headers=self.headers(), catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
