"""Locust users for the deadline-rush bench (started by bench/rush.py; not meant to be run by hand).

Each simulated author logs in, opens the submit form and submits a paper with its own ~5 MB PDF (the
bench's base PDF with a unique token written into it). Environment:

- RUSH_CONFIG: the JSON written by ``rush_data.py setup``;
- RUSH_RESULTS: JSONL file, one line per author (statuses, times, the acknowledged submission number);
- RUSH_FIRST, RUSH_COUNT: which accounts to use (rush-<FIRST> .. rush-<FIRST+COUNT-1>);
- RUSH_MODE: ``burst`` (each Locust user takes authors from a queue until none are left) or ``arrivals``
  (each Locust user is one author who arrives at a fixed time: author k of the phase at
  ``RUSH_START + k / RUSH_RATE``, an open-loop arrival rate that does not depend on how fast the server
  answers). Locust's spawn rate alone is not an arrival rate: users that finish are replaced, so a
  "2 per second" spawn delivered bursts of up to 11 authors a second (4.6/s on average).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time

import gevent
from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser
from rush_client import CSRF, DETAIL, PLACEHOLDER, form_fields, multipart, pdf_for, token_for
from rush_client import server_cpu as server_cpu_of

CONFIG = json.loads(open(os.environ["RUSH_CONFIG"]).read())
FIRST = int(os.environ.get("RUSH_FIRST", "0"))
COUNT = int(os.environ["RUSH_COUNT"])
MODE = os.environ.get("RUSH_MODE", "burst")
RATE = float(os.environ.get("RUSH_RATE", "0"))
START = float(os.environ.get("RUSH_START", "0"))  # time.time() of the first arrival
BASE_PDF = open(CONFIG["pdf"], "rb").read()
assert BASE_PDF.count(PLACEHOLDER) >= 1, "the base PDF has no placeholder token"
ERRORS = re.compile(rb'class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)

SERVER_PID = int(os.environ.get("RUSH_SERVER_PID", "0"))  # set: measure the server's CPU per request
_next = iter(range(FIRST, FIRST + COUNT))
_results: list[dict] = []


def server_cpu() -> float:
    return server_cpu_of(SERVER_PID) if SERVER_PID else 0.0


def _note_error(r: dict, resp) -> None:
    """A connection error or timeout (status 0) keeps its reason."""
    if resp.status_code == 0 or resp.status_code >= 500:
        r.setdefault("error", f"HTTP {resp.status_code}: {resp.error or resp.text[:200]}"[:300])


def _take():
    return next(_next, None)


class Author(FastHttpUser):
    wait_time = constant(0)
    network_timeout = 180.0
    connection_timeout = 180.0

    def _csrf(self, body: bytes) -> str:
        m = CSRF.search(body or b"")
        return m.group(1).decode() if m else ""

    def _one(self, i: int) -> dict:
        r: dict = {"i": i}
        if MODE == "arrivals":  # wait for this author's arrival time (the PDF is made after: memory)
            r["due"] = START + (i - FIRST) / RATE
            gevent.sleep(max(0.0, r["due"] - time.time()))
        email = CONFIG["email"].format(i)
        token = token_for(i)
        pdf = pdf_for(BASE_PDF, i)
        r.update(email=email, token=token.decode(), sha256=hashlib.sha256(pdf).hexdigest())
        self.client.cookiejar.clear()
        slug = CONFIG["slug"]
        r["start"] = time.time()  # when this author arrived (the arrival pattern of a run)
        try:
            t0 = time.perf_counter()
            resp = self.client.get("/accounts/login/", name="login form")
            csrf = self._csrf(resp.content)
            t1, c1 = time.perf_counter(), server_cpu()
            resp = self.client.post(
                "/accounts/login/",
                data={"csrfmiddlewaretoken": csrf, "username": email, "password": CONFIG["password"]},
                name="login",
                allow_redirects=False,
            )
            r["login_status"], r["t_login"] = resp.status_code, time.perf_counter() - t1
            _note_error(r, resp)
            r["t_login_form"], r["cpu_login"] = t1 - t0, server_cpu() - c1
            if resp.status_code != 302:
                return r
            t2 = time.perf_counter()
            resp = self.client.get(f"/{slug}/submit/", name="submit form")
            r["form_status"], r["t_form"] = resp.status_code, time.perf_counter() - t2
            _note_error(r, resp)
            csrf = self._csrf(resp.content)
            if resp.status_code != 200 or not csrf:
                return r
            body, ctype = multipart(form_fields(CONFIG, i, csrf), pdf)
            t3, c3 = time.perf_counter(), server_cpu()
            resp = self.client.post(
                f"/{slug}/submit/",
                data=body,
                headers={"Content-Type": ctype},
                name="submit",
                allow_redirects=False,
            )
            r["submit_status"], r["t_submit"] = resp.status_code, time.perf_counter() - t3
            r["cpu_submit"] = server_cpu() - c3
            _note_error(r, resp)
            m = DETAIL.search(resp.headers.get("Location", "") or "") if resp.status_code == 302 else None
            if m:
                r["number"] = int(m.group(1))
            elif resp.status_code == 200:
                errors = ERRORS.findall(resp.content or b"")
                r["error"] = re.sub(rb"<[^>]+>", b" ", b" | ".join(errors)).decode(errors="replace")[:300]
        except Exception as exc:  # a dropped connection or timeout is a result too
            r["error"] = f"{type(exc).__name__}: {exc}"[:300]
        return r

    @task
    def rush(self):
        while True:
            i = _take()
            if i is None:
                break
            _results.append(self._one(i))
            if len(_results) >= COUNT:
                self.environment.runner.quit()
            if MODE == "arrivals":
                break
        raise StopUser()


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(os.environ["RUSH_RESULTS"], "w") as fh:
        for r in _results:
            fh.write(json.dumps(r) + "\n")
