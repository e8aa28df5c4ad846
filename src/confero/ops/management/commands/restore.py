"""``confero restore IN``: restore a backup made by ``confero backup`` into an empty installation."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from confero.ops.archive import BackupError
from confero.ops.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `confero backup` archive: checks every checksum first, then loads the database and the "
        "files. Refuses a non-empty installation unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar written by `confero backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace an installation that holds data: its database is emptied, its media directory "
            "moved aside to media.replaced-<time>",
        )

    def handle(self, *args, archive, force, **options):
        try:
            r = restore_backup(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        m = r.manifest
        self.stdout.write(
            f"Restored {r.objects} database rows and {r.files} files ({r.file_bytes / 1e6:.1f} MB) from a backup "
            f"of {m.get('created_at')} (Confero {m.get('confero_version')}, {m.get('database_vendor')}) "
            f"in {r.seconds:.1f} s."
        )
        if r.replaced_media:
            self.stdout.write(f"The previous media directory was kept at {r.replaced_media}.")
