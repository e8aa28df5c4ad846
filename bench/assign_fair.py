"""``fair`` on one shared instance with given parameters: CPU and wall time, the rounds, the result.

    .venv/bin/python bench/assign_fair.py --size large                              # the defaults
    .venv/bin/python bench/assign_fair.py --size large --params '{"iterations": 12}'
    .venv/bin/python bench/assign_fair.py --size large --params '{"pricing_rounds": 1}'

Prints the optimal solve's time, then fair's CPU and wall time, the minimum paper affinity before and
after the local repair, the loss, the bound, every round's (minimum, total), and the benchmark's own
evaluation. Instances from ../shared/benchmarks/assignment (generated into $MATCHER_BENCH_DIR).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFERO_SHARED", ROOT.parent / "shared")) / "benchmarks" / "assignment"
sys.path.insert(0, str(SHARED))
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    import instances  # the shared benchmark module

    from confero.engine.assign import AssignmentProblem, get_solver

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="large")
    ap.add_argument("--min-areas", type=int, default=0)
    ap.add_argument("--params", default="{}", help="JSON parameters of the fair solver")
    a = ap.parse_args()
    inst = instances.load(instances.get_or_create(instances.SIZES[a.size]))
    problem = AssignmentProblem(
        scores=inst["affinity"],
        demand=inst["demand"].astype(np.int64),
        max_load=inst["max_load"].astype(np.int64),
        conflicts=(inst["conf_p"].astype(np.int64), inst["conf_r"].astype(np.int64)),
        reviewer_areas=inst["reviewer_area"].astype(np.int64),
        min_areas=a.min_areas,
    )
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    opt = get_solver("optimal").solve(problem)
    print(f"optimal: wall {time.perf_counter() - t0:.1f} s, CPU {time.process_time() - c0:.1f} s")
    t0, c0 = time.perf_counter(), time.process_time()
    fair = get_solver("fair", **json.loads(a.params)).solve(problem)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    st = fair.stats
    print(
        f"fair {a.params}: wall {wall:.1f} s, CPU {cpu:.1f} s (load {load:.1f}); min paper "
        f"{st['min_paper_before_repair']:.4f} -> {st['min_paper']:.4f} after {st['repair_steps']} repair steps "
        f"({st['time_repair']:.1f} s); loss {st['loss']:.4f}; bound {st['min_paper_upper_bound']:.4f}"
    )
    for it, mn, total in st["history"]:
        print(f"  round {it}: min {mn:.4f} total {total:.2f}")
    ev = instances.evaluate(inst, fair.rows, fair.cols, min_areas=a.min_areas)
    keys = ("total_affinity", "min_paper_affinity", "p10_paper_affinity", "n_assign_below_0_1", "valid")
    print({k: ev[k] for k in keys}, "optimal total", round(opt.total, 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
