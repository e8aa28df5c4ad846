"""``confero check-pdf FILE... [--max-pages N] [--max-mb M] [--json]``: the upload check, offline.

Prints for each file what the submission form would say ("9 pages of main text, references from
page 10; 14 pages in total") or why it would be refused. Exit status 0 when every file passes,
1 when at least one is refused.
"""

from __future__ import annotations

import argparse


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


def run(args: argparse.Namespace) -> int:
    import json
    import os

    from confero.engine.errors import InputError
    from confero.engine.pdfcheck import PdfProblem, inspect_pdf

    if args.max_pages is not None and args.max_pages < 1:
        raise InputError("must be at least 1", field="--max-pages")
    if args.max_mb <= 0:
        raise InputError("must be positive", field="--max-mb")
    max_bytes = int(args.max_mb * 1_000_000)
    refused = 0
    for path in args.files:
        if not os.path.isfile(path):
            raise InputError("no such file", path=path)
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
            if args.max_pages is not None:
                report.check_page_limit(args.max_pages)
        except PdfProblem as exc:
            row.update(ok=False, message=str(exc))
        refused += not row["ok"]
        if args.json:
            print(json.dumps(row))
        else:
            print(f"{path}: {'ok' if row['ok'] else 'REFUSED'}: {row['message']}")
    return 1 if refused else 0
