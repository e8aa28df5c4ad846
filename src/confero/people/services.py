"""Account services: sign-up, e-mail verification, profile, affiliations, research areas.

Every state change of a person's account is one function here, used by views, admin and commands.
Sign-up and verification live in :mod:`confero.people.accounts`, roles and invitations in
:mod:`confero.people.invitations`; both are re-exported here (one import place for callers).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from confero.audit.services import record

from . import validators
from .accounts import (  # noqa: F401  (re-exported)
    SignUpResult,
    TokenProblem,
    create_verified_account,
    make_verification_token,
    mark_verified,
    normalize_email,
    recently_mailed,
    require_verified,
    send_verification,
    sign_up,
    verification_url,
    verify_email,
)
from .invitations import (  # noqa: F401  (re-exported: one import place for callers)
    accept_invitation,
    decline_invitation,
    grant_role,
    invite,
    invite_many,
    parse_invite_lines,
    resend_invitation,
    revoke_invitation,
    revoke_role,
    unlock_login,
)
from .listing import set_listing  # noqa: F401  (re-exported)
from .models import Affiliation, User

MIN_YEAR = 1900


# --- profile ------------------------------------------------------------------------------------------

PROFILE_FIELDS = ("name", "orcid", "dblp_id", "openreview_id", "keywords")
_CLEANERS = {
    "orcid": validators.clean_orcid,
    "dblp_id": validators.clean_dblp_id,
    "openreview_id": validators.clean_openreview_id,
}


def update_profile(user: User, **fields) -> User:
    """Change name, ORCID / DBLP / OpenReview ids and keywords. Unknown keys are a programming error."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"update_profile() got unknown fields {sorted(unknown)}")
    cleaned, errors = {}, {}
    for key, value in fields.items():
        value = (value or "").strip()
        try:
            cleaned[key] = _CLEANERS[key](value) if key in _CLEANERS else value
        except ValidationError as exc:
            errors[key] = exc.messages
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = ["Your name cannot be empty."]
    if "keywords" in cleaned:
        words = [w.strip() for w in cleaned["keywords"].replace(";", ",").split(",")]
        cleaned["keywords"] = ", ".join(dict.fromkeys(w for w in words if w))
    if errors:
        raise ValidationError(errors)
    changed = {k: v for k, v in cleaned.items() if getattr(user, k) != v}
    if changed:
        with transaction.atomic():
            for key, value in changed.items():
                setattr(user, key, value)
            user.save(update_fields=list(changed))
            record(
                "account.profile_updated",
                actor=user,
                obj=user,
                summary="profile updated",
                fields=sorted(changed),
            )
    return user


@dataclass
class AffiliationData:
    institution: str
    email_domain: str = ""
    start_year: int | None = None
    end_year: int | None = None


def _clean_affiliation(item: AffiliationData, max_year: int) -> tuple[AffiliationData, dict]:
    errors: dict[str, list[str]] = {}
    institution = (item.institution or "").strip()
    if not institution:
        errors["institution"] = ["Give the institution's name."]
    try:
        domain = validators.clean_email_domain(item.email_domain)
    except ValidationError as exc:
        domain, errors["email_domain"] = "", exc.messages
    for key in ("start_year", "end_year"):
        year = getattr(item, key)
        if year is not None and not MIN_YEAR <= int(year) <= max_year:
            errors[key] = [f"Use a year between {MIN_YEAR} and {max_year}."]
    if item.start_year and item.end_year and int(item.end_year) < int(item.start_year):
        errors["end_year"] = ["The end year cannot be before the start year."]
    return AffiliationData(institution, domain, item.start_year, item.end_year), errors


def set_affiliations(user: User, items: list[AffiliationData]) -> list[Affiliation]:
    """Replace the user's affiliations. Errors are a list with one dict per item (empty when fine)."""
    from django.utils import timezone

    max_year = timezone.now().year + 10
    cleaned, all_errors = [], []
    for item in items:
        if isinstance(item, dict):
            item = AffiliationData(**item)
        data, errors = _clean_affiliation(item, max_year)
        cleaned.append(data)
        all_errors.append(errors)
    if any(all_errors):
        exc = ValidationError(
            {
                "affiliations": [
                    f"Affiliation {i}: {msg}"
                    for i, errs in enumerate(all_errors, 1)
                    for msgs in errs.values()
                    for msg in msgs
                ]
            }
        )
        exc.item_errors = all_errors  # one dict per item, field -> messages (forms show them in place)
        raise exc
    with transaction.atomic():
        user.affiliations.all().delete()
        rows = [
            Affiliation.objects.create(
                user=user,
                institution=d.institution,
                email_domain=d.email_domain,
                start_year=d.start_year,
                end_year=d.end_year,
            )
            for d in cleaned
        ]
        record(
            "account.affiliations_set",
            actor=user,
            obj=user,
            summary=f"{len(rows)} affiliation(s)",
            institutions=[r.institution for r in rows],
        )
    return rows


def set_research_areas(user: User, workshop, areas) -> None:
    """Replace the user's research areas within ``workshop`` (areas of other workshops stay)."""
    areas = list(areas)
    foreign = [a for a in areas if a.workshop_id != workshop.pk]
    if foreign:
        raise ValidationError(
            {"research_areas": [f"{a.name!r} is not a research area of {workshop}." for a in foreign]}
        )
    with transaction.atomic():
        user.research_areas.remove(*user.research_areas.filter(workshop=workshop))
        user.research_areas.add(*areas)
        record(
            "account.research_areas_set",
            actor=user,
            workshop=workshop,
            obj=user,
            summary=f"{len(areas)} research area(s)",
            areas=sorted(a.key for a in areas),
        )
