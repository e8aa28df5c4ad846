"""Filtering, searching, sorting and counting a workshop's submissions."""

from __future__ import annotations

import pytest

from confero.submissions.selectors import SubmissionFilter, filter_submissions, submission_counts


@pytest.fixture
def corpus(make_submission, other_workshop):
    return {
        "merge": make_submission(
            "Model merging at scale",
            abstract="Task arithmetic for LLMs.",
            topic="open-foundation-models",
            secondary="open-evaluation",
            authors=[
                ("Zoë Müller", "zoe@eth.ch", "ETH Zürich"),
                ("Li Wei", "wei@pku.edu.cn", "Peking University"),
            ],
        ),
        "data": make_submission(
            "An open pretraining corpus",
            abstract="Deduplicated web text.",
            category="regular",
            topic="open-datasets",
            main_pages=10,
            authors=[("Ana Lima", "ana@usp.br", "USP")],
        ),
        "eval": make_submission(
            "Leaderboards considered harmful",
            abstract="On evaluation with merging.",
            topic="open-evaluation",
            status="withdrawn",
            authors=[("Bo Chen", "bo@cmu.edu", "CMU")],
        ),
        "agents": make_submission(
            "Open agents",
            abstract="Tool use.",
            category="regular",
            topic="open-agents",
            secondary="open-datasets",
            authors=[("Cy Dee", "cy@mit.edu", "MIT")],
        ),
        # Another workshop's submission must never appear.
        "elsewhere": make_submission("Model merging elsewhere", ws=other_workshop),
    }


def _titles(workshop, **kw) -> list[str]:
    return [s.title for s in filter_submissions(workshop, SubmissionFilter(**kw))]


def test_no_filter_lists_the_workshops_submissions_by_number(workshop, corpus):
    assert _titles(workshop) == [
        "Model merging at scale",
        "An open pretraining corpus",
        "Leaderboards considered harmful",
        "Open agents",
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("merging", {"Model merging at scale", "Leaderboards considered harmful"}),  # title or abstract
        ("MÜLLER", {"Model merging at scale"}),  # author name, case-insensitive, unicode
        ("wei@pku", {"Model merging at scale"}),  # author e-mail
        ("peking", {"Model merging at scale"}),  # affiliation
        ("#2", {"An open pretraining corpus"}),  # number
        ("merging harmful", {"Leaderboards considered harmful"}),  # every word must match
        ('"web text"', {"An open pretraining corpus"}),  # quoted phrase
        ("nothing-like-this", set()),
    ],
)
def test_search(workshop, corpus, q, expected):
    assert set(_titles(workshop, q=q)) == expected


def test_search_by_author_does_not_duplicate_rows(workshop, make_submission):
    make_submission("Two authors same uni", authors=[("A One", "a@x.org", "X"), ("B Two", "b@x.org", "X")])
    assert _titles(workshop, q="x.org") == ["Two authors same uni"]


def test_topic_matches_primary_or_secondary(workshop, corpus):
    assert set(_titles(workshop, topic="open-datasets")) == {"An open pretraining corpus", "Open agents"}
    assert set(_titles(workshop, topic="open-evaluation")) == {
        "Model merging at scale",
        "Leaderboards considered harmful",
    }


def test_category_and_status_filters_combine(workshop, corpus):
    assert set(_titles(workshop, category="regular")) == {"An open pretraining corpus", "Open agents"}
    assert _titles(workshop, status="withdrawn") == ["Leaderboards considered harmful"]
    assert "Leaderboards considered harmful" not in _titles(workshop, status="active")
    assert _titles(workshop, category="short", status="active", q="merging") == ["Model merging at scale"]


def test_sorting(workshop, corpus):
    assert _titles(workshop, sort="-number")[0] == "Open agents"
    assert _titles(workshop, sort="title") == sorted(_titles(workshop), key=str.lower)
    assert _titles(workshop, sort="-pages")[0] == "An open pretraining corpus"


def test_from_query_ignores_unknown_values():
    f = SubmissionFilter.from_query({"status": "bogus", "sort": "password", "q": "  x "})
    assert (f.status, f.sort, f.q) == ("", "number", "x")
    assert SubmissionFilter.from_query({"sort": "-title"}).sort == "-title"
    assert SubmissionFilter(q="a", sort="number").as_query() == {"q": "a"}


def test_counts(workshop, corpus):
    counts = submission_counts(workshop)
    assert (counts.total, counts.active, counts.withdrawn) == (4, 3, 1)
    assert counts.over_limit == 1  # 10 main pages in a 9-page regular paper
    by_cat = {c.key: (c.active, c.withdrawn) for c in counts.by_category}
    assert by_cat == {"short": (1, 1), "regular": (2, 0)}
    by_topic = {t.key: (t.active, t.secondary) for t in counts.by_topic}
    assert by_topic["open-foundation-models"] == (1, 0)
    assert by_topic["open-datasets"] == (1, 1)
    assert by_topic["open-evaluation"] == (0, 1)  # the primary one is withdrawn
    assert by_topic["open-replication"] == (0, 0)
    assert len(counts.by_topic) == 8
    assert max(t.percent for t in counts.by_topic) == 100.0


def test_counts_of_an_empty_workshop(workshop):
    counts = submission_counts(workshop)
    assert (counts.total, counts.active, counts.withdrawn, counts.over_limit) == (0, 0, 0, 0)
    assert all(t.percent == 0 for t in counts.by_topic)
