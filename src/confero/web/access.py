"""The thin web layer's two doors: a workshop page for an action, and an object for an action.

- :func:`action_required` guards a view taking ``slug``: anonymous visitors go to log-in; people the table
  refuses get 403 with the reason; the workshop is ``request.workshop``. Unpublished workshops answer 404
  to everybody but their organizers.
- :func:`fetch` returns the object a URL names if the person may do ``action`` with it, and answers 404
  otherwise — the same answer as for an object that does not exist, so nothing leaks (pretalx does so).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from confero import permissions


def workshop_for(request, slug: str):
    """The workshop of ``slug`` as ``request`` may see it (404 for a draft unless they organize it)."""
    from confero.workshops.models import Workshop

    workshop = get_object_or_404(Workshop, slug=slug)
    if not workshop.is_published and not permissions.can(request.user, "workshop.manage", workshop):
        raise Http404("no such workshop")
    return workshop


def action_required(action: str):
    """Decorator for views ``view(request, slug, ...)`` that need a workshop-level ``action``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            workshop = workshop_for(request, slug)
            permissions.require(request.user, action, workshop)
            request.workshop = workshop
            return view(request, slug, *args, **kwargs)

        return wrapper

    return decorate


def fetch(request, queryset, action: str, **lookup):
    """``queryset.get(**lookup)`` if ``request.user`` may ``action`` it; Http404 otherwise."""
    obj = get_object_or_404(queryset, **lookup)
    if not permissions.can(request.user, action, obj):
        raise Http404("not found")
    return obj
