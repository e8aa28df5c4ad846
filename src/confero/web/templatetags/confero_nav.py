"""The organizer menu, shown on every page of a workshop to the people who may use it."""

from __future__ import annotations

from django import template
from django.urls import reverse

from confero import permissions

register = template.Library()

ORGANIZER_PAGES = [
    ("dashboard:index", "Submissions"),
    ("workshops:settings", "Settings"),
    ("people_manage:index", "People"),
    ("phases:index", "Phases"),
    ("committee:manage", "Committee"),
    ("conflicts:queue", "Conflicts"),
    ("reviews:progress", "Reviews"),
    ("matching:index", "Matching"),
    ("checks:overview", "Checks"),
    ("decisions:index", "Decisions"),
    ("camera:index", "Camera-ready"),  # with its tab: settings
    ("program:index", "Program"),  # with its tabs: orals & awards, poster sessions
    ("grants:index", "Travel grants"),
    ("feed_manage:index", "Papers of the field"),
    ("audit:index", "Audit log"),
]


@register.inclusion_tag("web/_organizer_nav.html", takes_context=True)
def organizer_menu(context, workshop):
    request = context.get("request")
    user = getattr(request, "user", None)
    if workshop is None or user is None or not permissions.can(user, "workshop.manage", workshop):
        return {"items": []}
    items = [{"url": reverse(name, args=[workshop.slug]), "label": label} for name, label in ORGANIZER_PAGES]
    # The current section: the longest menu address the page's address starts with.
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["current"] = True
    return {"items": items}
