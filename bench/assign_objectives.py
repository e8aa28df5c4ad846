"""Compare the assignment objectives (optimal, fair, randomized) on the shared benchmark instances.

    .venv/bin/python bench/assign_objectives.py --sizes small medium [--min-areas 0 2] [--write-docs]
    .venv/bin/python bench/assign_objectives.py --sizes large --objectives optimal randomized

For each instance and objective: total affinity, minimum and 10th-percentile per-paper affinity (sum
over a paper's reviewers), number of assignments with affinity < 0.1 ("weak"), validity (checked by
the benchmark's own ``evaluate``) and wall time. Randomized also reports its expected total (LP value).
``--write-docs`` replaces the table between the ``objectives`` markers in docs/benchmarks.md.
Instances come from ../shared/benchmarks/assignment (generated into $MATCHER_BENCH_DIR, not the repo).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFERO_SHARED", ROOT.parent / "shared")) / "benchmarks" / "assignment"
START, END = "<!-- objectives:start -->", "<!-- objectives:end -->"


def load_instances():
    sys.path.insert(0, str(SHARED))
    import instances  # the shared benchmark module

    return instances


def problem_of(inst: dict, min_areas: int):
    from confero.engine.assign import AssignmentProblem

    return AssignmentProblem(
        scores=inst["affinity"],
        demand=inst["demand"].astype(np.int64),
        max_load=inst["max_load"].astype(np.int64),
        min_load=inst["min_load"].astype(np.int64),
        conflicts=(inst["conf_p"].astype(np.int64), inst["conf_r"].astype(np.int64)),
        reviewer_areas=inst["reviewer_area"].astype(np.int64),
        min_areas=min_areas,
    )


def run_one(bench, inst, size: str, min_areas: int, objective: str, params: dict) -> dict:
    from confero.engine.assign import get_solver

    problem = problem_of(inst, min_areas)
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    a = get_solver(objective, **params).solve(problem, seed=0)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    marg = a.stats.get("marginals")
    ev = bench.evaluate(inst, a.rows, a.cols, min_areas=min_areas)
    return {
        "size": size,
        "P": inst["affinity"].shape[0],
        "R": inst["affinity"].shape[1],
        "min_areas": min_areas,
        "objective": objective + "".join(f" {k}={v}" for k, v in params.items()),
        "total": ev["total_affinity"],
        "min_paper": ev["min_paper_affinity"],
        "p10_paper": ev["p10_paper_affinity"],
        "weak": ev["n_assign_below_0_1"],
        "valid": ev["valid"],
        "seconds": secs,
        "cpu": cpu,
        "load": load,
        "max_prob": float(marg[2].max()) if marg is not None else None,
        "support": int(marg[2].size) if marg is not None else None,
        "expected": a.stats.get("expected_total"),
        "bound": a.stats.get("min_paper_upper_bound"),
    }


def table(rows: list[dict]) -> str:
    head = (
        "| instance | min areas | objective | total | min paper | p10 paper | weak (<0.1) | max P(pair) | support "
        "| valid | time (s) | CPU (s) | load |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in rows:
        total = f"{r['total']:.2f}"
        if r["expected"] is not None:
            total += f" (expected {r['expected']:.2f})"
        maxp = "-" if r["max_prob"] is None else f"{r['max_prob']:.2f}"
        lines.append(
            f"| {r['size']} {r['P']}x{r['R']} | {r['min_areas']} | {r['objective']} | {total} | "
            f"{r['min_paper']:.4f} | {r['p10_paper']:.4f} | {r['weak']} "
            f"| {maxp} | {r['support'] or '-'} "
            f"| {'yes' if r['valid'] else 'NO'} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['load']:.1f} |"
        )
    return head + "\n".join(lines) + "\n"


def write_docs(text: str, command: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    doc = path.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"markers {START} / {END} not found in {path}")
    block = f"{START}\nCommand: `{command}`\n\n{text}{END}"
    head, rest = doc.split(START, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(head + block + tail, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["small", "medium"])
    ap.add_argument("--min-areas", nargs="+", type=int, default=[0])
    ap.add_argument("--max-loss", type=float, default=0.05)
    ap.add_argument("--max-probability", type=float, default=0.5)
    ap.add_argument("--perturbation", type=float, default=0.1)
    ap.add_argument("--objectives", nargs="+", default=["optimal", "fair", "randomized", "perturbed"])
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()
    bench = load_instances()
    configs = [
        c
        for c in (
            ("optimal", {}),
            ("fair", {"max_loss": args.max_loss}),
            ("randomized", {"max_probability": args.max_probability}),
            ("perturbed", {"perturbation": args.perturbation}),
        )
        if c[0] in args.objectives
    ]
    rows = []
    for size in args.sizes:
        inst = bench.load(bench.get_or_create(bench.SIZES[size]))
        for m in args.min_areas:
            for objective, params in configs:
                r = run_one(bench, inst, size, m, objective, params)
                rows.append(r)
                print(
                    f"{size} areas={m} {r['objective']}: total {r['total']:.2f} min {r['min_paper']:.4f} "
                    f"p10 {r['p10_paper']:.4f} weak {r['weak']} valid {r['valid']} {r['seconds']:.1f}s",
                    file=sys.stderr,
                    flush=True,
                )
    text = table(rows)
    print(text)
    if args.write_docs:
        write_docs(text, "nice -n 5 .venv/bin/python bench/assign_objectives.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
