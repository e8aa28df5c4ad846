"""Anonymity leaks: precision and recall per kind of leak on generated PDFs (docs/benchmarks.md).

Each paper is a real abstract of ../shared/corpus with body text from other abstracts, authors drawn
from the real author names of ../shared/benchmarks/expertise-dev, e-mails and affiliations from a list
of institutions. 30 % of the papers are clean; the others get one to three planted leaks of the kinds
below. Every paper also has look-alikes that are not leaks: the authors' own papers cited in the
third person in the references, "Prior work by <author's family name> et al.", third-party and
anonymised links, first-person sentences that are not self-citations ("In our experiments, we ...").
Self-citations use twelve phrasings; the last three were written without looking at the detector's
rules (held-out phrasings). The check gets the author list, as organizers have it.

    .venv/bin/python bench/checks_anonymity.py            # 200 papers
    .venv/bin/python bench/checks_anonymity.py --papers 400 --seed 1
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "engine" / "checks"))

from checks_data import author_names, field_papers, machine, sentences  # noqa: E402
from paper_pdf import Section, Url, make_paper, xmp_packet  # noqa: E402

from confero.engine.checks import CheckContext, read_pdf  # noqa: E402
from confero.engine.checks.anonymity import check_anonymity  # noqa: E402
from confero.engine.records import Author  # noqa: E402

INSTITUTIONS = [
    ("University of Edinburgh", "ed.ac.uk"), ("Carnegie Mellon University", "cmu.edu"),
    ("ETH Zurich", "ethz.ch"), ("University of Toronto", "utoronto.ca"), ("Tsinghua University", "tsinghua.edu.cn"),
    ("University of Cambridge", "cam.ac.uk"), ("Max Planck Institute for Informatics", "mpi-inf.mpg.de"),
    ("Allen Institute for AI", "allenai.org"), ("University of Washington", "uw.edu"), ("EPFL", "epfl.ch"),
    ("Seoul National University", "snu.ac.kr"), ("University of Amsterdam", "uva.nl"),
    ("Mila - Quebec AI Institute", "mila.quebec"), ("Stanford University", "stanford.edu"),
    ("Technical University of Munich", "tum.de"), ("National University of Singapore", "nus.edu.sg"),
]  # fmt: skip
KINDS = {
    "name": {"name-in-text"},
    "email": {"email-in-text", "email-link"},
    "affiliation": {"affiliation-in-text", "affiliation-in-author-block"},
    "metadata-info": {"name-in-metadata:Info", "author-in-metadata:Info"},
    "metadata-xmp": {"name-in-metadata:XMP", "author-in-metadata:XMP"},
    "path": {"path-in-metadata"},
    "acknowledgements": {"acknowledgements"},
    "self-citation": {"self-citation"},
    "personal-url": {"personal-url"},
}
SELF = [
    "In our previous work [{n}], we showed that {t} helps.",
    "This paper extends our ICLR 2023 paper [{n}] with new experiments.",
    "As we showed in [{n}], {t} is effective.",
    "We previously proposed a method for {t} [{n}].",
    "Our prior study ({f} et al., 2022) reported similar results.",
    "Building on our earlier work [{n}], we now study {t}.",
    "We have previously shown that {t} scales [{n}].",
    "In [{n}], we introduced a benchmark for {t}.",
    "Our recent paper [{n}] describes the data pipeline.",
    # held-out phrasings (written without looking at the detector's rules)
    "In a previous paper, we proposed {t} [{n}].",
    "Our group has earlier released a dataset for {t} [{n}].",
    "The present work continues our line of research on {t} [{n}].",
]
NOT_SELF = [
    "Previous work [{n}] showed that {t} helps.",
    "{f} et al. (2021) proposed {t}.",
    "Prior work by {f} et al. [{n}] studied {t}.",
    "In our experiments, we use three seeds for {t}.",
    "As shown in Section 3, our method handles {t}.",
    "Our results in Table 2 confirm the value of {t}.",
]


def _account(name: str, rng: random.Random) -> str:
    parts = [re.sub(r"[^a-z]", "", w.lower()) for w in name.split()]
    given, family = parts[0], parts[-1]
    return rng.choice([given + family, given[0] + family, f"{given}-{family}", family + given[0]])


def _no_links(text: str) -> str:
    return " ".join(x for x in sentences(text) if "http" not in x and "github" not in x.lower())


def make_case(i: int, rng: random.Random, papers: list[dict], names: list[str]):
    paper = dict(papers[i % len(papers)])
    paper["abstract"] = _no_links(paper["abstract"])
    people = rng.sample(names, rng.randint(1, 4))
    inst, domain = rng.choice(INSTITUTIONS)
    authors = tuple(
        Author(
            n,
            f"{re.sub(r'[^a-z]', '', n.split()[0].lower())}.{re.sub(r'[^a-z]', '', n.split()[-1].lower())}@{domain}",
            inst,
        )
        for n in people
    )
    leaks = set() if rng.random() < 0.3 else set(rng.sample(sorted(KINDS), rng.randint(1, 3)))
    topic = " ".join(paper["title"].split()[:4]).lower()
    family = people[0].split()[-1]
    # the real abstracts' own links (authors' GitHub accounts) would be real leaks: left out
    body = [
        [x for x in sentences(p["abstract"]) if "http" not in x and "github" not in x.lower()]
        for p in rng.sample(papers, 3)
    ]
    paras = [" ".join(b[:4]).split() for b in body]
    extra: list[list] = []
    for tpl in rng.sample(NOT_SELF, 2):
        extra.append(tpl.format(n=rng.randint(1, 30), t=topic, f=family).split())
    if rng.random() < 0.5:
        extra.append(["We", "build", "on", Url("https://github.com/huggingface/transformers"), "and", "release",
                      "our", "code", "at", Url("https://anonymous.4open.science/r/paper-1234"), "."])  # fmt: skip
    author_lines = ["Anonymous Authors", "Paper under double-blind review"]
    if "name" in leaks:
        author_lines = [", ".join(people)]
    if "affiliation" in leaks:
        author_lines = [*author_lines, inst] if "name" in leaks else ["Anonymous Authors", inst]
    if "email" in leaks:
        author_lines = [*author_lines, authors[0].email]
    phrasing = None
    if "self-citation" in leaks:
        phrasing = rng.randrange(len(SELF))
        extra.append(SELF[phrasing].format(n=rng.randint(1, 30), t=topic, f=family).split())
    if "personal-url" in leaks:
        account = _account(people[0], rng)
        url = rng.choice(
            [f"https://github.com/{account}/{topic.split()[0]}-code", f"https://{account}.github.io/"]
        )
        extra.append(["Our", "code", "is", "available", "at", Url(url), "."])
    info = {"Title": paper["title"], "Author": "Anonymous"}
    if "metadata-info" in leaks:
        info["Author"] = people[0]
    if "path" in leaks:
        local = _account(people[-1], rng)
        info["Title"] = rng.choice(
            [f"/Users/{local}/papers/draft.tex", f"C:\\Users\\{local}\\Documents\\paper.docx"]
        )
    xmp = xmp_packet(creator="; ".join(people) if "metadata-xmp" in leaks else "Anonymous")
    ack = None
    if "acknowledgements" in leaks:
        ack = f"We thank {rng.choice([n for n in names[:50] if n not in people])} for comments. This work was supported by grant {rng.randint(100000, 999999)}-AI."
    refs = (
        [f"[1] {people[0]} and {rng.choice(names)}. {paper['title']}. In ICLR, 2024."]
        if rng.random() < 0.5
        else []
    )
    refs.append("[2] A. Vaswani et al. Attention is all you need. In NeurIPS, 2017.")
    for p in extra:
        paras.insert(rng.randrange(1, len(paras) + 1), p)
    pdf = make_paper(title=paper["title"], author_lines=author_lines, abstract=paper["abstract"],
                     sections=[Section("1 Introduction", paras)], acknowledgements=ack, references=refs,
                     info=info, xmp=xmp)  # fmt: skip
    return pdf, authors, leaks, phrasing


def detected(result) -> set[str]:
    kinds = set()
    for f in result.findings:
        if f.severity == "info":
            continue
        kind = f.kind
        if kind in ("name-in-metadata", "author-in-metadata"):
            kind += ":" + f.evidence.split()[0]
        kinds.add(kind)
    return {leak for leak, names in KINDS.items() if names & kinds}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    papers, names = field_papers(), author_names()
    rng.shuffle(papers)
    tp, fp, fn = Counter(), Counter(), Counter()
    clean = clean_flagged = leaky = leaky_flagged = 0
    times = []
    phr: Counter = Counter()
    for i in range(args.papers):
        pdf, authors, leaks, phrasing = make_case(i, rng, papers, names)
        start = time.perf_counter()
        result = check_anonymity(read_pdf(pdf), CheckContext(authors=authors))
        times.append(time.perf_counter() - start)
        found = detected(result)
        if phrasing is not None:
            group = "held-out" if phrasing >= len(SELF) - 3 else "seen"
            phr[group] += 1
            phr[group + " found"] += "self-citation" in found
        for kind in KINDS:
            tp[kind] += kind in leaks and kind in found
            fp[kind] += kind not in leaks and kind in found
            fn[kind] += kind in leaks and kind not in found
            if args.debug and (kind in leaks) != (kind in found):
                shown = [
                    f"{f.kind}: {f.evidence[:100]}"
                    for f in result.findings
                    if kind in f.kind or kind not in KINDS
                ]
                print(
                    "FN" if kind in leaks else "FP",
                    kind,
                    shown or [f.kind for f in result.findings],
                    file=sys.stderr,
                )
        if leaks:
            leaky += 1
            leaky_flagged += result.status == "flagged"
        else:
            clean += 1
            clean_flagged += result.status == "flagged"
    print(f"machine: {machine()}")
    print(f"\n{args.papers} generated PDFs (seed {args.seed}): {leaky} with planted leaks, {clean} clean")
    print(f"paper level: {leaky_flagged}/{leaky} leaky papers flagged (recall {leaky_flagged / max(leaky, 1):.3f}), "
          f"{clean_flagged}/{clean} clean papers flagged")  # fmt: skip
    print("\n| leak | planted | found | false alarms | precision | recall |\n|---|---|---|---|---|---|")
    for kind in KINDS:
        planted = tp[kind] + fn[kind]
        prec = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else float("nan")
        print(
            f"| {kind} | {planted} | {tp[kind]} | {fp[kind]} | {prec:.3f} | {tp[kind] / max(planted, 1):.3f} |"
        )
    print(f"\nself-citations: {phr['seen found']}/{phr['seen']} found with the nine phrasings known to the rules, "
          f"{phr['held-out found']}/{phr['held-out']} with the three held-out phrasings")  # fmt: skip
    times.sort()
    print(f"\ncheck time per paper (PDF parsed beforehand): median {1000 * times[len(times) // 2]:.0f} ms")


if __name__ == "__main__":
    main()
