"""Template helpers: sanitised Markdown and deadlines shown in their own time zone."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.safestring import mark_safe

from confero.workshops import timezones

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


@register.filter
def in_zone(deadline) -> str:
    """A Deadline shown in its own time zone: '3 Feb 2025, 23:59:59 AoE'."""
    return timezones.format_in(deadline.at, deadline.timezone)


@register.filter
def when(at: dt.datetime | None, tz_name: str = "UTC") -> str:
    """Any moment, written the one way Confero writes times: '3 Feb 2025, 14:02:11 UTC'."""
    return timezones.format_in(at, tz_name or "UTC")


@register.filter
def utc_iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
