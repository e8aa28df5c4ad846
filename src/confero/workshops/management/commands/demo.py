"""``confero demo``: migrate, load the OS-FMs demo workshop (idempotent), print the logins, serve."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from confero.workshops.demo_stages import CLOSED_SINCE, STAGES


class Command(BaseCommand):
    help = (
        "Create or refresh the OS-FMs demo workshop (organizers, PC, ~60 submissions), print demo logins "
        "and serve it on http://127.0.0.1:8000/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--no-serve", action="store_true", help="only load the demo data, do not serve")
        parser.add_argument(
            "--stage",
            choices=STAGES,
            default=None,
            help="bring the demo to this stage of its review cycle: bids, a published assignment, reviews, "
            "discussion, staged decisions, or (program) released decisions and program. Default: the open "
            "call for papers, as before",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="password for the demo logins (default: a new random one each run)",
        )

    def handle(self, *args, host, port, no_serve, password, stage=None, **options):
        from django.utils import timezone

        from confero.workshops.demo import load_demo
        from confero.workshops.demo_stages import advance

        if password is not None and len(password) < 8:
            raise CommandError("--password must have at least 8 characters")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading the OS-FMs demo workshop ...")
        # The demo's ~200 notification e-mails go to reserved .example addresses: keep them in the outbox
        # (visible in the admin) instead of printing them all on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            # Later stages: the call for papers closed two weeks ago.
            now = timezone.now() - CLOSED_SINCE if stage not in (None, "submission") else None
            result = load_demo(now, password=password)
            if stage is not None:
                self.stdout.write(f"Bringing it to the {stage} stage ...")
                result.logins = advance(result.workshop, stage, password=result.logins[0][2])
        ws = result.workshop
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo workshop {ws.acronym} ready: {ws.topics.count()} topics, {ws.categories.count()} categories, "
                f"{result.submissions} submissions ({result.created_submissions} new)."
            )
        )
        self.stdout.write("Demo logins (demo data only; all demo e-mail addresses end in .example):")
        width = max(10, *(len(role) for role, _, _ in result.logins))
        for role, email, pw in result.logins:
            self.stdout.write(f"  {role:<{width}} {email:<28} password: {pw}")
        if not no_serve:
            call_command("serve", host=host, port=port, no_migrate=True)
