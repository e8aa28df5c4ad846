"""DRF plumbing: token authentication and scopes. Who may do what is still the permission table's."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from . import tokens
from .models import ApiToken


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token cft_…`` (or ``Bearer cft_…``)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in (b"token", b"bearer"):
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Write the header as 'Authorization: Token <your token>'.")
        token = tokens.authenticate(parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it is unknown, revoked or expired."
            )
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


def token_of(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class ScopedAccess(BasePermission):
    """Logged-in (session or token). A token needs the 'read' scope for reading and the view's
    ``write_scope`` for changes."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return getattr(view, "public", False) and request.method in SAFE_METHODS
        token = token_of(request)
        if token is None:
            return True
        needed = "read" if request.method in SAFE_METHODS else getattr(view, "write_scope", None)
        if needed is None or needed not in token.scopes:
            raise exceptions.PermissionDenied(f"This token lacks the '{needed or 'write'}' scope.")
        return True
