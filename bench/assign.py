"""Benchmark of the exact ``optimal`` assignment solver on the shared synthetic instances.

Every case runs in its own subprocess so that peak memory (VmHWM) is per run. The instance generator
and the solver-independent ``evaluate`` come from ../shared/benchmarks/assignment (imported via
sys.path, never copied); instances live in $MATCHER_BENCH_DIR (default /tmp/matcher_bench).

    .venv/bin/python bench/assign.py                       # default cases, prints a table
    .venv/bin/python bench/assign.py --case xl:2 --repeat 3
    .venv/bin/python bench/assign.py --write-docs          # also rewrites docs/benchmarks.md "Assignment"

Timed: building the problem, validation, diagnosis, candidate passes, graph building, every min-cost
flow solve, the pricing passes and the optimality certificate. Not timed: reading the .npz from disk.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = os.environ.get("CONFERO_SHARED_BENCH", str(ROOT.parent / "shared" / "benchmarks" / "assignment"))
KNOWN_OPTIMUM = {"small": 344.63, "medium": 3486.82, "large": 19714.8}  # k=3, no area constraint
TARGETS = {  # (seconds, GB) from issue #3
    ("medium", 0): (2.0, None),
    ("large", 0): (20.0, 3.0),
    ("xl", 2): (60.0, 4.0),
}
DEFAULT_CASES = ["small:0", "small:2", "medium:0", "medium:2", "large:0", "large:2", "xl:2"]


def _vm(field: str) -> float:
    """A /proc/self/status memory figure in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def child(size: str, min_areas: int, seed: int) -> dict:
    sys.path.insert(0, SHARED)
    import instances  # noqa: E402  (shared benchmark module)

    from confero.engine.assign import AssignmentProblem, check_assignment, get_solver

    inst = instances.load(instances.get_or_create(instances.SIZES[size]))
    rss_loaded = _vm("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    problem = AssignmentProblem(
        scores=inst["affinity"],
        demand=inst["demand"],
        max_load=inst["max_load"],
        min_load=inst["min_load"],
        conflicts=(inst["conf_p"], inst["conf_r"]),
        reviewer_areas=inst["reviewer_area"] if min_areas else None,
        min_areas=min_areas,
    )
    result = get_solver("optimal").solve(problem, seed=seed)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    ev = instances.evaluate(inst, result.rows, result.cols, min_areas=min_areas)
    own = check_assignment(problem, result)
    stats = {k: v for k, v in result.stats.items() if isinstance(v, (int, float, str, list))}
    return {
        "size": size,
        "P": int(inst["affinity"].shape[0]),
        "R": int(inst["affinity"].shape[1]),
        "min_areas": min_areas,
        "seconds": wall,
        "cpu_seconds": cpu,
        "peak_rss_mb": _vm("VmHWM"),
        "rss_after_load_mb": rss_loaded,
        "total": result.total,
        "evaluate_total": ev["total_affinity"],
        "valid": bool(ev["valid"]) and not own,
        "gap": result.gap,
        "certificate_gap": result.stats.get("certificate_gap"),
        "stats": stats,
    }


