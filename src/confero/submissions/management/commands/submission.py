"""``confero manage submission withdraw|extend|remove-extension --workshop SLUG --number N --by EMAIL``.

The same service functions as the web pages and the admin: versions, audit events and e-mails are the same.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Withdraw a submission or grant/remove a per-submission deadline extension."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["withdraw", "extend", "remove-extension"])
        parser.add_argument("--workshop", required=True, metavar="SLUG")
        parser.add_argument("--number", required=True, type=int, metavar="N", help="the submission number")
        parser.add_argument("--by", required=True, metavar="EMAIL", help="the organizer doing it (audited)")
        parser.add_argument("--until", metavar="'YYYY-MM-DD HH:MM[:SS]'", help="extend: the new end")
        parser.add_argument("--tz", default="AoE", help="time zone of --until (default AoE; IANA names work)")
        parser.add_argument("--reason", default="", help="extend/remove-extension: why (required for extend)")

    def handle(self, *args, action, workshop, number, by, until, tz, reason, **options):
        from confero.people.models import User
        from confero.submissions import services
        from confero.submissions.models import Submission
        from confero.workshops.services import local_to_utc

        sub = (
            Submission.objects.select_related("workshop")
            .filter(workshop__slug=workshop, number=number)
            .first()
        )
        if sub is None:
            raise CommandError(f"workshop {workshop!r} has no submission #{number}")
        user = User.objects.filter(email__iexact=by.strip()).first()
        if user is None:
            raise CommandError(f"no account with the e-mail {by}")
        try:
            with transaction.atomic():
                if action == "withdraw":
                    sub = services.withdraw_submission(sub, user=user, expected_version=sub.version)
                    self.stdout.write(f"#{number} withdrawn (version {sub.version})")
                elif action == "extend":
                    if not until:
                        raise CommandError("extend needs --until")
                    try:
                        local = dt.datetime.fromisoformat(until.strip())
                    except ValueError:
                        raise CommandError(
                            f"--until {until!r} is not a date and time like 2025-02-05 23:59"
                        ) from None
                    end = local_to_utc(local, tz)
                    sub = services.grant_extension(sub, organizer=user, until=end, reason=reason)
                    self.stdout.write(
                        f"#{number} may be edited until {services.deadline_info(sub).display()}"
                    )
                else:
                    sub = services.grant_extension(
                        sub, organizer=user, until=None, reason=reason or "removed on the command line"
                    )
                    self.stdout.write(f"#{number}: extension removed")
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except services.SubmissionError as exc:
            raise CommandError(exc.message) from None
