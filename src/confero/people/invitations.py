"""Roles per workshop and invitations (organizers invite PC members and co-organizers by e-mail).

Decisions (see docs/people.md):
* an invitation may be accepted by any logged-in account, also one with a different e-mail address
  (people often have several); the audit event records the invited address and the accepting account;
* accepting with the invited address proves that address, so that account is marked verified;
* inviting an address that has a pending invitation of the same kind re-sends it (no duplicate);
* a workshop always keeps at least one organizer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.mail.services import queue_template
from confero.web.site import absolute

from .accounts import mark_verified
from .models import Invitation, Role, User

INVITABLE_KINDS = (Role.Kind.PC, Role.Kind.ORGANIZER)


def _check_actor(by, workshop) -> None:
    """``by`` None means the system (a command); otherwise the permission table's ``workshop.manage``."""
    if by is not None:
        permissions.require(by, "workshop.manage", workshop)


def _forget_role_cache(user) -> None:
    permissions.forget(user)


# --- roles --------------------------------------------------------------------------------------------


def grant_role(workshop, user: User, kind: str, *, by=None) -> Role:
    """Give ``user`` the role ``kind`` in ``workshop`` (nothing happens if it is held already)."""
    if kind not in Role.Kind.values:
        raise ValidationError({"kind": f"unknown role {kind!r} (use one of {', '.join(Role.Kind.values)})"})
    _check_actor(by, workshop)
    with transaction.atomic():
        role, created = Role.objects.get_or_create(workshop=workshop, user=user, kind=kind)
        if created:
            record(
                "role.granted",
                actor=by,
                workshop=workshop,
                obj=role,
                summary=f"{user.email} is now {role.get_kind_display()}",
                user=user.email,
                kind=kind,
            )
    _forget_role_cache(user)
    return role


def revoke_role(workshop, user: User, kind: str, *, by=None) -> bool:
    """Take the role away. Returns False if it was not held. The last organizer cannot be removed."""
    _check_actor(by, workshop)
    with transaction.atomic():
        role = Role.objects.select_for_update().filter(workshop=workshop, user=user, kind=kind).first()
        if role is None:
            return False
        if (
            kind == Role.Kind.ORGANIZER
            and Role.objects.filter(workshop=workshop, kind=Role.Kind.ORGANIZER).count() <= 1
        ):
            raise ValidationError("A workshop needs at least one organizer: add another organizer first.")
        role_pk = role.pk
        role.delete()
        record(
            "role.revoked",
            actor=by,
            workshop=workshop,
            obj=user,
            summary=f"{user.email} is no longer {Role.Kind(kind).label}",
            user=user.email,
            kind=kind,
            role_id=role_pk,
        )
    _forget_role_cache(user)
    return True


def unlock_login(workshop, user: User, *, by) -> int:
    """Clear the failed log-ins of a member of ``workshop`` (organizers only). Returns the rows removed."""
    from . import lockout

    _check_actor(by, workshop)
    if not Role.objects.filter(workshop=workshop, user=user).exists():
        raise PermissionDenied(f"{user.email} has no role in {workshop}")
    removed = lockout.clear(user.email)
    record(
        "account.unlocked",
        actor=by,
        workshop=workshop,
        obj=user,
        summary=f"log-in of {user.email} unlocked",
        user=user.email,
    )
    return removed


# --- invitations --------------------------------------------------------------------------------------


def invitation_url(invitation: Invitation) -> str:
    return absolute(reverse("people:invitation", args=[invitation.token]))


def invitation_proves(token: str, email: str) -> bool:
    """Whoever holds the token of a pending invitation to ``email`` received it at that address."""
    return Invitation.objects.filter(
        token=token, email__iexact=(email or "").strip(), status=Invitation.Status.PENDING
    ).exists()


def _send(invitation: Invitation) -> None:
    queue_template(
        invitation.email,
        "people/mail/invitation.txt",
        {
            "invitation": invitation,
            "workshop": invitation.workshop,
            "role": Role.Kind(invitation.kind).label,
            "url": invitation_url(invitation),
            "inviter": invitation.invited_by.name
            if invitation.invited_by
            else f"The organizers of {invitation.workshop}",
        },
        kind="invitation",
        workshop=invitation.workshop,
    )


