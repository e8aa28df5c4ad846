"""How much server time a PDF upload costs: the upload check on hostile PDFs, and CPU per submit.

    .venv/bin/python bench/pdf_upload.py checks [--repeat 3] [--timeout 300]
    .venv/bin/python bench/pdf_upload.py submit [--repeat 10] [--mb 5] [--profile]
    .venv/bin/python bench/pdf_upload.py warm [--repeat 15] [--mb 5]

``checks`` runs the check that the upload form runs (confero.submissions.pdfs.check_upload, workshop
defaults: 10 MB, 50 pages in total; category "Regular paper", 9 pages of main text) on each hostile
PDF of tests/hostile_pdfs.py, each case in a fresh process, and prints the verdict and the CPU seconds
of the check (the process and any child it waits for; median of --repeat runs).

``submit`` builds a realistic paper PDF of --mb MB (text pages, vector figures with labels, photos,
references, appendix), creates a workshop in a temporary SQLite installation and posts the submit
form --repeat times with Django's test client, printing CPU seconds per submit (median, min, max),
including the PDF check, storing the file, the database writes and the receipt mails. --profile
prints the top functions of one submit by cumulative time.

``warm`` runs the upload check alone on that paper --repeat times in one warm process.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # hostile_pdfs: the same files the regression tests use


def cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def children_cpu() -> float:
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return c.ru_utime + c.ru_stime


# --- hostile PDFs ------------------------------------------------------------------------------------


def cases() -> dict[str, tuple[str, object]]:
    import hostile_pdfs as h

    return {
        "2002-pages": ("2,002 pages, 1 page of main text", lambda: h.many_pages(2002, main=1)),
        "20000-pages": ("20,000 pages (9 MB), no References heading", lambda: h.many_pages(20000, lines=2)),
        "50-pages": ("50 pages (the default cap), no heading", lambda: h.many_pages(50, lines=30)),
        "content-bomb": (
            "20 pages sharing one compressed 2.5 MB text stream (10 kB file)",
            lambda: h.shared_content_bomb(pages=20, ops=100_000),
        ),
        "form-bomb": (
            "1 page drawing a 0.5 MB text form 200 times (2 kB file)",
            lambda: h.form_bomb(200, 20_000),
        ),
        "array-bomb": ("1 page whose dictionary holds 9 MB of nested arrays", lambda: h.nested_array_bomb()),
        "memory-bomb": (
            "40 pages, each a 60 MB stream compressed to 58 kB (2.3 MB file)",
            lambda: h.memory_bomb(pages=40, mb_per_page=60),
        ),
        "realistic-5mb": ("a realistic 5 MB paper (9 pages of main text)", lambda: realistic_paper(5.0)),
    }


def check_once(key: str) -> dict:
    import pypdf.filters  # noqa: F401 - imported before the clock starts, as in a warm server process
    from django.core.exceptions import ValidationError

    from confero.submissions import pdfs

    label, make = cases()[key]
    data = make()
    workshop = SimpleNamespace(max_pdf_mb=10, max_pdf_pages=50)
    category = SimpleNamespace(max_pages=9, title="Regular paper")
    # Protect the machine from the memory bomb where the check has no limit of its own (before the fix).
    resource.setrlimit(resource.RLIMIT_AS, (6_000_000_000, 6_000_000_000))
    t0, w0 = cpu(), time.perf_counter()
    try:
        checked = pdfs.check_upload(data, workshop=workshop, category=category)
        verdict = "accepted: " + checked.report.explanation
    except ValidationError as exc:
        verdict = "refused: " + " ".join(exc.message_dict.get("pdf", exc.messages))
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {
        "case": key,
        "label": label,
        "bytes": len(data),
        "cpu": cpu() - t0,
        "wall": time.perf_counter() - w0,
        "peak_mb": peak / 1000,
        "verdict": verdict,
    }


def run_checks(args) -> None:
    print(f"uptime: {os.popen('uptime').read().strip()}")
    print("| case | size | verdict | CPU s (median) | wall s (median) | peak memory MB |")
    print("|---|---|---|---|---|---|")
    for key in args.cases or cases():
        runs = []
        for _ in range(args.repeat):
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "_one", key],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=True,
                )
            except subprocess.TimeoutExpired:
                runs = None
                break
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        label = cases()[key][0]
        if runs is None:
            print(f"| {label} | | not finished | > {args.timeout} | > {args.timeout} | |")
            continue
        r = runs[0]
        verdict = r["verdict"] if len(r["verdict"]) < 140 else r["verdict"][:137] + "..."
        print(
            f"| {label} | {r['bytes'] / 1e6:.2f} MB | {verdict} | "
            f"{statistics.median(x['cpu'] for x in runs):.3f} | {statistics.median(x['wall'] for x in runs):.3f} | "
            f"{max(x['peak_mb'] for x in runs):.0f} |"
        )


# --- a realistic paper ---------------------------------------------------------------------------------

_VOCABULARY = (
    "the model data training open weights we evaluate benchmark results scale compute tokens "
    "pretraining released license reproducible dataset shows that our method improves over baselines"
)
WORDS = _VOCABULARY.split()


def realistic_paper(mb: float = 5.0, seed: int = 0) -> bytes:
    """A paper as authors upload them: 9 pages of dense main text with section headings, two vector
    figures (form XObjects with axis labels), photos (JPEG) up to ``mb`` MB, 2 pages of references,
    then a 3-page appendix."""
    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setTitle("Open data for open models")

    def text_page(heading: str | None, lines: int) -> None:
        c.setFont("Times-Roman", 9)
        c.drawString(72, 760, "Published as a workshop paper at ICLR 2025")
        y = 730
        if heading:
            c.setFont("Times-Bold", 12)
            c.drawString(72, y, heading)
            y -= 18
        c.setFont("Times-Roman", 10)
        for _ in range(lines):
            c.drawString(72, y, " ".join(rng.choice(WORDS) for _ in range(15)))
            y -= 12

    for fig in range(2):
        c.beginForm(f"fig{fig}")
        path = c.beginPath()
        path.moveTo(0, 100)
        for i in range(5000):
            path.lineTo(i * 0.06, 100 + 60 * ((i * (fig + 1)) % 997) / 997 + rng.random() * 4)
        c.drawPath(path, stroke=1, fill=0)
        c.setFont("Helvetica", 7)
        for t in range(6):
            c.drawString(t * 60, -10, f"{t * 10}k steps")
        c.drawString(-30, 100, "loss")
        c.endForm()

    photo_budget = int((mb * 1_000_000 - 150_000) / 1.25)  # ReportLab stores images in ASCII85 (+25 %)
    photos = []
    while photo_budget > 0:
        img = Image.effect_noise((900, 600), 60).convert("RGB")
        jpg = io.BytesIO()
        img.save(jpg, "JPEG", quality=92)
        photos.append(jpg.getvalue())
        photo_budget -= len(jpg.getvalue())

    for page in range(1, 10):
        text_page(f"{page} Section {page}" if page > 1 else "Open data for open models", 50)
        if page in (3, 6):
            c.saveState()
            c.translate(150, 420)
            c.doForm(f"fig{page // 3 - 1}")
            c.restoreState()
        c.drawString(300, 40, str(page))
        c.showPage()
    text_page("References", 55)
    c.showPage()
    text_page(None, 55)
    c.showPage()
    for i in range(3):
        text_page("A Appendix" if i == 0 else None, 20)
        for k in range(i, len(photos), 3):
            c.drawImage(ImageReader(io.BytesIO(photos[k])), 72, 80 + 40 * (k % 3), width=450, height=300)
        c.showPage()
    c.save()
    return buf.getvalue()


# --- CPU per submit ------------------------------------------------------------------------------------


def run_submit(args) -> None:
    tmp = tempfile.mkdtemp(prefix="confero-bench-pdf-")
    os.environ["CONFERO_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.client import BOUNDARY, encode_multipart
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    ws, user = _setup_workshop()
    data = realistic_paper(args.mb)
    client = Client()
    client.force_login(user)
    category = ws.categories.get(key="regular")
    topic = ws.topics.first()

    def body(i: int) -> bytes:
        """The multipart request body of one submit, encoded before the clock starts."""
        return encode_multipart(
            BOUNDARY,
            {
                "title": f"Open data for open models {i}",
                "abstract": "We study openness.",
                "authors": f"{user.name} <{user.email}>, Uni C",
                "category": category.pk,
                "primary_topic": topic.pk,
                "artifacts": "",
                "previously_published": "no",
                "policies_agreed": "on",
                "pdf": SimpleUploadedFile("paper.pdf", data, content_type="application/pdf"),
            },
        )

    content_type = f"multipart/form-data; boundary={BOUNDARY}"  # an equal string, not the constant:
    # the test client then sends the bytes as they are instead of encoding them again

    def submit(encoded: bytes):
        resp = client.post(f"/{ws.slug}/submit/", encoded, content_type=content_type)
        if resp.status_code != 302:
            raise SystemExit(f"submit failed with HTTP {resp.status_code}: {resp.content[:2000]!r}")

    submit(body(0))  # warm-up: imports, template compilation
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        submit(body(-1))
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    times, in_children = [], []
    for i in range(1, args.repeat + 1):
        encoded = body(i)
        t0, c0 = cpu(), children_cpu()
        submit(encoded)
        times.append(cpu() - t0)
        in_children.append(children_cpu() - c0)
    print(f"uptime: {os.popen('uptime').read().strip()}")
    print(
        f"PDF {len(data) / 1e6:.2f} MB, {args.repeat} submits: CPU per submit median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}), of which in child processes "
        f"{statistics.median(in_children):.3f} s"
    )


def _setup_workshop():
    import datetime as dt

    from django.utils import timezone

    from confero.people.models import User
    from confero.workshops.models import Deadline, SubmissionCategory, Topic, Workshop

    ws = Workshop.objects.create(slug="bench", name="Bench Workshop", acronym="BW", is_published=True)
    Topic.objects.create(workshop=ws, key="open-datasets", title="Open Datasets", order=0)
    SubmissionCategory.objects.create(workshop=ws, key="regular", title="Regular paper", max_pages=9, order=0)
    now = timezone.now()
    Deadline.objects.create(workshop=ws, kind=Deadline.Kind.SUBMISSION_OPEN, at=now - dt.timedelta(days=1))
    Deadline.objects.create(workshop=ws, kind=Deadline.Kind.SUBMISSION, at=now + dt.timedelta(days=10))
    user = User.objects.create_user(
        email="author@uni-c.edu", password="bench-password-123", name="Ada Author", email_verified=True
    )
    return ws, user


def run_warm(args) -> None:
    """The upload check alone on the realistic paper, repeated in one warm process."""
    from confero.submissions import pdfs

    data = realistic_paper(args.mb)
    workshop = SimpleNamespace(max_pdf_mb=10, max_pdf_pages=50)
    category = SimpleNamespace(max_pages=9, title="Regular paper")
    pdfs.check_upload(data, workshop=workshop, category=category)  # warm-up
    times, in_children = [], []
    for _ in range(args.repeat):
        t0, c0 = cpu(), children_cpu()
        pdfs.check_upload(data, workshop=workshop, category=category)
        times.append(cpu() - t0)
        in_children.append(children_cpu() - c0)
    print(f"uptime: {os.popen('uptime').read().strip()}")
    print(
        f"PDF {len(data) / 1e6:.2f} MB, {args.repeat} checks: CPU per check median {statistics.median(times):.3f} s, "
        f"of which in child processes {statistics.median(in_children):.3f} s"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("checks")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("cases", nargs="*", help="only these cases (default: all)")
    p = sub.add_parser("submit")
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--mb", type=float, default=5.0)
    p.add_argument("--profile", action="store_true")
    p = sub.add_parser("warm")
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--mb", type=float, default=5.0)
    p = sub.add_parser("_one")
    p.add_argument("case")
    args = parser.parse_args(argv)
    if args.cmd == "checks":
        run_checks(args)
    elif args.cmd == "submit":
        run_submit(args)
    elif args.cmd == "warm":
        run_warm(args)
    else:
        print(json.dumps(check_once(args.case)))


if __name__ == "__main__":
    main()
