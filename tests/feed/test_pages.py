"""The public reading list (no JavaScript), the organizer pages, PC candidates, and who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.feed import candidates, services
from confero.feed.models import InvitationDraft, LibraryAuthor, LibraryPaper
from confero.people.models import Invitation, Role

pytestmark = pytest.mark.django_db


def test_reading_list_by_topic_searchable_and_linked_for_anonymous_visitors(client, demo_library, scoped):
    url = reverse("feed:reading_list", args=[scoped.slug])
    assert url == "/osfm/reading-list/"
    page = client.get(url).content.decode()
    assert "<script>" not in page and 'style="' not in page
    for topic in scoped.topics.all():
        assert f'id="topic-{topic.key}"' in page
    assert 'href="https://papers.example/demo-0007"' in page
    found = client.get(url, {"q": "quantization distillation"}).content.decode()
    assert "Quantization-Aware Distillation" in found and "Tool-Using Agents" not in found
    one = client.get(url, {"topic": "open-agents"}).content.decode()
    assert 'id="topic-open-agents"' in one and 'id="topic-open-datasets"' not in one


def test_hidden_papers_are_not_listed_and_pinned_ones_come_first(client, demo_library, scoped, organizer):
    hidden = LibraryPaper.objects.get(workshop=scoped, title__startswith="Tool-Using Agents")
    services.set_flag(hidden, "hidden", True, by=organizer)
    pinned = LibraryPaper.objects.get(workshop=scoped, title__startswith="Documenting Instruction Data")
    services.set_flag(pinned, "pinned", True, by=organizer)
    page = client.get(
        reverse("feed:reading_list", args=[scoped.slug]), {"topic": "open-agents"}
    ).content.decode()
    assert "Tool-Using Agents" not in page
    body = page.split('id="topic-open-agents"')[1]
    first = body.split("<li>")[1]
    assert "Documenting Instruction Data" in first and "recommended" in first


def test_unpublished_reading_list_is_a_404_except_for_organizers(
    client, scoped, organizer, pc_member, other_organizer
):
    services.import_papers(scoped, [("a.txt", b"Open Data Curation at Scale\n\n" + b"word " * 30 + b".")])
    url = reverse("feed:reading_list", args=[scoped.slug])
    assert client.get(url).status_code == 404
    for person in (pc_member, other_organizer):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(organizer)
    page = client.get(url).content.decode()
    assert "Preview" in page and "Open Data Curation at Scale" in page


def test_organizer_pages_and_attackers(
    client, demo_library, scoped, organizer, pc_member, other_organizer, author
):
    pages = [
        reverse("feed_manage:index", args=[scoped.slug]),
        reverse("feed_manage:topic", args=[scoped.slug, "open-evaluation"]),
        reverse("feed_manage:pc", args=[scoped.slug]),
    ]
    for person in (pc_member, other_organizer, author):
        client.force_login(person)
        for url in pages:
            assert client.get(url).status_code == 403, (person, url)
    client.logout()
    assert client.get(pages[0]).status_code == 302  # to log in
    client.force_login(organizer)
    for url in pages:
        assert client.get(url).status_code == 200
    topic_page = client.get(pages[1]).content.decode()
    assert "Contamination Audits" in topic_page and "Matching terms" in topic_page


def test_upload_import_on_the_organizer_page(client, scoped, organizer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organizer)
    files = [
        SimpleUploadedFile("a.jsonl", b'{"id": "1", "title": "Open Models at Scale"}\n{"id": \n'),
        SimpleUploadedFile("b.txt", b"Open models at scale\n\n" + b"word " * 30 + b"."),
    ]
    response = client.post(
        reverse("feed_manage:index", args=[scoped.slug]),
        {"action": "import", "format": "auto", "files": files},
    )
    page = response.content.decode()
    assert "imported 1, merged 1, skipped 1" in page and "a.jsonl:2: not valid JSON" in page
    assert LibraryPaper.objects.filter(workshop=scoped).count() == 1


def test_pin_and_hide_from_the_topic_page_only_for_this_workshops_papers(
    client, demo_library, scoped, organizer, other_workshop, other_organizer
):
    services.import_papers(
        other_workshop, [("x.txt", b"Foreign Paper Title Here\n\n" + b"word " * 30 + b".")]
    )
    foreign = LibraryPaper.objects.get(workshop=other_workshop)
    client.force_login(organizer)
    url = reverse("feed_manage:topic", args=[scoped.slug, "open-evaluation"])
    assert client.post(url, {"paper": foreign.pk, "action": "hide"}).status_code == 404
    mine = LibraryPaper.objects.filter(workshop=scoped).first()
    client.post(url, {"paper": mine.pk, "action": "hide"})
    mine.refresh_from_db()
    foreign.refresh_from_db()
    assert mine.hidden and not foreign.hidden


def _pc(workshop, make_user, name, email, titles):
    from confero.committee.models import Publication

    user = make_user(email=email, name=name)
    Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
    for t in titles:
        Publication.objects.create(user=user, title=t, abstract=t)
    return user


def test_pc_candidates_for_the_least_covered_topic_exclude_the_pc(
    client, demo_library, scoped, organizer, make_user
):
    services.update_settings(scoped, per_topic=20, expected_submissions=40, by=organizer)
    _pc(
        scoped,
        make_user,
        "Priya Raman",
        "priya@else.example",
        ["Open benchmark evaluation protocols and metrics"],
    )
    _pc(scoped, make_user, "Zed Zero", "weilun.chen@efficient.example", ["Quantization and distillation"])
    reports = candidates.pc_report(scoped)
    assert reports[0].coverage.coverage <= reports[-1].coverage.coverage
    short = [r for r in reports if r.coverage.short]
    assert short and reports[0].coverage.short
    names = {c.name for r in short for c, _, _ in r.candidates}
    assert "Priya Raman" not in names  # a PC member, by name
    assert "Chen Wei-Lun" not in names  # a PC member, by e-mail
    agents = next(r for r in reports if r.topic.key == "open-agents")
    assert agents.coverage.short and agents.candidates
    top, evidence, author = agents.candidates[0]
    assert top.name in {"Omar Haddad", "Nadia Benali"} and evidence and author is not None

    client.force_login(organizer)
    page = client.get(reverse("feed_manage:pc", args=[scoped.slug])).content.decode()
    assert "Candidates for Open Interactive and Agent Systems" in page
    response = client.post(
        reverse("feed_manage:draft_create", args=[scoped.slug]),
        {"author": author.pk, "topic": agents.topic.pk},
    )
    draft = InvitationDraft.objects.get(workshop=scoped, author=author)
    assert response.status_code == 302 and draft.evidence and draft.topic == agents.topic
    # completing the address sends the PC invitation through the people app
    client.post(
        reverse("feed_manage:draft", args=[scoped.slug, draft.pk]), {"email": "omar@agents-lab.example"}
    )
    draft.refresh_from_db()
    assert draft.invitation.status == Invitation.Status.PENDING and draft.invitation.kind == Role.Kind.PC
    # a pending invitation takes the person out of the suggestions
    again = {c.name for r in candidates.pc_report(scoped) for c, _, _ in r.candidates}
    assert author.name not in again


def test_drafts_of_another_workshop_are_not_reachable(
    client, demo_library, scoped, other_workshop, other_organizer
):
    author = LibraryAuthor.objects.filter(workshop=scoped).first()
    draft = candidates.create_draft(scoped, author, scoped.topics.first())
    client.force_login(other_organizer)
    assert client.get(reverse("feed_manage:draft", args=[other_workshop.slug, draft.pk])).status_code == 404
    assert client.get(reverse("feed_manage:draft", args=[scoped.slug, draft.pk])).status_code == 403
