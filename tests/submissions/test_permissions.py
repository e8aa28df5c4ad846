"""Permission matrix of the author-side pages; others get 404 so a submission's existence is not leaked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.people.models import Role

PAGES = ["submissions:detail", "submissions:edit", "submissions:withdraw", "submissions:pdf"]


@pytest.fixture
def people(submission, make_user, pc_member, organizer, workshop, make_data, upload):
    from confero.submissions import services
    from confero.workshops.models import SubmissionCategory, Topic, Workshop

    other_author = make_user(email="other@uni-x.edu", name="Otto Other")
    services.create_submission(
        workshop=workshop, user=other_author, data=make_data(other_author), pdf=upload()
    )
    other_ws = Workshop.objects.create(slug="other", name="Other", acronym="O")
    SubmissionCategory.objects.create(workshop=other_ws, key="s", title="S", max_pages=4)
    Topic.objects.create(workshop=other_ws, key="t", title="T")
    other_org = make_user(email="org2@uni-y.edu")
    Role.objects.create(workshop=other_ws, user=other_org, kind=Role.Kind.ORGANIZER)
    return {
        "other author": other_author,
        "PC member": pc_member,
        "organizer": organizer,
        "organizer of another workshop": other_org,
    }


@pytest.mark.parametrize("page", PAGES)
def test_anonymous(client, submission, page):
    resp = client.get(reverse(page, args=["osfm", submission.number]))
    if page == "submissions:pdf":
        assert resp.status_code == 404
    else:
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_author_and_organizer_allowed(client, submission, author, people, page):
    for user in (author, people["organizer"]):
        client.force_login(user)
        resp = client.get(reverse(page, args=["osfm", submission.number]))
        assert resp.status_code == 200, (user, page)


@pytest.mark.parametrize("who", ["other author", "PC member", "organizer of another workshop"])
@pytest.mark.parametrize("page", PAGES)
def test_others_get_404(client, submission, people, who, page):
    client.force_login(people[who])
    assert client.get(reverse(page, args=["osfm", submission.number])).status_code == 404
    assert client.get(reverse(page, args=["osfm", 999])).status_code == 404  # same answer as a missing one


def test_others_cannot_post_edits(client, submission, people, author):
    client.force_login(people["PC member"])
    resp = client.post(reverse("submissions:withdraw", args=["osfm", 1]), {"version": 1, "confirm": "on"})
    assert resp.status_code == 404
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_my_submissions_lists_only_mine(client, submission, people, author):
    client.force_login(author)
    html = client.get(reverse("submissions:mine", args=["osfm"])).content.decode()
    assert submission.title in html and "/osfm/submissions/1/" in html and "/osfm/submissions/2/" not in html
    client.force_login(people["PC member"])
    html = client.get(reverse("submissions:mine", args=["osfm"])).content.decode()
    assert "/osfm/submissions/1/" not in html and "no submissions" in html
