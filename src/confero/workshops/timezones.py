"""Time zones of deadlines, and how every time is written on a page or in a mail.

One place for: the AoE zone, the names organizers may type ("AoE", "UTC", IANA names), the zones offered in
forms, the conversion of a wall-clock time to UTC, and the one display format ("3 Feb 2025, 23:59:59 AoE").
Deadlines are shown in their own zone everywhere; other moments (versions, audit log, mail log) in UTC.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import timezone

AOE = "Etc/GMT+12"  # Anywhere on Earth = UTC-12 (POSIX sign convention: GMT+12 is twelve hours behind)

ALIASES = {
    "aoe": AOE,
    "anywhere on earth": AOE,
    "utc-12": AOE,
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
}

#: Offered in the time-zone fields (any IANA name is accepted too).
COMMON = [
    "AoE",
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
]


def normalize(name: str) -> str:
    """'AoE' -> 'Etc/GMT+12'; IANA names are checked. Raises ValidationError for unknown zones."""
    raw = (name or "").strip()
    value = ALIASES.get(raw.lower(), raw)
    if not value:
        raise ValidationError("enter a time zone, e.g. AoE, UTC or Europe/London")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"unknown time zone {raw!r} (use AoE, UTC or an IANA name such as Europe/London)"
        ) from None
    return value


def validate(value: str) -> None:
    """Model-field validator: the stored value must be a real zone name (forms normalise aliases first)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"unknown time zone {value!r} (use an IANA name such as Europe/London, or {AOE} for Anywhere on "
            "Earth)"
        ) from None


def label(name: str) -> str:
    """How a zone is named on pages: 'AoE' for Anywhere on Earth, the IANA name otherwise."""
    return "AoE" if name == AOE else name


def local_to_utc(local: dt.datetime, tz_name: str) -> dt.datetime:
    """A wall-clock time in ``tz_name`` -> aware UTC datetime (``local`` may be naive or aware; its own
    zone, if any, is ignored: the browser sends wall-clock times)."""
    tz = zoneinfo.ZoneInfo(normalize(tz_name))
    if local.tzinfo is not None:
        local = local.replace(tzinfo=None)
    return local.replace(tzinfo=tz).astimezone(dt.UTC)


def to_local(at: dt.datetime, tz_name: str) -> dt.datetime:
    return timezone.localtime(at, zoneinfo.ZoneInfo(normalize(tz_name)))


def format_in(at: dt.datetime | None, tz_name: str = "UTC", *, seconds: bool = True) -> str:
    """The one way Confero writes a moment: '3 Feb 2025, 23:59:59 AoE' (or without seconds)."""
    if at is None:
        return ""
    local = to_local(at, tz_name)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{local.day} {local:%b %Y}, {clock} {label(normalize(tz_name))}"
