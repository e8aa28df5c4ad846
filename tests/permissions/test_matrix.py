"""The permission matrix at the level of the table: every role × action × phase, against expectations
written out here by hand (not derived from the table's formulas).

Reading guide for the expectations: ORGS = every organizer of the workshop plus the superuser; OVERSEE =
the organizers who may see the paper's reviews (not its author, not conflicted) plus the superuser.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from confero import permissions

from .conftest import ROLES

PHASES = ["submission", "bidding", "reviewing", "discussion", "decision", "released", "camera_ready"]
ALL = set(PHASES)
AUTHORS = {"author", "coauthor", "org_author"}
ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
OVERSEE = {"organizer", "manager", "superuser"}
ASSIGNED = {"reviewer_done", "reviewer_draft"}  # assigned and not in conflict
PC = {"reviewer_done", "reviewer_draft", "pc_unassigned", "pc_conflicted"}
RELEASED = {"released", "camera_ready"}


def everyone_in(roles, phases=ALL):
    return {(role, phase) for role in roles for phase in phases}


# Travel grants (see the ``grant_call`` fixture): the call is open to anyone; ``organizer``,
# ``org_conflicted`` and ``org_author`` handle grants (``manager`` does not); the application is
# ``author``'s — ``coauthor``/``org_author`` wrote a paper with them and ``org_conflicted`` is in conflict
# with that paper, so of the handlers only ``organizer`` (and the superuser) may see or decide it.
GRANT_HANDLERS = {"organizer", "org_conflicted", "org_author", "superuser"}
GRANT_SEES = {"organizer", "superuser"}

# action -> (object, set of (role, phase) that may). Object: "paper", "review" (reviewer_done's submitted
# review), "draft" (reviewer_draft's draft), "workshop", "grant" (author's travel-grant application).
EXPECTED = {
    "submission.view": (
        "paper",
        everyone_in(AUTHORS | ORGS | ASSIGNED) | everyone_in({"pc_unassigned"}, {"bidding"}),
    ),
    "submission.download": (
        "paper",
        everyone_in(AUTHORS | ORGS | ASSIGNED) | everyone_in({"pc_unassigned"}, {"bidding"}),
    ),
    "submission.view_authors": ("paper", everyone_in(AUTHORS | ORGS)),
    "submission.view_full": ("paper", everyone_in(AUTHORS | ORGS)),
    "submission.edit_anytime": ("paper", everyone_in(ORGS - {"org_author"})),
    "submission.extend": ("paper", everyone_in(ORGS - {"org_author"})),
    "submission.edit": ("paper", everyone_in(AUTHORS | ORGS)),
    "submission.withdraw": ("paper", everyone_in(AUTHORS | ORGS)),
    "submission.set_manager": ("paper", everyone_in(OVERSEE)),
    "conflict.declare": ("paper", everyone_in(PC)),
    "conflict.decide": ("paper", everyone_in(OVERSEE)),
    "bid.place": ("paper", everyone_in(ASSIGNED | {"pc_unassigned"}, {"bidding"})),
    "bid.view": ("paper", everyone_in(OVERSEE)),
    "assignment.view": ("paper", everyone_in(OVERSEE)),
    "assignment.edit": ("paper", everyone_in(OVERSEE)),
    "review.workspace": ("paper", everyone_in(ASSIGNED)),
    "review.write": ("paper", everyone_in(ASSIGNED, {"reviewing", "discussion"})),
    "review.list": ("paper", everyone_in(OVERSEE | {"reviewer_done"}) | everyone_in(AUTHORS, RELEASED)),
    "discussion.view": ("paper", everyone_in(OVERSEE | {"reviewer_done"})),
    "discussion.post": (
        "paper",
        everyone_in(OVERSEE) | everyone_in({"reviewer_done"}, {"discussion", "decision"}),
    ),
    "discussion.post_private": ("paper", everyone_in(OVERSEE)),
    "decision.view": ("paper", everyone_in(OVERSEE) | everyone_in(AUTHORS, RELEASED)),
    "decision.set": ("paper", everyone_in({"manager"}, {"discussion", "decision"})),
    "decision.view_staged": ("paper", everyone_in(OVERSEE)),
    "decision.desk_reject": ("paper", everyone_in({"manager"}, ALL - {"submission"})),
    "review.view": ("review", everyone_in(OVERSEE | {"reviewer_done"}) | everyone_in(AUTHORS, RELEASED)),
    "review.view_identity": ("review", everyone_in(OVERSEE | {"reviewer_done"})),
    "review.view_confidential": ("review", everyone_in(OVERSEE | {"reviewer_done"})),
    "workshop.manage": ("workshop", everyone_in(ORGS)),
    "submission.list_all": ("workshop", everyone_in(ORGS)),
    "assignment.run": ("workshop", everyone_in(ORGS)),
    "review.remind": ("workshop", everyone_in(ORGS)),
    "decision.list": ("workshop", everyone_in(ORGS)),
    "bid.list": ("workshop", everyone_in(PC, {"bidding"})),
    "committee.onboard": ("workshop", everyone_in(PC)),
    "submission.create": ("workshop", everyone_in(set(ROLES) - {"anonymous"}, {"submission"})),
    # Orals and awards: the paper (accepted once its decision is released) is invisible to its authors
    # and to conflicted organizers; the ranking page itself is every organizer's.
    "award.view": ("paper", everyone_in(OVERSEE)),
    "award.vote": ("paper", everyone_in(OVERSEE, RELEASED)),
    "award.choose": ("paper", everyone_in(OVERSEE, RELEASED)),
    "award.list": ("workshop", everyone_in(ORGS)),
    # Open-science checks: authors read their own flags, overseeing organizers all; assigned reviewers
    # only the openness summary; a conflicted organizer nothing of the paper.
    "check.list": ("workshop", everyone_in(ORGS)),
    "check.corpus": ("workshop", everyone_in(ORGS)),
    "check.view_own": ("paper", everyone_in(AUTHORS)),
    "check.view_all": ("paper", everyone_in(OVERSEE)),
    "check.view_openness": ("paper", everyone_in(AUTHORS | OVERSEE | ASSIGNED)),
    "check.rerun": ("paper", everyone_in(OVERSEE)),
    "poster.manage": ("workshop", everyone_in(ORGS)),
    "program.manage": ("workshop", everyone_in(ORGS)),
    "site.listing": ("workshop", everyone_in(ORGS | PC)),
    # Camera-ready: only for an accepted paper whose decision is released; authors change it only while
    # the camera-ready step runs; conflicted organizers and the paper's organizer-author do not oversee it.
    "camera.view": ("paper", everyone_in(AUTHORS | OVERSEE, RELEASED)),
    "camera.edit": ("paper", everyone_in(AUTHORS, {"camera_ready"})),
    "camera.oversee": ("paper", everyone_in(OVERSEE, RELEASED)),
    "camera.extend": ("paper", everyone_in(OVERSEE, RELEASED)),
    "camera.manage": ("workshop", everyone_in(ORGS)),
    "submission.export": ("workshop", everyone_in(ORGS)),
    "mail.manage": ("workshop", everyone_in(ORGS)),
    "audit.view": ("workshop", everyone_in(ORGS)),
    "progress.view": ("workshop", everyone_in(ORGS)),
    "conflict.queue": ("workshop", everyone_in(ORGS)),
    "decision.release": ("workshop", everyone_in(ORGS)),
    "review.list_own": ("workshop", everyone_in(PC)),
    # Travel grants do not follow the phases: the call has its own dates.
    "grant.apply": ("workshop", everyone_in(set(ROLES) - {"anonymous"})),
    "grant.overview": ("workshop", everyone_in(ORGS)),
    "grant.handle": ("workshop", everyone_in(GRANT_HANDLERS)),
    "grant.appoint": ("workshop", everyone_in(GRANT_HANDLERS)),
    "grant.release": ("workshop", everyone_in(GRANT_HANDLERS)),
    "grant.export": ("workshop", everyone_in(GRANT_HANDLERS)),
    "grant.export_sensitive": ("workshop", everyone_in(GRANT_HANDLERS)),
    "grant.view_own": ("grant", everyone_in({"author"})),
    "grant.edit": ("grant", everyone_in({"author"})),
    "grant.withdraw": ("grant", everyone_in({"author"})),
    "grant.view": ("grant", everyone_in(GRANT_SEES)),
    "grant.view_sensitive": ("grant", everyone_in(GRANT_SEES | {"author"})),
    "grant.decide": ("grant", everyone_in(GRANT_SEES)),
    "feed.manage": ("workshop", everyone_in(ORGS)),
    # The reading list: organizers preview it; everybody (anonymous too) reads it once published.
    "feed.read": ("workshop", everyone_in(ORGS)),
    "audit.view_paper": ("paper", everyone_in(OVERSEE)),
}
# The draft review: only its writer and the organizers who oversee the paper (never other reviewers or
# authors, whatever the phase).
EXPECTED["review.view@draft"] = ("draft", everyone_in(OVERSEE | {"reviewer_draft"}))
# Discussion posts: one for the paper's reviewers (seen by those who may see the discussion), one for
# organizers only (never any reviewer).
EXPECTED["comment.view@comment"] = ("comment", everyone_in(OVERSEE | {"reviewer_done"}))
EXPECTED["comment.view@private"] = ("private", everyone_in(OVERSEE))
EXPECTED["feed.read@published"] = ("published_reading_list", everyone_in(ROLES))


def _object(kind, paper, workshop):
    from confero.feed.models import FeedSettings
    from confero.feed.selectors import forget

    published = kind == "published_reading_list"
    FeedSettings.objects.update_or_create(workshop=workshop, defaults={"published": published})
    forget(workshop)
    if published:
        return workshop
    if kind == "paper":
        return paper
    if kind == "workshop":
        return workshop
    if kind == "grant":
        return workshop.grant_applications.get()
    if kind in ("comment", "private"):
        from confero.reviews.models import Comment

        audience = "reviewers" if kind == "comment" else "organizers"
        return Comment.objects.get_or_create(
            submission=paper,
            audience=audience,
            defaults={
                "author": paper.workshop.roles.get(user__email__startswith="organizer@").user,
                "body": "x",
            },
        )[0]
    label = "A" if kind == "review" else "B"
    return paper.reviews.get(assignment__label=label)


@pytest.fixture
def set_phase(cast, workshop):
    from confero.decisions.models import Decision
    from confero.phases import services as phases

    people, paper = cast

    def switch(kind):
        phases.switch_to(workshop, kind, actor=None)
        Decision.objects.update_or_create(
            submission=paper,
            defaults={
                "outcome": "accept",
                "staged_at": timezone.now(),
                "released_at": timezone.now() if kind in RELEASED else None,
            },
        )
        workshop.refresh_from_db()
        phases.forget(workshop)
        for user in people.values():
            permissions.forget(user)
        paper.refresh_from_db()

    return switch


@pytest.fixture
def grant_call(cast, workshop):
    """An open travel-grant call with three handlers and one application, by ``author``."""
    import datetime as dt
    from decimal import Decimal

    from confero.grants.models import GrantApplication, GrantHandler, GrantSettings

    people, paper = cast
    now = timezone.now()
    GrantSettings.objects.create(
        workshop=workshop,
        enabled=True,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        budget=Decimal("5000"),
    )
    for name in ("organizer", "org_conflicted", "org_author"):
        GrantHandler.objects.create(workshop=workshop, user=people[name])
    return GrantApplication.objects.create(
        workshop=workshop,
        number=1,
        applicant=people["author"],
        submission=paper,
        motivation="first workshop abroad",
        requested_amount=Decimal("800"),
    )


@pytest.mark.parametrize("phase", PHASES)
def test_the_matrix(cast, workshop, grant_call, set_phase, phase):
    people, paper = cast
    set_phase(phase)
    wrong = []
    cases = 0
    for action_key, (kind, allowed) in EXPECTED.items():
        action = action_key.split("@")[0]
        obj = _object(kind, paper, workshop)
        for role, user in people.items():
            cases += 1
            expected = (role, phase) in allowed
            got = permissions.can(user, action, obj)
            if got != expected:
                wrong.append(f"{role} {action} on {kind} in {phase}: expected {expected}, got {got}")
            reason = permissions.why_not(user, action, obj)
            if got == (reason is not None):
                wrong.append(f"{role} {action}: why_not={reason!r} disagrees with can={got}")
    assert not wrong, "\n".join(wrong)
    assert cases == len(EXPECTED) * len(people)


def test_every_action_of_the_table_has_written_expectations():
    """No action escapes the matrix (the number of cases is 13 roles x 7 phases x the expectations)."""
    assert {key.split("@")[0] for key in EXPECTED} == set(permissions.ACTIONS)


def test_require_raises_with_the_reason(cast, workshop, set_phase):
    people, paper = cast
    set_phase("reviewing")
    with pytest.raises(permissions.Denied, match="conflict of interest"):
        permissions.require(people["org_conflicted"], "review.list", paper)
    with pytest.raises(permissions.Denied, match="you are an author"):
        permissions.require(people["org_author"], "assignment.view", paper)
    with pytest.raises(permissions.Denied, match="another organizer manages"):
        set_phase("decision")
        permissions.require(people["organizer"], "decision.set", paper)
    assert permissions.why_not(people["reviewer_draft"], "review.list", paper) == (
        "reviewers see the other reviews only after submitting their own"
    )
    assert permissions.why_not(people["pc_unassigned"], "submission.view", paper) == (
        "you are not an author, organizer or reviewer of this submission"
    )
    assert permissions.why_not(people["pc_unassigned"], "bid.place", paper) == (
        "bidding is closed in the decision phase"
    )


def test_unknown_action_is_a_programming_error(cast):
    people, paper = cast
    with pytest.raises(KeyError, match="unknown action"):
        permissions.can(people["author"], "paper.eat", paper)


def test_audiences_of_a_review(cast, workshop, set_phase):
    people, paper = cast
    set_phase("released")
    review = paper.reviews.get(assignment__label="A")
    assert permissions.audiences(people["organizer"], review) == {"authors", "reviewers", "organizers"}
    assert permissions.audiences(people["reviewer_done"], review) == {"authors", "reviewers", "organizers"}
    assert permissions.audiences(people["author"], review) == {"authors"}
    assert permissions.audiences(people["org_conflicted"], review) == set()
    assert permissions.audiences(people["pc_unassigned"], review) == set()


def test_the_documented_table_is_the_table():
    from pathlib import Path

    from confero.permissions.describe import markdown

    docs = (Path(__file__).resolve().parents[2] / "docs" / "permissions.md").read_text()
    assert markdown() in docs, "refresh it: confero manage permissions_table --write docs/permissions.md"
