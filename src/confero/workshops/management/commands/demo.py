"""``confero demo``: migrate, load the OS-FMs demo workshop (idempotent), print the logins, serve."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings


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
            "--password",
            default=None,
            help="password for the demo logins (default: a new random one each run)",
        )

    def handle(self, *args, host, port, no_serve, password, **options):
        from confero.workshops.demo import load_demo

        if password is not None and len(password) < 8:
            raise CommandError("--password must have at least 8 characters")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading the OS-FMs demo workshop ...")
        # The demo's ~200 notification e-mails go to reserved .example addresses: keep them in the outbox
        # (visible in the admin) instead of printing them all on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            result = load_demo(password=password)
        ws = result.workshop
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo workshop {ws.acronym} ready: {ws.topics.count()} topics, {ws.categories.count()} categories, "
                f"{result.submissions} submissions ({result.created_submissions} new)."
            )
        )
        self.stdout.write("Demo logins (demo data only; all demo e-mail addresses end in .example):")
        for role, email, pw in result.logins:
            self.stdout.write(f"  {role:<10} {email:<28} password: {pw}")
        if not no_serve:
            call_command("serve", host=host, port=port, no_migrate=True)
