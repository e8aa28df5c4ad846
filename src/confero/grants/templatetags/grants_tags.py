"""``{% grants_link workshop %}``: a link to the travel-grant page while the workshop offers grants."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..models import GrantSettings

register = template.Library()


@register.simple_tag
def grants_link(workshop, css_class: str = ""):
    if workshop is None or not GrantSettings.objects.filter(workshop=workshop, enabled=True).exists():
        return ""
    url = reverse("grants:mine", args=[workshop.slug])
    return format_html('<a class="{}" href="{}">Travel grants</a>', css_class, url)
