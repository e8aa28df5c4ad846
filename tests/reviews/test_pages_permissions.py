"""Every reviewing page × every role of the permission cast, over HTTP, in the discussion phase: who gets
the page (200), who is sent to log in (302), refused (403) or told it does not exist (404) — and what the
pages must never show: author names to reviewers (double-blind), reviewer identities or organizer-only
answers to authors, other reviews to a reviewer with a draft, anything of the paper's reviews to an
organizer in conflict."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero import permissions
from confero.reviews.models import Comment, Review
from confero.submissions.models import SubmissionAuthor

from .conftest import ROLES, switch

ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
OVERSEE = {"organizer", "manager", "superuser"}
ASSIGNED = {"reviewer_done", "reviewer_draft"}
PC = ASSIGNED | {"pc_unassigned", "pc_conflicted"}

# Texts that must only appear where allowed.
AUTHOR_NAMES = ["Zelda Quaxley", "Yorick Pemberton", "Xanthe Organizer-Author"]
DONE_TEXT, DONE_SECRET, DRAFT_TEXT = "DONE-SUMMARY-TEXT", "DONE-CONFIDENTIAL-NOTE", "DRAFT-SUMMARY-TEXT"
REVIEWER_POST, ORGANIZER_POST = "REVIEWER-POST-TEXT", "ORGANIZER-ONLY-POST-TEXT"


@pytest.fixture
def stage(cast, workshop):
    """The cast in the discussion phase, with distinctive author names, review texts and two posts."""
    people, paper = cast
    for row, name in zip(
        SubmissionAuthor.objects.filter(submission=paper).order_by("order"), AUTHOR_NAMES, strict=True
    ):
        row.name = name
        row.save(update_fields=["name"])
        if row.user_id:
            row.user.name = name
            row.user.save(update_fields=["name"])
    Review.objects.filter(reviewer=people["reviewer_done"]).update(
        answers={"summary": DONE_TEXT, "overall": 6, "confidential": DONE_SECRET}
    )
    Review.objects.filter(reviewer=people["reviewer_draft"]).update(answers={"summary": DRAFT_TEXT})
    Comment.objects.create(
        submission=paper, author=people["reviewer_done"], body=REVIEWER_POST, author_label="Reviewer A"
    )
    Comment.objects.create(
        submission=paper,
        author=people["manager"],
        body=ORGANIZER_POST,
        audience="organizers",
        author_label="Organizer",
    )
    switch(workshop, "discussion", *[u for u in people.values() if u.is_authenticated])
    return people, paper


def _pages(paper):
    from confero.reviews.services import questions_of

    slug, n = "osfm", paper.number
    question = questions_of(paper.workshop)[-1].pk
    return {
        "mine": ("get", reverse("reviews:mine", args=[slug])),
        "paper": ("get", reverse("reviews:paper", args=[slug, n])),
        "edit": ("get", reverse("reviews:edit", args=[slug, n])),
        "pdf": ("get", reverse("reviews:pdf", args=[slug, n])),
        "autosave": ("post", reverse("reviews:autosave", args=[slug, n])),
        "preview": ("post", reverse("reviews:preview", args=[slug, n])),
        "progress": ("get", reverse("reviews:progress", args=[slug])),
        "reviewers": ("get", reverse("reviews:reviewers", args=[slug])),
        "manage_paper": ("get", reverse("reviews:manage_paper", args=[slug, n])),
        "form": ("get", reverse("reviews:form", args=[slug])),
        "form_add": ("get", reverse("reviews:form_add", args=[slug])),
        "form_edit": ("get", reverse("reviews:form_edit", args=[slug, question])),
        "form_move": ("post", reverse("reviews:form_move", args=[slug, question])),
        "remind": ("post", reverse("reviews:remind", args=[slug])),
        "post": ("post", reverse("reviews:paper", args=[slug, n])),
        "manage_post": ("post", reverse("reviews:manage_paper", args=[slug, n])),
    }


def expected_status(page: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if page == "mine":
        return 200 if role in PC else 403
    if page in ("paper", "edit", "pdf", "preview"):
        return 200 if role in ASSIGNED else 404
    if page == "autosave":
        return 200 if role in ASSIGNED else 404  # (reviewer_done's typing becomes an unsubmitted revision)
    if page in ("progress", "reviewers", "form", "form_add", "form_edit"):
        return 200 if role in ORGS else 403
    if page in ("remind", "form_move"):
        return 302 if role in ORGS else 403
    if page == "post":  # the reviewer with a draft gets the form back with the reason
        return {"reviewer_done": 302, "reviewer_draft": 200}.get(role, 404)
    if page == "manage_post":
        return 302 if role in OVERSEE else 404
    if page == "manage_paper":
        return 200 if role in OVERSEE else 404
    raise AssertionError(page)


def _content(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(client, stage, role):
    people, paper = stage
    user = people[role]
    if user.is_authenticated:
        client.force_login(user)
    wrong, seen = [], {}
    for page, (method, url) in _pages(paper).items():
        data = {
            "autosave": {"version": "1", "summary": "typed"},
            "post": {"body": f"a post by {role}"},
            "manage_post": {"body": f"a post by {role}"},
            "form_move": {"direction": "up"},
        }.get(page, {"text": "*hi*"})
        response = client.post(url, data) if method == "post" else client.get(url)
        if response.status_code != expected_status(page, role):
            wrong.append(f"{page}: {response.status_code}, expected {expected_status(page, role)}")
        if response.status_code == 302 and role == "anonymous":
            assert "/accounts/login/" in response["Location"], page
        seen[page] = _content(response)
    assert not wrong, f"{role}: " + "; ".join(wrong)
    everything = "\n".join(seen.values())
    reviewer_identities = [people[r].name for r in ("reviewer_done", "reviewer_draft", "pc_conflicted")] + [
        people[r].email for r in ("reviewer_done", "reviewer_draft", "pc_conflicted")
    ]
    if role in PC:  # double-blind: no author name anywhere a reviewer looks
        for name in AUTHOR_NAMES + [people[r].email for r in ("author", "coauthor", "org_author")]:
            assert name not in everything, (role, name)
    if role not in OVERSEE:  # reviewer identities and confidential texts only for those who oversee the paper
        # (organizers see the PC's names on the per-reviewer page — with nothing counted for this paper)
        pages = "\n".join(v for k, v in seen.items() if k != "reviewers" or role not in ORGS)
        for text in [*reviewer_identities, ORGANIZER_POST]:
            if user.is_authenticated and text in (user.name, user.email):
                continue  # their own name, e.g. in the page header
            assert text not in pages, (role, text)
    if role != "reviewer_done" and role not in OVERSEE:
        for text in (DONE_TEXT, DONE_SECRET, REVIEWER_POST):
            assert text not in everything, (role, text)
    if role != "reviewer_draft" and role not in OVERSEE:
        assert DRAFT_TEXT not in everything, role
    if role in OVERSEE:
        page = seen["manage_paper"]
        for text in (DONE_TEXT, DONE_SECRET, DRAFT_TEXT, REVIEWER_POST, ORGANIZER_POST, "Reviewer Done"):
            assert text in page, (role, text)
    if role == "reviewer_done":
        assert DONE_TEXT in seen["paper"] and DONE_SECRET in seen["paper"] and REVIEWER_POST in seen["paper"]
    if role == "reviewer_draft":
        assert "only after submitting their own" in seen["paper"]
        assert "submit your own review of this paper first" in seen["post"]
    posted = set(Comment.objects.filter(body__startswith="a post by").values_list("body", flat=True))
    assert posted <= {f"a post by {role}"} and bool(posted) == (role in OVERSEE | {"reviewer_done"}), posted


def test_a_conflicted_organizer_learns_nothing_from_the_progress_pages(client, stage):
    people, paper = stage
    client.force_login(people["org_conflicted"])
    papers = client.get(reverse("reviews:progress", args=["osfm"])).content.decode()
    assert "1 paper not counted" in papers
    assert paper.title not in papers and "1 / 3" not in papers and "Reviewer Done" not in papers
    assert "<strong>0</strong> of <strong>0</strong> reviews submitted" in papers
    reviewers = client.get(reverse("reviews:reviewers", args=["osfm"])).content.decode()
    assert "1 / 1" not in reviewers and "0 / 1" not in reviewers
    assert reviewers.count("<td>0 / 0</td>") == 4  # the four PC members, each with nothing counted
    client.force_login(people["organizer"])
    papers = client.get(reverse("reviews:progress", args=["osfm"])).content.decode()
    assert paper.title in papers and "1 / 3" in papers and "Reviewer Done" in papers


def test_authors_see_released_reviews_only_through_their_own_pages(client, stage, workshop):
    """No reviewing page opens for authors, whatever the phase (their view of released reviews is part of
    the decisions pages)."""
    from django.utils import timezone

    from confero.decisions.models import Decision

    people, paper = stage
    now = timezone.now()
    Decision.objects.create(submission=paper, outcome="accept", staged_at=now, released_at=now)
    switch(workshop, "released", *[u for u in people.values() if u.is_authenticated])
    assert permissions.can(people["author"], "review.list", paper)  # the table allows it…
    client.force_login(people["author"])
    for page, (method, url) in _pages(paper).items():
        response = client.post(url, {}) if method == "post" else client.get(url)
        assert response.status_code in (403, 404), page  # …but these pages are for reviewers and organizers
