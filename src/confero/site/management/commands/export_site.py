"""confero export-site DIR --workshop SLUG [--base-url URL]: the public site as static HTML."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from confero.workshops.models import Workshop


class Command(BaseCommand):
    help = "Write a workshop's public site (home, papers, program, speakers, people) as static HTML files."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="directory to write into (created; must be empty unless --force)")
        parser.add_argument("--workshop", help="the workshop's slug (needed when several are published)")
        parser.add_argument(
            "--base-url",
            help="absolute links under this URL (e.g. https://example.org/os-fms/); default: relative links",
        )
        parser.add_argument("--force", action="store_true", help="write into a non-empty directory")

    def handle(self, *args, **opts):
        from confero.site.export import ExportError, export_site

        workshop = self._workshop(opts["workshop"])
        out = Path(opts["dir"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is a file, not a directory")
        if out.exists() and any(out.iterdir()) and not opts["force"]:
            raise CommandError(f"{out} is not empty (use --force to write into it anyway)")
        base_url = opts["base_url"]
        if base_url and not base_url.startswith(("http://", "https://", "/")):
            raise CommandError("--base-url must start with http://, https:// or /")
        try:
            result = export_site(workshop, out, base_url)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        for link in result.outside:
            self.stderr.write(f"warning: a page links to {link}, which is not part of the public site")
        self.stdout.write(
            f"wrote {result.pages} pages and {result.files} files ({result.bytes / 1e6:.1f} MB) "
            f"of {workshop.slug} to {out} in {result.seconds:.1f} s"
        )

    def _workshop(self, slug):
        if slug:
            found = Workshop.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"no workshop {slug!r}")
            return found
        published = list(Workshop.objects.filter(is_published=True))
        if len(published) != 1:
            names = ", ".join(w.slug for w in published) or "none"
            raise CommandError(f"name the workshop with --workshop (published: {names})")
        return published[0]
