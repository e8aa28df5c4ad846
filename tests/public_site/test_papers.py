"""Accepted papers on the public site: list, search, topics, a page per paper — and nothing unpublished."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.camera.models import CameraSettings
from confero.decisions.models import Decision

HIDDEN = ["Secret four", "Undecided six", "Rejected seven", "Unreleased eight"]


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def papers_url(*args):
    return reverse("site:papers", args=["osfm", *args])


def test_the_list_shows_published_papers_only(client, workshop, published):
    html = html_of(client, papers_url())
    for paper in published.values():
        assert f"Final: {paper.title}" in html
        assert reverse("site:paper", args=["osfm", paper.number]) in html
    for title in HIDDEN:
        assert title not in html
    assert "4 papers." in html


@pytest.mark.parametrize(
    "query,numbers",
    [
        ("", [1, 2, 3, 5]),
        ("bo chen", [2, 3]),  # authors, case-insensitive
        ("paper 5 modular", [5]),  # every word, in the abstract
        ("Final: Paper 1", [1]),  # the title
        ("nothing-like-this", []),
    ],
)
def test_search_titles_authors_and_abstracts_on_the_server(client, workshop, published, query, numbers):
    html = html_of(client, papers_url(), q=query)
    shown = [n for n in (1, 2, 3, 4, 5, 6, 7, 8) if f">Final: Paper {n} on open models<" in html]
    assert shown == numbers
    if not numbers:
        assert "No paper matches." in html


def test_topic_filter_by_query_and_by_page(client, workshop, published):
    topic = workshop.topics.order_by("order")[0]  # #1 and #2 (and unpublished #7)
    by_query = html_of(client, papers_url(), topic=topic.key)
    by_page = html_of(client, reverse("site:topic", args=["osfm", topic.key]))
    for html in (by_query, by_page):
        assert ">Final: Paper 1 on open models<" in html and ">Final: Paper 2 on open models<" in html
        assert ">Final: Paper 3 on open models<" not in html
        assert "Rejected seven" not in html
    combined = html_of(client, papers_url(), topic=topic.key, q="cy diaz")
    assert ">Final: Paper 1 on open models<" in combined and ">Final: Paper 2 on open models<" not in combined
    assert client.get(papers_url(), {"topic": "no-such-topic"}).status_code == 404
    empty = workshop.topics.order_by("order")[7]  # no paper on it
    assert client.get(reverse("site:topic", args=["osfm", empty.key])).status_code == 404


def test_a_paper_page_with_files_artifacts_badges_and_program(client, workshop, published):
    html = html_of(client, reverse("site:paper", args=["osfm", 3]))
    assert "<h1>Final: Paper 3 on open models</h1>" in html
    assert "Bo Chen" in html and "Uni B" in html
    assert '<span class="badge oral">Oral</span>' in html  # picked as an oral in the fixture
    assert "Code available" in html and "Weights available" in html and "Data available" not in html
    assert 'Data: <span class="muted">not found</span>' in html
    assert "CC BY 4.0" in html
    pdf = reverse("camera:public_file", args=["osfm", 3, "paper"])
    poster = reverse("camera:public_file", args=["osfm", 3, "poster"])
    assert (
        f'href="{pdf}"' in html
        and f'<img src="{poster}" alt="Poster of “Final: Paper 3 on open models”"' in html
    )
    assert client.get(pdf)["Content-Type"] == "application/pdf"
    assert "https://huggingface.co/org/three" in html
    assert "Talk at " in html and reverse("site:program", args=["osfm"]) + "#slot-" in html
    assert "Open reviews" not in html  # not an open-reviewing workshop


def test_pages_of_unpublished_papers_are_not_found(client, workshop, published):
    for number in (4, 6, 7, 8, 99):
        assert client.get(reverse("site:paper", args=["osfm", number])).status_code == 404
        assert client.get(reverse("camera:public_file", args=["osfm", number, "paper"])).status_code == 404


def test_the_program_shows_published_papers_and_hides_the_others(client, workshop, published):
    html = html_of(client, reverse("site:program", args=["osfm"]))
    assert "Final: Paper 3 on open models" in html  # the final title, not the reviewed one…
    assert ">Paper 3 on open models<" not in html
    assert reverse("site:paper", args=["osfm", 3]) in html  # …linked to the paper page
    assert reverse("site:paper", args=["osfm", 4]) not in html
    for text in (html, client.get(reverse("site:program_ics", args=["osfm"])).content.decode()):
        assert "Paper 4 on open models" not in text and "Dee Ford" not in text
        assert "Paper 6 on open models" not in text and "Fay Hart" not in text


def test_open_reviews_only_when_organizers_and_authors_agree(client, workshop, published, accepted):
    from confero.reviews.models import ReviewQuestion

    ReviewQuestion.objects.create(
        workshop=workshop, key="summary", label="Summary", kind="text", audience="authors"
    )
    review = accepted["papers"][3].reviews.first()
    review.answers = {**review.answers, "summary": "A **clear** contribution."}
    review.save(update_fields=["answers"])
    Decision.objects.filter(submission=accepted["papers"][3]).update(released_note="Accepted as an oral.")
    url = reverse("site:paper", args=["osfm", 3])
    assert "A <strong>clear</strong> contribution." not in html_of(
        client, url
    )  # authors agreed, organizers not
    CameraSettings.objects.update_or_create(workshop=workshop, defaults={"open_reviewing": True})
    assert "clear" not in html_of(client, url)  # organizers agreed, the authors not (yet)
    published[3].camera.reviews_public = True
    published[3].camera.save(update_fields=["reviews_public"])
    html = html_of(client, url)
    assert "A <strong>clear</strong> contribution." in html and "Accepted as an oral." in html
    for reviewer in accepted["papers"][3].reviews.select_related("reviewer"):
        assert reviewer.reviewer.name not in html and reviewer.reviewer.email not in html
