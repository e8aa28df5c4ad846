"""Django side of the deadline-rush bench (bench/rush.py): prepare accounts, check what was stored.

Run by bench/rush.py with the bench's CONFERO_DATA_DIR / DATABASE_URL in the environment:

    python bench/rush_data.py setup --authors 2000 --password PW --pdf base.pdf --out config.json
    python bench/rush_data.py verify --results results-1.jsonl [--results results-2.jsonl ...]

``setup`` expects the OS-FMs demo to be loaded (``confero demo --no-serve``) and adds verified author
accounts ``rush-NNNN@bench.example`` (one real PBKDF2 hash computed once and given to all: logging in
costs the full hash, creating 2,000 accounts does not). ``verify`` compares every response the load test
recorded with the database and the media directory and prints a JSON summary. ``check`` (used by
bench/crash.py) checks the invariants that must hold after any crash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

EMAIL = "rush-{:05d}@bench.example"


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    import django

    django.setup()


def setup(args) -> int:
    _django()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from confero.people.models import User
    from confero.workshops.models import Workshop

    ws = Workshop.objects.get(slug="os-fms-2025")
    hashed = make_password(args.password)
    with transaction.atomic():
        existing = set(User.objects.filter(email__startswith="rush-").values_list("email", flat=True))
        for i in range(args.authors):
            email = EMAIL.format(i)
            if email not in existing:
                User.objects.create_user(
                    email=email, password=None, name=f"Rush Author {i}", email_verified=True
                )
        User.objects.filter(email__startswith="rush-").update(password=hashed)
    regular = ws.categories.get(key="regular")  # 9 pages of main text
    topics = list(ws.topics.order_by("order").values_list("pk", flat=True))
    config = {
        "slug": ws.slug,
        "category": regular.pk,
        "max_pages": regular.max_pages,
        "primary_topic": topics[0],
        "secondary_topic": topics[1],
        "password": args.password,
        "authors": args.authors,
        "email": EMAIL,
        "pdf": str(Path(args.pdf).resolve()),
    }
    Path(args.out).write_text(json.dumps(config, indent=1))
    return 0


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(args) -> int:
    _django()
    from django.conf import settings

    from confero.submissions.models import Submission, SubmissionVersion

    results = [
        json.loads(line)
        for path in args.results
        for line in Path(path).read_text().splitlines()
        if line.strip()
    ]
    acknowledged = {r["email"]: r for r in results if r.get("number")}
    media = Path(settings.MEDIA_ROOT)
    subs = list(Submission.objects.filter(created_by__email__startswith="rush-").select_related("created_by"))
    by_email: dict[str, list] = {}
    for s in subs:
        by_email.setdefault(s.created_by.email, []).append(s)
    lost, phantom, problems = [], [], []
    for email, r in acknowledged.items():
        mine = [s for s in by_email.get(email, []) if s.number == r["number"]]
        if not mine:
            lost.append(f"{email}: acknowledged #{r['number']} but not stored")
            continue
        s = mine[0]
        path = media / s.pdf.name
        if r["token"] not in s.title:
            lost.append(f"{email}: #{s.number} has another paper's title")
        elif s.pdf_sha256 != r["sha256"]:
            lost.append(f"{email}: #{s.number} stores another PDF")
        elif not path.is_file() or _sha(path) != r["sha256"]:
            lost.append(f"{email}: #{s.number} PDF file {s.pdf.name} missing or changed")
        versions = list(SubmissionVersion.objects.filter(submission=s).values_list("number", "pdf"))
        if versions != [(1, s.pdf.name)]:
            problems.append(f"{email}: #{s.number} versions {versions}")
    for email, mine in by_email.items():
        r = acknowledged.get(email)
        for s in mine:
            if r is None or s.number != r["number"]:
                phantom.append(f"{email}: #{s.number} stored but not acknowledged")
    referenced = set(Submission.objects.values_list("pdf", flat=True)) | set(
        SubmissionVersion.objects.values_list("pdf", flat=True)
    )
    orphans = [
        str(p.relative_to(media))
        for p in (media / "submissions").rglob("*")
        if p.is_file() and str(p.relative_to(media)) not in referenced
    ]
    summary = {
        "responses": len(results),
        "acknowledged": len(acknowledged),
        "stored": len(subs),
        "lost": len(lost),
        "phantom": len(phantom),
        "orphan_files": len(orphans),
        "other_problems": len(problems),
        "examples": (lost + phantom + problems + orphans)[:10],
    }
    print(json.dumps(summary))
    return 0


def check(args) -> int:
    """Invariants that must hold after any crash: no half-saved submission, no referenced file missing or
    changed, a sound database; plus the outbox by status."""
    _django()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from confero.audit.models import AuditEvent
    from confero.mail.models import OutboxMail
    from confero.ops.files import referenced_files
    from confero.submissions.models import Submission, SubmissionVersion

    media = Path(settings.MEDIA_ROOT)
    half = []
    created = set(AuditEvent.objects.filter(action="submission.created").values_list("object_id", flat=True))
    for s in Submission.objects.annotate(n_authors=Count("authors", distinct=True)):
        versions = sorted(SubmissionVersion.objects.filter(submission=s).values_list("number", flat=True))
        if versions != list(range(1, s.version + 1)) or s.n_authors == 0 or str(s.pk) not in created:
            half.append(
                f"#{s.number}: versions {versions}, {s.n_authors} authors, audited {str(s.pk) in created}"
            )
    bad_files = []
    recorded = dict(Submission.objects.values_list("pdf", "pdf_sha256")) | dict(
        SubmissionVersion.objects.values_list("pdf", "pdf_sha256")
    )
    for name, row in referenced_files().items():
        path = media / name
        if not path.is_file():
            bad_files.append(f"missing {name} ({row})")
        elif recorded.get(name) and _sha(path) != recorded[name]:
            bad_files.append(f"changed {name} ({row})")
    integrity = "n/a"
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA integrity_check")
            integrity = cur.fetchone()[0]
    mail = dict(OutboxMail.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    print(
        json.dumps(
            {
                "submissions": Submission.objects.count(),
                "half_saved": half,
                "bad_files": bad_files,
                "sqlite_integrity": integrity,
                "mail": mail,
            }
        )
    )
    return 0


def age_mail(args) -> int:
    """Make the outbox look ``--minutes`` older (created and claimed times): what a restarted
    installation sees when cron runs ``confero send-mail`` that much later, without waiting for it."""
    _django()
    import datetime as dt

    from django.db.models import F

    from confero.mail.models import OutboxMail

    delta = dt.timedelta(minutes=args.minutes)
    rows = OutboxMail.objects.exclude(status="sent")
    n = rows.update(created_at=F("created_at") - delta)
    rows.filter(claimed_at__isnull=False).update(claimed_at=F("claimed_at") - delta)
    print(json.dumps({"aged": n}))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--authors", type=int, required=True)
    s.add_argument("--password", required=True)
    s.add_argument("--pdf", required=True)
    s.add_argument("--out", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--results", action="append", required=True, help="JSONL of the load test (repeatable)")
    sub.add_parser("check")
    a = sub.add_parser("age-mail")
    a.add_argument("--minutes", type=float, default=15)
    args = ap.parse_args()
    return {"setup": setup, "verify": verify, "check": check, "age-mail": age_mail}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
