"""Every decision page and export × every role of the cast, through HTTP: who gets 200, who 403/404 or the
log-in page, and which texts may appear. Conflicted and author organizers never see the paper's reviews
or staged decision; authors see the decision and the answers meant for them only after release, in a
phase that shows them; reviewer identities never reach authors."""

from __future__ import annotations

import pytest
from django.core import mail

from confero.decisions import services

from .conftest import FOR_AUTHORS, FOR_ORGANIZERS, FOR_REVIEWERS, ROLES

pytestmark = pytest.mark.django_db

ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
OVERSEE = {"organizer", "manager", "superuser"}
AUTHORS = {"author", "coauthor", "org_author"}
REVIEWER_NAMES = ["Reviewer Done", "reviewer_done@", "Reviewer Draft", "reviewer_draft@"]
STAGED_NOTE = "Staged note NOTESEE"

ORGANIZER_PAGES = [
    "manage/decisions/",
    "manage/decisions/release/",
    "manage/decisions/mails/",
    "manage/decisions/mails/decision.accept/?paper=1",
    "manage/decisions/mails/decision.reject/",
    "manage/decisions/notices/",
    "manage/decisions/exports/",
]
EXPORTS = [
    f"manage/decisions/exports/{what}.{fmt}"
    for what, fmts in {
        "reviews": ["csv", "json", "openreview", "hotcrp"],
        "scores": ["csv", "json"],
        "decisions": ["csv", "json", "openreview", "hotcrp"],
        "assignments": ["csv", "json"],
        "submissions": ["openreview", "hotcrp"],
    }.items()
    for fmt in fmts
]


def _situation(when, reviewed, workshop, phase, capture):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", note=STAGED_NOTE, actor=people["manager"])
    if when == "released":
        with capture(execute=True):
            services.release(workshop, actor=people["manager"])
        phase("released")
    mail.outbox.clear()
    return when, people, paper


@pytest.fixture(params=["decision", "released"])
def situation(request, reviewed, workshop, phase, django_capture_on_commit_callbacks):
    """Decision phase with a staged decision, or released phase with the decision released."""
    return _situation(request.param, reviewed, workshop, phase, django_capture_on_commit_callbacks)


@pytest.fixture
def staged(reviewed, workshop, phase, django_capture_on_commit_callbacks):
    return _situation("decision", reviewed, workshop, phase, django_capture_on_commit_callbacks)


@pytest.fixture
def released(reviewed, workshop, phase, django_capture_on_commit_callbacks):
    return _situation("released", reviewed, workshop, phase, django_capture_on_commit_callbacks)


def _get(client, user, url):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    return client.get("/osfm/" + url)


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _expected_organizer_page(role, url):
    if role == "anonymous":
        return 302
    return 200 if role in ORGS else 403


@pytest.mark.parametrize("role", ROLES)
def test_organizer_pages_and_exports(client, situation, role):
    when, people, paper = situation
    user = people[role]
    cases = 0
    for url in ORGANIZER_PAGES + EXPORTS:
        response = _get(client, user, url)
        expected = _expected_organizer_page(role, url)
        assert response.status_code == expected, (url, role, when)
        cases += 1
        if response.status_code != 200:
            continue
        text = _text(response)
        # An organizer who wrote the paper reads its released reviews as its authors do (answers meant
        # for authors, no names) — in exports too; nothing else of the paper.
        as_author = (
            role == "org_author" and when == "released" and ("/reviews." in url or "/submissions." in url)
        )
        if role not in OVERSEE:  # conflicted or author organizers: nothing of the paper's reviews/decision
            secrets = [FOR_REVIEWERS, FOR_ORGANIZERS, STAGED_NOTE, *REVIEWER_NAMES]
            for secret in secrets + ([] if as_author else [FOR_AUTHORS]):
                assert secret not in text, (url, role, secret)
        if (
            url.startswith("manage/decisions/exports/")
            and url != "manage/decisions/exports/"
            and not as_author
        ):
            omitted = response.get("X-Confero-Omitted", "")
            assert ("#1" in omitted) == (role not in OVERSEE and not as_author), (url, role, omitted)
    assert cases == len(ORGANIZER_PAGES + EXPORTS)


@pytest.mark.parametrize("role", ROLES)
def test_the_organizers_decision_page_of_the_paper(client, situation, role):
    when, people, paper = situation
    response = _get(client, people[role], "manage/decisions/1/")
    if role == "anonymous":
        assert response.status_code == 302
    elif role not in ORGS:
        assert response.status_code == 403
    elif role not in OVERSEE:
        assert response.status_code == 404  # the paper does not exist for them
    else:
        assert response.status_code == 200
        text = _text(response)
        for shown in [FOR_AUTHORS, FOR_REVIEWERS, FOR_ORGANIZERS, STAGED_NOTE, "Reviewer Done"]:
            assert shown in text, shown
        assert "Reviewer B" in text and "draft, not submitted" in text


