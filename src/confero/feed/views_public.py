"""The public reading list of a workshop (no JavaScript needed), and digest subscriptions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from confero import permissions
from confero.web.access import workshop_for
from confero.web.forms import apply_errors

from . import digests, selectors
from .forms import SubscribeForm


def _workshop(request, slug):
    workshop = workshop_for(request, slug)
    if not permissions.can(request.user, "feed.read", workshop):
        raise Http404("no reading list")
    return workshop


@require_http_methods(["GET"])
def reading_list(request, slug):
    workshop = _workshop(request, slug)
    q = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topic", "")[:60]
    lists = selectors.reading_list(workshop, q=q, topic_key=topic)
    return render(
        request,
        "feed/reading_list.html",
        {
            "workshop": workshop,
            "lists": lists,
            "q": q,
            "topic": topic,
            "topics": workshop.topics.all(),
            "published": selectors.is_published(workshop),
            "form": SubscribeForm(workshop=workshop),
            "total": sum(len(x.rows) for x in lists),
        },
    )


@require_http_methods(["GET", "POST"])
def subscribe(request, slug):
    workshop = _workshop(request, slug)
    form = SubscribeForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            digests.subscribe(
                workshop,
                form.cleaned_data["email"],
                form.cleaned_data["frequency"],
                form.cleaned_data["topics"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(
                request, "feed/subscribed.html", {"workshop": workshop, "email": form.cleaned_data["email"]}
            )
    return render(request, "feed/subscribe.html", {"workshop": workshop, "form": form})


@require_http_methods(["GET", "POST"])
def confirm(request, slug, signed):
    """GET shows a button (mail scanners that open links do not confirm); POST confirms."""
    workshop = workshop_for(request, slug)
    done = None
    if request.method == "POST":
        done = digests.confirm(workshop, signed)
        if done is None:
            return render(request, "feed/link_invalid.html", {"workshop": workshop}, status=404)
    return render(request, "feed/confirm.html", {"workshop": workshop, "done": done, "signed": signed})


@csrf_exempt  # the signed link is the credential; mail clients POST without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, slug, signed):
    """One click: following the link unsubscribes (also by POST, for mail clients' one-click buttons)."""
    workshop = workshop_for(request, slug)
    sub = digests.unsubscribe(workshop, signed)
    if sub is None:
        return render(request, "feed/link_invalid.html", {"workshop": workshop}, status=404)
    return render(request, "feed/unsubscribed.html", {"workshop": workshop, "email": sub.email})
