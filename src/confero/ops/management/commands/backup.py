"""``confero backup OUT``: database + media files in one archive with a checksummed manifest."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from confero.ops.archive import BackupError
from confero.ops.backup import create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file it points to into one tar archive with a manifest of "
        "SHA-256 checksums (OUT: a new file, or a directory to put a dated archive in)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "out", help="archive to write (e.g. backups/confero-2026-12-01.tar) or a directory"
        )
        parser.add_argument(
            "--allow-missing",
            action="store_true",
            help="write the archive even if files the database points to are missing (listed in the manifest)",
        )

    def handle(self, *args, out, allow_missing, **options):
        try:
            r = create_backup(out, allow_missing=allow_missing, progress=True)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for name, row in r.missing:
            self.stderr.write(f"warning: missing {name} ({row}); not in the backup")
        self.stdout.write(
            f"Backed up {r.objects} database rows and {r.files} files ({r.file_bytes / 1e6:.1f} MB) to {r.path} "
            f"({r.size / 1e6:.1f} MB) in {r.seconds:.1f} s."
        )
