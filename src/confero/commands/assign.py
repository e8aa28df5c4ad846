"""``confero assign``: a constrained reviewer assignment from affinity scores.

Reads submissions/reviewers JSONL and scores (CSV, Parquet or NumPy .npz; plus optional conflicts, bids,
forced/forbidden pairs and per-paper demands), solves with the chosen objective (every solver of the
registry; its flags come from the solver's declared parameters) and
writes ``reviewer_id,paper_id,score,explanation`` to ``--out``; the quality report goes to stdout (or
``--report``), the plot to ``--plot``, alternates to ``--alternates-out``. Exit codes: 0 done, 2 bad
input (one line naming file, line and field; nothing written), 3 no feasible assignment (the diagnosis
is printed; nothing written). Documentation: docs/assignment-cli.md.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from confero.commands import non_negative_int

EXIT_INFEASIBLE = 3


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None


def configure(parser: argparse.ArgumentParser) -> None:
    a = parser.add_argument
    a(
        "--scores",
        required=True,
        metavar="FILE",
        help="affinity scores: .csv or .parquet (reviewer_id,paper_id,score) or dense .npz (scores, paper_ids, "
        "reviewer_ids); the extension decides",
    )
    a("--submissions", required=True, metavar="S.jsonl", help="submissions JSONL")
    a("--reviewers", required=True, metavar="R.jsonl", help="reviewers JSONL (max_load, research_areas)")
    a("--out", required=True, metavar="CSV", help="assignment: reviewer_id,paper_id,score,explanation")
    a("--per-paper", type=non_negative_int, default=3, metavar="K", help="reviewers per paper (default 3)")
    a("--per-paper-file", metavar="CSV", help="per-paper overrides: paper_id,reviewers")
    a("--max-load", type=non_negative_int, default=6, metavar="N", help="default max papers per reviewer (6)")
    a("--min-load", type=non_negative_int, default=0, metavar="N", help="min papers per reviewer (default 0)")
    a(
        "--conflicts",
        action="append",
        default=[],
        metavar="CSV",
        help="reviewer_id,paper_id[,reason] (repeatable)",
    )
    a("--bids", metavar="CSV", help="reviewer_id,paper_id,bid (very-high ... very-low, conflict)")
    a("--bid-weight", type=_number, default=0.2, metavar="W", help="score added by a very-high bid (0.2)")
    a("--forced", metavar="CSV", help="pairs that must be assigned: reviewer_id,paper_id")
    a("--forbidden", metavar="CSV", help="pairs that must not be assigned: reviewer_id,paper_id")
    a("--min-areas", type=non_negative_int, default=0, metavar="M", help="distinct research areas per paper")
    _solver_options(parser)
    a("--seed", type=int, default=0, help="seed of randomized objectives and tie-breaking (default 0)")
    a("--alternates", type=non_negative_int, default=0, metavar="N", help="N alternates per paper")
    a("--alternates-out", metavar="CSV", help="alternates file (default <out>.alternates.csv)")
    a("--report", metavar="FILE", help="write the quality report here (.json for JSON) instead of stdout")
    a("--plot", metavar="FILE", help="quality plot (.png, .svg or .pdf)")
    a(
        "--explain",
        type=non_negative_int,
        default=3,
        metavar="K",
        help="closest publications per pair (3; 0: off)",
    )
    a(
        "--explain-model",
        default="builtin",
        metavar="MODEL",
        help="similarity for explanations: builtin (fast batched TF-IDF, default) or an affinity model name",
    )
    a("--weak-threshold", type=_number, default=0.1, metavar="T", help="affinity below T is weak (0.1)")
    a("--quiet", action="store_true", help="no progress messages")


class _Progress:
    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, msg: str) -> None:
        if not self.quiet:
            print(
                f"confero assign: [{time.perf_counter() - self.t0:6.1f}s] {msg}", file=sys.stderr, flush=True
            )


def _read_per_paper(path: str, known: set[str]) -> dict[str, int]:
    from confero.engine.errors import InputError

    out: dict[str, int] = {}
    try:
        fh = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    with fh:
        reader = csv.DictReader(fh)
        if not {"paper_id", "reviewers"} <= set(reader.fieldnames or []):
            raise InputError("header must have columns paper_id, reviewers", path=path, line=1)
        for row in reader:
            pid, k = (row.get("paper_id") or "").strip(), (row.get("reviewers") or "").strip()
            if not pid and not k:
                continue
            if not pid:
                raise InputError("is empty", path=path, line=reader.line_num, field="paper_id")
            if not k.isdigit():
                raise InputError(
                    f"must be an integer >= 0, got {k!r}", path=path, line=reader.line_num, field="reviewers"
                )
            if pid not in known:
                raise InputError(
                    f"unknown paper id {pid!r} (not in the submissions file)",
                    path=path,
                    line=reader.line_num,
                    field="paper_id",
                )
            out[pid] = int(k)
    return out


def default_alternates_path(out: str) -> str:
    path = Path(out)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return str(path.with_name(f"{stem}.alternates{path.suffix or '.csv'}"))


def _check_output_dirs(args) -> None:
    from confero.engine.errors import InputError

    for opt in ("out", "report", "plot", "alternates_out"):
        value = getattr(args, opt)
        if value and not Path(value).resolve().parent.is_dir():
            raise InputError(
                "output directory does not exist", path=value, field=f"--{opt.replace('_', '-')}"
            )
    if args.plot and Path(args.plot).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError("plot file must end in .png, .svg or .pdf", path=args.plot, field="--plot")


# options of the command itself; a solver parameter with the same flag takes the option's value
_OWN_FLAGS = {"--weak-threshold"}


def _solver_options(parser: argparse.ArgumentParser) -> None:
    """``--objective`` and one flag per declared ``cli`` parameter, all from the solver registry."""
    from confero.engine.assign.registry import known_solvers, solver_class

    names = known_solvers()
    lines = [f"{n}: {solver_class(n).summary}" for n in names]
    parser.add_argument(
        "--objective", choices=names, default="optimal", help="; ".join(lines) + " (default: optimal)"
    )
    flags: dict[str, list] = {}
    for n in names:
        for p in solver_class(n).params:
            if p.cli:
                flags.setdefault(p.flag, []).append((n, p))
    for flag, users in flags.items():
        if flag in _OWN_FLAGS:
            continue
        p = users[0][1]
        kind = {int: int, float: _number}.get(p.kind, str)
        bounds = f", {p.bounds_text()}" if p.bounds_text() else ""
        defaults = ", ".join(f"{q.default}" if len(users) == 1 else f"{n} {q.default}" for n, q in users)
        who = "/".join(n for n, _ in users)
        parser.add_argument(
            flag,
            type=kind,
            default=None,
            metavar=p.name.upper(),
            help=f"{who}: {p.help}{bounds} (default: {defaults.replace('None', 'none')})",
        )


def _solver_params(args) -> dict:
    """The chosen solver's declared ``cli`` parameters that were given (validated by get_solver);
    a flag of another objective is an error rather than silently ignored."""
    from confero.engine.assign.registry import known_solvers, solver_class
    from confero.engine.errors import InputError

    mine = {p.flag: p for p in solver_class(args.objective).params if p.cli}
    out = {}
    for n in known_solvers():
        for p in solver_class(n).params:
            value = getattr(args, p.flag[2:].replace("-", "_"), None)
            if not p.cli or value is None:
                continue
            if p.flag in mine:
                out[p.name] = value
            elif p.flag not in _OWN_FLAGS:
                raise InputError(f"applies to --objective {n}, not {args.objective}", field=p.flag)
    return out


def _load(args, say):
    import numpy as np

    from confero.engine import io
    from confero.engine.assign.from_records import build_problem
    from confero.engine.matrix_io import read_pair_indices, read_score_matrix, score_format

    score_format(args.scores)  # an unknown extension fails before anything is read
    submissions = io.read_submissions(args.submissions)
    reviewers = io.read_reviewers(args.reviewers)
    pids, rids = [x.id for x in submissions], [x.id for x in reviewers]
    say(f"read {len(submissions)} submissions, {len(reviewers)} reviewers; reading scores")
    scores = read_score_matrix(args.scores, pids, rids)
    cps, crs = [], []
    for path in args.conflicts:  # file by file, so that an error names the right file and line
        p, r = read_pair_indices(path, pids, rids, "conflicts")
        cps.append(p)
        crs.append(r)
    paths = {"submissions": args.submissions, "reviewers": args.reviewers, "scores": args.scores}
    for opt in ("bids", "forced", "forbidden"):
        if getattr(args, opt):
            paths[opt] = getattr(args, opt)
    say(f"read {scores.listed} scores" + (f" and {sum(x.size for x in cps)} conflicts" if cps else ""))
    return build_problem(
        submissions,
        reviewers,
        scores,
        per_paper=args.per_paper,
        max_load=args.max_load,
        min_load=args.min_load,
        conflict_pairs=(np.concatenate(cps), np.concatenate(crs)) if cps else None,
        bids=io.read_bids(args.bids) if args.bids else (),
        forced=io.read_conflicts(args.forced) if args.forced else (),
        forbidden=io.read_conflicts(args.forbidden) if args.forbidden else (),
        per_paper_overrides=_read_per_paper(args.per_paper_file, set(pids)) if args.per_paper_file else None,
        min_areas=args.min_areas,
        bid_weight=args.bid_weight,
        paths=paths,
    )


def run(args: argparse.Namespace) -> int:
    import json

    from confero.engine import io
    from confero.engine.assign import check_assignment, get_solver
    from confero.engine.assign.problem import pair_scores
    from confero.engine.assign.report import public, quality_report, report_text
    from confero.engine.errors import InfeasibleError

    say = _Progress(args.quiet)
    _check_output_dirs(args)
    inputs = _load(args, say)
    problem = inputs.problem
    if inputs.missing_scores:
        print(
            f"confero assign: warning: {inputs.missing_scores} (reviewer, paper) pair(s) have no score in "
            f"{args.scores}; they count as affinity 0",
            file=sys.stderr,
        )
    solver = get_solver(args.objective, **_solver_params(args))
    say(f"solving ({args.objective}, {problem.n_papers} papers x {problem.n_reviewers} reviewers)")
    try:
        assignment = solver.solve(problem, seed=args.seed)
    except InfeasibleError as exc:
        print("confero assign: no feasible assignment", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return EXIT_INFEASIBLE
    problems = check_assignment(problem, assignment)
    if problems:  # a solver bug; never write an invalid assignment
        raise RuntimeError("solver returned an invalid assignment: " + "; ".join(problems))
    say(f"solved: total {assignment.total:.4f}")
    from confero.engine.assign.explain import explain_pairs, make_finder

    rows, cols = assignment.rows, assignment.cols
    raw = pair_scores(inputs.affinity, rows, cols)
    say(f"explaining {rows.size} pairs")
    finder = make_finder(inputs.submissions, inputs.reviewers, args.explain_model) if args.explain else None
    expl = explain_pairs(
        rows,
        cols,
        inputs.submissions,
        inputs.reviewers,
        bids=inputs.bids,
        k=args.explain,
        model=args.explain_model,
        progress=lambda i, n: say(f"explained {i}/{n}"),
        finder=finder,
    )
    alt_rows = None
    if args.alternates:
        from confero.engine.assign.alternates import alternates

        alt = alternates(problem, assignment, args.alternates, scores=problem.scores)
        alt_raw = pair_scores(inputs.affinity, alt.rows, alt.cols)
        alt_expl = explain_pairs(
            alt.rows,
            alt.cols,
            inputs.submissions,
            inputs.reviewers,
            bids=inputs.bids,
            k=min(args.explain, 1),
            finder=finder,
        )
        alt_rows = [
            (problem.paper_ids[p], int(k), problem.reviewer_ids[r], f"{s:.6g}", int(sp), e)
            for p, k, r, s, sp, e in zip(
                alt.rows, alt.rank, alt.cols, alt_raw, alt.spare, alt_expl, strict=True
            )
        ]
    rep = quality_report(
        problem, assignment, affinity=inputs.affinity, bids=inputs.bids, weak_threshold=args.weak_threshold
    )
    rep["missing_scores"] = inputs.missing_scores
    text = report_text(rep)
    # write everything (each file atomically); the report/plot last
    out_rows = [
        (problem.reviewer_ids[r], problem.paper_ids[p], f"{s:.6g}", e)
        for p, r, s, e in zip(rows.tolist(), cols.tolist(), raw.tolist(), expl, strict=True)
    ]
    io.write_csv(args.out, ("reviewer_id", "paper_id", "score", "explanation"), out_rows)
    say(f"wrote {len(out_rows)} assignments to {args.out}")
    if alt_rows is not None:
        alt_path = args.alternates_out or default_alternates_path(args.out)
        io.write_csv(
            alt_path, ("paper_id", "rank", "reviewer_id", "score", "spare_capacity", "explanation"), alt_rows
        )
        say(f"wrote {len(alt_rows)} alternates to {alt_path}")
    if args.plot:
        from confero.engine.assign.plot import plot_report

        plot_report(rep, args.plot)
        say(f"wrote the plot to {args.plot}")
    if args.report:
        with io.atomic_output(args.report, "w", encoding="utf-8") as fh:
            if args.report.lower().endswith(".json"):
                json.dump(public(rep), fh, indent=2, default=float)
                fh.write("\n")
            else:
                fh.write(text)
        say(f"wrote the report to {args.report}")
    else:
        sys.stdout.write(text)
    return 0
