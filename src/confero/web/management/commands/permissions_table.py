"""``confero manage permissions_table [--write docs/permissions.md]``: print (or refresh in a file) the
permission table as Markdown."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from confero.permissions.describe import BEGIN, END, markdown


class Command(BaseCommand):
    help = "Print the permission table as Markdown, or replace the generated part of a file with it."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="FILE", help="replace the generated section of FILE")

    def handle(self, *args, write=None, **options):
        table = markdown()
        if not write:
            self.stdout.write(table)
            return
        path = Path(write)
        text = path.read_text()
        if BEGIN not in text or END not in text:
            raise CommandError(f"{path} has no generated section (the markers {BEGIN!r} … {END!r})")
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        path.write_text(head + table + tail)
        self.stdout.write(f"{path}: permission table refreshed")
