"""``confero sweep-uploads``: remove files left by interrupted uploads; report referenced files missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from confero.ops.sweep import DEFAULT_MIN_AGE, sweep


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _age(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


class Command(BaseCommand):
    help = (
        "Remove stored files that no database row points to (left by uploads interrupted by a crash) and "
        "stale temporary upload files; report files the database points to that are missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only list what would be removed")
        parser.add_argument(
            "--min-age",
            type=float,
            default=DEFAULT_MIN_AGE,
            help=f"keep files younger than this many seconds (default {DEFAULT_MIN_AGE}: an upload in flight "
            "writes its file before it commits; use 0 only while the server is stopped)",
        )

    def handle(self, *args, dry_run, min_age, **options):
        if min_age < 0:
            raise CommandError("--min-age must be 0 or more seconds")
        report = sweep(min_age=min_age, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for item in report.removed:
            self.stdout.write(f"{verb} {item.path} ({item.kind}, {_mb(item.size)}, {_age(item.age)} old)")
        for name, row in report.missing:
            self.stderr.write(f"MISSING {name} (pointed to by {row})")
        self.stdout.write(
            f"{verb} {len(report.removed)} file(s), {_mb(report.removed_bytes)}; kept {len(report.too_young)} "
            f"unreferenced file(s) younger than {_age(min_age)}; {report.referenced} referenced file(s), "
            f"{len(report.missing)} missing"
        )
        if report.missing:
            raise CommandError(
                f"{len(report.missing)} file(s) that the database points to are missing; restore them from a "
                "backup (docs/operators.md)"
            )
