"""Sign-up and e-mail verification: who owns an address.

Rules (they close the "unverified co-author" hole and address squatting):
- An account proves its address by opening a link mailed there (or by a link that was mailed there for
  another reason: an invitation, a password reset). Only then is it linked to anything listed under that
  address (author rows, invitations) — see :data:`confero.people.signals.email_verified`.
- Sign-up answers the same whatever exists, as password reset does: a new address gets an unverified
  account; an address with an *unverified* account is taken over by the new sign-up (name and password
  replaced, earlier links void: the squatter never proved the address, so it keeps nothing); an address
  with a *verified* account gets a mail saying so and nothing changes. Nobody is logged in by signing up:
  the verification link logs its owner in.
- Verification links are bound to the password the account had when the link was made, so a link mailed
  before the account was taken over (or its password changed) cannot log anybody into it.
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
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from confero.audit.services import record
from confero.mail.models import OutboxMail
from confero.mail.services import queue_template
from confero.web.site import absolute

from .models import User
from .signals import email_verified

VERIFY_SALT = "confero.people.verify-email"
#: How long an e-mail verification link stays valid (seconds); the setting or environment variable
#: CONFERO_VERIFY_MAX_AGE overrides it.
VERIFY_MAX_AGE = 3 * 24 * 3600
#: At most one sign-up or verification mail per address in this interval (no mail bombing through forms).
MAIL_INTERVAL = dt.timedelta(seconds=60)
ACCOUNT_MAIL_KINDS = ("verify-email", "account-exists")


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


@dataclass(frozen=True)
class SignUpResult:
    """What happened. Views must answer the same in every case (``outcome`` is for logs and tests)."""

    email: str
    outcome: str  # "created", "replaced-unverified", "exists-verified", "throttled"
    user: User | None = None


def recently_mailed(email: str, kinds=ACCOUNT_MAIL_KINDS) -> bool:
    since = timezone.now() - MAIL_INTERVAL
    return OutboxMail.objects.filter(to=email, kind__in=kinds, created_at__gte=since).exists()


def sign_up(email: str, name: str, password: str, *, next_url: str = "") -> SignUpResult:
    """Start a sign-up for ``email`` (see the module's rules). Raises ValidationError only for problems
    with what was typed (name, password, address syntax), never because an account exists."""
    email = normalize_email(email)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Please give your full name (as on your papers)."]
    try:
        validate_password(password, User(email=email, name=name))
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if recently_mailed(email):
            return SignUpResult(email, "throttled")
        if existing is None:
            user = User.objects.create_user(email=email, password=password, name=name, email_verified=False)
            send_verification(user, next_url=next_url)
            record("account.signed_up", actor=user, obj=user, summary=f"{email} signed up")
            return SignUpResult(email, "created", user)
        if not existing.email_verified:
            existing.name = name
            existing.set_password(password)  # voids links mailed for the previous password
            existing.save(update_fields=["name", "password"])
            send_verification(existing, next_url=next_url)
            record(
                "account.signup_replaced_unverified",
                actor=None,
                obj=existing,
                summary=f"{email}: a new sign-up replaced the unverified account's name and password",
            )
            return SignUpResult(email, "replaced-unverified", existing)
        queue_template(
            email,
            "people/mail/account_exists.txt",
            {
                "user": existing,
                "login_url": absolute(reverse("people:login")),
                "reset_url": absolute(reverse("people:password_reset")),
            },
            kind="account-exists",
        )
        return SignUpResult(email, "exists-verified", existing)


def create_verified_account(email: str, name: str, password: str) -> User:
    """An account whose address is proven otherwise (e.g. a pending invitation to that address was
    opened). Raises ValidationError when a verified account has the address already."""
    email = normalize_email(email)
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is not None and existing.email_verified:
            raise ValidationError(
                {"email": "An account with this e-mail address exists already: log in instead."}
            )
        if existing is None:
            user = User.objects.create_user(email=email, password=password, name=name, email_verified=False)
        else:
            user = existing
            user.name = name
            user.set_password(password)
            user.save(update_fields=["name", "password"])
        record("account.signed_up", actor=user, obj=user, summary=f"{email} signed up (address proven)")
        mark_verified(user, how="invitation")
    return user


# --- verification links ---------------------------------------------------------------------------------


def _password_stamp(user: User) -> str:
    return salted_hmac(VERIFY_SALT, user.password or "", algorithm="sha256").hexdigest()[:16]


def make_verification_token(user: User, *, next_url: str = "") -> str:
    payload = {"u": user.pk, "e": user.email, "p": _password_stamp(user)}
    if next_url:
        payload["n"] = next_url
    return signing.TimestampSigner(salt=VERIFY_SALT).sign_object(payload)


def verification_url(user: User, *, next_url: str = "") -> str:
    return absolute(reverse("people:verify", args=[make_verification_token(user, next_url=next_url)]))


def verify_max_age() -> int:
    value = getattr(settings, "CONFERO_VERIFY_MAX_AGE", None) or os.environ.get("CONFERO_VERIFY_MAX_AGE")
    return int(value) if value else VERIFY_MAX_AGE


def send_verification(user: User, *, next_url: str = "") -> None:
    """(Re-)send the verification link; does nothing for an account that is verified already."""
    if user.email_verified:
        return
    queue_template(
        user.email,
        "people/mail/verify.txt",
        {"user": user, "url": verification_url(user, next_url=next_url), "hours": verify_max_age() // 3600},
        kind="verify-email",
    )


@dataclass(frozen=True)
class Verified:
    user: User
    next_url: str


def verify_email(token: str) -> Verified:
    """Mark the account of a verification link as verified. Raises :class:`TokenProblem`."""
    signer = signing.TimestampSigner(salt=VERIFY_SALT)
    try:
        data = signer.unsign_object(token, max_age=dt.timedelta(seconds=verify_max_age()))
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
    if not constant_time_compare(str(data.get("p", "")), _password_stamp(user)):
        raise TokenProblem(
            "invalid",
            "This verification link was replaced: the account was signed up again (or its password "
            "changed) after the link was sent. Use the newest link we e-mailed.",
        )
    mark_verified(user, how="link")
    next_url = data.get("n") or ""
    return Verified(user, next_url if url_has_allowed_host_and_scheme(next_url, allowed_hosts=None) else "")


def mark_verified(user: User, *, how: str) -> bool:
    """The owner of ``user.email`` proved it (``how``: link, invitation, password-reset). Links the account
    to what is listed under the address (signal). Returns False when it was verified already."""
    with transaction.atomic():
        fresh = User.objects.select_for_update().get(pk=user.pk)
        if fresh.email_verified:
            return False
        fresh.email_verified = user.email_verified = True
        fresh.save(update_fields=["email_verified"])
        record("account.email_verified", actor=fresh, obj=fresh, summary=f"{fresh.email} verified ({how})")
        email_verified.send(sender=User, user=fresh)
    return True


def require_verified(user) -> None:
    """Raise ValidationError unless ``user`` has verified the e-mail address (submitting needs it)."""
    if not getattr(user, "email_verified", False):
        raise ValidationError(
            "Verify your e-mail address first: open the link we e-mailed you, or ask for a new one on "
            "your profile page.",
            code="unverified",
        )
