"""The role cache: which roles a person holds in a workshop. Who may do what is decided by the permission
table in :mod:`confero.permissions`, which reads these roles — nothing else should."""

from __future__ import annotations

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
