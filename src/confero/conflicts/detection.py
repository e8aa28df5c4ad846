"""Conflict detection over a workshop's database: the engine (:mod:`confero.engine.conflicts`) run on the
program committee and organizers × the active submissions, and its findings merged into the
:class:`~confero.conflicts.models.Conflict` table.

What is compared: the authors' names, e-mail addresses and affiliations as written on the submissions;
each person's account e-mail, profile affiliations (institution, e-mail domain, years) and publications
(co-authors and years). The engine's rules: docs/conflicts.md.

Merging (safe to re-run at any time):
- a pair found for the first time becomes CONFIRMED when the engine is certain, POTENTIAL otherwise;
- a POTENTIAL pair found again gets the fresh evidence, and becomes CONFIRMED if now certain;
- a pair an organizer or the member already decided (CONFIRMED or DISMISSED), or that a member declared
  or an organizer added, keeps its status and evidence;
- a POTENTIAL pair found earlier and not any more (profile corrected, paper withdrawn) is removed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record
from confero.committee.models import Publication
from confero.engine import records
from confero.engine.conflicts import find_conflicts
from confero.people.models import Affiliation, Role, User
from confero.submissions.models import Submission, SubmissionAuthor

from .models import Conflict

MAX_COAUTHOR_YEARS = 50


@dataclass
class DetectionReport:
    people: int = 0
    submissions: int = 0
    pairs_found: int = 0
    new_confirmed: int = 0
    new_potential: int = 0
    upgraded: int = 0  # potential -> confirmed (now certain)
    refreshed: int = 0  # still potential (evidence renewed where it changed)
    kept: int = 0  # decided, declared or added by hand: untouched
    removed: int = 0  # potential pairs no longer found
    seconds_reading: float = 0.0
    seconds_engine: float = 0.0
    seconds_writing: float = 0.0

    def as_data(self) -> dict:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def engine_records(workshop) -> tuple[list[records.Submission], list[records.Reviewer]]:
    """The workshop's active submissions and its PC members and organizers, as engine records (ids are the
    database primary keys as strings). A few queries, whatever the size."""
    subs = list(
        Submission.objects.filter(workshop=workshop, status=Submission.Status.SUBMITTED)
        .order_by("number")
        .values_list("pk", "title")
    )
    authors = defaultdict(list)
    for sid, name, email, affiliation in (
        SubmissionAuthor.objects.filter(submission__workshop=workshop, submission__status=Submission.Status.SUBMITTED)
        .order_by("submission_id", "order")
        .values_list("submission_id", "name", "email", "affiliation")
    ):  # fmt: skip
        authors[sid].append(records.Author(name=name, email=email.lower(), affiliation=affiliation))
    submissions = [records.Submission(str(pk), title, "", tuple(authors[pk])) for pk, title in subs]

    people = list(
        User.objects.filter(roles__workshop=workshop, roles__kind__in=[Role.Kind.PC, Role.Kind.ORGANIZER])
        .distinct()
        .order_by("pk")
        .values_list("pk", "name", "email")
    )
    ids = [pk for pk, _, _ in people]
    affiliations = defaultdict(list)
    for uid, name, domain, start, end in Affiliation.objects.filter(user_id__in=ids).values_list(
        "user_id", "institution", "email_domain", "start_year", "end_year"
    ):
        affiliations[uid].append(records.Affiliation(name=name, domain=domain.lower(), start=start, end=end))
    publications = defaultdict(list)
    for uid, pid, title, year, names in Publication.objects.filter(user_id__in=ids).values_list(
        "user_id", "pk", "title", "year", "authors"
    ):
        publications[uid].append(
            records.Publication(str(pid), title, year=year, authors=tuple(str(n) for n in names or ()))
        )
    reviewers = [
        records.Reviewer(
            str(pk),
            tuple(publications[pk]),
            name=name,
            emails=(email.lower(),),
            affiliations=tuple(affiliations[pk]),
        )
        for pk, name, email in people
    ]
    return submissions, reviewers


def _fields(found) -> dict:
    reasons = found.evidence.get("reasons", [])
    return {
        "kinds": list(dict.fromkeys(r["kind"] for r in reasons)),
        "evidence": [r["text"] for r in reasons],
        "details": reasons,
    }


def run_detection(
    workshop, *, actor, coauthor_years: int = 3, reference_year: int | None = None
) -> DetectionReport:
    """Find conflicts between the workshop's PC members and organizers and its active submissions, and
    merge them into the conflicts table (see the module's rules). Organizers start it; safe to re-run."""
    permissions.require(actor, "conflict.queue", workshop)
    if not 0 <= int(coauthor_years) <= MAX_COAUTHOR_YEARS:
        raise ValidationError(
            {"coauthor_years": f"the co-authorship window must be 0 to {MAX_COAUTHOR_YEARS} years"}
        )
    year = reference_year or dt.date.today().year
    report = DetectionReport()
    t0 = time.perf_counter()
    submissions, reviewers = engine_records(workshop)
    report.people, report.submissions = len(reviewers), len(submissions)
    t1 = time.perf_counter()
    found = find_conflicts(submissions, reviewers, coauthor_years=int(coauthor_years), reference_year=year)
    report.pairs_found = len(found)
    t2 = time.perf_counter()
    with transaction.atomic():
        existing = {
            (c.submission_id, c.person_id): c
            for c in Conflict.objects.select_for_update()
            .filter(workshop=workshop)
            .only("pk", "submission_id", "person_id", "origin", "status", "kinds", "evidence", "details")
        }
        new, changed, seen = [], [], set()
        for item in found:
            pair = (int(item.paper_id), int(item.reviewer_id))
            seen.add(pair)
            row = existing.get(pair)
            if row is None:
                status = Conflict.Status.CONFIRMED if item.certain else Conflict.Status.POTENTIAL
                new.append(
                    Conflict(
                        workshop=workshop,
                        submission_id=pair[0],
                        person_id=pair[1],
                        origin=Conflict.Origin.DETECTED,
                        status=status,
                        **_fields(item),
                    )
                )
                if item.certain:
                    report.new_confirmed += 1
                else:
                    report.new_potential += 1
            elif row.origin == Conflict.Origin.DETECTED and row.status == Conflict.Status.POTENTIAL:
                fields = _fields(item)
                if item.certain:
                    report.upgraded += 1
                else:
                    report.refreshed += 1
                if item.certain or any(getattr(row, name) != value for name, value in fields.items()):
                    for name, value in fields.items():
                        setattr(row, name, value)
                    row.status = Conflict.Status.CONFIRMED if item.certain else row.status
                    changed.append(row)  # only rows whose evidence or status changed are written
            else:
                report.kept += 1
        stale = [
            row.pk
            for pair, row in existing.items()
            if pair not in seen
            and row.origin == Conflict.Origin.DETECTED
            and row.status == Conflict.Status.POTENTIAL
        ]
        # A member may declare a pair while this runs (PostgreSQL lets the insert through the row locks):
        # their declaration wins, the duplicate finding is dropped.
        Conflict.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        Conflict.objects.bulk_update(changed, ["kinds", "evidence", "details", "status"], batch_size=1000)
        report.removed, _ = Conflict.objects.filter(pk__in=stale).delete()
        report.seconds_reading, report.seconds_engine = t1 - t0, t2 - t1
        report.seconds_writing = time.perf_counter() - t2
        record(
            "conflicts.detected",
            actor=actor,
            workshop=workshop,
            summary=(
                f"conflict detection: {report.pairs_found} pairs found; {report.new_confirmed} newly confirmed, "
                f"{report.new_potential} new to review, {report.upgraded} now certain, {report.removed} "
                f"no longer found"
            ),
            coauthor_years=int(coauthor_years),
            reference_year=year,
            **report.as_data(),
        )
        transaction.on_commit(permissions.forget)  # bulk writes send no signals: cached facts are stale
    permissions.forget()
    return report
