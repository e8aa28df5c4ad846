"""Page load times of Confero's main pages, served by gunicorn over real HTTP on localhost.

Loads the OS-FMs demo (60 submissions) into a temporary data directory, starts gunicorn (2 workers),
logs in as the demo organizer and author, and times each page (server + transfer; no browser rendering).

    .venv/bin/python bench/web_pages.py [--repeat 20] [--markdown] [--database-url postgres://...]
    .venv/bin/python bench/web_pages.py --stage program      # + the public site after decisions

With ``--stage program`` the demo is loaded at its last stage (decisions released, camera-ready in, the
program released) and the public site's pages are timed too (anonymous visitor).

Without --database-url the demo lives in an SQLite file (the embedded default); with it, in that (empty)
database.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PASSWORD = "bench-password-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes, float]:
        t0 = time.perf_counter()
        with self.opener.open(self.base + path) as resp:
            body = resp.read()
            return resp.status, body, time.perf_counter() - t0

    def login(self, email: str) -> None:
        _, body, _ = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD}
        ).encode()
        req = urllib.request.Request(
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/accounts/login/"}
        )
        with self.opener.open(req) as resp:
            resp.read()
        if not any(c.name == "sessionid" for c in self.jar):
            raise SystemExit(f"login as {email} failed")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--database-url", default=None, help="an empty database to load the demo into")
    ap.add_argument(
        "--stage", default=None, help="load the demo at this stage (program: time the public site)"
    )
    args = ap.parse_args()
    data_dir = tempfile.mkdtemp(prefix="confero-bench-")
    env = {**os.environ, "CONFERO_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    subprocess.run(
        [str(VENV_BIN / "confero"), "demo", "--no-serve", "--password", PASSWORD]
        + (["--stage", args.stage] if args.stage else []),
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "confero.web.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        anon, organizer, author = Session(base), Session(base), Session(base)
        organizer.login("organizer@confero.example")
        author.login("author@confero.example")
        pages = [
            ("call for papers (/)", anon, "/"),
            ("sign-up form", anon, "/accounts/signup/"),
            ("author: my submissions", author, "/os-fms-2025/submissions/"),
            ("author: submit form", author, "/os-fms-2025/submit/"),
            ("author: submission detail", author, None),
            ("organizer: dashboard (60 submissions)", organizer, "/os-fms-2025/manage/"),
            ("organizer: dashboard search", organizer, "/os-fms-2025/manage/?q=model"),
            ("organizer: export CSV", organizer, "/os-fms-2025/manage/export/csv/"),
            ("organizer: audit log", organizer, "/os-fms-2025/manage/audit/"),
            ("organizer: workshop settings", organizer, "/os-fms-2025/manage/settings/"),
        ]
        if args.stage == "program":
            _, listing, _ = anon.get("/os-fms-2025/papers/")
            paper = re.search(rb'href="(/os-fms-2025/papers/\d+/)"', listing)
            # The call has closed: no sign-up or submit form to time; the public site instead.
            pages = [p for p in pages if p[1] is not anon and "submit form" not in p[0]] + [
                ("public: home (proceedings)", anon, "/os-fms-2025/"),
                ("public: accepted papers", anon, "/os-fms-2025/papers/"),
                ("public: papers, search", anon, "/os-fms-2025/papers/?q=open"),
                ("public: a paper", anon, paper.group(1).decode() if paper else "/os-fms-2025/papers/"),
                ("public: the program", anon, "/os-fms-2025/program/"),
                ("public: program iCal", anon, "/os-fms-2025/program.ics"),
                ("public: speakers", anon, "/os-fms-2025/speakers/"),
                ("public: organizers and PC", anon, "/os-fms-2025/people/"),
                ("public: reading list", anon, "/os-fms-2025/reading-list/"),
            ]
        _, mine, _ = author.get("/os-fms-2025/submissions/")
        m = re.search(rb'href="(/os-fms-2025/submissions/\d+/)"', mine)
        rows = []
        for label, sess, path in pages:
            path = path or (m.group(1).decode() if m else "/os-fms-2025/submissions/")
            sess.get(path)  # warm-up
            times = []
            for _ in range(args.repeat):
                status, body, dt = sess.get(path)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")
                times.append(dt * 1000)
            p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) >= 2 else times[0]
            rows.append((label, path, statistics.median(times), p95, max(times), len(body)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    if args.markdown:
        print("| page | path | median ms | p95 ms | max ms | bytes |\n|---|---|---:|---:|---:|---:|")
        for label, path, med, p95, mx, size in rows:
            print(f"| {label} | `{path}` | {med:.1f} | {p95:.1f} | {mx:.1f} | {size:,} |")
    else:
        for label, path, med, p95, mx, size in rows:
            print(
                f"{label:40s} {path:32s} median {med:7.1f} ms  p95 {p95:7.1f} ms  max {mx:7.1f} ms  {size:>8,} B"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
