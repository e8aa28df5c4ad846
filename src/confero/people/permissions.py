"""Who may do what in a workshop. Views, services and templates ask here, nowhere else."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Role


def roles_of(user, workshop) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_confero_roles", None)
    if cache is None:
        cache = user._confero_roles = {}
    if workshop.pk not in cache:
        cache[workshop.pk] = set(
            Role.objects.filter(workshop=workshop, user=user).values_list("kind", flat=True)
        )
    return cache[workshop.pk]


def is_organizer(user, workshop) -> bool:
    return Role.Kind.ORGANIZER in roles_of(user, workshop)


def is_pc_member(user, workshop) -> bool:
    return Role.Kind.PC in roles_of(user, workshop)


def organizer_required(view):
    """Decorator for views taking ``slug``: loads the workshop as ``request.workshop``; organizers only."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        from confero.workshops.models import Workshop

        workshop = get_object_or_404(Workshop, slug=slug)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_organizer(request.user, workshop):
            raise PermissionDenied("only the workshop's organizers may open this page")
        request.workshop = workshop
        return view(request, slug, *args, **kwargs)

    return wrapper
