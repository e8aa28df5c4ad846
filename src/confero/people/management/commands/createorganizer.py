"""``confero createorganizer``: create (or reuse) a verified account and make it a workshop organizer."""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

PASSWORD_ENV = "CONFERO_ORGANIZER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an organizer account for a workshop (or give an existing account the organizer role). "
        f"The password comes from --password, the {PASSWORD_ENV} environment variable, or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="the organizer's e-mail address (log-in name)")
        parser.add_argument("--name", default="", help="full name (required for a new account)")
        parser.add_argument("--workshop", required=True, metavar="SLUG", help="the workshop's slug")
        parser.add_argument(
            "--password",
            default=None,
            help=f"password for a new account (visible in the process list: prefer "
            f"{PASSWORD_ENV} or the prompt)",
        )
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="also make the account a Django admin (staff + superuser)",
        )

    def handle(self, *args, **opts):
        from confero.people import invitations
        from confero.people.models import Role, User
        from confero.people.services import normalize_email
        from confero.workshops.models import Workshop

        try:
            email = normalize_email(opts["email"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        workshop = Workshop.objects.filter(slug=opts["workshop"]).first()
        if workshop is None:
            slugs = ", ".join(Workshop.objects.order_by("slug").values_list("slug", flat=True))
            slugs = slugs or "none (create one first, e.g. with confero demo or in the admin)"
            raise CommandError(f"no workshop with slug {opts['workshop']!r}; existing: {slugs}")
        user = User.objects.filter(email__iexact=email).first()
        name = (opts["name"] or "").strip()
        with transaction.atomic():
            if user is None:
                if not name:
                    raise CommandError("--name is required when creating a new account")
                password = self._password(opts, User(email=email, name=name))
                user = User.objects.create_user(
                    email=email, password=password, name=name, email_verified=True
                )
                created = True
            else:
                created = False
                changed = []
                if not user.email_verified:
                    user.email_verified = True
                    changed.append("email_verified")
                if name and not user.name:
                    user.name = name
                    changed.append("name")
                if changed:
                    user.save(update_fields=changed)
            if opts["superuser"] and not (user.is_staff and user.is_superuser):
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            invitations.grant_role(workshop, user, Role.Kind.ORGANIZER, by=None)
        what = "created" if created else "existing account"
        admin = " and Django admin" if opts["superuser"] else ""
        self.stdout.write(f"{user.email} ({what}) is organizer of {workshop.slug}{admin}.")

    def _password(self, opts, candidate) -> str:
        password = opts["password"]
        source = "--password"
        if password is None and os.environ.get(PASSWORD_ENV):
            password, source = os.environ[PASSWORD_ENV], PASSWORD_ENV
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(
                    f"no password: pass --password, set {PASSWORD_ENV}, or run in a terminal to be asked"
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
            source = "the prompt"
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError(f"password from {source} rejected: {' '.join(exc.messages)}") from None
        return password
