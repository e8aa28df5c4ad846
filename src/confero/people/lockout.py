"""Log-in throttling with django-axes: what Confero plugs into it, and what organizers see and do.

Axes counts failed log-ins per account (the e-mail address, lower-cased) and per client address; at
``AXES_FAILURE_LIMIT`` failures further attempts are refused — even with the right password — until the
cool-off time has passed, a successful password reset clears the account, or an organizer unlocks a
member. Every lockout is kept in the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from confero.audit.services import record


def username_of(request, credentials: dict | None) -> str:
    """The account a log-in attempt is for: the e-mail address as typed, normalised like log-in does."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    return (raw or "").strip().lower()


def client_ip(request) -> str:
    """The client's address: the socket's, or — behind ``CONFERO_PROXY_COUNT`` trusted reverse proxies —
    the address the outermost trusted proxy saw (X-Forwarded-For, counted from the right)."""
    proxies = settings.CONFERO_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """The page a refused log-in gets (HTTP 429): what happened, how long, and how to get in now."""
    return render(
        request,
        "people/locked_out.html",
        {"minutes": cooloff_minutes(), "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """Keep every lockout in the audit log (axes' ``user_locked_out`` signal)."""
    from confero.audit.models import AuditEvent

    from .models import User

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recorded = AuditEvent.objects.filter(action="account.locked_out", created_at__gte=since)
    key = {"data__username": username} if username else {"data__ip_address": ip_address or ""}
    if recorded.filter(**key).exists():
        return  # every refused attempt during a lockout signals again; one record per lockout
    user = User.objects.filter(email__iexact=username or "").first() if username else None
    record(
        "account.locked_out",
        actor=None,
        obj=user,
        summary=f"log-in locked for {cooloff_minutes()} min after {settings.AXES_FAILURE_LIMIT} failures: "
        f"account {username or '?'}, address {ip_address or '?'}",
        username=username or "",
        ip_address=ip_address or "",
    )


def locked_emails(emails) -> dict[str, timezone.datetime]:
    """Which of ``emails`` are locked out now, with the time of the last failure."""
    from axes.models import AccessAttempt
    from django.db.models import Max, Sum

    emails = [e.lower() for e in emails]
    if not emails:
        return {}
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username__in=emails, attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"]: row["last"] for row in rows}


def clear(email: str) -> int:
    """Forget the failed log-ins of the account ``email`` (not those of any client address)."""
    from axes.utils import reset

    return reset(username=email.lower())
