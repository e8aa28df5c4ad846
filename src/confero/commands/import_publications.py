"""``confero import-publications``: a BibTeX file or DBLP person page -> one reviewers JSONL line.

    confero import-publications --reviewer-id r17 --name "Jane Doe" --email jane@uni.edu \\
        --bibtex jane.bib --out reviewers.jsonl --append

Without ``--append`` the output file is replaced; with it the line is added to the existing file (which
must be a valid reviewers JSONL without that reviewer id). Formats: docs/formats.md.
"""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reviewer-id", required=True, metavar="ID", help="the reviewer's id")
    parser.add_argument("--name", metavar="NAME", help="the reviewer's name (default: from DBLP / inferred)")
    parser.add_argument(
        "--email", action="append", default=[], metavar="E", help="the reviewer's e-mail (repeatable)"
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--bibtex", metavar="FILE", help="a BibTeX file of the reviewer's publications")
    source.add_argument(
        "--dblp", metavar="FILE", help="a DBLP person page saved as XML (dblp.org/pid/....xml)"
    )
    parser.add_argument("--out", required=True, metavar="reviewers.jsonl", help="reviewers JSONL to write")
    parser.add_argument("--append", action="store_true", help="add to --out instead of replacing it")


def _existing(path: str, reviewer_id: str) -> str:
    """The current content of ``path`` after checking it is valid and lacks ``reviewer_id``."""
    import json
    import os

    from confero.engine.errors import InputError
    from confero.engine.io import read_reviewers

    if not os.path.exists(path):
        return ""
    read_reviewers(path)  # raises InputError naming file/line/field if the file is malformed
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip() and str(json.loads(line).get("id", "")).strip() == reviewer_id:
            raise InputError(
                f"reviewer {reviewer_id!r} is already in this file", path=path, line=lineno, field="id"
            )
    return text if not text or text.endswith("\n") else text + "\n"


def run(args: argparse.Namespace) -> int:
    import json
    import os

    from confero.engine.errors import InputError
    from confero.engine.importers import owner_in_authors, read_bibtex, read_dblp
    from confero.engine.io import atomic_output

    reviewer_id = args.reviewer_id.strip()
    if not reviewer_id:
        raise InputError("must not be empty", field="--reviewer-id")
    emails = []
    for email in args.email:
        email = email.strip().lower()
        local, _, domain = email.partition("@")
        if not local or "." not in domain:
            raise InputError(f"not an e-mail address: {email!r}", field="--email")
        emails.append(email)
    source = args.bibtex or args.dblp
    if os.path.abspath(source) == os.path.abspath(args.out):
        raise InputError("--out would overwrite the input file", path=args.out)
    result = read_bibtex(args.bibtex) if args.bibtex else read_dblp(args.dblp)
    name = (args.name or "").strip() or result.person_name or ""
    record = {
        "id": reviewer_id,
        "name": name,
        "emails": emails,
        "publications": [
            {"id": p.id, "title": p.title, "abstract": p.abstract, "year": p.year, "authors": list(p.authors)}
            for p in result.publications
        ],
    }
    existing = _existing(args.out, reviewer_id) if args.append else ""
    with atomic_output(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(existing)
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    for warning in result.warnings:
        print(f"confero import-publications: warning: {warning}", file=sys.stderr)
    if not result.publications:
        print(f"confero import-publications: warning: no publications found in {source}", file=sys.stderr)
    elif name and not owner_in_authors(result, name):
        print(
            f"confero import-publications: warning: {name!r} is not an author of any imported publication; "
            "check --name (it is used to tell the reviewer apart from their co-authors)",
            file=sys.stderr,
        )
    action = "appended to" if existing else "written to"
    print(
        f"confero import-publications: reviewer {reviewer_id} ({name or 'name unknown'}): "
        f"{len(result.publications)} publications {action} {args.out}",
        file=sys.stderr,
    )
    return 0
