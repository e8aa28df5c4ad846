"""Every workshop has its phases from the moment it exists."""

from __future__ import annotations


def create_phases(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        from .services import ensure_phases

        ensure_phases(instance)
