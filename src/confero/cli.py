"""The ``confero`` command.

One entry point for two kinds of commands:

* engine commands (``affinity``, ``conflicts``, ``assign``, ``import-publications``, ``check-pdf``, ``check-prior``,
  ``import-corpus``) work on files and
  never touch a database; each lives in ``confero.commands.<name>`` and exposes ``register(subparsers)``;
* site commands (``demo``, ``serve``, ``migrate``, ``createorganizer``, ``export``, ``backup``, ``restore``,
  ``sweep-uploads``, ``manage``) are
  Django management commands run with Confero's settings.

Nothing heavy is imported here, so ``confero --help`` answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Engine commands: module name under confero.commands -> one-line help.
ENGINE_COMMANDS = {
    "affinity": "score reviewer expertise for every (reviewer, submission) pair",
    "conflicts": "find conflicts of interest between reviewers and submissions",
    "assign": "compute an optimal constrained reviewer assignment",
    "import-publications": "turn BibTeX or DBLP XML publication lists into reviewers JSONL",
    "check-pdf": "check paper PDFs: pages; with --checks also artifacts, anonymity, format, scope, prior",
    "check-prior": "find prior publications and dual submissions of submissions in imported corpora",
    "import-corpus": "convert arXiv, DBLP or OpenReview metadata into a corpus JSONL for check-prior",
    "posters": "split accepted papers into poster sessions without presenter clashes",
}

# Site commands: name -> (Django management command, one-line help).
SITE_COMMANDS = {
    "demo": ("demo", "migrate, load the OS-FMs demo workshop and serve it on localhost"),
    "serve": ("serve", "serve Confero with gunicorn (--dev: auto-reloading development server)"),
    "migrate": ("migrate", "create or upgrade the database tables"),
    "createorganizer": ("createorganizer", "create an organizer account for a workshop"),
    "export": ("export", "export submissions as CSV, JSON or JSONL"),
    "export-site": (
        "export_site",
        "write a workshop's public site as static HTML that any web server serves",
    ),
    "send-mail": ("send_mail", "send mails that are due (retries; run from cron without Celery)"),
    "backup": ("backup", "back up the database and stored files into one checksummed archive"),
    "restore": ("restore", "restore a backup archive into an empty installation"),
    "sweep-uploads": ("sweep_uploads", "remove files left by interrupted uploads; report missing ones"),
    "send-review-reminders": (
        "send_review_reminders",
        "remind reviewers of unfinished reviews (at most once a day each; run daily from cron)",
    ),
    "send-camera-reminders": (
        "send_camera_reminders",
        "remind authors of accepted papers of missing camera-ready items (once a day each; run from cron)",
    ),
    "import-papers": (
        "import_papers",
        "import paper listings (JSONL, arXiv, OAI, BibTeX, listing pages) into a workshop's library",
    ),
    "send-digests": ("send_digests", "mail the paper-feed digests that are due (run hourly from cron)"),
    "manage": (None, "run any Django management command (confero manage help)"),
}


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="confero",
        description="Confero: open, self-hostable peer review for research workshops.",
        epilog="Run 'confero COMMAND --help' for a command's options.",
    )
    from confero import __version__

    parser.add_argument("--version", action="version", version=f"confero {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in ENGINE_COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    for name, (_, help_text) in SITE_COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def _run_engine_command(name: str, argv: list[str]) -> int:
    module = importlib.import_module(f"confero.commands.{name.replace('-', '_')}")
    parser = argparse.ArgumentParser(prog=f"confero {name}", description=ENGINE_COMMANDS[name])
    module.configure(parser)
    args = parser.parse_args(argv)
    from confero.engine.errors import InputError

    try:
        return int(module.run(args) or 0)
    except InputError as exc:
        print(f"confero {name}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"confero {name}: interrupted", file=sys.stderr)
        return 130


def _run_site_command(name: str, argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    from django.core.management import execute_from_command_line

    django_name = SITE_COMMANDS[name][0]
    if django_name is None:  # confero manage <anything>
        execute_from_command_line(["confero manage", *argv])
    else:
        execute_from_command_line(["confero", django_name, *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ENGINE_COMMANDS:
        return _run_engine_command(argv[0], argv[1:])
    if argv and argv[0] in SITE_COMMANDS:
        return _run_site_command(argv[0], argv[1:])
    parser = _build_parser()
    if not argv:
        parser.print_help()
        return 0
    parser.parse_args(argv)  # prints the error and exits 2 for an unknown command
    return 0


if __name__ == "__main__":
    sys.exit(main())
