"""Conflict-of-interest rules: certain vs potential, one row per pair, evidence."""

from __future__ import annotations

import datetime
import random

import pytest

from confero.engine.affiliations import institution_domain
from confero.engine.conflicts import count_by_kind, find_conflicts
from confero.engine.records import Affiliation, Author, Conflict, Publication, Reviewer, Submission


def sub(pid, *authors):
    return Submission(pid, f"Title {pid}", "Abstract", tuple(Author(*a) for a in authors))


def rev(rid, name="", emails=(), affiliations=(), pubs=()):
    return Reviewer(rid, tuple(pubs), name=name, emails=tuple(emails), affiliations=tuple(affiliations))


def pub(pid, year, *authors, title=None):
    return Publication(pid, title or f"Paper {pid}", year=year, authors=tuple(authors))


def by_pair(conflicts):
    return {(c.reviewer_id, c.paper_id): c for c in conflicts}


def kinds(conflict):
    return [r["kind"] for r in conflict.evidence["reasons"]]


def test_same_email_is_a_certain_conflict():
    out = by_pair(
        find_conflicts([sub("p1", ("Jane Doe", "jane@uni.edu"))], [rev("r1", emails=["jane@uni.edu"])])
    )
    assert out[("r1", "p1")].certain
    assert kinds(out[("r1", "p1")])[0] == "same-email"
    assert "jane@uni.edu" in out[("r1", "p1")].reason


def test_shared_institution_domain_is_certain_but_webmail_never_counts():
    subs = [
        sub("p1", ("A", "a@cs.stanford.edu")),
        sub("p2", ("B", "b@gmail.com")),
        sub("p3", ("C", "c@mit.edu")),
    ]
    revs = [rev("r1", emails=["x@stanford.edu", "x@gmail.com"]), rev("r2", emails=["y@gmail.com"])]
    out = by_pair(find_conflicts(subs, revs, reference_year=2025))
    assert set(out) == {("r1", "p1")}
    assert out[("r1", "p1")].certain
    assert out[("r1", "p1")].reason == "same institution: stanford.edu"


def test_affiliation_domains_respect_start_and_end_years():
    subs = [sub("p1", ("A", "a@old.edu")), sub("p2", ("B", "b@older.edu")), sub("p3", ("C", "c@future.edu"))]
    affs = [
        Affiliation("Old U", "old.edu", 2015, 2023),  # ended 2 years before 2025: potential
        Affiliation("Older U", "older.edu", 2005, 2010),  # long ago: nothing
        Affiliation("Future U", "future.edu", 2027, None),  # not started yet: nothing
        Affiliation("Now U", "cs.now.edu", 2020, None),
    ]
    subs.append(sub("p4", ("D", "d@now.edu")))
    out = by_pair(find_conflicts(subs, [rev("r1", affiliations=affs)], reference_year=2025))
    assert set(out) == {("r1", "p1"), ("r1", "p4")}
    assert not out[("r1", "p1")].certain and kinds(out[("r1", "p1")]) == ["former-institution"]
    assert "until 2023" in out[("r1", "p1")].reason
    assert out[("r1", "p4")].certain


def test_affiliation_name_match_is_only_potential():
    subs = [sub("p1", ("A", "", "Dept. of CS, University of Oxford, UK"))]
    out = by_pair(
        find_conflicts(
            subs, [rev("r1", affiliations=[Affiliation("Oxford University")])], reference_year=2025
        )
    )
    c = out[("r1", "p1")]
    assert not c.certain and kinds(c) == ["institution-name"]


def test_coauthorship_within_window_is_certain_with_evidence_and_older_is_potential():
    r = rev(
        "r1",
        name="Alice Smith",
        pubs=[
            pub("x", 2023, "Alice Smith", "Bob Lee", title="Paper X"),
            pub("y", 2012, "Smith, Alice", "Carl Zhu"),
            pub("z", None, "Alice Smith", "Dana Ito"),
        ],
    )
    subs = [sub("p1", ("Bob Lee", "")), sub("p2", ("Carl Zhu", "")), sub("p3", ("Dana Ito", ""))]
    out = by_pair(find_conflicts(subs, [r], coauthor_years=3, reference_year=2025))
    recent = out[("r1", "p1")]
    assert recent.certain and recent.reason == "co-author: Bob Lee on 'Paper X' (2023)"
    reason = recent.evidence["reasons"][0]
    assert (reason["publication_id"], reason["year"], reason["coauthor"]) == ("x", 2023, "Bob Lee")
    assert not out[("r1", "p2")].certain and kinds(out[("r1", "p2")]) == ["past-co-author"]
    assert not out[("r1", "p3")].certain and kinds(out[("r1", "p3")]) == ["co-author-unknown-year"]
    # a wider window turns the 2012 paper into a certain conflict
    wide = by_pair(find_conflicts(subs, [r], coauthor_years=20, reference_year=2025))
    assert wide[("r1", "p2")].certain


def test_coauthor_reason_names_most_recent_paper_and_counts_others():
    r = rev("r1", name="A B", pubs=[pub("old", 2020, "A B", "C D"), pub("new", 2024, "A B", "D, C")])
    (c,) = find_conflicts([sub("p1", ("C D", ""))], [r], reference_year=2025)
    assert c.reason == "co-author: C D on 'Paper new' (2024) and 1 more"


