"""The organizer menu is on every page of a workshop for its organizers, and for nobody else."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from confero.web.templatetags.confero_nav import ORGANIZER_PAGES

pytestmark = pytest.mark.django_db

PAGES = [name for name, _ in ORGANIZER_PAGES]
LABELS = [label for _, label in ORGANIZER_PAGES]


def _menu(html: str) -> list[str]:
    if 'aria-label="Organizer menu"' not in html:
        return []
    html = html.split('aria-label="Organizer menu"')[1].split("</nav>")[0]
    return re.findall(r'<a href="/osfm/manage/[^"]*"(?: aria-current="page")?>([^<]+)</a>', html)


def _menu_html(html: str) -> str:
    return html.split('aria-label="Organizer menu"')[1].split("</nav>")[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_organizer_page_has_the_whole_menu_with_the_current_page_marked(client, organizer, page):
    client.force_login(organizer)
    html = client.get(reverse(page, args=["osfm"])).content.decode()
    assert _menu(html) == LABELS
    assert _menu_html(html).count('aria-current="page"') == 1
    assert html.count('aria-label="Organizer menu"') == 1


def test_the_public_page_shows_the_menu_to_organizers_only(client, organizer, pc_member, author):
    url = reverse("site:cfp", args=["osfm"])
    assert _menu(client.get(url).content.decode()) == []
    for user in (pc_member, author):
        client.force_login(user)
        assert _menu(client.get(url).content.decode()) == []
    client.force_login(organizer)
    assert "Submissions" in _menu(client.get(url).content.decode())


def test_login_email_field_has_one_type(client):
    html = client.get(reverse("people:login")).content.decode()
    field = re.search(r"<input[^>]*name=\"username\"[^>]*>", html).group(0)
    assert field.count("type=") == 1 and 'type="email"' in field
