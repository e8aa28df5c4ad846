"""Profile: identifiers (ORCID, DBLP, OpenReview), affiliations and research areas."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from confero.audit.models import AuditEvent
from confero.people import services, validators
from confero.people.models import Affiliation, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("", ""),
    ],
)
def test_orcid_accepted(raw, expected):
    assert validators.clean_orcid(raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("0000-0002-1825-0098", "check digit does not match"),
        ("0000-0002-1825", "four blocks of four digits"),
        ("abcd-0002-1825-0097", "four blocks of four digits"),
    ],
)
def test_orcid_refused(raw, message):
    with pytest.raises(ValidationError, match=message):
        validators.clean_orcid(raw)


def test_orcid_check_digit_matches_every_published_example():
    # ORCID's own documentation examples (support.orcid.org, "Structure of the ORCID Identifier").
    for orcid in ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]:
        digits = orcid.replace("-", "")
        assert validators.orcid_check_digit(digits[:15]) == digits[15]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12/3456", "12/3456"),
        ("pid/123/4567-1", "123/4567-1"),
        ("https://dblp.org/pid/12/3456.html", "12/3456"),
        ("h/GeoffreyEHinton", "h/GeoffreyEHinton"),
    ],
)
def test_dblp_accepted(raw, expected):
    assert validators.clean_dblp_id(raw) == expected


@pytest.mark.parametrize("raw", ["Geoffrey Hinton", "12-3456", "12/", "/3456"])
def test_dblp_refused(raw):
    with pytest.raises(ValidationError, match="DBLP pid looks like"):
        validators.clean_dblp_id(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("~Ada_Lovelace1", "~Ada_Lovelace1"),
        ("~Jean-Pierre_M._Dupont12", "~Jean-Pierre_M._Dupont12"),
        ("https://openreview.net/profile?id=~Ada_Lovelace1", "~Ada_Lovelace1"),
    ],
)
def test_openreview_accepted(raw, expected):
    assert validators.clean_openreview_id(raw) == expected


@pytest.mark.parametrize("raw", ["Ada_Lovelace1", "~Ada_Lovelace", "~AdaLovelace1", "~Ada Lovelace1"])
def test_openreview_refused(raw):
    with pytest.raises(ValidationError, match="starts with ~"):
        validators.clean_openreview_id(raw)


def test_update_profile_service(make_user):
    user = make_user()
    services.update_profile(
        user,
        name=" Ada L. ",
        orcid="https://orcid.org/0000-0002-1825-0097",
        keywords="LLMs; evaluation, LLMs , ",
    )
    user.refresh_from_db()
    assert (user.name, user.orcid, user.keywords) == ("Ada L.", "0000-0002-1825-0097", "LLMs, evaluation")
    with pytest.raises(ValidationError) as exc:
        services.update_profile(user, orcid="0000-0002-1825-0098", openreview_id="Ada")
    assert set(exc.value.message_dict) == {"orcid", "openreview_id"}
    user.refresh_from_db()
    assert user.orcid == "0000-0002-1825-0097"
    with pytest.raises(TypeError):
        services.update_profile(user, email="x@example.org")


def _profile_post(**overrides):
    data = {
        "name": "Ada Lovelace",
        "orcid": "",
        "dblp_id": "",
        "openreview_id": "",
        "keywords": "",
        "aff-TOTAL_FORMS": "1",
        "aff-INITIAL_FORMS": "0",
        "aff-MIN_NUM_FORMS": "0",
        "aff-MAX_NUM_FORMS": "20",
        "aff-0-institution": "",
        "aff-0-email_domain": "",
        "aff-0-start_year": "",
        "aff-0-end_year": "",
    }
    data.update(overrides)
    return data


def test_profile_page_invalid_orcid_message(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("people:profile"), _profile_post(orcid="0000-0002-1825-0098"))
    assert response.status_code == 200
    assert "check digit does not match" in response.content.decode()
    user.refresh_from_db()
    assert user.orcid == ""


def test_profile_page_saves_everything(client, make_user, workshop, other_workshop):
    user = make_user()
    Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
    client.force_login(user)
    page = client.get(reverse("people:profile"))
    assert "Research areas: OS-FMs" in page.content.decode()
    assert "Another Workshop" not in page.content.decode()  # no role there
    nlp, ml = workshop.research_areas.filter(key__in=["nlp", "ml"]).order_by("order")
    post = _profile_post(
        **{
            "orcid": "0000-0002-1825-0097",
            "dblp_id": "https://dblp.org/pid/12/3456.html",
            "openreview_id": "~Ada_Lovelace1",
            "keywords": "open data",
            "aff-TOTAL_FORMS": "2",
            "aff-0-institution": "University of Manchester",
            "aff-0-email_domain": "@Manchester.ac.uk",
            "aff-0-start_year": "2019",
            "aff-1-institution": "Lab X",
            "aff-1-email_domain": "labx.org",
            "aff-1-start_year": "2012",
            "aff-1-end_year": "2018",
            f"areas-{workshop.pk}-areas": [str(nlp.pk), str(ml.pk)],
        }
    )
    response = client.post(reverse("people:profile"), post)
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.dblp_id, user.openreview_id) == ("12/3456", "~Ada_Lovelace1")
    assert sorted((a.institution, a.email_domain) for a in user.affiliations.all()) == [
        ("Lab X", "labx.org"),
        ("University of Manchester", "manchester.ac.uk"),
    ]
    assert {a.key for a in user.research_areas.all()} == {"nlp", "ml"}
    assert AuditEvent.objects.filter(action="account.affiliations_set", actor=user).exists()


def test_profile_affiliation_years_must_be_ordered(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("people:profile"),
        _profile_post(**{"aff-0-institution": "Lab X", "aff-0-start_year": "2020", "aff-0-end_year": "2015"}),
    )
    assert response.status_code == 200
    assert "cannot be before the start year" in response.content.decode()
    assert not Affiliation.objects.exists()


def test_set_affiliations_service_errors_and_replacement(make_user):
    user = make_user()
    services.set_affiliations(user, [services.AffiliationData("Old Place")])
    with pytest.raises(ValidationError) as exc:
        services.set_affiliations(
            user,
            [
                services.AffiliationData("Fine", "fine.org"),
                services.AffiliationData("", "not a domain", 2020, 2010),
                {"institution": "Future", "start_year": 3000},
            ],
        )
    assert exc.value.item_errors[0] == {}
    assert set(exc.value.item_errors[1]) == {"institution", "email_domain", "end_year"}
    assert "start_year" in exc.value.item_errors[2]
    assert [a.institution for a in user.affiliations.all()] == ["Old Place"]  # unchanged on error
    services.set_affiliations(user, [services.AffiliationData("New", "new.org", 2020, None)])
    assert [a.institution for a in user.affiliations.all()] == ["New"]


def test_affiliation_years_database_constraint(make_user):
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(user=user, institution="X", start_year=2020, end_year=2019)


def test_research_areas_are_per_workshop(make_user, workshop, other_workshop):
    user = make_user()
    vision = other_workshop.research_areas.get()
    services.set_research_areas(user, other_workshop, [vision])
    services.set_research_areas(user, workshop, list(workshop.research_areas.filter(key="ml")))
    assert {a.key for a in user.research_areas.all()} == {"vision", "ml"}
    services.set_research_areas(user, workshop, [])
    assert {a.key for a in user.research_areas.all()} == {"vision"}  # other workshop untouched
    with pytest.raises(ValidationError, match="not a research area of OS-FMs"):
        services.set_research_areas(user, workshop, [vision])


def test_profile_requires_login(client, db):
    response = client.get(reverse("people:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("people:login"))


def test_profile_shows_service_errors_next_to_the_affiliation(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("people:profile"),
        _profile_post(**{"name": "Renamed", "aff-0-institution": "Lab X", "aff-0-start_year": "2099"}),
    )
    assert response.status_code == 200
    assert "Use a year between 1900 and" in response.content.decode()
    user.refresh_from_db()
    assert user.name != "Renamed" and not user.affiliations.exists()  # nothing saved


@given(st.text(alphabet="0123456789", min_size=15, max_size=15), st.integers(0, 14), st.integers(1, 9))
def test_orcid_check_digit_catches_every_single_digit_typo(base, position, delta):
    digits = base + validators.orcid_check_digit(base)
    canonical = "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    assert validators.clean_orcid(canonical) == canonical
    typo = base[:position] + str((int(base[position]) + delta) % 10) + base[position + 1 :] + digits[15]
    with pytest.raises(ValidationError, match="check digit"):
        validators.clean_orcid(typo)