def test_coauthor_through_initials_only_is_potential_and_needs_matching_initial():
    r = rev("r1", name="Alice Smith", pubs=[pub("x", 2024, "Alice Smith", "B. Lee")])
    out = by_pair(
        find_conflicts([sub("p1", ("Bob Lee", "")), sub("p2", ("Ann Lee", ""))], [r], reference_year=2025)
    )
    assert set(out) == {("r1", "p1")}
    assert not out[("r1", "p1")].certain and kinds(out[("r1", "p1")]) == ["co-author-initials"]


def test_reviewer_is_not_their_own_coauthor():
    # The reviewer's own name appears in every publication; an unrelated "Alice Smith" submitting a
    # paper is a possible same person, not a certain co-author.
    r = rev("r1", name="Alice Smith", emails=["alice@a.edu"], pubs=[pub("x", 2024, "Alice Smith", "Bob Lee")])
    out = by_pair(find_conflicts([sub("p1", ("Alice Smith", "alice@b.edu"))], [r], reference_year=2025))
    assert kinds(out[("r1", "p1")]) == ["same-name"] and not out[("r1", "p1")].certain


def test_reviewer_name_is_inferred_from_publications_when_missing():
    r = rev("r1", pubs=[pub("x", 2024, "Alice Smith", "Bob Lee"), pub("y", 2024, "Alice Smith", "Carl Zhu")])
    out = by_pair(
        find_conflicts([sub("p1", ("Alice Smith", "")), sub("p2", ("Bob Lee", ""))], [r], reference_year=2025)
    )
    assert kinds(out[("r1", "p1")]) == ["same-name"]
    assert out[("r1", "p2")].certain


def test_same_name_with_same_institution_is_certain_same_person():
    r = rev("r1", name="Jane Doe", emails=["jd@gmail.com"], affiliations=[Affiliation("MIT", "mit.edu")])
    subs = [sub("p1", ("Jane Doe", "jane@csail.mit.edu")), sub("p2", ("J. Doe", "", ""))]
    out = by_pair(find_conflicts(subs, [r], reference_year=2025))
    assert kinds(out[("r1", "p1")]) == ["same-person", "same-institution"] and out[("r1", "p1")].certain
    assert kinds(out[("r1", "p2")]) == ["similar-name"] and not out[("r1", "p2")].certain


def test_declared_conflicts_one_row_per_pair_all_reasons_certain_first():
    subs = [sub("p1", ("Bob Lee", "bob@stanford.edu"), ("Eve", "eve@stanford.edu"))]
    r = rev(
        "r1",
        name="Ann Zed",
        emails=["ann@cs.stanford.edu"],
        affiliations=[Affiliation("Stanford University")],
        pubs=[pub("x", 2010, "Ann Zed", "Bob Lee", title="Paper X")],
    )
    subs[0] = Submission("p1", "T", "A", (Author("Bob Lee", "bob@stanford.edu", "Stanford University"),))
    declared = [("r1", "p1", "advisor"), Conflict("r9", "p9", "friend")]
    out = find_conflicts(subs, [r], declared=declared, reference_year=2025)
    assert [(c.reviewer_id, c.paper_id) for c in out] == [("r1", "p1"), ("r9", "p9")]
    c = out[0]
    assert c.certain
    # the affiliation-name match adds nothing to the e-mail-domain match, so it is not repeated
    assert kinds(c) == ["declared", "same-institution", "past-co-author"]
    assert c.reason.startswith("declared: advisor; same institution: stanford.edu; ")
    assert out[1].reason == "declared: friend"
    assert count_by_kind(out)["declared"] == 2


def test_default_reference_year_is_this_year():
    year = datetime.date.today().year
    r = rev("r1", name="A B", pubs=[pub("x", year, "A B", "C D")])
    (c,) = find_conflicts([sub("p1", ("C D", ""))], [r])
    assert c.certain


def test_rejects_negative_window():
    with pytest.raises(ValueError):
        find_conflicts([], [], coauthor_years=-1)


def _naive_domain_conflicts(subs, revs):
    """Reference: the e-mail/domain rules checked on every (reviewer, paper) pair."""
    out = set()
    for r in revs:
        rdom = {institution_domain(e) for e in r.emails} - {""}
        for s in subs:
            for a in s.authors:
                if a.email in r.emails or (institution_domain(a.email) in rdom):
                    out.add((r.id, s.id))
    return out


def test_indexed_search_agrees_with_pairwise_check_on_random_instances():
    rng = random.Random(7)
    domains = ["a.edu", "cs.a.edu", "b.ac.uk", "gmail.com", "qq.com", "c.org", "x.c.org"]
    for _ in range(20):
        subs = [
            sub(f"p{i}", *[(f"Au {i} {j}", f"u{rng.randrange(30)}@{rng.choice(domains)}") for j in range(3)])
            for i in range(25)
        ]
        revs = [rev(f"r{k}", emails=[f"u{rng.randrange(30)}@{rng.choice(domains)}"]) for k in range(15)]
        found = {
            (c.reviewer_id, c.paper_id) for c in find_conflicts(subs, revs, reference_year=2025) if c.certain
        }
        assert found == _naive_domain_conflicts(subs, revs)