def invite(workshop, email: str, name: str = "", kind: str = Role.Kind.PC, *, by=None) -> Invitation:
    """Invite ``email`` to ``workshop`` as ``kind`` and mail the link. A pending invitation for the same
    address and kind is re-sent instead of duplicated. Someone holding the role already is an error."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"{email!r} is not an e-mail address."}) from None
    if kind not in INVITABLE_KINDS:
        raise ValidationError(
            {"kind": "Only program committee members and organizers are invited; authors join by submitting."}
        )
    _check_actor(by, workshop)
    if Role.objects.filter(workshop=workshop, kind=kind, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": f"{email} is already {Role.Kind(kind).label} of {workshop}."}, code="already_member"
        )
    with transaction.atomic():
        pending = (
            Invitation.objects.select_for_update()
            .filter(workshop=workshop, email=email, kind=kind, status=Invitation.Status.PENDING)
            .first()
        )
        if pending is not None:
            if name and name != pending.name:
                pending.name = name.strip()
                pending.save(update_fields=["name"])
            _send(pending)
            record(
                "invitation.resent",
                actor=by,
                workshop=workshop,
                obj=pending,
                summary=f"{email} re-invited",
                email=email,
                kind=kind,
            )
            return pending
        invitation = Invitation.objects.create(
            workshop=workshop, email=email, name=(name or "").strip(), kind=kind, invited_by=by
        )
        _send(invitation)
        record(
            "invitation.sent",
            actor=by,
            workshop=workshop,
            obj=invitation,
            summary=f"{email} invited",
            email=email,
            kind=kind,
        )
    return invitation


def resend_invitation(invitation: Invitation, *, by=None) -> Invitation:
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(
            f"This invitation is {invitation.get_status_display().lower()}; only pending "
            "invitations can be re-sent."
        )
    return invite(invitation.workshop, invitation.email, invitation.name, invitation.kind, by=by)


def _respond(invitation: Invitation, status: str, user, action: str, **data) -> None:
    invitation.status = status
    invitation.user = user if getattr(user, "is_authenticated", False) else None
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "user", "responded_at"])
    who = invitation.user.email if invitation.user else "anonymous"
    record(
        action,
        actor=invitation.user,
        workshop=invitation.workshop,
        obj=invitation,
        summary=f"invitation of {invitation.email} {status} by {who}",
        email=invitation.email,
        kind=invitation.kind,
        **data,
    )


def _lock_pending(invitation: Invitation) -> Invitation:
    fresh = Invitation.objects.select_for_update().select_related("workshop").get(pk=invitation.pk)
    if fresh.status != Invitation.Status.PENDING:
        message = {
            Invitation.Status.ACCEPTED: "This invitation has been accepted already.",
            Invitation.Status.DECLINED: "This invitation has been declined.",
            Invitation.Status.REVOKED: "The organizers withdrew this invitation.",
        }[fresh.status]
        raise ValidationError(message, code=fresh.status)
    return fresh


def accept_invitation(invitation: Invitation, user: User) -> Role:
    """Grant the invited role to ``user`` (any logged-in account; a different e-mail is recorded)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("log in (or sign up) to accept an invitation")
    with transaction.atomic():
        fresh = _lock_pending(invitation)
        same = fresh.email == user.email
        if same:
            mark_verified(user, how="invitation")  # the token arrived at this address
        role, _ = Role.objects.get_or_create(workshop=fresh.workshop, user=user, kind=fresh.kind)
        _respond(
            fresh,
            Invitation.Status.ACCEPTED,
            user,
            "invitation.accepted",
            accepted_by=user.email,
            email_matches=same,
        )
    _forget_role_cache(user)
    invitation.refresh_from_db()
    return role


def decline_invitation(invitation: Invitation, user=None) -> Invitation:
    with transaction.atomic():
        fresh = _lock_pending(invitation)
        _respond(fresh, Invitation.Status.DECLINED, user, "invitation.declined")
    invitation.refresh_from_db()
    return invitation


def revoke_invitation(invitation: Invitation, *, by=None) -> Invitation:
    _check_actor(by, invitation.workshop)
    with transaction.atomic():
        fresh = _lock_pending(invitation)
        fresh.status = Invitation.Status.REVOKED
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "responded_at"])
        record(
            "invitation.revoked",
            actor=by,
            workshop=fresh.workshop,
            obj=fresh,
            summary=f"invitation of {fresh.email} withdrawn",
            email=fresh.email,
            kind=fresh.kind,
        )
    invitation.refresh_from_db()
    return invitation


# --- many at once -------------------------------------------------------------------------------------


def parse_invite_lines(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """``email`` or ``email, name`` (or ``name <email>``) per line -> ([(email, name)], [errors])."""
    people, errors, seen = [], [], set()
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "<" in line and line.endswith(">"):
            name, _, email = line[:-1].rpartition("<")
            name = name.strip().strip('"').strip()
        else:
            sep = "," if "," in line else ("\t" if "\t" in line else ";" if ";" in line else None)
            email, _, name = line.partition(sep) if sep else (line, "", "")
            if "@" not in email and "@" in name:  # "name, email"
                email, name = name, email
        email, name = email.strip().strip('"').lower(), name.strip().strip('"')
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"line {number}: {raw.strip()!r} has no valid e-mail address")
            continue
        if email in seen:
            continue
        seen.add(email)
        people.append((email, name))
    return people, errors


@dataclass
class InviteReport:
    invited: list[Invitation] = field(default_factory=list)
    resent: list[Invitation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def invite_many(
    workshop, people: list[tuple[str, str]], kind: str = Role.Kind.PC, *, by=None
) -> InviteReport:
    """Invite each (email, name); one bad row is reported and skipped, the others go out."""
    _check_actor(by, workshop)
    report = InviteReport()
    pending = set(
        Invitation.objects.filter(workshop=workshop, kind=kind, status=Invitation.Status.PENDING).values_list(
            "email", flat=True
        )
    )
    for email, name in people:
        try:
            invitation = invite(workshop, email, name, kind, by=by)
        except ValidationError as exc:
            report.skipped.append(f"{email}: {' '.join(exc.messages)}")
            continue
        (report.resent if email in pending else report.invited).append(invitation)
    return report
