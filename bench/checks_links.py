"""Link extraction and classification: precision and recall on labelled sets (docs/benchmarks.md).

A. Classification of real links: every distinct URL in the abstracts of ../shared/corpus (DEV) and
   ../shared/benchmarks/expertise-dev (TEST), with the sentence around it, against the hand labels of
   bench/checks_links_labels.py. Per kind: precision, recall, and the confusions.
B. Extraction from generated PDFs: the same real URLs planted in sentences of paper-like PDFs set in a
   narrow column (so that long URLs break across lines the way LaTeX's url package breaks them), half
   of them with a link annotation, with trailing punctuation; a URL counts as found when the checker
   returns exactly it. Precision, recall, split by broken / not broken and annotated / not.

    .venv/bin/python bench/checks_links.py            # both parts
    .venv/bin/python bench/checks_links.py --pdfs 200 --seed 1
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "engine" / "checks"))

from checks_data import SHARED, field_papers, machine  # noqa: E402
from checks_links_labels import DEV, TEST  # noqa: E402
from paper_pdf import Section, Url, make_paper  # noqa: E402

from confero.engine.checks import read_pdf  # noqa: E402
from confero.engine.checks.classify import KINDS, classify  # noqa: E402
from confero.engine.checks.links import (  # noqa: E402
    document_links,
    extract_urls,
    join_broken_lines,
    normalize_url,
    sentence_around,
    with_scheme,
)


def _texts_dev() -> list[str]:
    texts = [p["abstract"] for p in field_papers()]
    texts += [
        open(f, encoding="utf-8").read()
        for f in sorted(glob.glob(str(SHARED / "corpus" / "listings" / "*.txt")))
    ]
    return texts


def _texts_test() -> list[str]:
    out = []
    files = [SHARED / "benchmarks" / "expertise-dev" / "submissions.jsonl"]
    files += sorted(
        Path(p) for p in glob.glob(str(SHARED / "benchmarks" / "expertise-dev" / "profiles" / "v*.jsonl"))
    )
    for f in files:
        for line in open(f, encoding="utf-8"):
            row = json.loads(line)
            docs = [row] if "abstract" in row else row.get("publications", [])
            out += [d.get("abstract") or "" for d in docs]
    return out


def contexts(texts: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in texts:
        joined, _ = join_broken_lines(text.split("\n"))
        for url, start, end in extract_urls(joined):
            out.setdefault(url, sentence_around(joined, start, end))
    return out


def classification(name: str, labels: dict[str, str], ctx: dict[str, str]) -> None:
    missing = [u for u in labels if u not in ctx]
    pairs = [(labels[u], classify(u, ctx[u]).kind) for u in labels if u in ctx]
    print(
        f"\n### Classification, {name}: {len(pairs)} links"
        + (f" ({len(missing)} labelled links not found)" if missing else "")
    )
    print("\n| kind | labelled | predicted | correct | precision | recall |\n|---|---|---|---|---|---|")
    for kind in KINDS:
        lab = sum(1 for t, _ in pairs if t == kind)
        pred = sum(1 for _, p in pairs if p == kind)
        ok = sum(1 for t, p in pairs if t == p == kind)
        if lab or pred:
            prec = f"{ok / pred:.2f}" if pred else "-"
            rec = f"{ok / lab:.2f}" if lab else "-"
            print(f"| {kind} | {lab} | {pred} | {ok} | {prec} | {rec} |")
    acc = sum(t == p for t, p in pairs) / len(pairs)
    print(
        f"\naccuracy {acc:.3f}; confusions: "
        + (
            ", ".join(
                f"{t}->{p} x{n}" for (t, p), n in Counter((t, p) for t, p in pairs if t != p).most_common()
            )
            or "none"
        )
    )


DEBUG = False
TEMPLATES = [
    ("Our code is available at", ""),
    ("The dataset can be downloaded from", "and is documented in the appendix"),
    ("We release the trained models at", ""),
    ("Resources:", ""),
    ("More details are on the project page", "where we also keep a changelog"),
]
FILLER = [
    "We",
    "study",
    "how",
    "open",
    "foundation",
    "models",
    "are",
    "trained",
    "and",
    "evaluated",
    "and",
    "report",
    "the",
    "effect",
    "of",
    "data",
    "curation",
    "on",
    "downstream",
    "results",
    "across",
    "many",
    "settings",
    "and",
    "model",
    "sizes.",
]


def extraction(n_pdfs: int, seed: int) -> None:
    rng = random.Random(seed)
    urls = sorted(set(DEV) | set(TEST))
    found = expected = correct = 0
    by: Counter = Counter()
    extra = 0
    for _ in range(n_pdfs):
        planted = rng.sample(urls, 6)
        paragraphs = []
        truth = {}
        for url in planted:
            annotate = rng.random() < 0.5
            punct = rng.choice(["", ".", ",", ";", ")"])
            before, after = rng.choice(TEMPLATES)
            words = before.split() + (["(see"] if punct == ")" else [])
            link = Url(with_scheme(url) if annotate else url, annotate=annotate, display=url + punct)
            para = (
                FILLER[: rng.randint(5, 20)] + words + [link] + after.split() + FILLER[: rng.randint(3, 15)]
            )
            paragraphs.append(para)
            truth[normalize_url(url)] = (url, annotate)
        pdf = make_paper(
            sections=[Section("1 Introduction", paragraphs)], margins=(170, 170, 72, 72), header=""
        )
        doc = read_pdf(pdf)
        lines = [ln.text for p in doc.pages for ln in p.lines]
        got = {normalize_url(ln.url): ln.url for ln in document_links(doc)}
        for key, (url, annotate) in truth.items():
            broken = not any(url in line for line in lines)
            ok = key in got
            if not ok and DEBUG:
                near = [ln for ln in lines if any(part in ln for part in (url[:15], url[-8:]))]
                print("MISSED", url, "| lines:", near[:3], file=sys.stderr)
            expected += 1
            correct += ok
            by[("broken" if broken else "one line", "annotated" if annotate else "text only", "total")] += 1
            by[("broken" if broken else "one line", "annotated" if annotate else "text only", "found")] += ok
        extra += sum(1 for k in got if k not in truth)
        if DEBUG:
            for k in got:
                if k not in truth:
                    print("EXTRA", got[k], file=sys.stderr)
        found += len(got)
    print(f"\n### Extraction from {n_pdfs} generated PDFs ({expected} planted links, seed {seed})")
    print(
        f"\nrecall {correct / expected:.3f} ({correct}/{expected}); precision {(found - extra) / found:.3f} ({found - extra}/{found})\n"
    )
    print("| layout | link annotation | planted | found | recall |\n|---|---|---|---|---|")
    for layout in ("one line", "broken"):
        for ann in ("annotated", "text only"):
            total = by[(layout, ann, "total")]
            if total:
                hit = by[(layout, ann, "found")]
                print(f"| {layout} | {ann} | {total} | {hit} | {hit / total:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--debug", action="store_true", help="print the links that were missed")
    args = parser.parse_args()
    global DEBUG
    DEBUG = args.debug
    print(f"machine: {machine()}")
    classification("DEV (shared/corpus)", DEV, contexts(_texts_dev()))
    classification("TEST (shared/benchmarks/expertise-dev)", TEST, contexts(_texts_test()))
    extraction(args.pdfs, args.seed)


if __name__ == "__main__":
    main()
