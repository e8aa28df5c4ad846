"""``confero conflicts``: find conflicts of interest between reviewers and submissions.

Writes the certain conflicts to ``--out`` and the potential ones (for organizers to confirm or dismiss)
to ``--potential-out`` (default: ``<out>.potential.csv`` beside ``--out``; give the same path as
``--out`` to get a single file). Both files have the columns ``reviewer_id,paper_id,reason,certainty``,
so ``--out`` can be passed straight to ``confero assign`` as its conflicts file. Rules: docs/conflicts.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from confero.commands import non_negative_int

HEADER = ("reviewer_id", "paper_id", "reason", "certainty")


def _year(text: str) -> int:
    value = non_negative_int(text)
    if not 1900 <= value <= 2200:
        raise argparse.ArgumentTypeError(f"must be a year, got {value}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--submissions", required=True, metavar="S.jsonl", help="submissions JSONL")
    parser.add_argument("--reviewers", required=True, metavar="R.jsonl", help="reviewers JSONL")
    parser.add_argument("--out", required=True, metavar="conflicts.csv", help="certain conflicts (CSV)")
    parser.add_argument(
        "--potential-out",
        metavar="FILE",
        help="potential conflicts (CSV); default: <out>.potential.csv; the same path as --out puts "
        "both kinds in one file",
    )
    parser.add_argument(
        "--declared",
        action="append",
        default=[],
        metavar="CSV",
        help="declared conflicts, reviewer_id,paper_id[,reason] (repeatable)",
    )
    parser.add_argument(
        "--bids", metavar="CSV", help="bids CSV: rows with bid 'conflict' count as declared conflicts"
    )
    parser.add_argument(
        "--coauthor-years",
        type=non_negative_int,
        default=3,
        metavar="N",
        help="co-authorship within N years is a certain conflict, older is potential (default 3)",
    )
    parser.add_argument(
        "--reference-year",
        type=_year,
        metavar="YEAR",
        help="the year 'within N years' and current affiliations are counted from (default: this year)",
    )


def default_potential_path(out: str) -> str:
    path = Path(out)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return str(path.with_name(f"{stem}.potential{path.suffix or '.csv'}"))


def _rows(conflicts):
    for c in conflicts:
        yield (c.reviewer_id, c.paper_id, c.reason, "certain" if c.certain else "potential")


def run(args: argparse.Namespace) -> int:
    import csv

    from confero.engine.conflicts import CERTAIN_KINDS, POTENTIAL_KINDS, count_by_kind, find_conflicts
    from confero.engine.errors import InputError
    from confero.engine.io import atomic_output, read_bids, read_conflicts, read_reviewers, read_submissions

    potential_out = args.potential_out or default_potential_path(args.out)
    single = os.path.abspath(potential_out) == os.path.abspath(args.out)
    for path in {args.submissions, args.reviewers, *args.declared, *([args.bids] if args.bids else [])}:
        if os.path.abspath(path) in (os.path.abspath(args.out), os.path.abspath(potential_out)):
            raise InputError("an output file would overwrite an input file", path=path)

    submissions = read_submissions(args.submissions)
    reviewers = read_reviewers(args.reviewers)
    declared = []
    for path in args.declared:
        declared.extend(read_conflicts(path))
    if args.bids:
        declared.extend(
            (r, p, "declared by reviewer (bid)") for r, p, bid in read_bids(args.bids) if bid == "conflict"
        )
    paper_ids = {s.id for s in submissions}
    reviewer_ids = {r.id for r in reviewers}
    unknown = [(r, p) for r, p, _ in declared if r not in reviewer_ids or p not in paper_ids]
    if unknown:
        r, p = unknown[0]
        print(
            f"confero conflicts: warning: {len(unknown)} declared conflict(s) name an unknown reviewer or "
            f"submission (first: {r},{p}); they are kept in the output",
            file=sys.stderr,
        )

    conflicts = find_conflicts(
        submissions,
        reviewers,
        declared=declared,
        coauthor_years=args.coauthor_years,
        reference_year=args.reference_year,
    )
    certain = [c for c in conflicts if c.certain]
    potential = [c for c in conflicts if not c.certain]

    with atomic_output(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(_rows(certain))
        if single:
            writer.writerows(_rows(potential))
        else:
            with atomic_output(potential_out, "w", encoding="utf-8", newline="") as pfh:
                pwriter = csv.writer(pfh)
                pwriter.writerow(HEADER)
                pwriter.writerows(_rows(potential))

    counts = count_by_kind(conflicts)
    print(
        f"confero conflicts: {len(submissions)} submissions, {len(reviewers)} reviewers, "
        f"{len(declared)} declared",
        file=sys.stderr,
    )
    print(f"  certain:   {len(certain)} (reviewer, paper) pairs -> {args.out}", file=sys.stderr)
    where = args.out if single else potential_out
    print(f"  potential: {len(potential)} pairs -> {where} (organizers confirm or dismiss)", file=sys.stderr)
    for label, kinds in (("certain reasons", CERTAIN_KINDS), ("potential reasons", POTENTIAL_KINDS)):
        parts = [f"{kind} {counts[kind]}" for kind in kinds if counts[kind]]
        if parts:
            print(f"  {label} (pairs): {', '.join(parts)}", file=sys.stderr)
    return 0
