"""Plot of an assignment's quality report (matplotlib, Agg backend, imported only here)."""

from __future__ import annotations

import os

import numpy as np

from confero.engine.errors import InputError


def plot_report(rep: dict, path: str | os.PathLike) -> None:
    """Three panels: histogram of per-paper affinity, load distribution, weakest affinity per paper by
    rank. The format follows the file extension (.png, .svg, .pdf); written atomically."""
    fmt = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    if fmt not in ("png", "svg", "pdf"):
        raise InputError("plot file must end in .png, .svg or .pdf", path=str(path), field="--plot")
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from confero.engine.io import atomic_output

    per_paper = np.asarray(rep["_per_paper"], dtype=np.float64)
    paper_min = np.asarray(rep["_paper_min"], dtype=np.float64)
    load = np.asarray(rep["_load"], dtype=np.int64)
    fig = Figure(figsize=(13, 3.8), layout="constrained")
    ax1, ax2, ax3 = fig.subplots(1, 3)
    ax1.hist(per_paper, bins=min(40, max(5, per_paper.size // 5)), color="#4472c4")
    if per_paper.size:
        ax1.axvline(float(per_paper.min()), color="#c00000", lw=1, label="minimum")
    ax1.set_xlabel("sum of affinities of a paper's reviewers")
    ax1.set_ylabel("papers")
    ax1.set_title("Per-paper affinity")
    ax1.yaxis.set_major_locator(MaxNLocator(integer=True))
    if per_paper.size:
        ax1.legend(loc="upper left", fontsize=8)
    values, counts = np.unique(load, return_counts=True)
    ax2.bar(values, counts, color="#70ad47", width=0.8)
    ax2.set_xlabel("papers assigned")
    ax2.set_ylabel("reviewers")
    ax2.set_title("Reviewer loads")
    ax2.set_xticks(values)
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    pm = np.sort(paper_min[~np.isnan(paper_min)])
    ax3.plot(np.arange(1, pm.size + 1), pm, color="#ed7d31", lw=1.5)
    ax3.axhline(rep.get("weak_threshold", 0.1), color="#999999", ls="--", lw=1, label="weak threshold")
    ax3.set_xlabel("papers, ranked by their weakest reviewer")
    ax3.set_ylabel("lowest affinity among the paper's reviewers")
    ax3.set_title("Weakest match per paper")
    ax3.legend(loc="lower right", fontsize=8)
    fig.suptitle(
        f"{rep['objective']}: total {rep['total_affinity']:.2f}, min paper {rep['paper_sum']['min']:.3f}, "
        f"{rep['weak_matches']} weak matches",
        fontsize=10,
    )
    with atomic_output(path, "wb") as fh:
        fig.savefig(fh, format=fmt, dpi=110)
