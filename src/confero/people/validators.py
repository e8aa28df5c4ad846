"""Shape checks for researcher identifiers (ORCID, DBLP, OpenReview) and institution e-mail domains.

Each ``clean_*`` function accepts what people paste (a bare id or the profile URL), returns the canonical
id, and raises :class:`django.core.exceptions.ValidationError` with a message that says what is expected.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_ORCID_URL = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.I)
_DBLP_PID = re.compile(r"^(?:\d+/\d+(?:-\d+)?|[a-z]/[^\W\d_][\w'=.-]*(?:-\d+)?)$")
_DBLP_URL = re.compile(r"^(?:https?://)?(?:www\.)?dblp\.(?:org|uni-trier\.de)/(?:pid/)?", re.I)
_NAME_PART = r"[^\W\d_](?:[^\W\d_]|[-.'])*"
_OPENREVIEW = re.compile(rf"^~{_NAME_PART}(?:_{_NAME_PART})+\d+$")
_OPENREVIEW_URL = re.compile(r"^(?:https?://)?(?:www\.)?openreview\.net/profile\?id=", re.I)
_DOMAIN = re.compile(r"^(?=.{3,100}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for ch in base_digits:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def clean_orcid(value: str) -> str:
    value = _ORCID_URL.sub("", (value or "").strip()).upper()
    if not value:
        return ""
    match = _ORCID.match(value)
    if not match:
        raise ValidationError(
            "An ORCID iD has four blocks of four digits, e.g. 0000-0002-1825-0097 (the last character "
            "may be X).",
            code="orcid_format",
        )
    canonical = "-".join(match.groups())
    digits = canonical.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            f"{canonical} is not a valid ORCID iD: its check digit does not match (a typo?). Copy it "
            "from your orcid.org record.",
            code="orcid_checksum",
        )
    return canonical


def clean_dblp_id(value: str) -> str:
    value = _DBLP_URL.sub("", (value or "").strip())
    value = value.removeprefix("pid/").removesuffix(".html").strip("/")
    if not value:
        return ""
    if len(value) > 100 or not _DBLP_PID.match(value):
        raise ValidationError(
            "A DBLP pid looks like 12/3456, 123/4567-1 or h/GeoffreyEHinton: it is the part after "
            "dblp.org/pid/ in your DBLP page's address.",
            code="dblp_format",
        )
    return value


def clean_openreview_id(value: str) -> str:
    value = _OPENREVIEW_URL.sub("", (value or "").strip())
    if not value:
        return ""
    if len(value) > 100 or not _OPENREVIEW.match(value):
        raise ValidationError(
            "An OpenReview id starts with ~, has the name parts joined by _ and ends with a number, "
            "e.g. ~Ada_Lovelace1.",
            code="openreview_format",
        )
    return value


def clean_email_domain(value: str) -> str:
    """``@Manchester.ac.uk`` -> ``manchester.ac.uk``; empty stays empty."""
    value = (value or "").strip().lower().lstrip("@").rstrip(".")
    if "@" in value:
        value = value.rpartition("@")[2]
    if not value:
        return ""
    if not _DOMAIN.match(value):
        raise ValidationError(
            f"{value!r} is not an e-mail domain (expected something like manchester.ac.uk).",
            code="domain_format",
        )
    return value
