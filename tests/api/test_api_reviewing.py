"""The reviewing cycle through the REST API, tested as the attacker: every role of the ``cast`` (tests/cast.py)
against bids, assignments, reviews and decisions, in the phases where it matters, and token scopes.

Paper #1 is double-blind; ``org_conflicted`` and ``org_author`` are organizers who may not oversee it;
``manager`` manages it; ``reviewer_done`` submitted a review (Reviewer A), ``reviewer_draft`` has a draft
(Reviewer B); ``pc_conflicted`` was assigned before a conflict was confirmed.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from confero import permissions
from confero.api import tokens
from confero.bidding.models import Bid
from confero.conflicts.models import Conflict
from confero.decisions.models import Decision
from confero.reviews.models import Review
from tests.cast import ROLES
from tests.reviews.conftest import FULL, switch

pytestmark = pytest.mark.django_db
ALL_SCOPES = ["read", "bids", "reviews", "assignments", "decisions"]
OVERSEE = {"organizer", "manager", "superuser"}


def api(user, scopes=ALL_SCOPES):
    if not getattr(user, "is_authenticated", False):
        return Client()
    _, key = tokens.create_token(user, name="test", scopes=scopes)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def url(name, paper, *more):
    return reverse(f"api:{name}", args=[paper.workshop.slug, *more])


def to_phase(workshop, kind, people):
    switch(workshop, kind, *[u for u in people.values() if getattr(u, "is_authenticated", False)])


def put(client, address, data):
    return client.put(address, data, content_type="application/json")


def post(client, address, data):
    return client.post(address, data, content_type="application/json")


# --- reviews of a paper -------------------------------------------------------------------------------

# Who reads paper #1's reviews, by phase (everyone else: 404, as for a paper that does not exist).
READS_REVIEWS = {
    "reviewing": OVERSEE | {"reviewer_done"},
    "released": OVERSEE | {"reviewer_done", "author", "coauthor", "org_author"},  # authors, as authors
}


@pytest.mark.parametrize("phase", sorted(READS_REVIEWS))
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_papers_reviews(cast, workshop, role, phase):
    people, paper = cast
    if phase == "released":
        Decision.objects.create(
            submission=paper,
            outcome="accept",
            staged_at=paper.created_at,
            released_at=paper.created_at,
            released_outcome="accept",
        )
    to_phase(workshop, phase, people)
    response = api(people[role]).get(url("reviews", paper, paper.number))
    if role == "anonymous":
        assert response.status_code in (401, 403)
        return
    if role not in READS_REVIEWS[phase]:
        assert response.status_code == 404, response.content
        assert "ok" not in response.content.decode()  # nothing of the reviews' text
        return
    assert response.status_code == 200
    rows = response.json()
    labels = [r["label"] for r in rows]
    if role in OVERSEE:
        assert labels == ["Reviewer A", "Reviewer B", "Reviewer C"]  # drafts too, identities named
        assert rows[0]["reviewer"] == "Reviewer Done"
    else:
        assert labels == ["Reviewer A"]  # only the submitted review, never the drafts
        assert rows[0]["reviewer"] == ("Reviewer Done" if role == "reviewer_done" else "")


def test_authors_read_only_the_answers_meant_for_them_once_released(cast, workshop):
    from confero.reviews.services.questions import ensure_form

    people, paper = cast
    ensure_form(workshop)
    Review.objects.filter(submission=paper, assignment__label="A").update(
        answers={"summary": "Sound work.", "confidential": "SECRET to organizers"}
    )
    to_phase(workshop, "reviewing", people)
    author = api(people["author"])
    assert author.get(url("reviews", paper, paper.number)).status_code == 404  # before release
    Decision.objects.create(
        submission=paper,
        outcome="accept",
        staged_at=paper.created_at,
        released_at=paper.created_at,
        released_outcome="accept",
    )
    to_phase(workshop, "released", people)
    body = author.get(url("reviews", paper, paper.number)).json()
    assert body == [
        {
            "label": "Reviewer A",
            "reviewer": "",
            "own": False,
            "status": "submitted",
            "answers": {"summary": "Sound work."},
        }
    ]
    organizer = api(people["organizer"]).get(url("reviews", paper, paper.number)).json()
    assert organizer[0]["answers"]["confidential"] == "SECRET to organizers"


# --- own review ---------------------------------------------------------------------------------------


def test_a_reviewer_saves_and_submits_through_the_api_and_others_cannot(cast, workshop):
    from confero.reviews.services.questions import ensure_form

    people, paper = cast
    ensure_form(workshop)
    to_phase(workshop, "reviewing", people)
    me = api(people["reviewer_draft"])
    own = me.get(url("review", paper, paper.number))
    assert own.status_code == 200 and own.json()["status"] == "draft" and own.json()["label"] == "B"
    version = own.json()["version"]
    saved = put(
        me,
        url("review", paper, paper.number),
        {"answers": {"summary": "Half done."}, "expected_version": version},
    )
    assert saved.status_code == 200 and saved.json()["answers"] == {"summary": "Half done."}
    stale = put(
        me, url("review", paper, paper.number), {"answers": {"summary": "x"}, "expected_version": version}
    )
    assert stale.status_code == 409 and "another window" in stale.json()["detail"]
    incomplete = post(
        me,
        url("review_submit", paper, paper.number),
        {"answers": {"summary": "x"}, "expected_version": version + 1},
    )
    assert incomplete.status_code == 400
    done = post(
        me, url("review_submit", paper, paper.number), {"answers": FULL, "expected_version": version + 1}
    )
    assert done.status_code == 200, done.content
    assert Review.objects.get(submission=paper, reviewer=people["reviewer_draft"]).status == "submitted"
    # Nobody else has a review of #1 to read or write here: 404, and nothing changes.
    for role in ("pc_unassigned", "pc_conflicted", "organizer", "org_conflicted", "author", "other_org"):
        client = api(people[role])
        assert client.get(url("review", paper, paper.number)).status_code == 404, role
        answer = put(client, url("review", paper, paper.number), {"answers": FULL, "expected_version": 0})
        assert answer.status_code == 404, role
    assert Review.objects.filter(submission=paper).count() == 3


def test_reviews_close_with_the_phase_and_tokens_need_the_reviews_scope(cast, workshop):
    people, paper = cast
    to_phase(workshop, "reviewing", people)
    read_only = api(people["reviewer_draft"], scopes=["read"])
    assert read_only.get(url("review", paper, paper.number)).status_code == 200
    refused = put(read_only, url("review", paper, paper.number), {"answers": {}, "expected_version": 1})
    assert refused.status_code == 403 and "lacks the 'reviews' scope" in refused.json()["detail"]
    bids_only = api(people["reviewer_draft"], scopes=["read", "bids"])
    assert (
        put(bids_only, url("review", paper, paper.number), {"answers": {}, "expected_version": 1}).status_code
        == 403
    )
    to_phase(workshop, "decision", people)
    closed = put(
        api(people["reviewer_draft"]),
        url("review", paper, paper.number),
        {"answers": {}, "expected_version": 1},
    )
    assert (
        closed.status_code == 403 and "reviewing is closed in the decision phase" in closed.json()["detail"]
    )


# --- bids ---------------------------------------------------------------------------------------------

# In the bidding phase: who may bid on #1 (200), who sees it but is refused (403 with the reason), and
# for whom it does not exist (404).
BIDS = {
    "pc_unassigned": 200,
    "reviewer_done": 200,
    "reviewer_draft": 200,
    "pc_conflicted": 404,
    "organizer": 403,
    "org_conflicted": 403,
    "org_author": 403,
    "manager": 403,
    "superuser": 403,
    "author": 403,
    "coauthor": 403,
    "other_org": 404,
}


@pytest.mark.parametrize("role", sorted(BIDS))
def test_who_may_bid_on_a_paper(cast, workshop, role):
    people, paper = cast
    to_phase(workshop, "bidding", people)
    response = put(api(people[role]), url("bid", paper, paper.number), {"value": "high"})
    assert response.status_code == BIDS[role], response.content
    placed = Bid.objects.filter(submission=paper, reviewer=people[role]).exists()
    assert placed is (BIDS[role] == 200)
    if BIDS[role] == 403:
        assert response.json()["detail"]  # the table's reason


def test_bids_list_own_only_close_after_bidding_and_need_the_bids_scope(cast, workshop):
    people, paper = cast
    to_phase(workshop, "bidding", people)
    me, other = api(people["pc_unassigned"]), api(people["reviewer_done"])
    assert put(me, url("bid", paper, paper.number), {"value": "very_high"}).status_code == 200
    assert put(other, url("bid", paper, paper.number), {"value": "low"}).status_code == 200
    mine = me.get(url("bids", paper)).json()
    assert [(b["number"], b["value"]) for b in mine] == [(paper.number, 2)]
    read_only = api(people["pc_unassigned"], scopes=["read"])
    refused = put(read_only, url("bid", paper, paper.number), {"value": "low"})
    assert refused.status_code == 403 and "lacks the 'bids' scope" in refused.json()["detail"]
    assert (
        put(me, url("bid", paper, paper.number), {"value": "conflict", "reason": "same lab"}).status_code
        == 200
    )
    row = Conflict.objects.get(submission=paper, person=people["pc_unassigned"])
    assert (row.status, row.reason) == ("confirmed", "same lab")
    assert not Bid.objects.filter(reviewer=people["pc_unassigned"]).exists()
    permissions.forget(people["pc_unassigned"])
    assert api(people["pc_unassigned"]).get(url("submission", paper, paper.number)).status_code == 404
    to_phase(workshop, "reviewing", people)
    closed = other.get(url("bids", paper))
    assert closed.status_code == 403 and "bidding is closed" in closed.json()["detail"]
    assert api(people["organizer"]).get(url("bids", paper)).status_code == 403


# --- assignments --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES[1:])
def test_assignments_list_follows_the_table(cast, workshop, role):
    people, paper = cast
    to_phase(workshop, "reviewing", people)
    client = api(people[role])
    listing = client.get(url("assignments", paper))
    if role in OVERSEE:
        assert listing.status_code == 200
        rows = listing.json()
        assert [(r["number"], r["label"]) for r in rows] == [(1, "A"), (1, "B"), (1, "C")]
        assert rows[0]["reviewer_email"] == people["reviewer_done"].email
        assert rows[0]["review_status"] == "submitted"
    elif role in {"org_conflicted", "org_author"}:
        assert listing.status_code == 200 and listing.json() == []  # paper #1 is hidden from them
    else:
        assert listing.status_code == 403
        assert "reviewer" not in listing.content.decode().lower().replace("organizers", "")
    mine = client.get(url("my_assignments", paper))
    if role in {"reviewer_done", "reviewer_draft"}:
        assert [(a["number"], a["label"]) for a in mine.json()] == [
            (1, "A" if role == "reviewer_done" else "B")
        ]
    elif role in {"pc_unassigned", "pc_conflicted"}:
        assert mine.status_code == 200 and mine.json() == []  # a confirmed conflict takes the paper away
    else:
        assert mine.status_code == 403


# --- decisions ----------------------------------------------------------------------------------------


def test_decisions_through_the_api_as_attacker_and_manager(cast, workshop, mailoutbox):
    people, paper = cast
    to_phase(workshop, "decision", people)
    address = url("decision", paper, paper.number)
    accept = {"outcome": "accept", "note": "Well done.", "expected_version": 0}
    for role in (
        "org_conflicted",
        "org_author",
        "author",
        "coauthor",
        "reviewer_done",
        "pc_unassigned",
        "other_org",
    ):
        assert put(api(people[role]), address, accept).status_code == 404, role
        assert api(people[role]).get(address).status_code == 404, role
    refused = put(api(people["organizer"]), address, accept)
    assert refused.status_code == 403 and "another organizer manages" in refused.json()["detail"]
    scoped = put(api(people["manager"], scopes=["read", "reviews"]), address, accept)
    assert scoped.status_code == 403 and "lacks the 'decisions' scope" in scoped.json()["detail"]
    assert not Decision.objects.exists()
    staged = put(api(people["manager"]), address, accept)
    assert staged.status_code == 200 and staged.json()["state"] == "staged" and staged.json()["version"] == 1
    assert put(api(people["manager"]), address, dict(accept, outcome="reject")).status_code == 409  # stale
    assert api(people["organizer"]).get(address).json()["outcome"] == "accept"
    for role in ("org_conflicted", "org_author"):
        assert api(people[role]).get(url("decisions", paper)).json() == []
    assert [d["number"] for d in api(people["organizer"]).get(url("decisions", paper)).json()] == [1]
    # Authors see nothing until the release, then only what was released.
    assert api(people["author"]).get(address).status_code == 404
    assert post(api(people["org_conflicted"]), url("release", paper), {}).json() == {"released": []}
    released = post(api(people["manager"]), url("release", paper), {"numbers": [1]})
    assert released.status_code == 200 and released.json() == {"released": [1]}
    to_phase(workshop, "released", people)
    author_view = api(people["author"]).get(address)
    assert author_view.status_code == 200
    assert author_view.json() == {
        "number": 1,
        "outcome": "accept",
        "note": "Well done.",
        "released_at": author_view.json()["released_at"],
    }
    assert "version" not in author_view.json()


# --- the schema ---------------------------------------------------------------------------------------


def test_the_schema_has_every_endpoint_and_no_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/bids/",
        "/submissions/{number}/bid/",
        "/assignments/",
        "/assignments/mine/",
        "/submissions/{number}/review/",
        "/submissions/{number}/review/submit/",
        "/submissions/{number}/reviews/",
        "/decisions/",
        "/decisions/release/",
        "/submissions/{number}/decision/",
    ):
        assert f"/api/v1/workshops/{{slug}}{path}:" in text, path
