"""Crash safety: kill -9 of the web server in the middle of uploads, and of a Celery worker in the middle of
a mail batch; then check what a restart finds.

    .venv/bin/python bench/crash.py                       # SQLite and PostgreSQL, markdown on stdout
    .venv/bin/python bench/crash.py --databases sqlite --rounds 2

Web server (per database): the OS-FMs demo and verified accounts in a fresh data directory, ``confero serve
--workers 4`` on a port in 8100-8199, mail to a real SMTP server in this process. Each round, 40 logged-in authors post a
~5 MB PDF at the same moment and the server's whole process group gets SIGKILL during the posts
(0.3 s into them, or as soon as 1, 10 or 25 were acknowledged). With the server dead:

- invariants (bench/rush_data.py check): every submission complete (versions 1..n, authors, audit
  event), every file a row points to present with its recorded SHA-256, SQLite integrity_check ok;
- every acknowledged submission (302 received) stored exactly (bench/rush_data.py verify: lost = 0);
  stored but unacknowledged ones are counted (the server died after the commit, before the answer);
- ``confero sweep-uploads --min-age 0`` removes what interrupted uploads left (reported), then
  ``confero send-mail`` delivers receipts whose delivery the kill cut off (run as cron would run it 15
  minutes later: the bench first moves the outbox's times 15 minutes back, rush_data.py age-mail);
- the server is started again and takes new submissions.

Celery worker: 300 mails queued through Redis (db 6) to an SMTP server in this process that takes 20 ms
per message; the worker (concurrency 2) is killed with SIGKILL when a third has arrived, started again,
and ``confero send-mail`` is run (15 minutes later, as above) once the queue is empty. Lost = a mail the
SMTP server never got;
duplicates (a mail sent again because the kill came between the SMTP answer and the database update)
are counted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rush import PASSWORD, free_port, make_base_pdf  # noqa: E402
from rush_client import Author  # noqa: E402

BIN = Path(sys.executable).parent
REDIS = "redis://127.0.0.1:6379/6"
KEEP = "--keep" in sys.argv


class SmtpSink:
    """A real SMTP server on localhost that keeps the subject of every mail it accepts."""

    def __init__(self, delay: float):
        from aiosmtpd.controller import Controller

        self.delay, self.subjects = delay, []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        time.sleep(self.delay)  # a slow mail server: a batch takes a while
        for line in envelope.content.decode("utf8", "replace").splitlines():
            if line.startswith("Subject:"):
                self.subjects.append(line.split("Subject:", 1)[1].strip())
        return "250 OK"

    def stop(self) -> None:
        self.controller.stop()


class Site:
    def __init__(self, database: str, pg_url: str, authors: int, smtp: SmtpSink):
        self.dir = Path(tempfile.mkdtemp(prefix=f"confero-crash-{database}-"))
        self.env = {
            **os.environ,
            "CONFERO_DATA_DIR": str(self.dir),
            "EMAIL_HOST": "127.0.0.1",  # settings.py then uses the SMTP backend
            "EMAIL_PORT": str(smtp.port),
            "DEBUG": "0",
        }
        for key in ("DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_BACKEND"):
            self.env.pop(key, None)
        self.pg_db = None
        if database == "postgres":
            self.pg_db, self.pg_base = f"confero_crash_{os.getpid()}", pg_url.rstrip("/")
            self.psql(f"DROP DATABASE IF EXISTS {self.pg_db}")
            self.psql(f"CREATE DATABASE {self.pg_db}")
            self.env["DATABASE_URL"] = f"{self.pg_base}/{self.pg_db}"
        self.run("confero", "demo", "--no-serve", "--password", PASSWORD)
        pdf = self.dir / "base.pdf"
        make_base_pdf(pdf, 5_000_000)
        self.base_pdf = pdf.read_bytes()
        self.config_path = self.dir / "rush.json"
        self.data(
            "setup",
            "--authors",
            str(authors),
            "--password",
            PASSWORD,
            "--pdf",
            str(pdf),
            "--out",
            str(self.config_path),
        )
        self.config = json.loads(self.config_path.read_text())
        self.server = None
        self.port = free_port()

    def psql(self, sql: str) -> None:
        subprocess.run(["psql", f"{self.pg_base}/postgres", "-q", "-c", sql], check=True, capture_output=True)

    def run(self, *cmd: str, env: dict | None = None) -> str:
        exe = str(BIN / cmd[0])
        out = subprocess.run([exe, *cmd[1:]], env=env or self.env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
        return out.stdout

    def data(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, str(HERE / "rush_data.py"), *args], env=self.env, capture_output=True, text=True
        )
        if out.returncode != 0:
            raise SystemExit(f"rush_data {args[0]} failed:\n{out.stderr}")
        return out.stdout

    def start(self) -> None:
        log = (self.dir / "server.log").open("a")
        self.server = subprocess.Popen(
            [str(BIN / "confero"), "serve", "--no-migrate", "--port", str(self.port), "--workers", "4"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/accounts/login/", timeout=2).read()
                return
            except OSError:
                if self.server.poll() is not None:
                    raise SystemExit(
                        f"server did not start: {(self.dir / 'server.log').read_text()[-2000:]}"
                    ) from None
                time.sleep(0.25)
        raise SystemExit("server did not answer")

    def kill(self) -> None:
        os.killpg(self.server.pid, signal.SIGKILL)
        self.server.wait()

    def stop_server(self) -> None:
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=30)

    def stop(self) -> None:
        """Stop the server, drop the PostgreSQL database and remove the data directory (unless --keep)."""
        self.stop_server()
        if self.pg_db:
            self.psql(f"DROP DATABASE IF EXISTS {self.pg_db}")
            self.pg_db = None
        if not KEEP:
            shutil.rmtree(self.dir, ignore_errors=True)


def upload_round(site: Site, first: int, n: int, kill_after: str | None) -> list[dict]:
    """n authors log in, open the form, then all post at once; SIGKILL to the server ``kill_after`` into
    the posts: "0.5" = seconds, "ack:10" = as soon as 10 posts were acknowledged."""
    authors = [Author(site.port, site.config, first + k, site.base_pdf) for k in range(n)]
    ready = [a for a in authors if a.log_in()]
    tokens = {a.i: a.open_form() for a in ready}
    results: list[dict] = []
    lock = threading.Lock()
    go, acked = threading.Event(), threading.Event()
    need = int(kill_after.split(":")[1]) if kill_after and kill_after.startswith("ack:") else n + 1

    def post(a: Author):
        go.wait()
        r = {"i": a.i, "email": a.email, "token": f"RUSHTOKEN-{a.i:016d}", "sha256": a.sha256}
        try:
            status, number = a.submit(tokens[a.i])
            r["submit_status"] = status
            if number:
                r["number"] = number
        except OSError as exc:
            r["error"] = f"{type(exc).__name__}: {exc}"
        with lock:
            results.append(r)
            if sum(1 for x in results if x.get("number")) >= need:
                acked.set()

    threads = [threading.Thread(target=post, args=(a,)) for a in ready]
    for t in threads:
        t.start()
    go.set()
    if kill_after is not None:
        if kill_after.startswith("ack:"):
            acked.wait(timeout=120)
        else:
            time.sleep(float(kill_after))
        site.kill()
    for t in threads:
        t.join(timeout=180)
    return results


def receipts_missing(site: Site, smtp: SmtpSink) -> tuple[int, int]:
    """(bench submissions with no receipt received by the SMTP server, receipts received more than once)."""
    code = (
        "import django, json; django.setup()\n"
        "from confero.submissions.models import Submission\n"
        "print(json.dumps(list(Submission.objects.filter(created_by__email__startswith='rush-')"
        ".values_list('number', flat=True))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**site.env, "DJANGO_SETTINGS_MODULE": "confero.web.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    numbers = json.loads(out.stdout)
    got = [x for x in smtp.subjects if x.endswith(" received")]
    missing = sum(1 for n in numbers if not any(f"Submission #{n} received" in x for x in got))
    return missing, len(got) - len(set(got))


def web_crash(database: str, args, smtp: SmtpSink) -> dict:
    per_round = args.authors
    site = Site(database, args.pg_url, per_round * (args.rounds + 1), smtp)
    smtp.subjects.clear()
    out = {"database": database, "rounds": []}
    results_files: list[str] = []
    try:
        first = 0
        for k in range(args.rounds):
            kill_after = args.kill_after[k % len(args.kill_after)]
            site.start()
            rows = upload_round(site, first, per_round, kill_after)
            first += per_round
            path = site.dir / f"results-{k}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in rows))
            results_files.append(str(path))
            tmp_left = len(list((site.dir / "tmp").glob("*.upload*")))
            check = json.loads(site.data("check"))
            verdict = json.loads(site.data("verify", *[a for p in results_files for a in ("--results", p)]))
            sweep_dry = site.run("confero", "sweep-uploads", "--min-age", "0", "--dry-run")
            sweep = site.run("confero", "sweep-uploads", "--min-age", "0")
            site.data("age-mail", "--minutes", "15")
            requeue = site.run("confero", "send-mail")
            after = json.loads(site.data("check"))
            verdict_after = json.loads(
                site.data("verify", *[a for p in results_files for a in ("--results", p)])
            )
            out["rounds"].append(
                {
                    "kill_after": kill_after,
                    "posted": len(rows),
                    "acknowledged": sum(1 for r in rows if r.get("number")),
                    "errors": sum(1 for r in rows if "error" in r),
                    "stored_total": check["submissions"],
                    "half_saved": len(check["half_saved"]),
                    "bad_files": len(check["bad_files"]),
                    "integrity": check["sqlite_integrity"],
                    "lost": verdict["lost"],
                    "unacknowledged_stored": verdict["phantom"],
                    "orphan_files": verdict["orphan_files"],
                    "temp_uploads_left": tmp_left,
                    "swept": sweep.strip().splitlines()[-1],
                    "swept_files": sum(1 for line in sweep.splitlines() if line.startswith("removed /")),
                    "would_sweep": sum(
                        1 for line in sweep_dry.splitlines() if line.startswith("would remove /")
                    ),
                    "mail_before": check["mail"],
                    "requeued": requeue.strip(),
                    "mail_after": after["mail"],
                    "orphans_after_sweep": verdict_after["orphan_files"],
                    "bad_files_after": len(after["bad_files"]),
                    "examples": (check["half_saved"] + check["bad_files"] + verdict["examples"])[:5],
                }
            )
            print(f"# {database} round {k}: {json.dumps(out['rounds'][-1])}", file=sys.stderr)
        # after the last crash: the restarted server takes submissions again
        site.start()
        rows = upload_round(site, first, per_round, None)
        path = site.dir / "results-final.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        results_files.append(str(path))
        site.stop_server()
        final = json.loads(site.data("verify", *[a for p in results_files for a in ("--results", p)]))
        missing, twice = receipts_missing(site, smtp)
        out["after_restart"] = {
            "receipts_missing": missing,
            "receipts_twice": twice,
            "posted": len(rows),
            "acknowledged": sum(1 for r in rows if r.get("number")),
            "check": json.loads(site.data("check")),
            "verify": final,
        }
    finally:
        site.stop()
    return out


def mail_crash(database: str, args, smtp: SmtpSink) -> dict:
    """Kill -9 a Celery worker during a batch of mails; restart; send-mail; count what the SMTP server got."""
    received = smtp.subjects
    received.clear()
    site = Site(database, args.pg_url, 0, smtp)
    env = {**site.env, "CELERY_BROKER_URL": REDIS}
    subprocess.run(["redis-cli", "-n", "6", "FLUSHDB"], check=True, capture_output=True)

    def start_worker():
        return subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "confero.web.celery",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "--hostname",
                f"crash{os.getpid()}@%h",
            ],
            env=env,
            stdout=(site.dir / "worker.log").open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def status() -> dict:
        return json.loads(site.data_env(env, "check"))["mail"]

    site.data_env = lambda e, *a: (
        subprocess.run(  # type: ignore[attr-defined]
            [sys.executable, str(HERE / "rush_data.py"), *a],
            env=e,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    n = args.mails
    try:
        before = sum(status().values())
        worker = start_worker()
        time.sleep(3)
        queue = (
            "import django; django.setup()\n"
            "from django.db import transaction\n"
            "from confero.mail.services import queue_mail\n"
            "with transaction.atomic():\n"
            f"    for i in range({n}):\n"
            "        queue_mail(f'reader{i}@bench.example', f'crash-batch {i}', 'A mail of the crash bench.', kind='bench')\n"
        )
        subprocess.run(
            [sys.executable, "-c", queue],
            env={**env, "DJANGO_SETTINGS_MODULE": "confero.web.settings"},
            check=True,
        )
        t0 = time.time()
        while len(received) < n * args.kill_fraction and time.time() - t0 < 120:
            time.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        at_kill = len(received)
        mail_at_kill = status()
        time.sleep(1)
        worker = start_worker()
        # wait until the queue in Redis is drained and nothing arrives for a while
        quiet_since, last = time.time(), -1
        while time.time() - quiet_since < 5 and time.time() - t0 < 300:
            now = len(received)
            llen = int(
                subprocess.run(
                    ["redis-cli", "-n", "6", "LLEN", "celery"], capture_output=True, text=True
                ).stdout
                or 0
            )
            if now != last or llen:
                quiet_since, last = time.time(), now
            time.sleep(0.5)
        mail_after_restart = status()
        site.data_env(env, "age-mail", "--minutes", "15")
        requeue = site.run("confero", "send-mail", env=env)
        t1 = time.time()
        while (status().get("queued", 0) or status().get("sending", 0)) and time.time() - t1 < 120:
            time.sleep(0.5)
        time.sleep(1)
        final = status()
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        subjects = [s for s in received if s.startswith("crash-batch ")]
        distinct = set(subjects)
        return {
            "database": database,
            "mails": n,
            "received_at_kill": at_kill,
            "mail_at_kill": mail_at_kill,
            "mail_after_restart": mail_after_restart,
            "requeued": requeue.strip(),
            "final": final,
            "rows": sum(final.values()) - before,
            "lost": n - len(distinct),
            "duplicates": len(subjects) - len(distinct),
        }
    finally:
        site.stop()
        subprocess.run(["redis-cli", "-n", "6", "FLUSHDB"], capture_output=True)


def markdown(web: list[dict], mail: list[dict], authors: int) -> str:
    lines = [
        "**Web server killed (SIGKILL to gunicorn's process group) during uploads** of ~5 MB PDFs, "
        f"{authors} authors posting at once per round (kill after: seconds into the posts, or ack:N = as soon as N were "
        "acknowledged):",
        "",
        "| database | kill after | acknowledged | submissions in the database | lost | stored, not acknowledged | half-saved | referenced files missing/changed | SQLite integrity | temp uploads left | swept | `send-mail` | mail not sent after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|",
    ]
    for w in web:
        for r in w["rounds"]:
            lines.append(
                f"| {w['database']} | {r['kill_after']} | {r['acknowledged']}/{r['posted']} | {r['stored_total']} | {r['lost']} | "
                f"{r['unacknowledged_stored']} | {r['half_saved']} | {r['bad_files']} | {r['integrity']} | "
                f"{r['temp_uploads_left']} | {r['swept_files']} | {r['requeued']} | {sum(v for k, v in r['mail_after'].items() if k != 'sent')} |"
            )
    lines.append("")
    for w in web:
        a = w["after_restart"]
        lines.append(
            f"- {w['database']}: after the last restart {a['acknowledged']}/{a['posted']} new submissions were "
            f"acknowledged; over all rounds {a['verify']['acknowledged']} acknowledged, {a['verify']['lost']} lost, "
            f"{len(a['check']['half_saved'])} half-saved, {len(a['check']['bad_files'])} files missing, "
            f"{a['verify']['orphan_files']} orphan files; receipts (real SMTP server): {a['receipts_missing']} "
            f"stored submissions without one, {a['receipts_twice']} sent twice"
        )
    lines += [
        "",
        "**Celery worker killed (SIGKILL) during a mail batch** (Redis broker, SMTP server taking "
        f"{mail[0]['smtp_delay'] * 1000:.0f} ms per mail):"
        if mail
        else "",
        "",
        "| database | mails | delivered when killed | rows after restart (before send-mail) | `send-mail` | final rows | lost | sent twice |",
        "|---|---:|---:|---|---|---|---:|---:|",
    ]
    for m in mail:
        lines.append(
            f"| {m['database']} | {m['mails']} | {m['received_at_kill']} | {m['mail_after_restart']} | {m['requeued']} | "
            f"{m['final']} | {m['lost']} | {m['duplicates']} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--databases", default="sqlite,postgres")
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--authors", type=int, default=40)
    ap.add_argument(
        "--kill-after",
        default="0.3,ack:1,ack:10,ack:25",
        help="per round: seconds into the uploads, or ack:N = when N posts were acknowledged",
    )
    ap.add_argument("--mails", type=int, default=300)
    ap.add_argument("--smtp-delay", type=float, default=0.02)
    ap.add_argument("--kill-fraction", type=float, default=1 / 3)
    ap.add_argument("--skip-mail", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the data directories")
    ap.add_argument("--json")
    args = ap.parse_args()
    args.kill_after = args.kill_after.split(",")
    dbs = args.databases.split(",")
    smtp = SmtpSink(args.smtp_delay)
    try:
        web = [web_crash(db, args, smtp) for db in dbs]
        mail = (
            []
            if args.skip_mail
            else [{**mail_crash(db, args, smtp), "smtp_delay": args.smtp_delay} for db in dbs]
        )
    finally:
        smtp.stop()
    if args.json:
        Path(args.json).write_text(json.dumps({"web": web, "mail": mail}, indent=1))
    print(
        f"Measured {time.strftime('%Y-%m-%d')} with `.venv/bin/python bench/crash.py`, load average "
        f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())} at the end.\n"
    )
    print(markdown(web, mail, args.authors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