@pytest.mark.parametrize("role", ROLES)
def test_the_authors_decision_page(client, situation, role):
    when, people, paper = situation
    response = _get(client, people[role], "submissions/1/decision/")
    may = OVERSEE | (AUTHORS if when == "released" else set())
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if role in may else 404), role
    if response.status_code != 200:
        return
    text = _text(response)
    for secret in [FOR_REVIEWERS, FOR_ORGANIZERS, *REVIEWER_NAMES]:
        assert secret not in text, secret  # the page shows what authors get, even to organizers
    if when == "released":
        assert "Accepted" in text and STAGED_NOTE in text and f"{FOR_AUTHORS} A" in text
    else:
        assert "No decision has been released" in text and STAGED_NOTE not in text and FOR_AUTHORS not in text


def test_authors_see_what_was_released_not_what_is_staged_since(client, released, phase):
    when, people, paper = released
    phase("decision")
    services.stage(paper, outcome="reject", note="Changed our mind CHANGESEE", actor=people["manager"])
    phase("released")
    text = _text(_get(client, people["author"], "submissions/1/decision/"))
    assert "Accepted" in text and STAGED_NOTE in text and "CHANGESEE" not in text


@pytest.mark.parametrize("role", sorted(ORGS))
def test_only_the_manager_stages_through_the_page(client, staged, role):
    when, people, paper = staged
    client.force_login(people[role])
    response = client.post("/osfm/manage/decisions/1/", {"outcome": "reject", "note": "x", "version": 1})
    paper.decision.refresh_from_db()
    if role == "manager":
        assert response.status_code == 302 and paper.decision.outcome == "reject"
    elif role in OVERSEE:
        assert response.status_code == 200 and "another organizer manages this submission" in _text(response)
        assert paper.decision.outcome == "accept"
    else:
        assert response.status_code == 404 and paper.decision.outcome == "accept"


def test_a_stale_form_says_who_changed_the_decision(client, staged):
    when, people, paper = staged
    client.force_login(people["manager"])
    response = client.post("/osfm/manage/decisions/1/", {"outcome": "reject", "note": "", "version": 0})
    assert response.status_code == 200 and "changed meanwhile by Manager" in _text(response)


@pytest.mark.parametrize("role", ["org_conflicted", "org_author", "organizer", "manager"])
def test_release_and_manager_forms_respect_the_table(client, staged, role):
    when, people, paper = staged
    client.force_login(people[role])
    client.post("/osfm/manage/decisions/release/", {"numbers": ["1"]})
    paper.decision.refresh_from_db()
    assert paper.decision.is_released == (role in OVERSEE)
    response = client.post("/osfm/manage/decisions/1/manager/", {"manager": str(people["organizer"].pk)})
    paper.refresh_from_db()
    if role in OVERSEE:
        assert response.status_code == 302 and paper.manager == people["organizer"]
    else:
        assert response.status_code == 404 and paper.manager == people["manager"]


POSTS = [
    ("manage/decisions/1/", {"outcome": "reject", "note": "", "version": 1}),
    ("manage/decisions/1/discard/", {"version": 1}),
    ("manage/decisions/1/manager/", {"manager": ""}),
    ("manage/decisions/release/", {"numbers": ["1"]}),
    ("manage/decisions/notices/send-missing/", {}),
    ("manage/decisions/mails/decision.accept/", {"subject": "x", "body": "y", "action": "save"}),
    ("manage/decisions/exports/", {"action": "apply", "filename": "x.csv", "content": "1,reject\n"}),
]


@pytest.mark.parametrize("role", sorted(set(ROLES) - ORGS))
def test_people_who_are_not_organizers_change_nothing(client, staged, role):
    from confero.mail.models import MailTemplate

    when, people, paper = staged
    user = people[role]
    if user.is_authenticated:
        client.force_login(user)
    for url, data in POSTS:
        response = client.post("/osfm/" + url, data)
        assert response.status_code == (302 if role == "anonymous" else 403), (url, role)
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/"), url
    paper.refresh_from_db()
    paper.decision.refresh_from_db()
    assert (paper.decision.outcome, paper.decision.is_released, paper.manager) == (
        "accept",
        False,
        people["manager"],
    )
    assert not MailTemplate.objects.exists() and mail.outbox == []
