"""Template tags that put the checks on other apps' pages with one line each:
``{% checks_panel submission %}`` on the authors' and organizers' submission page and
``{% openness_summary submission %}`` on the reviewer's paper page."""

from __future__ import annotations

from django import template

from confero.engine.checks.openness import ITEM_LABELS

from .. import selectors

register = template.Library()

STATE_BADGES = {"found": "ok", "promised": "warn", "absent": ""}


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("checks/_panel.html", takes_context=True)
def checks_panel(context, submission):
    user = _user(context)
    view = selectors.for_viewer(user, submission) if user is not None else None
    if view is None or view.level == "openness":
        return {"checks": None}
    return {"checks": view, "submission": submission, "workshop": submission.workshop}


@register.inclusion_tag("checks/_openness.html", takes_context=True)
def openness_summary(context, submission, heading=True):
    user = _user(context)
    view = selectors.for_viewer(user, submission) if user is not None else None
    if view is None:
        return {"checks": None}
    return {"checks": view, "items": _items(view.openness), "heading": heading}


def _items(openness: list[dict]) -> list[dict]:
    return [
        {
            **item,
            "label": ITEM_LABELS.get(item.get("item"), str(item.get("item", ""))).capitalize(),
            "badge": STATE_BADGES.get(item.get("state"), ""),
        }
        for item in openness
    ]


@register.filter
def severity_badge(severity: str) -> str:
    return {"error": "err", "warning": "warn", "info": ""}.get(severity, "")


@register.filter
def status_badge(status: str) -> str:
    return {"ok": "ok", "flagged": "warn", "could_not_check": "err", "skipped": ""}.get(status, "")


@register.filter
def pct(value) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return "—"


@register.filter
def status_text(status: str) -> str:
    return str(status).replace("_", " ")
