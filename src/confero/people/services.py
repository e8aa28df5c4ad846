"""Account services: sign-up, e-mail verification, profile, affiliations, research areas.

Every state change of a person's account is one function here, used by views, admin and commands.
Roles and invitations live in :mod:`confero.people.invitations` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from confero.audit.services import record
from confero.mail.services import queue_template

from . import validators
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
)
from .models import Affiliation, User
from .signals import email_verified

VERIFY_SALT = "confero.people.verify-email"
#: How long an e-mail verification link stays valid (seconds); the setting or environment variable
#: CONFERO_VERIFY_MAX_AGE overrides it.
VERIFY_MAX_AGE = 3 * 24 * 3600
MIN_YEAR = 1900


class TokenProblem(ValidationError):
    """A verification link that cannot be used. ``reason`` is ``invalid``, ``expired`` or ``used``."""

    def __init__(self, reason: str, message: str):
        super().__init__(message, code=reason)
        self.reason = reason


def normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"{email!r} is not an e-mail address."}) from None
    return email


# --- sign-up and verification -------------------------------------------------------------------------


def sign_up(email: str, name: str, password: str) -> User:
    """Create an unverified account and queue the verification mail."""
    email = normalize_email(email)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Please give your full name (as on your papers)."]
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [
            "An account with this e-mail address exists already: log in, or reset the "
            "password if you forgot it."
        ]
    candidate = User(email=email, name=name)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, name=name, email_verified=False)
        send_verification(user)
        record("account.signed_up", actor=user, obj=user, summary=f"{email} signed up")
    return user


def make_verification_token(user: User) -> str:
    return signing.TimestampSigner(salt=VERIFY_SALT).sign_object({"u": user.pk, "e": user.email})


def verification_url(user: User) -> str:
    return settings.BASE_URL + reverse("people:verify", args=[make_verification_token(user)])


def send_verification(user: User) -> None:
    """(Re-)send the verification link; does nothing for an account that is verified already."""
    if user.email_verified:
        return
    hours = _verify_max_age() // 3600
    queue_template(
        user.email,
        "people/mail/verify.txt",
        {"user": user, "url": verification_url(user), "hours": hours},
        kind="verify-email",
    )


def _verify_max_age() -> int:
    value = getattr(settings, "CONFERO_VERIFY_MAX_AGE", None) or os.environ.get("CONFERO_VERIFY_MAX_AGE")
    return int(value) if value else VERIFY_MAX_AGE


def verify_email(token: str) -> User:
    """Mark the account of a verification link as verified. Raises :class:`TokenProblem`."""
    signer = signing.TimestampSigner(salt=VERIFY_SALT)
    try:
        data = signer.unsign_object(token, max_age=dt.timedelta(seconds=_verify_max_age()))
    except signing.SignatureExpired:
        raise TokenProblem(
            "expired", "This verification link has expired. Log in and ask for a new one."
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenProblem(
            "invalid",
            "This verification link is not valid (it may have been cut off or "
            "changed). Copy the whole link from the e-mail, or ask for a new one.",
        ) from None
    user = User.objects.filter(pk=data.get("u")).first() if isinstance(data, dict) else None
    if user is None or user.email != data.get("e"):
        raise TokenProblem(
            "invalid",
            "This verification link belongs to an account that no longer exists "
            "or whose e-mail address changed.",
        )
    if user.email_verified:
        raise TokenProblem("used", "This e-mail address is verified already; the link has been used.")
    with transaction.atomic():
        user.email_verified = True
        user.save(update_fields=["email_verified"])
        record("account.email_verified", actor=user, obj=user, summary=f"{user.email} verified")
        email_verified.send(sender=User, user=user)
    return user


def require_verified(user) -> None:
    """Raise ValidationError unless ``user`` has verified the e-mail address (submitting needs it)."""
    if not getattr(user, "email_verified", False):
        raise ValidationError(
            "Verify your e-mail address first: open the link we e-mailed you, or ask for a new one on "
            "your profile page.",
            code="unverified",
        )


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
