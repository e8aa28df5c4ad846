"""The scope check with the OS-FMs topics: in scope, out of scope, a mismatched topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paper_pdf import Section, make_paper

from confero.engine.checks import CheckContext, Topic, read_pdf
from confero.engine.checks.scope import check_scope

# The OS-FMs call's topics, from the package's own copy of the workshop facts (CI has no ../shared).
WORKSHOP = Path(__file__).resolve().parents[3] / "src" / "confero" / "workshops" / "data" / "os-fms-2025.json"
TOPICS = tuple(Topic(t["key"], t["title"], t["scope"]) for t in json.loads(WORKSHOP.read_text())["topics"])

MERGING = (
    "Model merging combines the weights of several fine-tuned language models into one model without "
    "further training. We study task arithmetic and weight averaging for merging pretrained foundation "
    "models and show that merged models keep the capabilities of each fine-tuned model."
)
HISTORY = (
    "We study the grain trade of medieval monasteries in northern France from parish registers and tax "
    "rolls of the twelfth century, and show how abbeys shaped regional markets, peasant tenancy and "
    "the building of cathedrals."
)


def run(title, abstract, chosen="", model="tfidf", doc=None, reference=None):
    ctx = CheckContext(topics=TOPICS, chosen_topic=chosen, title=title, abstract=abstract, scope_model=model)
    return check_scope(doc, ctx, reference=reference)


def kinds(r):
    return [f.kind for f in r.findings]


def test_in_scope_paper_ranks_the_right_topic_first():
    r = run("Merging fine-tuned foundation models", MERGING, chosen="open-foundation-models")
    assert "out-of-scope" not in kinds(r) and "topic-mismatch" not in kinds(r)
    assert r.summary["topics"][0]["key"] == "open-foundation-models"
    assert r.summary["text_from"] == "form"
    assert [t["rank"] for t in r.summary["topics"]] == list(range(1, 9))


def test_out_of_scope_paper_is_flagged():
    r = run("Grain trade of medieval monasteries", HISTORY)
    (f,) = [f for f in r.findings if f.kind == "out-of-scope"]
    assert f.severity == "warning" and "medieval" in f.evidence
    assert r.summary["beats_reference"] < 0.05


def test_mismatched_topic_is_flagged_for_organizers():
    r = run("Merging fine-tuned foundation models", MERGING, chosen="open-agents")
    (f,) = [f for f in r.findings if f.kind == "topic-mismatch"]
    assert f.data["chosen"] == "open-agents" and "Open Foundation Models" in f.message
    assert "unknown-topic" in kinds(run("Merging", MERGING, chosen="robotics"))


def test_title_and_abstract_are_read_from_the_pdf():
    pdf = make_paper(
        title="Merging Fine-Tuned Foundation Models",
        abstract=MERGING,
        sections=[Section("1 Introduction", [["Text."]])],
    )
    r = check_scope(read_pdf(pdf), CheckContext(topics=TOPICS, scope_model="tfidf"))
    assert r.summary["text_from"] == "pdf"
    assert r.summary["topics"][0]["key"] == "open-foundation-models"


def test_without_topics_or_text():
    assert check_scope(None, CheckContext(scope_model="tfidf")).status == "skipped"
    r = check_scope(None, CheckContext(topics=TOPICS, scope_model="tfidf"))
    assert r.status == "could_not_check" and "no title or abstract" in r.reason


@pytest.mark.embeddings
def test_default_model_agrees():
    """The default model (tfidf + MiniLM rank fusion), calibrated on 40 field papers to keep it quick."""
    pytest.importorskip("torch")
    from confero.engine.affinity.text import background_docs

    ref = background_docs()[:40]
    assert "out-of-scope" in kinds(
        run("Grain trade of medieval monasteries", HISTORY, model="default", reference=ref)
    )
    r = run("Merging fine-tuned foundation models", MERGING, model="default", reference=ref)
    assert "out-of-scope" not in kinds(r)
