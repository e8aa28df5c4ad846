"""Properties of the feed's parsers on generated messy input, and the founders' real listing pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confero.engine.feed import FORMATS, keys_of, merge, parse, read_files, title_key
from confero.engine.feed.records import FeedPaper

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
LISTINGS = sorted((SHARED / "listings").glob("*.txt"))
needs_shared = pytest.mark.skipif(not LISTINGS, reason="../shared/corpus is not on this machine")

WORDS = [
    "open",
    "model",
    "merging",
    "data",
    "scaling",
    "expert",
    "sparse",
    "agent",
    "vision",
    "benchmark",
    "token",
    "law",
    "curation",
    "audit",
]
CHROME = ["new", "Subscribe", "Daily Papers", "byAK and the research community", "Apr 24", "17 upvotes", "·"]

word = st.sampled_from(WORDS)
title = st.lists(word, min_size=3, max_size=9).map(lambda ws: " ".join(ws).capitalize() + " Study")
abstract = st.lists(word, min_size=30, max_size=60).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["auto", *FORMATS]))
def test_no_input_makes_a_parser_raise(data, fmt):
    result = parse(data, "fuzz", fmt)
    assert all(p.title for p in result.papers)
    assert all(s.reason for s in result.skipped)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=1500), fmt=st.sampled_from(FORMATS))
def test_no_text_makes_a_parser_raise(text, fmt):
    parse(text.encode("utf-8", "surrogatepass"), "fuzz", fmt)


@settings(max_examples=50, deadline=None)
@given(
    entries=st.lists(st.tuples(title, abstract), min_size=1, max_size=8, unique_by=lambda e: title_key(e[0])),
    repeats=st.lists(st.integers(0, 7), max_size=4),
    chrome=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(CHROME)), max_size=6),
)
def test_listing_pages_recover_every_paper_once(entries, repeats, chrome):
    """Page chrome anywhere between entries and repeated entries: each paper comes out exactly once, with
    its abstract."""
    blocks = []
    for t, a in entries + [entries[i % len(entries)] for i in repeats]:
        blocks.append([t, a])
    for pos, line in chrome:
        blocks.insert(pos % (len(blocks) + 1), [line])
    page = "\n\n".join(x for b in blocks for x in b)
    result = parse(page.encode(), "page.txt")
    merged = merge(result.papers)
    assert {p.title_key: p.abstract for p in merged.papers} == {title_key(t): a for t, a in entries}
    assert len(merged.merged) == len(repeats)
    assert not result.skipped


def _paper(i, t, arxiv):
    return FeedPaper(str(i), t, arxiv=arxiv)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["A b", "C d", "E f", "G h"]), st.sampled_from(["", "1", "2", "3"])),
        max_size=12,
    )
)
def test_merge_leaves_no_two_papers_sharing_a_key_and_loses_none(rows):
    papers = [_paper(i, t, a) for i, (t, a) in enumerate(rows)]
    result = merge(papers)
    keys = [k for p in result.papers for k in keys_of(p)]
    assert len(keys) == len(set(keys))
    groups: list[set] = []  # connected components by shared keys, computed the slow way
    for p in papers:
        ks = set(keys_of(p))
        touching = [g for g in groups if g & ks]
        groups = [g for g in groups if not g & ks] + [ks.union(*touching)]
    assert len(result.papers) == len(groups)
    assert len(result.papers) + len(result.merged) == len(papers)
    assert merge(result.papers).merged == []


@needs_shared
def test_the_shared_listing_pages_give_the_262_papers_of_the_jsonl():
    expected = {}
    for line in (SHARED / "daily_papers.jsonl").read_text().splitlines():
        obj = json.loads(line)
        expected[title_key(obj["title"])] = obj["abstract"]
    result = read_files(LISTINGS)
    assert result.read == 271  # three pages, some papers on two of them
    assert len(result.papers) == 262 and len(result.merged) == 9
    assert {p.title_key: p.abstract for p in result.papers} == expected
    assert result.skipped == []
    assert set(result.formats.values()) == {"listing"}


@needs_shared
def test_the_shared_jsonl_and_listings_together_merge_into_262():
    result = read_files([SHARED / "daily_papers.jsonl", *LISTINGS])
    assert len(result.papers) == 262 and result.read == 262 + 271
    assert all(p.id.startswith("hf-") for p in result.papers)  # the JSONL's ids win over derived ones


@needs_shared
def test_ranking_the_shared_corpus_by_the_os_fms_topics():
    from confero.engine.affinity.text import tokenize
    from confero.engine.feed import TopicQuery, rank

    facts = json.loads((SHARED.parent / "workshop" / "os-fms-2025.json").read_text())
    topics = [TopicQuery(t["key"], t["title"], t["scope"]) for t in facts["topics"]]
    papers = read_files([SHARED / "daily_papers.jsonl"]).papers
    ranking = rank(topics, [(p.id, p.title, p.abstract) for p in papers])
    assert ranking.scores.shape == (8, 262)
    efficiency = ranking.topic_keys.index("open-compute-efficiency")
    top = [papers[i] for i in ranking.order(efficiency)[:5]]
    vocab = ("quantiz", "compress", "distill", "efficient", "pruning", "memory", "attention")
    assert sum(any(v in (p.title + p.abstract).lower() for v in vocab) for p in top) >= 4
    for t in range(8):
        best = int(ranking.order(t)[0])
        terms = ranking.matching_terms(t, best)
        assert terms, topics[t].key
        query = set(tokenize(topics[t].title + " " + topics[t].scope))
        doc = set(tokenize(papers[best].title + " " + papers[best].abstract))
        assert set(terms) <= query & doc
