"""``{% camera_link workshop submission %}``: the link to a paper's camera-ready page for those who may see
it (its authors once the accepted decision is released; organizers who oversee it)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from confero import permissions

register = template.Library()


@register.inclusion_tag("camera/_link.html", takes_context=True)
def camera_link(context, workshop, submission):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or submission is None or not permissions.can(user, "camera.view", submission):
        return {"url": ""}
    return {
        "url": reverse("camera:edit", args=[workshop.slug, submission.number]),
        "can_edit": permissions.can(user, "camera.edit", submission),
    }
