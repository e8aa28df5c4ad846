"""Error pages keep the site's navigation (no bare "Not Found" page)."""

import pytest


@pytest.mark.django_db
def test_404_page_has_site_navigation(client, workshop):
    response = client.get("/no-such-workshop-or-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Not found" in body and 'class="brand"' in body and "Log in" in body


def test_403_page_explains(client, workshop, author):
    client.force_login(author)
    response = client.get("/osfm/manage/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Not allowed" in body and "organizers" in body
