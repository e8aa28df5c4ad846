"""Data for the check benchmarks (bench/checks_*.py), built at run time from ../shared (never copied).

* ``field_papers()``: the 262 papers of ../shared/corpus/daily_papers.jsonl (id, title, abstract).
* ``profile_publications()``: publications of ../shared/benchmarks/expertise-dev profiles (real ML
  papers with authors; used as more same-field papers and as a pool of real author names).
* ``paraphrase(paper, level, rng)``: a near-duplicate with an edited title and abstract, at three
  strengths (see LEVELS): sentences dropped, reordered, words replaced by synonyms or by other words
  of the field, sentences of another paper added.
* ``synthetic_corpus(n, seed)``: n machine-generated papers whose titles and abstracts come from a
  word-bigram (Markov) model of the real abstracts: the field's vocabulary and phrasing, no real paper.
  Cached as JSONL under $CHECKS_BENCH_DIR (default /tmp/confero_checks_bench), never in the repo.
"""

from __future__ import annotations

import glob
import json
import os
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CACHE = Path(os.environ.get("CHECKS_BENCH_DIR", "/tmp/confero_checks_bench"))

LEVELS = {
    # share of sentences dropped, share of words replaced, sentences of another paper added, reorder
    "light": (0.10, 0.05, 0, False),
    "medium": (0.25, 0.15, 1, True),
    "heavy": (0.40, 0.30, 2, True),
}
SYNONYMS = {
    "large": "big", "model": "network", "models": "networks", "efficient": "fast", "learning": "training",
    "approach": "method", "method": "technique", "propose": "introduce", "novel": "new", "improve": "boost",
    "performance": "accuracy", "results": "findings", "demonstrate": "show", "show": "demonstrate",
    "significantly": "substantially", "language": "text", "tasks": "problems", "data": "corpora",
    "framework": "system", "pretraining": "pre-training", "fine-tuning": "finetuning", "existing": "prior",
    "experiments": "evaluations", "achieves": "attains", "outperforms": "surpasses", "study": "analysis",
}  # fmt: skip


def field_papers() -> list[dict]:
    rows = [
        json.loads(x)
        for x in (SHARED / "corpus" / "daily_papers.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    return [r for r in rows if r.get("title") and r.get("abstract")]


def profile_publications() -> list[dict]:
    seen: dict[str, dict] = {}
    for path in sorted(glob.glob(str(SHARED / "benchmarks" / "expertise-dev" / "profiles" / "v*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            for pub in json.loads(line).get("publications", []):
                key = re.sub(r"\W+", " ", (pub.get("title") or "").lower()).strip()
                if key and key not in seen:
                    seen[key] = pub
    return list(seen.values())


def author_names() -> list[str]:
    names = {a.strip() for p in profile_publications() for a in p.get("authors") or [] if len(a.split()) >= 2}
    full = (n for n in names if re.fullmatch(r"[A-Za-z][A-Za-z .'-]+", n))
    return sorted(n for n in full if len(n.split()[0]) >= 3 and "." not in n.split()[0])


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s.strip()]


def _swap_words(text: str, share: float, vocab: list[str], rng: random.Random) -> str:
    out = []
    for w in text.split():
        if rng.random() < share:
            core = w.lower().strip(".,;:()")
            w = SYNONYMS.get(core, rng.choice(vocab))
        out.append(w)
    return " ".join(out)


def paraphrase(paper: dict, level: str, rng: random.Random, others: list[dict], vocab: list[str]) -> dict:
    drop, swap, add, reorder = LEVELS[level]
    sents = sentences(paper["abstract"])
    kept = [s for s in sents if rng.random() >= drop] or sents[:2]
    if reorder and len(kept) > 2:
        head, rest = kept[:1], kept[1:]
        rng.shuffle(rest)
        kept = head + rest
    for _ in range(add):
        donor = sentences(rng.choice(others)["abstract"])
        kept.insert(rng.randrange(len(kept) + 1), rng.choice(donor))
    abstract = _swap_words(" ".join(kept), swap, vocab, rng)
    title = paper["title"]
    words = title.split()
    if ":" in title and rng.random() < 0.5:
        a, b = title.split(":", 1)
        title = f"{b.strip()}: {a.strip()}"
    elif len(words) > 4 and level != "light":
        del words[rng.randrange(len(words))]
        title = " ".join(words)
    title = _swap_words(title, swap, vocab, rng) if level == "heavy" else title
    return {"title": title, "abstract": abstract}


def vocabulary(papers: list[dict]) -> list[str]:
    words = sorted(
        {
            w.lower().strip(".,;:()")
            for p in papers
            for w in p["abstract"].split()
            if w.isalpha() and len(w) > 3
        }
    )
    return words


class Markov:
    """Word-bigram model of texts; ``generate`` samples a text of about n words."""

    def __init__(self, texts: list[str]):
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for text in texts:
            words = text.split()
            if words:
                self.starts.append(words[0])
            for a, b in zip(words, words[1:], strict=False):
                self.next[a].append(b)

    def generate(self, rng: random.Random, n: int) -> str:
        word = rng.choice(self.starts)
        out = [word]
        while len(out) < n:
            choices = self.next.get(word)
            word = rng.choice(choices) if choices else rng.choice(self.starts)
            out.append(word)
        return " ".join(out)


def synthetic_corpus(n: int, seed: int = 0) -> Path:
    """Path of a JSONL corpus of n synthetic papers (generated once, then cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"synthetic_{n}_{seed}.jsonl"
    if path.exists():
        return path
    papers = field_papers() + [p for p in profile_publications() if p.get("abstract")]
    abstracts = Markov([p["abstract"] for p in papers])
    titles = Markov([p["title"] for p in papers])
    rng = random.Random(seed)
    venues = ["arXiv", "ICLR 2024", "NeurIPS 2023", "ICML 2024", "ACL 2024", "TMLR", "ICLR 2024 Workshop X"]
    print(f"generating {n} synthetic papers into {path} ...", file=sys.stderr)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            row = {
                "id": f"syn-{seed}-{i}",
                "title": titles.generate(rng, rng.randint(6, 13)).rstrip(".").capitalize(),
                "abstract": abstracts.generate(rng, rng.randint(110, 230)),
                "venue": rng.choice(venues),
                "year": rng.randint(2018, 2025),
            }
            fh.write(json.dumps(row) + "\n")
    tmp.replace(path)
    return path


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
