"""A PC role, however it was granted (an accepted invitation, an organizer, the demo), gets the member's
committee settings row in the same transaction."""

from __future__ import annotations

from confero.people.models import Role

from .models import CommitteeMember


def member_on_pc_role(sender, instance: Role, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created or instance.kind != Role.Kind.PC:
        return
    CommitteeMember.objects.get_or_create(workshop_id=instance.workshop_id, user_id=instance.user_id)
