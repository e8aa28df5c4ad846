"""Deadline rush: Confero under many authors submitting at once, served as the demo serves it.

    .venv/bin/python bench/rush.py                      # SQLite and PostgreSQL, everything, markdown
    .venv/bin/python bench/rush.py --databases sqlite --rates 3,5,6
    .venv/bin/python bench/rush.py --from-json saved.json          # the tables again, from --json output

For each database: a fresh data directory (and a fresh PostgreSQL database), the OS-FMs demo, verified
author accounts, then ``confero serve --workers 4`` (gunicorn) on a free port in 8100-8199, and Locust
(bench/rush_locustfile.py) as the authors, with ~5 MB PDFs (14 pages: 9 of dense main text, references,
appendix, a large figure; one per author, with unique bytes):

1. CPU per request: 15 authors one after the other; the server's CPU time (gunicorn master and workers,
   from /proc) around each login and each submit.
2. Burst: 100 authors log in, open the form and submit at the same moment, at most 50 in flight. Then
   every response is compared with the database and the media directory (bench/rush_data.py verify):
   lost = acknowledged (302 to the new submission) but not stored exactly (submission, title, PDF bytes,
   version 1); phantom = stored but not acknowledged.
3. Sustained: 240 authors arriving at 4 per second (Locust spawn rate; each simulated user is one author).
4. Capacity: the same for 30 s at each higher rate (--rates) until the submit p95 reaches 1 s or an
   error appears (or at each lower rate until one passes, when 4/s fails); the capacity is the highest
   rate that passed. The load generator runs on the same 2 cores (its CPU time is in the tables).

Needs Locust (``pip install -e '.[bench]'``). Prints markdown tables for docs/benchmarks.md, with the
machine's load average before each phase.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rush_client import server_children_cpu, server_cpu  # noqa: E402

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PASSWORD = "rush-bench-password-2026"
PLACEHOLDER = "RUSHTOKEN-0000000000000000"


def free_port(low: int = 8100, high: int = 8199) -> int:
    for port in range(low, high + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {low}-{high}")


def make_base_pdf(path: Path, target_bytes: int) -> None:
    """A paper as authors send it: 9 pages of dense main text (the regular category's limit), 2 pages of
    references, 3 of appendix, and a figure whose noise pixels (incompressible) bring the file to
    ~target_bytes. The placeholder token is written uncompressed on page 1."""
    from PIL import Image
    from reportlab import rl_config
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0  # binary streams, as real PDFs have
    side = int((target_bytes / 3) ** 0.5)
    noise = random.Random(2026).randbytes(side * side * 3)
    img = ImageReader(Image.frombytes("RGB", (side, side), noise))
    words = random.Random(7).choices(
        [
            "model",
            "data",
            "training",
            "open",
            "evaluation",
            "scaling",
            "token",
            "layer",
            "attention",
            "benchmark",
            "results",
            "we",
            "show",
            "that",
            "the",
            "of",
            "a",
            "in",
            "for",
            "with",
            "our",
            "method",
            "baseline",
            "table",
            "figure",
            "loss",
            "accuracy",
        ],
        k=20000,
    )
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, pageCompression=0)
    c.setFont("Helvetica", 9)
    w = 0
    for page in range(1, 15):
        if page == 1:
            heading = f"A rush paper {PLACEHOLDER}"
        elif page == 10:
            heading = "References"
        elif page == 12:
            heading = "Appendix A: Additional results"
        else:
            heading = f"{page} Section {page}"
        c.drawString(72, 730, heading)
        for line in range(52):
            text = " ".join(words[w : w + 16])
            w = (w + 16) % (len(words) - 16)
            if 10 <= page <= 11:
                text = f"[{(page - 10) * 52 + line + 1}] A. Author and B. Author. {text[:60]}. 2025."
            c.drawString(72, 712 - 12 * line, text)
        if page == 2:
            c.drawImage(img, 300, 72, width=240, height=240)
        c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())


def loadavg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(q / 100 * len(values) + 0.5)) - 1))
    return values[k]


class Installation:
    """A data directory (and database) with the demo and the bench accounts, and its server."""

    def __init__(self, database: str, pg_url: str, authors: int, workers: int, threads: int):
        self.database = database
        self.dir = Path(tempfile.mkdtemp(prefix=f"confero-rush-{database}-"))
        self.env = {
            **os.environ,
            "CONFERO_DATA_DIR": str(self.dir),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DEBUG": "0",
        }
        self.env.pop("DATABASE_URL", None)
        self.env.pop("CELERY_BROKER_URL", None)
        self.pg_db = None
        if database == "postgres":
            self.pg_db = f"confero_rush_{os.getpid()}"
            self.pg_base = pg_url.rstrip("/")
            self._psql(f"DROP DATABASE IF EXISTS {self.pg_db}")
            self._psql(f"CREATE DATABASE {self.pg_db}")
            self.env["DATABASE_URL"] = f"{self.pg_base}/{self.pg_db}"
            self.env["CONN_MAX_AGE"] = "60"  # the recommended production setting (README)
        subprocess.run(
            [str(BIN / "confero"), "demo", "--no-serve", "--password", PASSWORD],
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pdf = self.dir / "base.pdf"
        make_base_pdf(pdf, 5_000_000)
        self.pdf_bytes = pdf.stat().st_size
        self.config = self.dir / "rush.json"
        self.run_data(
            "setup",
            "--authors",
            str(authors),
            "--password",
            PASSWORD,
            "--pdf",
            str(pdf),
            "--out",
            str(self.config),
        )
        self.port = free_port()
        self.server = subprocess.Popen(
            [
                str(BIN / "confero"),
                "serve",
                "--no-migrate",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                *(["--access-log"] if os.environ.get("RUSH_ACCESS_LOG") else []),
            ],
            env=self.env,
            stdout=(self.dir / "server.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=2).read()
                break
            except OSError:
                if self.server.poll() is not None:
                    raise SystemExit(
                        f"server failed: {(self.dir / 'server.log').read_text()[-2000:]}"
                    ) from None
                time.sleep(0.25)
        self.next_author = 0
        self.results: list[Path] = []

    def _psql(self, sql: str) -> None:
        subprocess.run(
            ["psql", f"{self.pg_base}/postgres", "-q", "-c", sql], check=True, stdout=subprocess.DEVNULL
        )

    def run_data(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, str(HERE / "rush_data.py"), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout

    def locust(self, *, mode: str, count: int, users: int, rate: float, cpu: bool = False) -> dict:
        """Run one phase. ``burst``: ``users`` Locust users (spawned at ``rate`` per second) take the
        ``count`` authors from a queue. ``arrivals``: one Locust user per author, all spawned at once,
        author k arriving at start + k / ``rate`` (open loop)."""
        first, self.next_author = self.next_author, self.next_author + count
        results = self.dir / f"results-{first}.jsonl"
        env = {
            **self.env,
            "RUSH_CONFIG": str(self.config),
            "RUSH_RESULTS": str(results),
            "RUSH_FIRST": str(first),
            "RUSH_COUNT": str(count),
            "RUSH_MODE": mode,
            "RUSH_RATE": str(rate),
            # Spawning every user takes a moment; the first arrival waits for it.
            "RUSH_START": str(time.time() + 3.0 + count / 500),
            "RUSH_SERVER_PID": str(self.server.pid) if cpu else "0",
        }
        load_before = loadavg()
        server0 = server_cpu(self.server.pid)
        children0 = server_children_cpu(self.server.pid)
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "rush_locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(rate if mode == "burst" else 1000),
                "--host",
                self.base,
                "--run-time",
                f"{int(count / rate + 305)}s",
                "--stop-timeout",
                "200",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        client_cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
        server = server_cpu(self.server.pid) - server0
        children = server_children_cpu(self.server.pid) - children0
        self.results.append(results)
        rows = [json.loads(x) for x in results.read_text().splitlines()] if results.exists() else []
        if len(rows) != count:
            sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
            raise SystemExit(f"locust recorded {len(rows)} of {count} authors")
        return {
            "rows": rows,
            "wall": wall,
            "load": load_before,
            "client_cpu": client_cpu,
            "server_cpu": server,
            "children_cpu": children,
        }

    def verify(self) -> dict:
        """Lost / phantom over every phase so far (each phase's authors are different accounts)."""
        args = [a for path in self.results for a in ("--results", str(path))]
        return json.loads(self.run_data("verify", *args))

    def stop(self) -> None:
        if self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=30)
        if self.pg_db:
            self._psql(f"DROP DATABASE IF EXISTS {self.pg_db}")


def _dropped(r: dict) -> bool:
    statuses = [r.get(k) for k in ("login_status", "form_status", "submit_status")]
    return 0 in statuses or ("error" in r and r.get("submit_status") != 200)


def summarize(rows: list[dict]) -> dict:
    statuses = [r.get(k) for r in rows for k in ("login_status", "form_status", "submit_status") if r.get(k)]
    ok = [r for r in rows if r.get("number")]
    return {
        "authors": len(rows),
        "ok": len(ok),
        "5xx": sum(1 for s in statuses if s >= 500),
        "refused": sum(1 for r in rows if r.get("submit_status") == 200),  # form shown again with errors
        "dropped": sum(1 for r in rows if _dropped(r)),  # connection error or timeout
        "errors": [r.get("error") for r in rows if r.get("error")][:3],
        "login_p50": pct([r["t_login"] for r in rows if "t_login" in r], 50),
        "login_p95": pct([r["t_login"] for r in rows if "t_login" in r], 95),
        "form_p95": pct([r["t_form"] for r in rows if "t_form" in r], 95),
        "submit_p50": pct([r["t_submit"] for r in ok], 50),
        "submit_p95": pct([r["t_submit"] for r in ok], 95),
        "submit_max": max([r["t_submit"] for r in ok], default=float("nan")),
    }


def passes(s: dict) -> bool:
    return s["ok"] == s["authors"] and s["5xx"] == 0 and s["dropped"] == 0 and s["submit_p95"] < 1.0


def run_database(database: str, args) -> dict:
    total = 15 + args.burst + args.sustained + sum(int(r * args.capacity_seconds) for r in args.rates)
    inst = Installation(database, args.pg_url, total, args.workers, args.threads)
    out = {"database": database, "pdf_bytes": inst.pdf_bytes, "port": inst.port}
    try:
        cal = inst.locust(mode="burst", count=15, users=1, rate=1, cpu=True)
        rows = cal["rows"][3:]  # the first requests of each worker pay for warm-up
        out["cpu"] = {
            "login": statistics.median(r["cpu_login"] for r in rows),
            "submit": statistics.median(r["cpu_submit"] for r in rows),
            "t_login": statistics.median(r["t_login"] for r in rows),
            "t_submit": statistics.median(r["t_submit"] for r in rows),
            "load": cal["load"],
        }
        burst = inst.locust(
            mode="burst", count=args.burst, users=args.burst_in_flight, rate=args.burst_in_flight
        )
        verdict = inst.verify()
        out["burst"] = {
            **summarize(burst["rows"]),
            **verdict,
            "wall": burst["wall"],
            "load": burst["load"],
            "client_cpu": burst["client_cpu"],
        }
        sus = inst.locust(mode="arrivals", count=args.sustained, users=args.sustained, rate=args.rate)
        out["sustained"] = {
            **summarize(sus["rows"]),
            "wall": sus["wall"],
            "load": sus["load"],
            "rate": args.rate,
            "client_cpu": sus["client_cpu"],
            "server_cpu_per_author": sus["server_cpu"] / args.sustained,
            "children_cpu_per_author": sus["children_cpu"] / args.sustained,
        }
        out["capacity"] = []
        # Up from the sustained rate while it passes; down (lower rates) when it fails.
        up = passes(out["sustained"])
        ladder = sorted((r for r in args.rates if (r > args.rate if up else r < args.rate)), reverse=not up)
        for rate in ladder:
            n = int(rate * args.capacity_seconds)
            step = inst.locust(mode="arrivals", count=n, users=n, rate=rate)
            s = {
                **summarize(step["rows"]),
                "rate": rate,
                "load": step["load"],
                "client_cpu": step["client_cpu"],
            }
            s["passed"] = passes(s)
            out["capacity"].append(s)
            print(
                f"# {database} {rate}/s: {json.dumps({k: v for k, v in s.items() if k != 'errors'})}",
                file=sys.stderr,
            )
            if s["passed"] != up:
                break
        out["all_phases"] = inst.verify()
    finally:
        inst.stop()
        if args.keep:
            print(f"# kept {inst.dir}", file=sys.stderr)
        else:
            shutil.rmtree(inst.dir, ignore_errors=True)
    return out


def markdown(results: list[dict], args) -> str:
    ms = lambda x: f"{x * 1000:,.0f}"  # noqa: E731
    lines = [
        f"gunicorn via `confero serve --workers {args.workers} --threads {args.threads}`; "
        f"PDFs of {results[0]['pdf_bytes'] / 1e6:.2f} MB; {os.cpu_count()} cores. Load average (1/5/15 min) "
        "before each phase in the last column.",
        "",
        "**CPU per request** (server CPU time, median of 12 authors one after the other):",
        "",
        "| database | login CPU s | submit CPU s | login ms | submit ms | load |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        c = r["cpu"]
        lines.append(
            f"| {r['database']} | {c['login']:.3f} | {c['submit']:.3f} | {ms(c['t_login'])} | {ms(c['t_submit'])} | {c['load']} |"
        )
    lines += [
        "",
        f"**Burst**: {args.burst} authors log in and submit at once, at most {args.burst_in_flight} in flight "
        "(lost, phantom and orphan files are checked over every submission stored so far):",
        "",
        "| database | acknowledged | HTTP 5xx | dropped | refused | lost | phantom | orphan files | submit p50 ms | submit p95 ms | max ms | wall s | Locust CPU s | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        b = r["burst"]
        lines.append(
            f"| {r['database']} | {b['ok']}/{b['authors']} | {b['5xx']} | {b['dropped']} | {b['refused']} | "
            f"{b['lost']} | {b['phantom']} | {b['orphan_files']} | {ms(b['submit_p50'])} | {ms(b['submit_p95'])} | "
            f"{ms(b['submit_max'])} | {b['wall']:.1f} | {b['client_cpu']:.1f} | {b['load']} |"
        )
    lines += [
        "",
        f"**Sustained and capacity**: authors arriving at a fixed rate (log in, open the form, submit); "
        f"{args.sustained} authors at {args.rate}/s, then {args.capacity_seconds:.0f} s at each higher rate:",
        "",
        "| database | arrivals/s | authors | ok | 5xx | dropped | login p95 ms | form p95 ms | submit p50 ms | submit p95 ms | passes | Locust CPU s | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in results:
        for s in [r["sustained"], *r["capacity"]]:
            ok = "yes" if passes(s) else "no"
            lines.append(
                f"| {r['database']} | {s['rate']} | {s['authors']} | {s['ok']} | {s['5xx']} | {s['dropped']} | "
                f"{ms(s['login_p95'])} | {ms(s['form_p95'])} | {ms(s['submit_p50'])} | {ms(s['submit_p95'])} | {ok} | {s.get('client_cpu', float('nan')):.1f} | {s['load']} |"
            )
    lines.append("")
    for r in results:
        a = r["all_phases"]
        lines.append(
            f"- all phases on {r['database']} checked against the database and media directory: "
            f"{a['acknowledged']} acknowledged, {a['stored']} stored, {a['lost']} lost, {a['phantom']} phantom, "
            f"{a['orphan_files']} orphan files"
        )
    for r in results:
        per = r["sustained"].get("server_cpu_per_author")
        if per:
            lines.append(
                f"- server CPU per author (log in, open the form, submit) on {r['database']}, sustained phase: "
                f"{per:.2f} s, so {os.cpu_count()} idle cores can serve at most {os.cpu_count() / per:.1f} authors/s "
                "(a ceiling at 100 % CPU, before any queueing); their child processes used "
                f"{r['sustained'].get('children_cpu_per_author', float('nan')):.2f} s more per author by the end of "
                "the phase (each upload's PDF check at normal priority, and the open-science checks at idle "
                "priority, which run only on otherwise idle cores and finish after the rush)"
            )
    for r in results:
        tried = [r["sustained"], *r["capacity"]]
        ok = [s["rate"] for s in tried if passes(s)]
        bad = [s["rate"] for s in tried if not passes(s)]
        above = [x for x in bad if not ok or x > max(ok)]
        lines.append(
            f"- capacity on {r['database']}: {max(ok) if ok else 'below ' + str(min(bad))} arrivals/s with submit "
            "p95 < 1 s and no error" + (f" ({min(above)}/s failed)" if above else "")
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--databases", default="sqlite,postgres")
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--burst", type=int, default=100)
    ap.add_argument("--burst-in-flight", type=int, default=50)
    ap.add_argument("--sustained", type=int, default=240)
    ap.add_argument("--rate", type=float, default=4)
    ap.add_argument(
        "--rates",
        default="1,2,3,5,6,7,8",
        help="arrival rates for the capacity search: above --rate while they pass, below it when --rate fails",
    )
    ap.add_argument("--capacity-seconds", type=float, default=30)
    ap.add_argument("--keep", action="store_true", help="keep the data directories")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--from-json", help="only print the tables of results saved earlier with --json")
    args = ap.parse_args()
    args.rates = [float(x) if "." in x else int(x) for x in args.rates.split(",") if x]
    if args.from_json:
        results = json.loads(Path(args.from_json).read_text())
    else:
        results = [run_database(db, args) for db in args.databases.split(",")]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    print(
        f"Measured {time.strftime('%Y-%m-%d')} with `.venv/bin/python bench/rush.py` (load before: see rows).\n"
    )
    print(markdown(results, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
