"""How organizers and PC members appear in public (the call for papers, the public site): as each person
chose in ``Role.listing`` — name and affiliation, name only, or not at all — else the role's default."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from confero.audit.services import record

from .models import Role


def public_people(workshop) -> dict[str, list[dict]]:
    """Organizers and PC members as they chose to be listed: {"organizers": [...], "pc": [...]}, each
    {"name", "affiliation"} ("" when listed by name only). People without a name are not listed (their
    e-mail address is never shown); a PC member who also organizes is listed once, as an organizer."""
    roles = (
        Role.objects.filter(workshop=workshop, kind__in=[Role.Kind.ORGANIZER, Role.Kind.PC])
        .select_related("user")
        .prefetch_related("user__affiliations")
        .order_by("created_at", "id")
    )
    organizers, pc, seen = [], [], set()
    for role in sorted(roles, key=lambda r: r.kind != Role.Kind.ORGANIZER):
        listing = role.public_listing
        name = (role.user.name or "").strip()
        if listing == Role.Listing.HIDDEN or not name or role.user_id in seen or not role.user.is_active:
            continue
        seen.add(role.user_id)
        affiliation = ""
        if listing == Role.Listing.NAME_AFFILIATION:
            affiliation = " / ".join(
                a.institution for a in role.user.affiliations.all() if a.end_year is None
            )
        row = {"name": name, "affiliation": affiliation}
        (organizers if role.kind == Role.Kind.ORGANIZER else pc).append(row)
    pc.sort(key=lambda r: (r["name"].split()[-1].casefold(), r["name"].casefold()))
    return {"organizers": organizers, "pc": pc}


@transaction.atomic
def set_listing(user, workshop, kind: str, listing: str) -> Role:
    """``user`` chooses how their ``kind`` role in ``workshop`` is listed in public ("" = the default)."""
    if listing not in {"", *Role.Listing.values}:
        raise ValidationError({"listing": f"unknown listing {listing!r}"})
    role = (
        Role.objects.select_for_update()
        .filter(workshop=workshop, user=user, kind=kind, kind__in=list(Role.DEFAULT_LISTING))
        .first()
    )
    if role is None:
        raise ValidationError("you are neither an organizer nor a PC member of this workshop")
    if role.listing != listing:
        before = role.public_listing
        role.listing = listing
        role.save(update_fields=["listing"])
        record(
            "people.listing_set",
            actor=user,
            workshop=workshop,
            obj=role,
            summary=f"{role.get_kind_display()} listing: {role.get_listing_display() or 'default'}",
            before=before,
            after=role.public_listing,
        )
    return role
