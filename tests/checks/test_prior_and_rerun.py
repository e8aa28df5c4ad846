"""Prior publication and dual submission in the web app (other submissions across workshops, imported
corpora, matches side by side) and organizers' re-runs."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from confero.checks import services
from confero.checks.models import CheckRun, Corpus
from tests.conftest import log_in

from .conftest import ABSTRACT, TITLE

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert log_in(client, user.email, "correct-horse-9")


def test_a_dual_submission_across_workshops_is_for_organizers_and_the_other_paper_stays_hidden(
    client, workshop, other_workshop, organizer, other_organizer, author, make_user, submit
):
    first = make_user(email="first@uni-x.edu", name="Ada Author")
    earlier = submit(first, other_workshop, title=TITLE, abstract=ABSTRACT)
    sub = submit(author, workshop, title=TITLE, abstract=ABSTRACT)
    run = CheckRun.objects.filter(submission=sub).get()
    dual = run.findings.get(kind="dual-submission")
    assert dual.audience == "organizers" and dual.identifying
    assert TITLE not in dual.message and "AW" in dual.message  # redacted: names the workshop only
    assert dual.data["paper"]["id"] == f"sub:{earlier.pk}"
    # the earlier submission's own run found nothing (it was first)
    assert not CheckRun.objects.get(submission=earlier).findings.filter(kind="dual-submission").exists()

    page = reverse("checks:paper", args=[workshop.slug, sub.number])
    _login(client, author)
    assert "dual-submission" not in client.get(page).content.decode()  # authors never see it
    client.logout()
    _login(client, organizer)
    html = client.get(page).content.decode()
    assert "dual-submission" in html and "A submission to AW" in html and "confidential" in html
    assert "first@uni-x.edu" not in html
    # an organizer of both workshops sees the other paper side by side
    from confero.people.models import Role

    Role.objects.create(workshop=other_workshop, user=organizer, kind=Role.Kind.ORGANIZER)
    html = client.get(page).content.decode()
    assert f"Submission #{earlier.number} of AW" in html and "confidential" not in html


def _corpus_file(tmp_path):
    rows = [
        {
            "id": "icml-1",
            "title": TITLE,
            "abstract": ABSTRACT,
            "authors": ["Ada Author"],
            "venue": "ICML",
            "year": 2024,
            "url": "https://proceedings.example/icml-1",
        },
        {
            "id": "2401.00001",
            "title": TITLE + " (preprint)",
            "abstract": ABSTRACT,
            "authors": ["Ada Author"],
            "venue": "arXiv",
            "year": 2024,
        },
        {
            "id": "other",
            "title": "Protein folding with graph networks",
            "abstract": "Unrelated biology.",
            "venue": "Nature",
            "year": 2021,
        },
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_corpus_import_then_rerun_flags_published_and_allows_preprints(
    client, workshop, organizer, author, submit, tmp_path, django_capture_on_commit_callbacks
):
    sub = submit(author, workshop, title=TITLE, abstract=ABSTRACT)
    assert not CheckRun.objects.get(submission=sub).findings.filter(check_name="prior").exists()
    _login(client, organizer)
    url = reverse("checks:corpora", args=[workshop.slug])
    data = _corpus_file(tmp_path).read_bytes()
    response = client.post(
        url, {"name": "ICML + arXiv", "fmt": "auto", "file": SimpleUploadedFile("c.jsonl", data)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    corpus = Corpus.objects.get(workshop=workshop)
    assert corpus.size == 3 and corpus.statuses == {"archival": 2, "preprint": 1}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checks:rerun", args=[workshop.slug, sub.number]))
    assert response.status_code == 302
    run = CheckRun.objects.filter(submission=sub).first()
    assert run.reason == "rerun" and run.requested_by == organizer and run.status == "done"
    verdicts = {f.kind: f for f in run.findings.filter(check_name="prior")}
    assert verdicts["published"].severity == "error" and verdicts["preprint"].severity == "info"
    assert "Protein" not in " ".join(f.message for f in verdicts.values())
    assert verdicts["published"].audience == "authors"
    html = client.get(reverse("checks:paper", args=[workshop.slug, sub.number])).content.decode()
    assert "published at an archival venue" in html and "a preprint (allowed)" in html
    assert "proceedings.example/icml-1" in html


def test_a_bad_corpus_file_stores_nothing_and_says_where(client, workshop, organizer, tmp_path):
    _login(client, organizer)
    bad = b'{"id": "a", "title": "Fine"}\n{"id": "b", "title": "Broken", "year": "soon"}\n'
    response = client.post(
        reverse("checks:corpora", args=[workshop.slug]),
        {"name": "bad", "fmt": "jsonl", "file": SimpleUploadedFile("bad.jsonl", bad)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "bad.jsonl:2" in html and "must be a year" in html and "/tmp" not in html
    assert not Corpus.objects.exists()


def test_rerun_refused_to_conflicted_organizers_authors_and_other_workshops(cast, client, workshop):
    people, paper = cast
    url = reverse("checks:rerun", args=[workshop.slug, paper.number])
    for role in ("org_conflicted", "author", "org_author", "reviewer_done", "other_org"):
        client.logout()
        _login(client, people[role])
        assert client.post(url).status_code == 404, role
        assert client.post(reverse("checks:rerun_all", args=[workshop.slug])).status_code in (302, 403)
    assert not CheckRun.objects.filter(submission=paper).exists()
    with pytest.raises(Exception, match="conflict"):
        services.rerun(paper, actor=people["org_conflicted"])
    # the corpus page is the workshop organizers' alone
    client.logout()
    _login(client, people["other_org"])
    assert client.get(reverse("checks:corpora", args=[workshop.slug])).status_code == 403


def test_rerun_all_queues_only_papers_the_organizer_oversees(
    cast, workshop, checks_on, django_capture_on_commit_callbacks
):
    people, paper = cast
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rerun_all(workshop, actor=people["org_conflicted"]) == 0
        assert services.rerun_all(workshop, actor=people["organizer"]) == 1
    assert CheckRun.objects.get(submission=paper).status == "done"
