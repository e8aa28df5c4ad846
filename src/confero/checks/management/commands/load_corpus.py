"""``confero manage load_corpus WORKSHOP FILE... [--format F] [--name N] [--by EMAIL]``: import a corpus of
published papers (arXiv metadata JSON, DBLP XML, OpenReview notes JSON, corpus JSONL) into a workshop, for
the prior-publication check. For dumps too large to upload through the organizer page."""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from confero.engine.checks.prior import FORMATS


class Command(BaseCommand):
    help = "import a corpus of published papers into a workshop (prior-publication check)"

    def add_arguments(self, parser):
        parser.add_argument("workshop", help="the workshop's slug")
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--name", default="", help="the corpus's name (default: the first file's name)")
        parser.add_argument(
            "--by", default="", metavar="EMAIL", help="the organizer importing it (default: a superuser)"
        )

    def handle(self, *args, **opts):
        from confero.people.models import User
        from confero.workshops.models import Workshop

        from ...prior import build_corpus_index
        from ...services import import_corpus

        workshop = Workshop.objects.filter(slug=opts["workshop"]).first()
        if workshop is None:
            raise CommandError(f"no workshop with the slug {opts['workshop']!r}")
        users = (
            User.objects.filter(email__iexact=opts["by"])
            if opts["by"]
            else User.objects.filter(is_superuser=True)
        )
        actor = users.order_by("pk").first()
        if actor is None:
            raise CommandError("--by: no such account" if opts["by"] else "no superuser: give --by EMAIL")
        start = time.perf_counter()
        try:
            corpus = import_corpus(
                workshop, actor=actor, paths=opts["files"], fmt=opts["format"], name=opts["name"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except PermissionDenied as exc:
            raise CommandError(f"{actor.email} may not import corpora here: {exc}") from None
        stored = time.perf_counter() - start
        build_corpus_index(workshop)
        detail = ", ".join(f"{n} {s}" for s, n in sorted(corpus.statuses.items()))
        self.stdout.write(
            f"imported {corpus.size} papers into '{corpus.name}' of {workshop.slug} ({detail}); "
            f"stored in {stored:.1f} s, indexed in {time.perf_counter() - start - stored:.1f} s"
        )
