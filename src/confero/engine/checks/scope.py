"""Check 5, scope: how well a paper fits each CFP topic, with the engine's affinity model and the topic
descriptions as queries (each topic is scored like a reviewer whose only publication is the topic's
title and description).

Raw affinity scores mean little on their own, so the paper is scored in one run together with a
reference set of papers from the field (by default the bundled corpus of 262 machine-learning papers,
see engine/affinity/data/README.md): each topic's score is given as a z-score against the reference
papers, and the paper's best-topic score as the share of reference papers it beats.

* ``out-of-scope`` (warning): the paper's best topic score is lower than that of
  ``1 - out_of_scope_quantile`` of the reference papers (default: lower than 95 % of them);
* ``topic-mismatch`` (warning, for organizers): the topic the authors chose is not among the paper's
  two best-fitting topics and fits at least ``mismatch_margin`` standard deviations worse than the best.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..records import Publication, Reviewer, Submission
from .context import CheckContext, Topic
from .core import CheckResult, Finding
from .document import PdfDocument
from .sections import title_and_abstract

CHECK = "scope"


def topic_fit(
    title: str,
    abstract: str,
    topics: Sequence[Topic],
    model: str = "default",
    reference: Sequence[tuple[str, str]] | None = None,
) -> dict:
    """Scores of the paper for each topic: {"scores", "z", "beats", "ref_best_quantiles"} (numpy-free)."""
    import warnings

    from ..affinity import AffinityFallbackWarning, compute_affinity
    from ..affinity.text import background_docs

    ref = list(reference if reference is not None else background_docs())
    subs = [Submission("__paper__", title, abstract)]
    subs += [Submission(f"__ref{i}__", t, a) for i, (t, a) in enumerate(ref)]
    reviewers = [
        Reviewer(id=t.key, publications=(Publication(id=t.key, title=t.title, abstract=t.description),))
        for t in topics
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AffinityFallbackWarning)
        scores, _, _ = compute_affinity(subs, reviewers, model=model, pooling="max")
    paper, refs = scores[0], scores[1:]
    mu, sd = refs.mean(axis=0), refs.std(axis=0)
    z = (paper - mu) / np.where(sd > 0, sd, 1.0)
    ref_best = refs.max(axis=1)
    return {
        "scores": [float(x) for x in paper],
        "z": [float(x) for x in z],
        "beats": float((ref_best < paper.max()).mean()) if len(ref_best) else 1.0,
        "ref_best_quantiles": {q: float(np.quantile(ref_best, q)) for q in (0.05, 0.25, 0.5)}
        if len(ref)
        else {},
    }


def check_scope(
    doc: PdfDocument | None,
    context: CheckContext,
    out_of_scope_quantile: float = 0.05,
    mismatch_margin: float = 1.0,
    reference: Sequence[tuple[str, str]] | None = None,
) -> CheckResult:
    """``reference``: (title, abstract) of in-field papers to calibrate against (default: the bundled
    field corpus)."""
    topics = list(context.topics)
    if not topics:
        return CheckResult.skip(CHECK, "the workshop has no topics to compare with")
    title, abstract = context.title, context.abstract
    source = "form"
    if not (title and abstract) and doc is not None:
        pdf_title, pdf_abstract = title_and_abstract(doc)
        title, abstract = title or pdf_title, abstract or pdf_abstract
        source = "pdf"
    if not abstract and not title:
        return CheckResult.could_not(
            CHECK, "no title or abstract: none given and none could be read from the PDF"
        )
    fit = topic_fit(title, abstract, topics, model=context.scope_model, reference=reference)
    order = np.argsort(-np.asarray(fit["z"]), kind="stable")
    ranked = [
        {
            "key": topics[i].key,
            "title": topics[i].title,
            "score": round(fit["scores"][i], 4),
            "z": round(fit["z"][i], 2),
            "rank": r + 1,
        }
        for r, i in enumerate(order)
    ]
    best = ranked[0]
    findings: list[Finding] = []
    evidence = f"{title}. {abstract[:300]}" if abstract else title
    if fit["beats"] < out_of_scope_quantile:
        findings.append(
            Finding(
                CHECK,
                "out-of-scope",
                "warning",
                f"The paper may be out of scope: it fits its best topic ('{best['title']}') less well than "
                f"{100 * (1 - fit['beats']):.0f} % of the reference papers of the field.",
                evidence=evidence,
                data={"best_topic": best["key"], "beats": fit["beats"]},
            )
        )
    chosen = context.chosen_topic
    by_key = {r["key"]: r for r in ranked}
    if chosen and chosen not in by_key:
        findings.append(
            Finding(CHECK, "unknown-topic", "info", f"The chosen topic '{chosen}' is not a topic of the CFP.")
        )
    elif chosen:
        mine = by_key[chosen]
        if mine["rank"] > 2 and best["z"] - mine["z"] >= mismatch_margin:
            findings.append(
                Finding(
                    CHECK,
                    "topic-mismatch",
                    "warning",
                    f"The chosen topic '{mine['title']}' ranks {mine['rank']} of {len(ranked)} for this paper; "
                    f"it reads closer to '{best['title']}'"
                    + (f" and '{ranked[1]['title']}'" if len(ranked) > 1 else "")
                    + ".",
                    evidence=evidence,
                    data={"chosen": chosen, "best": [r["key"] for r in ranked[:2]]},
                )
            )
    findings.append(
        Finding(
            CHECK,
            "topic-fit",
            "info",
            "Best-fitting topics: " + ", ".join(f"{r['title']} (z {r['z']:+.1f})" for r in ranked[:3]) + ".",
            evidence=evidence,
            data={"topics": ranked[:3]},
        )
    )
    summary = {
        "topics": ranked,
        "beats_reference": round(fit["beats"], 3),
        "model": context.scope_model,
        "text_from": source,
        "chosen_topic": chosen,
    }
    return CheckResult.done(CHECK, findings, summary)
