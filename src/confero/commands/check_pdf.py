"""``confero check-pdf FILE... [--max-pages N] [--max-mb M] [--checks LIST] [--authors ...] [--json]``.

Without ``--checks``: the upload check, offline. Prints for each file what the submission form would
say ("9 pages of main text, references from page 10; 14 pages in total") or why it would be refused.

With ``--checks all`` (or a list of pages, artifacts, anonymity, format, scope, prior): the open-science
and integrity checks of docs/checks.md, with every finding's severity, kind, page and evidence
(``--json``: one object per file with a ``checks`` list).

Exit status 0 when every file passes, 1 when a file is refused, a check reports an error or a check
could not be run, 2 for bad arguments.
"""

from __future__ import annotations

import argparse

from .checks_support import build_context, print_results, run_file


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="PDF files to check")
    parser.add_argument(
        "--max-pages",
        type=int,
        metavar="N",
        help="page limit of the main text (references and appendix excluded)",
    )
    parser.add_argument(
        "--max-mb",
        type=float,
        default=10.0,
        metavar="M",
        help="size limit in MB of 1,000,000 bytes (default: 10)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per file instead of text")
    group = parser.add_argument_group("open-science and integrity checks (docs/checks.md)")
    group.add_argument(
        "--checks",
        metavar="LIST",
        help="'all' or a comma-separated list of: pages, artifacts, anonymity, format, scope, prior",
    )
    group.add_argument(
        "--authors",
        metavar="TEXT",
        default="",
        help='authors for the anonymity check: "Name <e-mail> (Affiliation); ..."',
    )
    group.add_argument(
        "--anonymity",
        choices=["double-blind", "single-blind", "open"],
        default="double-blind",
        help="the workshop's reviewing (default: double-blind)",
    )
    group.add_argument(
        "--format",
        default="generic",
        metavar="NAME",
        help="paper format: iclr, neurips, icml, acl, generic (default)",
    )
    group.add_argument(
        "--topics",
        metavar="JSON",
        help="CFP topics for the scope check: a JSON list of {key, title, scope|description} or a workshop JSON with 'topics'",
    )
    group.add_argument("--topic", default="", metavar="KEY", help="the topic the authors chose (scope check)")
    group.add_argument(
        "--scope-model",
        default="default",
        metavar="MODEL",
        help="affinity model for the scope check (default: default)",
    )
    group.add_argument(
        "--link", action="append", default=[], metavar="URL", help="a link entered in the form (repeatable)"
    )
    group.add_argument("--check-links", action="store_true", help="visit the links (needs network access)")
    group.add_argument(
        "--link-timeout", type=float, default=10.0, metavar="S", help="seconds per link request (default: 10)"
    )
    group.add_argument(
        "--index", metavar="NPZ", help="prior-publication index (made by confero check-prior --save-index)"
    )
    group.add_argument("-v", "--verbose", action="store_true", help="also print info findings")


def _legacy_row(path: str, max_bytes: int, max_pages: int | None) -> dict:
    from confero.engine.pdfcheck import PdfProblem, inspect_pdf

    row: dict = {"file": path}
    try:
        report = inspect_pdf(path, max_bytes=max_bytes)
        row.update(
            ok=True,
            pages=report.pages,
            main_pages=report.main_pages,
            references_page=report.references_page,
            appendix_page=report.appendix_page,
            message=report.explanation,
        )
        if max_pages is not None:
            report.check_page_limit(max_pages)
    except PdfProblem as exc:
        row.update(ok=False, message=str(exc))
    return row


def run(args: argparse.Namespace) -> int:
    import json
    import os

    from confero.engine.errors import InputError

    if args.max_pages is not None and args.max_pages < 1:
        raise InputError("must be at least 1", field="--max-pages")
    if args.max_mb <= 0:
        raise InputError("must be positive", field="--max-mb")
    max_bytes = int(args.max_mb * 1_000_000)
    for path in args.files:
        if not os.path.isfile(path):
            raise InputError("no such file", path=path)
    context = checks = None
    if args.checks:
        from confero.engine.checks import parse_checks

        checks = parse_checks(args.checks, field="--checks")
        context = build_context(args)
    failed = 0
    for path in args.files:
        row = _legacy_row(path, max_bytes, args.max_pages)
        problem = not row["ok"]
        if checks is not None:
            results = run_file(path, checks, context)
            row["checks"] = [r.to_dict() for r in results]
            problem = problem or any(r.status == "could_not_check" or r.severity == "error" for r in results)
        failed += problem
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{path}: {'ok' if row['ok'] else 'REFUSED'}: {row['message']}")
            if checks is not None:
                print_results(results, verbose=args.verbose)
    return 1 if failed else 0
