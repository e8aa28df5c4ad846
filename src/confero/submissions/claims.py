"""Claiming an authorship: linking an author row (listed by e-mail) to an account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from confero.audit.services import record
from confero.people.models import Role

from .models import SubmissionAuthor


def _require_verified(user) -> None:
    from confero.people import services as people_services

    people_services.require_verified(user)


def claim_authorship(token: str, *, user) -> SubmissionAuthor:
    """Link the author row holding ``token`` to ``user``. Any verified account holding the token may claim
    (the link was mailed only to that author's address); the token is then replaced so it works once."""
    _require_verified(user)
    with transaction.atomic():
        row = (
            SubmissionAuthor.objects.select_for_update()
            .select_related("submission__workshop")
            .filter(claim_token=token)
            .first()
        )
        if row is None:
            raise ValidationError("This claim link is not valid or was already used.")
        if row.user_id == user.pk:
            return row
        if row.user_id is not None:
            raise ValidationError("This authorship was already claimed by another account.")
        if row.submission.authors.filter(user=user).exists():
            raise ValidationError("Your account is already linked to another author of this submission.")
        row.user = user
        row.claim_token = SubmissionAuthor._meta.get_field("claim_token").default()
        row.save(update_fields=["user", "claim_token"])
        Role.objects.get_or_create(workshop=row.submission.workshop, user=user, kind=Role.Kind.AUTHOR)
        record(
            "submission.author_claimed",
            actor=user,
            workshop=row.submission.workshop,
            obj=row.submission,
            summary=f"#{row.submission.number}: {user.email} claimed the authorship of {row.email}",
            number=row.submission.number,
            author_email=row.email,
        )
    return row


def link_user_to_authorships(user) -> int:
    """Link ``user`` to unclaimed author rows with the same e-mail (call after e-mail verification)."""
    if not getattr(user, "email_verified", False):
        return 0
    n = 0
    with transaction.atomic():
        for row in SubmissionAuthor.objects.select_related("submission__workshop").filter(
            email__iexact=user.email, user__isnull=True
        ):
            if row.submission.authors.filter(user=user).exists():
                continue
            row.user = user
            row.save(update_fields=["user"])
            Role.objects.get_or_create(workshop=row.submission.workshop, user=user, kind=Role.Kind.AUTHOR)
            n += 1
    return n
