"""Template helpers: sanitised Markdown and deadlines shown in their own time zone."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from confero.workshops.services import timezone_label

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "sup",
    "sub",
}


def render_markdown(text: str) -> str:
    """Markdown -> HTML with only safe tags and attributes (raw HTML and scripts are removed)."""
    import markdown
    import nh3

    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 above


def format_in_zone(at: dt.datetime, tz_name: str) -> str:
    """'3 Feb 2025 23:59:59 AoE' for an aware datetime shown in the zone ``tz_name``."""
    import zoneinfo

    local = timezone.localtime(at, zoneinfo.ZoneInfo(tz_name))
    return f"{local.day} {local:%b %Y %H:%M:%S} {timezone_label(tz_name)}"


@register.filter
def in_zone(deadline) -> str:
    """A Deadline shown in its own time zone."""
    return format_in_zone(deadline.at, deadline.timezone)


@register.filter
def utc_iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
