"""The reviewing-cycle part of ``confero export``: reviews, scores, decisions, assignments, and
submissions as OpenReview or HotCRP JSON — the same permission-filtered exports as the organizers'
download page, as the organizer named by ``--as EMAIL`` (rows they may not see are left out, and the
command says so on stderr).

    confero export reviews --workshop osfm --format csv --as chair@example.org --out reviews.csv
"""

from __future__ import annotations

from django.core.management.base import CommandError

FORMAT_CHOICES = ["csv", "json", "openreview", "hotcrp"]
FORMAT_HELP = (
    "reviews and decisions: csv, json, openreview or hotcrp; scores and assignments: csv or json; "
    "submissions also as openreview or hotcrp (with reviews and decisions; needs --as)."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="EMAIL",
        help="export as this organizer (required for reviews, scores, decisions, assignments and the "
        "OpenReview/HotCRP shapes): what they may not see is left out",
    )


def handles(what: str, fmt: str) -> bool:
    return what != "submissions" or fmt in ("openreview", "hotcrp")


def _actor(email: str | None, workshop):
    from confero import permissions
    from confero.people.models import User

    if not email:
        raise CommandError(
            "give --as EMAIL: the organizer this export is made for (what they may not see is left out)"
        )
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"--as {email}: no account with this e-mail address")
    reason = permissions.why_not(user, "submission.export", workshop)
    if reason:
        raise CommandError(f"--as {email}: {reason} (workshop {workshop.slug!r})")
    return user


def run(command, workshop, *, what: str, fmt: str, out: str | None, acting: str | None, filtered: bool):
    from confero.audit.services import record
    from confero.engine.errors import InputError
    from confero.engine.io import atomic_output

    from ..exports import FORMATS, build

    if fmt not in FORMATS.get(what, []):
        raise CommandError(f"{what} can be exported as {', '.join(FORMATS[what])}, not {fmt!r}")
    if filtered:
        raise CommandError(
            "--status, --topic and --category filter the submissions CSV/JSON/JSONL export only"
        )
    actor = _actor(acting, workshop)
    export = build(what, fmt, workshop=workshop, actor=actor)
    if out in (None, "-"):
        command.stdout.write(export.text, ending="")
        command.stdout.flush()
    else:
        try:
            with atomic_output(out, "w", encoding="utf-8", newline="") as fh:
                fh.write(export.text)
        except InputError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        command.stderr.write(f"wrote {workshop.slug} {what} ({fmt}) for {actor.email} to {out}")
    omitted = export.omitted_text()
    if omitted:
        command.stderr.write(f"left out: {omitted}")
    record(
        f"{what}.exported",
        actor=actor,
        workshop=workshop,
        summary=f"exported {what} as {fmt} (command line)" + (" (some papers left out)" if omitted else ""),
        format=fmt,
    )
