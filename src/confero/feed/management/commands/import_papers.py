"""``confero import-papers --workshop SLUG FILE... [--format F]``: import listings into a library."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from confero.engine.feed import FORMATS


class Command(BaseCommand):
    help = (
        "Import paper listings (JSONL, arXiv metadata JSON, OAI-PMH/Atom XML, BibTeX, or the text of a listing "
        "page) into a workshop's library, merge duplicates, rank by the call's topics. Prints imported / "
        "merged / skipped counts and the reason for each skip."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--workshop", required=True, metavar="SLUG")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--no-rank", action="store_true", help="do not rank the library afterwards")

    def handle(self, *args, files, workshop, format, no_rank, **options):
        from confero.feed import services
        from confero.workshops.models import Workshop

        ws = Workshop.objects.filter(slug=workshop).first()
        if ws is None:
            raise CommandError(f"no workshop {workshop!r}")
        data = []
        for path in files:
            try:
                with open(path, "rb") as fh:
                    data.append((path, fh.read(services.MAX_FILE_BYTES + 1)))
            except OSError as exc:
                raise CommandError(f"{path}: cannot read file ({exc.strerror})") from None
        report = services.import_papers(ws, data, format, rank_after=not no_rank)
        for name, fmt in report.formats.items():
            self.stdout.write(f"{name}: read as {fmt}")
        self.stdout.write(report.summary())
        for line in report.skipped:
            self.stdout.write(f"skipped {line}")
        for line in report.notes:
            self.stdout.write(f"note {line}")
