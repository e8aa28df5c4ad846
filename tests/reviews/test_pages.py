"""The reviewing pages at work over HTTP: the review form without JavaScript (save, preview, submit, two
tabs), the autosave and preview endpoints, posting in the discussion, the form configuration pages and
the progress numbers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.reviews import services
from confero.reviews.models import Comment, Review, ReviewQuestion

from .conftest import FULL, submit, switch


def _edit(team):
    return reverse("reviews:edit", args=["osfm", team.paper.number])


def test_save_preview_submit_without_javascript(client, team):
    client.force_login(team.reviewers["A"])
    page = client.get(_edit(team)).content.decode()
    assert 'name="version" value="0"' in page and "Summary (required)" in page
    assert 'data-autosave="/osfm/review/1/autosave/"' in page
    response = client.post(_edit(team), {"version": "0", "summary": "A *first* go", "action": "save"})
    assert response.status_code == 302 and Review.objects.get().answers == {"summary": "A *first* go"}
    page = client.get(_edit(team)).content.decode()
    assert 'name="version" value="1"' in page and "A *first* go" in page
    preview = client.post(_edit(team), {"version": "1", "summary": "A **bold** go", "action": "preview"})
    html = preview.content.decode()
    assert "<strong>bold</strong>" in html and 'name="version" value="2"' in html  # preview saves, too
    incomplete = client.post(_edit(team), {"version": "2", "summary": "A **bold** go", "action": "submit"})
    assert (
        incomplete.status_code == 200
        and "needs an answer before the review can be submitted" in incomplete.content.decode()
    )
    done = client.post(_edit(team), {**FULL, "version": "2", "action": "submit"})
    assert done.status_code == 302 and done["Location"] == "/osfm/review/1/"
    assert Review.objects.get().status == "submitted"


def test_a_second_tab_is_told_and_keeps_its_text(client, team):
    client.force_login(team.reviewers["A"])
    client.post(_edit(team), {"version": "0", "summary": "Tab one wrote this", "action": "save"})
    stale = client.post(_edit(team), {"version": "0", "summary": "Tab two wrote that", "action": "save"})
    html = stale.content.decode()
    assert stale.status_code == 200 and "saved from another window or tab" in html
    assert "Tab two wrote that" in html  # this tab's text is still in the form
    assert "The version saved meanwhile" in html and "Tab one wrote this" in html
    assert 'name="version" value="1"' in html  # saving again now is a knowing choice
    client.post(_edit(team), {"version": "1", "summary": "Tab two wrote that", "action": "save"})
    assert Review.objects.get().answers["summary"] == "Tab two wrote that"


def test_autosave_and_preview_endpoints(client, team):
    client.force_login(team.reviewers["B"])
    url = reverse("reviews:autosave", args=["osfm", 1])
    first = client.post(url, {"version": "0", "summary": "typing…", "overall": "5"})
    assert first.status_code == 200 and first.json()["version"] == 1 and first.json()["state"] == "draft"
    stale = client.post(url, {"version": "0", "summary": "other tab"})
    assert stale.status_code == 409 and stale.json()["version"] == 1
    bad = client.post(url, {"version": "1", "overall": "42"})
    assert bad.status_code == 400 and "from 1 to 10" in bad.json()["error"]
    assert Review.objects.get().answers == {"summary": "typing…", "overall": 5}
    preview = client.post(
        reverse("reviews:preview", args=["osfm", 1]), {"text": "**x** <script>alert(1)</script>"}
    )
    assert (
        preview.json()["html"].startswith("<p><strong>x</strong>") and "<script" not in preview.json()["html"]
    )
    switch(team.workshop, "decision", team.reviewers["B"])
    closed = client.post(url, {"version": "1", "summary": "late"})
    assert closed.status_code == 403 and "reviewing is closed" in closed.json()["error"]


def test_the_form_page_says_why_it_is_closed(client, team):
    switch(team.workshop, "decision", team.reviewers["A"])
    client.force_login(team.reviewers["A"])
    response = client.get(_edit(team))
    assert (
        response.status_code == 403
        and "reviewing is closed in the decision phase" in response.content.decode()
    )


def test_my_reviews_list(client, team):
    submit(team, "A")
    client.force_login(team.reviewers["A"])
    html = client.get(reverse("reviews:mine", args=["osfm"])).content.decode()
    assert "<strong>1</strong> of <strong>1</strong> submitted" in html and "Revise" in html
    assert "Review deadline" in html and "Ada Author" not in html


def test_posting_and_replying_over_http(client, team):
    submit(team, "A")
    submit(team, "B")
    switch(team.workshop, "discussion", *team.reviewers.values())
    client.force_login(team.reviewers["A"])
    url = reverse("reviews:paper", args=["osfm", 1])
    response = client.post(url, {"body": "What about *data*?"})
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{comment.pk}")
    empty = client.post(url, {"body": "  ", "parent": str(comment.pk)})
    assert empty.status_code == 200  # the reply form comes back with the reason
    client.force_login(team.reviewers["B"])
    client.post(url, {"body": "Agreed.", "parent": str(comment.pk)})
    html = client.get(url).content.decode()
    assert "Reviewer A" in html and "Reviewer B (you)" in html and "Rita Reviewer" not in html
    assert "<em>data</em>" in html
    assert Comment.objects.get(body="Agreed.").parent == comment


def test_organizers_configure_the_form_over_http(client, team):
    submit(team, "A")
    client.force_login(team.organizer)
    base = reverse("reviews:form", args=["osfm"])
    assert "Overall score" in client.get(base).content.decode()
    response = client.post(
        reverse("reviews:form_add", args=["osfm"]),
        {"label": "Ethics concerns", "kind": "choice", "choices": "none: None\nminor: Minor\nmajor: Major",
         "audience": "organizers", "required": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    q = ReviewQuestion.objects.get(key="ethics-concerns")
    assert (
        q.choices == [["none", "None"], ["minor", "Minor"], ["major", "Major"]] and q.audience == "organizers"
    )
    overall = ReviewQuestion.objects.get(key="overall")
    refused = client.post(
        reverse("reviews:form_edit", args=["osfm", overall.pk]),
        {"label": "Overall", "kind": "score", "min_value": "8", "max_value": "10", "audience": "authors",
         "role": "overall"},
    )  # fmt: skip
    assert refused.status_code == 200 and "the range may only grow" in refused.content.decode()
    client.post(reverse("reviews:form_delete", args=["osfm", overall.pk]))
    assert ReviewQuestion.objects.filter(pk=overall.pk).exists()
    client.post(reverse("reviews:form_move", args=["osfm", q.pk]), {"direction": "up"})
    assert [x.key for x in services.questions_of(team.workshop)][-2:] == ["ethics-concerns", "confidential"]


def test_progress_numbers(client, team):
    submit(team, "A", overall="8", confidence="5")
    submit(team, "B", overall="4", confidence="3")
    client.force_login(team.organizer)
    html = client.get(reverse("reviews:progress", args=["osfm"])).content.decode()
    assert "<strong>2</strong> of <strong>3</strong> reviews submitted" in html
    assert (
        "<td>2 / 3</td>" in html
        and "<td>6.0</td>" in html
        and "<td>4 <span" in html
        and "<td>4.0</td>" in html
    )
    assert (
        "A: Rita Reviewer — 8 / 5" in html
        and 'C: Cleo Reviewer — <span class="muted">not started</span>' in html
    )
    assert "discuss" in html  # scores 4 apart
    complete = client.get(reverse("reviews:progress", args=["osfm"]), {"view": "complete"}).content.decode()
    assert "No papers match." in complete
    people = client.get(reverse("reviews:reviewers", args=["osfm"]), {"view": "unfinished"}).content.decode()
    assert "Cleo Reviewer" in people and "Rita Reviewer" not in people


@pytest.mark.parametrize(
    "view", ["all", "incomplete", "complete", "understaffed", "disagreement", "conflicted"]
)
def test_every_filter_answers(client, team, view):
    client.force_login(team.organizer)
    for sort in ("number", "missing", "mean", "spread"):
        response = client.get(
            reverse("reviews:progress", args=["osfm"]), {"view": view, "sort": sort, "q": "#1"}
        )
        assert response.status_code == 200


def test_after_the_deadline_pages_say_a_submitted_review_is_final(client, team):
    from .conftest import review_deadline

    submit(team, "A")
    review_deadline(team.workshop, days=-1)
    client.force_login(team.reviewers["A"])
    mine = client.get(reverse("reviews:mine", args=["osfm"])).content.decode()
    assert "Revise" not in mine
    paper = client.get(reverse("reviews:paper", args=["osfm", 1])).content.decode()
    assert "can no longer be revised" in paper and "Revise your review" not in paper
    form = client.get(_edit(team))
    assert form.status_code == 403 and "can no longer be revised" in form.content.decode()
    client.force_login(team.reviewers["B"])  # not submitted yet: still welcome, late
    assert client.get(_edit(team)).status_code == 200


def test_reviewers_see_author_names_only_when_the_workshop_is_not_double_blind(client, team):
    client.force_login(team.reviewers["A"])
    url = reverse("reviews:paper", args=["osfm", 1])
    assert "Ada Author" not in client.get(url).content.decode()
    team.workshop.anonymity = "single-blind"
    team.workshop.save(update_fields=["anonymity"])
    assert "Ada Author" in client.get(url).content.decode()