def run_case(case: str, seed: int) -> dict:
    size, m = case.split(":")
    cmd = [sys.executable, __file__, "--child", size, m, "--seed", str(seed)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode != 0:
        raise SystemExit(f"case {case} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def verdict(r: dict) -> str:
    notes = []
    target = TARGETS.get((r["size"], r["min_areas"]))
    if target:
        sec, gb = target
        ok = r["seconds"] < sec and (gb is None or r["peak_rss_mb"] < gb * 1024)
        notes.append(
            ("meets" if ok else "MISSES") + f" target < {sec:g} s" + (f", < {gb:g} GB" if gb else "")
        )
    known = KNOWN_OPTIMUM.get(r["size"]) if r["min_areas"] == 0 else None
    if known is not None:
        digits = len(str(known).split(".")[1])
        same = round(r["evaluate_total"], digits) == known
        notes.append(f"known optimum {known}: {'reproduced' if same else 'NOT reproduced'}")
    return "; ".join(notes)


def table(results: list[dict], loadavg: tuple) -> str:
    head = (
        "| instance | areas | time (s) | CPU (s) | peak RSS (MB) | total affinity | gap | valid | rounds | notes |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for r in results:
        rows.append(
            f"| {r['size']} {r['P']}x{r['R']} | {'>= ' + str(r['min_areas']) if r['min_areas'] else '-'} "
            f"| {r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['peak_rss_mb']:.0f} | {r['evaluate_total']:.4f} "
            f"| {r['gap']} | {r['valid']} | {r['stats'].get('rounds', '-')} | {verdict(r)} |"
        )
    return (
        head
        + "\n".join(rows)
        + f"\n\nLoad average when the run started: {', '.join(f'{x:.1f}' for x in loadavg)}.\n"
    )


def write_docs(text: str) -> None:
    """Replace only the block between the assign-optimal markers (other subsections of the Assignment
    section belong to other benchmarks); insert the block under the heading the first time."""
    path = ROOT / "docs" / "benchmarks.md"
    doc = path.read_text()
    start, end = "<!-- assign-optimal:start -->", "<!-- assign-optimal:end -->"
    block = f"{start}\n### Exact solver (`optimal`): time, memory, exactness\n\n{text.rstrip()}\n{end}"
    if start in doc and end in doc:
        new = doc[: doc.index(start)] + block + doc[doc.index(end) + len(end) :]
    else:
        new = doc.replace("## Assignment\n", "## Assignment\n\n" + block + "\n", 1)
    path.write_text(new)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", action="append", help="SIZE:MIN_AREAS, e.g. xl:2 (repeatable)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per case; the table shows the fastest")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="write all runs to this JSON file")
    ap.add_argument(
        "--write-docs", action="store_true", help="rewrite the Assignment section of docs/benchmarks.md"
    )
    ap.add_argument("--child", nargs=2, metavar=("SIZE", "MIN_AREAS"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], int(a.child[1]), a.seed)))
        return 0
    loadavg = os.getloadavg()
    best, runs = [], []
    for case in a.case or DEFAULT_CASES:
        rs = [run_case(case, a.seed) for _ in range(a.repeat)]
        runs.extend(rs)
        r = min(rs, key=lambda x: x["seconds"])
        best.append(r)
        print(
            f"{case:10s} {r['seconds']:7.2f} s  cpu {r['cpu_seconds']:7.2f} s  peak {r['peak_rss_mb']:7.0f} MB  "
            f"total {r['evaluate_total']:.4f}  gap {r['gap']}  valid {r['valid']}  {verdict(r)}",
            flush=True,
        )
    text = table(best, loadavg)
    print(text)
    if a.json:
        Path(a.json).write_text(json.dumps(runs, indent=1))
    if a.write_docs:
        shown = [
            x for i, x in enumerate(sys.argv[1:]) if x != "--json" and (i == 0 or sys.argv[i] != "--json")
        ]
        cmd = "`.venv/bin/python bench/assign.py " + " ".join(shown) + "`"
        write_docs(
            f"Exact `optimal` solver (min-cost flow + dual pricing, see docs/assignment.md) on the shared seeded "
            f"instances (k=3). Time = problem construction to certified optimum (graph building included, "
            f"reading the .npz excluded); peak RSS = VmHWM of the run's own process, *including* the "
            f"float32 score matrix (xl: 1.2 GB). `gap` 0.0 = optimality proven by the float64 dual "
            f"certificate; `valid` = shared `evaluate` and `check_assignment` both find no violation; "
            f"`rounds` = pricing rounds that added candidates (min-cost-flow solves = rounds + 1, full "
            f"pricing passes over the matrix = rounds + 1). The machine is shared by other jobs, so the "
            f"CPU column (process CPU time, both threads) is the steadier figure.\n"
            f"Measured with {cmd}, best of {a.repeat}.\n\n" + text
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
