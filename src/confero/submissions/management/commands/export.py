"""``confero export submissions --workshop SLUG --format csv|json|jsonl [--out FILE]``.

Reviews, scores, decisions, assignments (and submissions as OpenReview or HotCRP JSON) are exported by
:mod:`confero.decisions.management.export_cli`, through the permission table as the organizer ``--as``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

WHAT = ["submissions", "reviews", "scores", "decisions", "assignments"]


class Command(BaseCommand):
    help = "Export a workshop's submissions as CSV, JSON or JSON Lines (stdout unless --out is given)."

    def add_arguments(self, parser):
        from confero.decisions.management import export_cli
        from confero.submissions.exports import FORMATS
        from confero.submissions.selectors import STATUS_FILTERS

        parser.add_argument("what", choices=WHAT, help="what to export")
        parser.add_argument(
            "--workshop",
            metavar="SLUG",
            help="the workshop's slug (may be left out when there is only one workshop)",
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=list(dict.fromkeys([*FORMATS, *export_cli.FORMAT_CHOICES])),
            default="csv",
            help="csv (one row per submission), json (a list of objects) or jsonl "
            "(one object per line; engine input). Default: csv. " + export_cli.FORMAT_HELP,
        )
        export_cli.add_arguments(parser)
        parser.add_argument(
            "--out",
            metavar="FILE",
            help="write to FILE (atomically: complete or untouched) instead of stdout",
        )
        parser.add_argument(
            "--status",
            choices=[s for s in STATUS_FILTERS if s],
            default="",
            help="only active or only withdrawn submissions (default: all)",
        )
        parser.add_argument("--topic", metavar="KEY", default="", help="only submissions with this topic key")
        parser.add_argument(
            "--category", metavar="KEY", default="", help="only submissions in this category (key)"
        )

    def handle(self, *args, what, workshop, fmt, out, status, topic, category, **options):
        from confero.decisions.management import export_cli
        from confero.engine.errors import InputError
        from confero.engine.io import atomic_output
        from confero.submissions import exports, selectors

        ws = self._workshop(workshop)
        if export_cli.handles(what, fmt):
            filtered = bool(status or topic or category)
            return export_cli.run(
                self, ws, what=what, fmt=fmt, out=out, acting=options["acting"], filtered=filtered
            )
        for label, key, manager in (("topic", topic, ws.topics), ("category", category, ws.categories)):
            if key and not manager.filter(key=key).exists():
                keys = ", ".join(manager.values_list("key", flat=True)) or "(none)"
                raise CommandError(f"workshop {ws.slug!r} has no {label} {key!r}; {label} keys: {keys}")
        filters = selectors.SubmissionFilter(status=status, topic=topic, category=category)
        rows = exports.iterate(selectors.filter_submissions(ws, filters))
        if out in (None, "-"):
            for chunk in exports.iter_export(fmt, rows):
                self.stdout.write(chunk, ending="")
            self.stdout.flush()
            return
        try:
            with atomic_output(out, "w", encoding="utf-8", newline="") as fh:
                for chunk in exports.iter_export(fmt, rows):
                    fh.write(chunk)
        except InputError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        self.stderr.write(f"wrote {ws.slug} submissions ({fmt}) to {out}")

    def _workshop(self, slug: str | None):
        from confero.workshops.models import Workshop

        slugs = list(Workshop.objects.order_by("slug").values_list("slug", flat=True))
        if slug is None:
            if len(slugs) == 1:
                return Workshop.objects.get(slug=slugs[0])
            raise CommandError("give --workshop SLUG; workshops: " + (", ".join(slugs) or "(none yet)"))
        try:
            return Workshop.objects.get(slug=slug)
        except Workshop.DoesNotExist:
            raise CommandError(
                f"no workshop {slug!r}; workshops: " + (", ".join(slugs) or "(none yet)")
            ) from None
