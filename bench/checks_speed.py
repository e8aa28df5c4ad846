"""How long the PDF checks take on one paper (docs/benchmarks.md).

A 14-page paper-like PDF made with reportlab (10 pt Times, 9 pages of body text of about 4,500
characters each, 30 links, references and an appendix) is read once with pdfminer.six and then every
check is run ``--repeat`` times; the median is reported. The scope check is timed with the lexical
model (tfidf) and with the default model (tfidf + MiniLM, warm: the field corpus is embedded once per
process, which is timed separately as the first call).

    .venv/bin/python bench/checks_speed.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "engine" / "checks"))

from checks_data import field_papers, machine, sentences  # noqa: E402
from paper_pdf import Section, Url, make_paper  # noqa: E402

from confero.engine.checks import CheckContext, Topic, parse_authors, read_pdf, run_checks  # noqa: E402
from confero.engine.checks.sections import find_sections  # noqa: E402


def make_pdf() -> bytes:
    papers = field_papers()
    text = [s for p in papers[:120] for s in sentences(p["abstract"]) if "http" not in s]
    sections, k = [], 0
    for n in range(1, 10):
        paras = []
        for _ in range(4):
            para = " ".join(text[k : k + 6]).split()
            k += 6
            paras.append(
                para
                + [
                    "Code",
                    "is",
                    "at",
                    Url(f"https://github.com/anon-org/project-{n}-{len(paras)}/tree/main"),
                    ".",
                ]
            )
        sections.append(Section(f"{n} Section {n}", paras))
    refs = [
        f"[{i}] A. Author and B. Author. A paper title number {i}. arXiv, 2024. https://arxiv.org/abs/2401.{i:05d}"
        for i in range(1, 40)
    ]
    appendix = Section("A Appendix", [" ".join(text[k : k + 40]).split()])
    pdf = make_paper(
        title=papers[0]["title"],
        abstract=papers[0]["abstract"],
        sections=[*sections, appendix],
        references=refs,
    )
    return pdf


def timed(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return statistics.median(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pdf = make_pdf()
    doc = read_pdf(pdf)
    chars = sum(ln.chars for p in doc.pages for ln in p.lines)
    print(f"machine: {machine()}")
    print(
        f"\nPDF: {len(doc.pages)} pages, {chars} characters, {len(pdf) / 1000:.0f} kB, sections: {find_sections(doc)}"
    )
    topics = tuple(
        Topic(f"t{i}", t, t)
        for i, t in enumerate(["Open Datasets", "Open Foundation Models", "Open Evaluation"])
    )
    ctx = CheckContext(
        authors=parse_authors("Jane Doe <jane@uni.edu> (University of Testing)"),
        topics=topics,
        scope_model="tfidf",
        format="iclr",
    )
    rows = [("read the PDF (pdfminer.six layout)", timed(lambda: read_pdf(pdf), args.repeat))]
    for check in ("pages", "artifacts", "anonymity", "format", "scope"):
        rows.append(
            (
                f"{check} (reading included)",
                timed(lambda c=check: run_checks(pdf, checks=c, context=ctx), args.repeat),
            )
        )
    rows.append(
        (
            "all five (tfidf scope), one reading",
            timed(
                lambda: run_checks(pdf, checks="pages,artifacts,anonymity,format,scope", context=ctx),
                args.repeat,
            ),
        )
    )
    neural = CheckContext(topics=topics, scope_model="default")
    start = time.perf_counter()
    run_checks(pdf, checks="scope", context=neural)
    rows.append(("scope, default model, first call in the process", time.perf_counter() - start))
    rows.append(
        (
            "scope, default model, warm",
            timed(lambda: run_checks(pdf, checks="scope", context=neural), args.repeat),
        )
    )
    print("\n| step | median seconds |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
