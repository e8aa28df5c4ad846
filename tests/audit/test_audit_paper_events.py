"""The audit log keeps a paper's events from organizers who may not oversee the paper (its authors and
those in conflict with it): they must not learn from the log when its reviews came in, who was assigned,
or that its decision was staged and released."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.audit.selectors import visible_events
from confero.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(cast, workshop, make_data, upload):
    """Paper #1's events made by the real services, plus a second paper every organizer oversees."""
    from confero.decisions import services as decisions
    from confero.phases import services as phases
    from confero.reviews.services.discussion import post_comment
    from confero.submissions import services as submissions

    people, paper = cast
    other = submissions.create_submission(
        workshop=workshop,
        user=people["author"],
        data=make_data(people["author"], title="Second paper"),
        pdf=upload(),
    )
    phases.switch_to(workshop, "discussion", actor=people["organizer"])
    post_comment(paper, user=people["reviewer_done"], body="I liked section 3.")
    decisions.stage(paper, outcome="accept", actor=people["manager"], expected_version=0)
    decisions.stage(other, outcome="reject", actor=people["organizer"], expected_version=0)
    decisions.release(workshop, actor=people["manager"], numbers=[paper.number])
    review = paper.reviews.get(assignment__label="A")
    record(
        "review.nudged", actor=people["organizer"], workshop=workshop, obj=review, summary="paper-one review"
    )
    record(
        "program.slot", workshop=workshop, summary="slot with papers", numbers=[paper.number, other.number]
    )
    record("settings.changed", workshop=workshop, summary="a workshop setting")
    return people, paper, other


def _texts(user, workshop):
    return [e.summary for e in visible_events(user, workshop)]


@pytest.mark.parametrize("role", ["org_conflicted", "org_author"])
def test_organizers_who_may_not_oversee_paper_1_read_none_of_its_events(events, workshop, role, client):
    people, paper, other = events
    mine = visible_events(people[role], workshop)
    all_events = AuditEvent.objects.filter(workshop=workshop)
    about_one = [
        e
        for e in all_events
        if e.data.get("number") == paper.number
        or paper.number in e.data.get("numbers", [])
        or (e.object_type == "Submission" and e.object_id == str(paper.pk))
        or e.summary == "paper-one review"
    ]
    assert {e.action for e in about_one} >= {
        "submission.created",
        "discussion.posted",
        "decision.staged",
        "decision.released",
        "decisions.released",
        "review.nudged",
    }
    assert not set(mine) & set(about_one)
    assert "a workshop setting" in _texts(people[role], workshop)
    assert f"#{other.number}" in " ".join(_texts(people[role], workshop))  # the other paper's events stay
    # Through the page: no line names paper #1, and the action filter lists no action seen only there.
    client.force_login(people[role])
    page = client.get(reverse("audit:index", args=[workshop.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"#{paper.number}:" not in html and f"#{paper.number} " not in html
    assert "I liked" not in html and "paper-one review" not in html
    assert "discussion.posted" not in page.context["actions"]
    filtered = client.get(
        reverse("audit:index", args=[workshop.slug]), {"object_type": "Submission", "object_id": paper.pk}
    )
    assert filtered.context["page"].paginator.count == 0


@pytest.mark.parametrize("role", ["organizer", "manager", "superuser"])
def test_organizers_who_oversee_it_read_everything(events, workshop, role):
    people, paper, _ = events
    assert (
        visible_events(people[role], workshop).count() == AuditEvent.objects.filter(workshop=workshop).count()
    )


def test_other_workshops_organizer_and_reviewers_get_no_log(events, workshop, client):
    people, *_ = events
    for role in ("other_org", "reviewer_done", "author"):
        client.force_login(people[role])
        assert client.get(reverse("audit:index", args=[workshop.slug])).status_code == 403
