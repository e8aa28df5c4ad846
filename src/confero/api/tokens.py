"""Creating, checking and revoking API tokens. The secret is shown once; only its hash is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from confero.audit.services import record

from .models import SCOPES, ApiToken

PREFIX = "cft_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user, *, name: str, scopes, workshop=None, days: int | None = 365) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the secret (show it once, it is not stored)."""
    name = " ".join((name or "").split())
    scopes = sorted(set(scopes))
    errors = {}
    if not name:
        errors["name"] = ["Give the token a name (what it is for)."]
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        errors["scopes"] = [
            f"Choose scopes among: {', '.join(SCOPES)}"
            + (f" (unknown: {', '.join(unknown)})" if unknown else "")
        ]
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_urlsafe(32)
    key = f"{PREFIX}{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=key[: len(PREFIX) + 8],
            key_hash=_hash(key),
            scopes=scopes,
            workshop=workshop,
            expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
        )
        record(
            "api.token_created",
            actor=user,
            workshop=workshop,
            obj=token,
            summary=f"API token {token}",
            scopes=scopes,
        )
    return token, key


def authenticate(key: str) -> ApiToken | None:
    """The live token for ``key`` (not revoked, not expired), or None."""
    if not key.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=key[: len(PREFIX) + 8]).first()
    if token is None or not constant_time_compare(token.key_hash, _hash(key)):
        return None
    now = timezone.now()
    if token.revoked_at or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write per 5 minutes
    return token


def revoke(token: ApiToken, *, by) -> None:
    if token.user_id != by.pk:
        raise ValidationError("You can only revoke your own tokens.")
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record("api.token_revoked", actor=by, obj=token, summary=f"API token {token} revoked")
