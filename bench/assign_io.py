"""``confero assign`` end to end (read + solve + write + report) on the shared instances, by score format.

For an instance of ../shared/benchmarks/assignment it writes, under $MATCHER_BENCH_DIR/io/<size>/
(default /tmp/matcher_bench, never the repo): submissions.jsonl, reviewers.jsonl (one research area
and the max load per reviewer), conflicts.csv and the scores as .csv, .parquet and .npz (written with
confero's own writer, ``confero.engine.matrix_io.write_scores``). Then it runs the real command in a
fresh process under ``/usr/bin/time -v`` (wall time and peak resident memory of the whole process) and
checks the written assignment with the benchmark's own ``evaluate``.

    .venv/bin/python bench/assign_io.py --size medium --format csv --repeat 3
    .venv/bin/python bench/assign_io.py --size xl --format npz parquet --min-areas 2

The synthetic instances have no texts, so ``--explain 0`` (closest-publication explanations off).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFERO_SHARED", ROOT.parent / "shared")) / "benchmarks" / "assignment"
BENCH_DIR = Path(os.environ.get("MATCHER_BENCH_DIR", "/tmp/matcher_bench"))
sys.path.insert(0, str(SHARED))
sys.path.insert(0, str(ROOT / "src"))


def prepare(size: str, formats: list[str]) -> tuple[Path, dict]:
    import instances  # the shared benchmark module

    from confero.engine.matrix_io import write_scores

    inst = instances.load(instances.get_or_create(instances.SIZES[size]))
    out = BENCH_DIR / "io" / size
    out.mkdir(parents=True, exist_ok=True)
    S = inst["affinity"]
    P, R = S.shape
    pids = [f"p{i}" for i in range(P)]
    rids = [f"r{j}" for j in range(R)]
    if not (out / "reviewers.jsonl").exists():
        with open(out / "submissions.jsonl", "w") as fh:
            for pid in pids:
                fh.write(json.dumps({"id": pid, "title": f"Paper {pid}", "abstract": "synthetic"}) + "\n")
        with open(out / "reviewers.jsonl", "w") as fh:
            for j, rid in enumerate(rids):
                rec = {
                    "id": rid,
                    "publications": [],
                    "research_areas": [f"area{int(inst['reviewer_area'][j])}"],
                    "max_load": int(inst["max_load"][j]),
                }
                fh.write(json.dumps(rec) + "\n")
        with open(out / "conflicts.csv", "w") as fh:
            fh.write("reviewer_id,paper_id\n")
            for p, r in zip(inst["conf_p"].tolist(), inst["conf_r"].tolist(), strict=True):
                fh.write(f"r{r},p{p}\n")
    for fmt in formats:
        path = out / f"scores.{fmt}"
        if not path.exists():
            t0 = time.perf_counter()
            write_scores(path, S, pids, rids)
            print(
                f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s",
                file=sys.stderr,
            )
    return out, inst


def run_once(d: Path, fmt: str, k: int, min_areas: int) -> dict:
    cmd = [
        "/usr/bin/time",
        "-v",
        str(ROOT / ".venv" / "bin" / "confero"),
        "assign",
        "--scores", str(d / f"scores.{fmt}"),
        "--submissions", str(d / "submissions.jsonl"),
        "--reviewers", str(d / "reviewers.jsonl"),
        "--conflicts", str(d / "conflicts.csv"),
        "--out", str(d / f"out_{fmt}.csv"),
        "--report", str(d / f"report_{fmt}.json"),
        "--per-paper", str(k),
        "--min-areas", str(min_areas),
        "--explain", "0",
    ]  # fmt: skip
    load = os.getloadavg()[0]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"confero assign failed ({res.returncode}):\n{res.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", res.stderr)
    h, m, s = (float(x) if x else 0.0 for x in wall.groups())
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr).group(1))
    cpu = sum(
        float(re.search(rf"{k} time \(seconds\): ([\d.]+)", res.stderr).group(1)) for k in ("User", "System")
    )
    steps = re.findall(r"\[\s*([\d.]+)s\] (.*)", res.stderr)
    return {
        "wall_s": h * 3600 + m * 60 + s,
        "cpu_s": cpu,
        "peak_rss_mb": rss / 1024,
        "load": load,
        "steps": steps,
    }


def check(d: Path, fmt: str, inst: dict, min_areas: int) -> dict:
    import instances
    import pyarrow.csv as pcsv

    t = pcsv.read_csv(d / f"out_{fmt}.csv")
    rows = np.array([int(x[1:]) for x in t.column("paper_id").to_pylist()])
    cols = np.array([int(x[1:]) for x in t.column("reviewer_id").to_pylist()])
    return instances.evaluate(inst, rows, cols, min_areas=min_areas)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="medium")
    ap.add_argument("--format", nargs="+", default=["csv"], choices=["csv", "parquet", "npz"])
    ap.add_argument("--min-areas", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    print(
        "| instance | min areas | scores file | wall s (median) | wall s (best) | CPU s (median) | peak RSS MB | total | valid | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    d, inst = prepare(a.size, a.format)
    k = int(inst["demand"][0])
    for fmt in a.format:
        runs = [run_once(d, fmt, k, a.min_areas) for _ in range(a.repeat)]
        ev = check(d, fmt, inst, a.min_areas)
        walls = [r["wall_s"] for r in runs]
        rss = max(r["peak_rss_mb"] for r in runs)
        size_mb = (d / f"scores.{fmt}").stat().st_size / 1e6
        loads = ", ".join(f"{r['load']:.1f}" for r in runs)
        print(
            f"| {a.size} {inst['affinity'].shape[0]}x{inst['affinity'].shape[1]} | {a.min_areas or '-'} | {fmt} "
            f"({size_mb:,.0f} MB) | {statistics.median(walls):.2f} | {min(walls):.2f} "
            f"| {statistics.median(r['cpu_s'] for r in runs):.2f} | {rss:,.0f} "
            f"| {ev['total_affinity']:.2f} | {'yes' if ev['valid'] else 'NO'} "
            f"| {loads} |",
            flush=True,
        )
        for t, msg in runs[-1]["steps"]:
            print(f"    [{t}s] {msg}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
