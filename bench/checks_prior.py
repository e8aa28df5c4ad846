"""Prior publication and dual submission: precision and recall on planted near-duplicates, and speed
at 100,000 corpus papers (docs/benchmarks.md).

Labelled set (seeded): the real machine-learning papers of ../shared (corpus/daily_papers.jsonl and
the publications of benchmarks/expertise-dev profiles, de-duplicated by title) are split at random:
60 % go into the corpus, 40 % are held out. Positives: 300 corpus papers submitted again as
paraphrases at three strengths (bench/checks_data.py LEVELS: light, medium, heavy), a quarter of them
against a corpus record without abstract (as DBLP has). Negatives: every held-out paper, submitted
as it is: same field, not in the corpus, so every match reported for it is false. ``--background N``
adds N synthetic papers (word-bigram model of the real abstracts) to the corpus.

    .venv/bin/python bench/checks_prior.py                        # quality, real papers only
    .venv/bin/python bench/checks_prior.py --background 100000    # quality and speed at 100k
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from checks_data import (
    LEVELS,
    field_papers,
    machine,
    paraphrase,
    profile_publications,
    synthetic_corpus,
    vocabulary,
)

from confero.engine.checks.prior import (
    MIN_SCORE,
    MIN_TITLE_SCORE,
    CorpusPaper,
    PriorIndex,
    find_matches,
    read_corpus,
)

# Pairs of real papers in ../shared that are versions of the same work (workshop/conference/journal
# versions, renamed preprints, a tutorial given twice, a companion dataset record), found by this bench
# among "held-out" papers and confirmed by reading both titles and abstracts. A match between them is
# correct. Other matches between different real papers are false (e.g. the yearly TextGraphs shared
# task papers, two different crowdsourcing tutorials, two different open-IE papers of one group).
SAME_WORK = [
    ("Scientific Relation Extraction with Selectively Incorporated Concept Embeddings",
     "The UWNLP system at SemEval-2018 Task 7: Neural Relation Extraction Model with Selectively Incorporated Concept Embeddings"),
    ("An Unsupervised Word Sense Disambiguation System for Under-Resourced Languages",
     "Word sense disambiguation based on automatically induced synsets"),
    ("xStream : Outlier Dete ‘ x ’ ion in Feature-Evolving Data Stream s", "xStream: Outlier Detection in Feature-Evolving Data Streams"),
    ("Evolutionary Game Theory Squared: Evolving Agents in Endogenously Evolving Zero-Sum Games",
     "Evolutionary Game Theory Squared: Evolving Agents in Evolving Games"),
    ("Open Information Extraction with Global Structure Constraints", "Information Extraction with Global Structure Constraints"),
    ("Constrained Upper Confidence Reinforcement Learning with Known Dynamics", "Constrained Upper Confidence Reinforcement Learning"),
    ("Crowdsourcing Practice for Efficient Data Labeling: Aggregation, Incremental Relabeling, and Pricing",
     "Practice of Efficient Data Collection via Crowdsourcing: Aggregation, Incremental Relabelling, and Pricing"),
    ("Queries Predictions Encoder Decoder Parity ModelModel Instance k Model Instance 1 Frontend Query 1 Query k Parity QueryPredictio",
     "Parity models: erasure-coded resilience for prediction serving systems"),
    ("A structural model for contextual code changes", "Neural Edit Completion"),
    ("Watset: Local-Global Graph Clustering with Applications in Sense and Frame Induction",
     "Datasets for Watset: Local-Global Graph Clustering with Applications in Sense and Frame Induction"),
    ("Which Echo Chamber? Regions of Attraction in Learning with Decision-Dependent Distributions",
     "Approximate Regions of Attraction in Learning with Decision-Dependent Distributions"),
    ("A locality-based approach for coded computation", "A locality-based lens for coded computation"),
    ("Improving the IBM Alignment Models Using Variational Bayes", "Improving the Performance of GIZA++ Using Variational Bayes"),
    ("Few-shot Controllable Style Transfer for Low-Resource Settings: A Study in Indian Languages",
     "Few-shot Controllable Style Transfer for Low-Resource Multilingual Settings"),
    ("Iterative Entity Alignment via Joint Knowledge Embeddings", "Iterative Entity Alignment via Knowledge Embeddings"),
    ("Convertible Codes: New Class of Codes for Efficient Conversion of Coded Data in Distributed Storage",
     "Convertible Codes: Efficient Conversion of Coded Data in Distributed Storage"),
    ("Shredder: Learning Noise to Protect Privacy with Partial DNN Inference on the Edge",
     "Shredder: Learning Noise Distributions to Protect Inference Privacy"),
    ("KDD 2021 Tutorial on Systemic Challenges and Solutions on Bias and Unfairness in Peer Review",
     "WSDM 2021 Tutorial on Systematic Challenges and Computational Solutions on Bias and Unfairness in Peer Review"),
    ("Two-Sample Testing on Ranked Preference Data and the Role of Modeling Assumptions",
     "Two-Sample Testing on Pairwise Comparison Data and the Role of Modeling Assumptions"),
    ("Unsupervised Semantic Frame Induction using Triclustering : Supplementary Materials",
     "Unsupervised Semantic Frame Induction using Triclustering"),
    ("A Large-scale Analysis of Hundreds of In-memory Key-value Cache Clusters at Twitter",
     "A large scale analysis of hundreds of in-memory cache clusters at Twitter"),
    ("ReLeQ : A Reinforcement Learning Approach for Automatic Deep Quantization of Neural Networks",
     "ReLeQ: An Automatic Reinforcement Learning Approach for Deep Quantization of Neural Networks"),
    ("Data-to-Text Generation with Style Imitation", "Record-to-Text Generation with Style Imitation"),
    ("C OG C OMP NLP : Your Swiss Army Knife for NLP", "CogCompNLP: Your Swiss Army Knife for NLP"),
    ("WSDM 2021 Tutorial on Systematic Challenges and Computational Solutions on Bias and Unfairness in Peer Review",
     "JCDL 2021 Tutorial on Systemic Challenges and Computational Solutions on Bias and Unfairness in Peer Review"),
    ("KDD 2021 Tutorial on Systemic Challenges and Solutions on Bias and Unfairness in Peer Review",
     "JCDL 2021 Tutorial on Systemic Challenges and Computational Solutions on Bias and Unfairness in Peer Review"),
    ("Vox Populi, Vox DIY: Benchmark Dataset for Crowdsourced Audio Transcription",
     "CrowdSpeech and VoxDIY: Benchmark Datasets for Crowdsourced Audio Transcription"),
    ("Strategyproofing Peer Assessment via Partitioning: The Price in Terms of Evaluators' Expertise",
     "The Price of Strategyproofing Peer Assessment"),
    ("Prior and Prejudice: The Novice Reviewers' Bias against Resubmissions in Conference Peer Review", "Prior and Prejudice"),
    ("TheWebConf 2020 Tutorial on Fairness and Bias in Peer Review and other Sociotechnical Intelligent Systems (Part II on Peer Review)",
     "AAAI 2020 Tutorial on Fairness and Bias in Peer Review and other Sociotechnical Intelligent Systems (Part II on Peer Review)"),
]  # fmt: skip


def _key(title: str) -> str:
    return re.sub(r"\W+", " ", title.lower()).strip()


_SAME = {frozenset((_key(a), _key(b))) for a, b in SAME_WORK}


def same_work(title_a: str, title_b: str) -> bool:
    return frozenset((_key(title_a), _key(title_b))) in _SAME


def real_papers() -> list[dict]:
    seen: dict[str, dict] = {}
    for p in field_papers() + [p for p in profile_publications() if p.get("abstract")]:
        key = re.sub(r"\W+", " ", p["title"].lower()).strip()
        seen.setdefault(
            key, {"id": p.get("id") or f"pub-{len(seen)}", "title": p["title"], "abstract": p["abstract"]}
        )
    return list(seen.values())


def build_set(seed: int):
    rng = random.Random(seed)
    papers = real_papers()
    rng.shuffle(papers)
    cut = int(0.6 * len(papers))
    corpus, held = papers[:cut], papers[cut:]
    vocab = vocabulary(papers)
    positives = []
    title_only: set[str] = set()
    for i, p in enumerate(rng.sample(corpus, min(300, len(corpus)))):
        level = list(LEVELS)[i % 3]
        if rng.random() < 0.25:
            title_only.add(p["id"])
        positives.append((p["id"], level, paraphrase(p, level, rng, held, vocab)))
    records = [
        CorpusPaper(
            f"c:{p['id']}",
            p["title"],
            "" if p["id"] in title_only else p["abstract"],
            venue=rng.choice(["arXiv", "ICLR 2024", "NeurIPS 2023"]),
            source="dblp" if p["id"] in title_only else "jsonl",
        )
        for p in corpus
    ]
    return records, positives, held, title_only


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


DEBUG = False


def accepted(sim, min_score: float, min_title: float) -> bool:
    return sim.score >= min_score if sim.abstract is not None else sim.title >= min_title


def evaluate(index: PriorIndex, records, positives, held, title_only, stats: dict) -> None:
    """Check every positive and negative; add counts and match scores to ``stats``."""
    titles = {r.id: r.title for r in records}
    for pid, level, sub in positives:
        key = (level, "title only" if pid in title_only else "title+abstract")
        t, c = time.perf_counter(), time.process_time()
        matches = find_matches(index, sub["title"], sub["abstract"], min_score=0.0, min_title_score=0.0)
        stats["times"].append(time.perf_counter() - t)
        stats["cpu"].append(time.process_time() - c)
        stats["total"][key] += 1
        stats["cand"][key] += f"c:{pid}" in {p.id for p, _ in index.candidates(sub["title"], sub["abstract"])}
        for m in matches:
            ok = m.paper.id == f"c:{pid}" or same_work(titles[f"c:{pid}"], m.paper.title)
            stats["scores"].append((m.similarity, ok, "pos", (stats["seed"], pid, key)))
            stats["synthetic"].append(m.paper.id.startswith("syn-"))
    for p in held:
        t, c = time.perf_counter(), time.process_time()
        matches = find_matches(index, p["title"], p["abstract"], min_score=0.0, min_title_score=0.0)
        stats["times"].append(time.perf_counter() - t)
        stats["cpu"].append(time.process_time() - c)
        for m in matches:
            real = same_work(p["title"], m.paper.title)
            stats["scores"].append(
                (m.similarity, real, "real" if real else "neg", (stats["seed"], p["title"]))
            )
            stats["synthetic"].append(m.paper.id.startswith("syn-"))
    stats["n_pos"] += len(positives)
    stats["n_neg"] += len(held)


def report(stats: dict, seeds: list[int]) -> None:
    times = sorted(stats["times"])
    print(f"\nchecks: {len(times)} submissions, per check median {1000 * statistics.median(times):.1f} ms, "
          f"p95 {1000 * times[int(0.95 * len(times))]:.1f} ms, max {1000 * times[-1]:.1f} ms wall; "
          f"CPU median {1000 * statistics.median(stats['cpu']):.1f} ms, max {1000 * max(stats['cpu']):.1f} ms")  # fmt: skip
    print(
        f"\nseeds {seeds}: {stats['n_pos']} planted near-duplicates, {stats['n_neg']} same-field papers not in the corpus\n"
    )
    print(
        "| edit level | corpus record | planted | candidate recall | recall at defaults |\n|---|---|---|---|---|"
    )
    found = {
        key
        for sim, ok, kind, key in stats["scores"]
        if ok and kind == "pos" and accepted(sim, MIN_SCORE, MIN_TITLE_SCORE)
    }
    hits = Counter(key[2] for key in found)
    for key in sorted(stats["total"], key=lambda k: (list(LEVELS).index(k[0]), k[1])):
        n = stats["total"][key]
        print(f"| {key[0]} | {key[1]} | {n} | {stats['cand'][key] / n:.3f} | {hits[key] / n:.3f} |")
    print("\n| min score (with abstracts) | min title score | recall (planted) | real versions found | precision | "
          "false matches (to synthetic papers) | held-out papers with a false match |\n|---|---|---|---|---|---|---|")  # fmt: skip
    for ms, mt in [(0.3, 0.75), (0.4, 0.8), (0.45, 0.85), (0.5, 0.85), (0.6, 0.9), (0.7, 0.95)]:
        acc = [(ok, kind, key) for s, ok, kind, key in stats["scores"] if accepted(s, ms, mt)]
        syn = sum(
            1
            for (s, ok, _, _), y in zip(stats["scores"], stats["synthetic"], strict=True)
            if y and not ok and accepted(s, ms, mt)
        )
        planted = len({key for ok, kind, key in acc if ok and kind == "pos"})
        real = len({key for ok, kind, key in acc if kind == "real"})
        fp = sum(1 for ok, _, _ in acc if not ok)
        neg = len({key for ok, kind, key in acc if kind == "neg"})
        marker = " (default)" if (ms, mt) == (MIN_SCORE, MIN_TITLE_SCORE) else ""
        if (ms, mt) == (MIN_SCORE, MIN_TITLE_SCORE) and DEBUG:
            for s, ok, kind, key in stats["scores"]:
                if not ok and accepted(s, ms, mt):
                    print(
                        "FALSE",
                        kind,
                        key[1] if kind == "neg" else key[1:],
                        "->",
                        s.to_dict(),
                        file=sys.stderr,
                    )
        print(f"| {ms}{marker} | {mt} | {planted / stats['n_pos']:.3f} | {real} | "
              f"{(planted + real) / max(planted + real + fp, 1):.3f} | {fp} ({syn}) | {neg} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--background", type=int, default=0, help="synthetic corpus papers to add")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds of the labelled set")
    parser.add_argument("--debug", action="store_true", help="print the false matches")
    args = parser.parse_args()
    global DEBUG
    DEBUG = args.debug
    seeds = [int(x) for x in args.seeds.split(",")]
    print(f"machine: {machine()}")
    stats: dict = {
        "times": [],
        "cpu": [],
        "scores": [],
        "synthetic": [],
        "total": Counter(),
        "cand": Counter(),
        "n_pos": 0,
        "n_neg": 0,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "background.npz"
        if args.background:
            corpus = synthetic_corpus(args.background)
            gc.collect()
            rss0 = rss_mb()
            start, cpu = time.perf_counter(), time.process_time()
            index = PriorIndex()
            index.add(read_corpus(corpus, "jsonl"), progress=True)
            build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"\nindex of {len(index)} synthetic papers built in {build:.1f} s wall, {build_cpu:.1f} s CPU "
                  f"(read + tokenise + MinHash + LSH); peak RSS grew by {rss_mb() - rss0:.0f} MB")  # fmt: skip
            t = time.perf_counter()
            index.save(path)
            print(f"saved in {time.perf_counter() - t:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
            del index
        for seed in seeds:
            records, positives, held, title_only = build_set(seed)
            t = time.perf_counter()
            index = PriorIndex.load(path) if args.background else PriorIndex()
            loaded = time.perf_counter() - t
            index.add(records)
            if args.background:
                print(f"seed {seed}: index loaded in {loaded:.1f} s, {len(index)} papers with the real ones")
            stats["seed"] = seed
            evaluate(index, records, positives, held, title_only, stats)
    report(stats, seeds)


if __name__ == "__main__":
    main()
