"""Every state change of a submission: create, update, withdraw, extension, claiming an authorship.

Views, admin actions and commands call these functions and nothing else. On any error nothing stored
changes (one transaction; a PDF file written during a failed change is removed again).

Concurrency: each change names the version it was based on (``expected_version``). The row is locked
(``SELECT ... FOR UPDATE``) and written with ``UPDATE ... WHERE version = expected``; a save based on an
older version raises :class:`StaleVersion` instead of silently overwriting the other change.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.checks.services import queue_for_version as queue_checks
from confero.people.models import Role

from . import pdfs
from .claims import claim_authorship, link_user_to_authorships
from .data import AuthorData, SubmissionData, clean
from .deadlines import (
    DeadlinePassed,
    NotOpenYet,
    SubmissionClosed,
    SubmissionError,
    check_open,
    deadline_info,
    submission_deadline_for,
)
from .models import ArtifactLink, DeclaredConflict, Submission, SubmissionAuthor, SubmissionVersion
from .notify import send_extension_notice, send_receipts
from .rules import edit_refusal, edits_as_organizer
from .snapshot import FIELD_LABELS, diff, snapshot, snapshot_of_data

__all__ = [
    "AuthorData",
    "DeadlinePassed",
    "NotOpenYet",
    "StaleVersion",
    "SubmissionClosed",
    "SubmissionData",
    "SubmissionError",
    "claim_authorship",
    "create_submission",
    "grant_extension",
    "link_user_to_authorships",
    "submission_deadline_for",
    "deadline_info",
    "update_submission",
    "withdraw_submission",
]


class StaleVersion(SubmissionError):
    """The submission was changed by someone else since the version the change was based on."""


def _require_verified(user) -> None:
    from confero.people import services as people_services

    people_services.require_verified(user)


def _stale(current_version: int, expected: int) -> StaleVersion:
    return StaleVersion(
        f"This submission was changed meanwhile (it is now at version {current_version}; your "
        f"edit was based on version {expected}). Nothing was saved: reload the page, look at "
        "the changes and make your edit again."
    )


def _pdf_fields(checked: pdfs.CheckedPdf, name: str) -> dict:
    r = checked.report
    return {
        "pdf": name,
        "pdf_sha256": checked.sha256,
        "pdf_size": len(checked.data),
        "pdf_pages": r.pages,
        "pdf_main_pages": r.main_pages,
        "pdf_references_page": r.references_page,
        "pdf_appendix_page": r.appendix_page,
    }


def _content_fields(data: SubmissionData) -> dict:
    return {
        "title": data.title,
        "abstract": data.abstract,
        "category": data.category,
        "primary_topic": data.primary_topic,
        "secondary_topic": data.secondary_topic,
        "previously_published": data.previously_published,
        "policies_agreed": data.policies_agreed,
    }


def _write_people(submission: Submission, data: SubmissionData) -> None:
    """Replace author rows, artifact links and declared conflicts; keep account links and claim tokens of
    authors whose e-mail stays, link new rows to existing accounts whose address is *verified*
    (case-insensitive; an unverified account never gets an authorship by typing an address — it gets it
    when it verifies, or through the claim link mailed to the listed address), grant author roles."""
    from confero.people.models import User

    old = {a.email.lower(): a for a in submission.authors.all()}
    submission.authors.all().delete()
    emails = [a.email for a in data.authors]
    accounts = {u.email.lower(): u for u in User.objects.filter(email__in=emails, email_verified=True)}
    for order, a in enumerate(data.authors, start=1):
        prev = old.get(a.email)
        user = prev.user if prev and prev.user_id else accounts.get(a.email)
        row = SubmissionAuthor(
            submission=submission,
            order=order,
            email=a.email,
            name=a.name,
            affiliation=a.affiliation,
            user=user,
        )
        if prev:
            row.claim_token = prev.claim_token
        row.save()
        if user is not None:
            Role.objects.get_or_create(workshop=submission.workshop, user=user, kind=Role.Kind.AUTHOR)
    submission.artifacts.all().delete()
    ArtifactLink.objects.bulk_create(
        ArtifactLink(submission=submission, kind=k, url=u, description=d) for k, u, d in data.artifacts
    )
    submission.declared_conflicts.all().delete()
    DeclaredConflict.objects.bulk_create(
        DeclaredConflict(submission=submission, person=p, reason=r) for p, r in data.conflicts
    )
    permissions.forget()  # authorships and declared conflicts changed (bulk_create sends no signals)


def _add_version(submission: Submission, *, user, action: str, changes: list[str]) -> SubmissionVersion:
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=submission.version,
        created_by=user,
        action=action,
        changes=changes,
        snapshot=snapshot(submission),
        pdf=submission.pdf.name,
        pdf_sha256=submission.pdf_sha256,
    )
    queue_checks(version)  # open-science checks of this version, in the background after commit
    return version


def create_submission(
    *, workshop, user, data: SubmissionData, pdf, now: dt.datetime | None = None
) -> Submission:
    """A new submission (version 1) with the next free number of the workshop."""
    _require_verified(user)
    check_open(workshop, now)
    data = clean(workshop, data, editor=user, editor_is_organizer=False)
    if pdf is None:
        raise ValidationError({"pdf": "Upload the paper as a PDF."})
    checked = pdfs.check_upload(pdf, workshop=workshop, category=data.category)
    from confero.workshops.models import Workshop

    for attempt in range(3):
        name = ""
        try:
            with transaction.atomic():
                Workshop.objects.select_for_update().filter(pk=workshop.pk).first()  # serialises numbering
                number = (
                    Submission.objects.filter(workshop=workshop).aggregate(m=Max("number"))["m"] or 0
                ) + 1
                name = pdfs.store(checked, workshop=workshop, number=number, version=1)
                sub = Submission.objects.create(
                    workshop=workshop,
                    number=number,
                    created_by=user,
                    version=1,
                    **_content_fields(data),
                    **_pdf_fields(checked, name),
                )
                _write_people(sub, data)
                version = _add_version(sub, user=user, action="created", changes=[])
                record(
                    "submission.created",
                    actor=user,
                    workshop=workshop,
                    obj=sub,
                    summary=f"#{number} submitted: {sub.title}",
                    number=number,
                    version=1,
                )
                send_receipts(
                    sub, version, action="created", changes=[], pdf_explanation=checked.report.explanation
                )
            return sub
        except IntegrityError:
            pdfs.discard(name)
            if attempt == 2:
                raise
        except BaseException:
            pdfs.discard(name)
            raise
    raise AssertionError("unreachable")


def update_submission(
    submission: Submission,
    *,
    user,
    data: SubmissionData,
    pdf=None,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Submission:
    """Save an edit (any fields and/or a new PDF) as the next version. Authors until the deadline (or their
    extension); organizers at any time. Returns the submission unchanged when nothing differs."""
    workshop = submission.workshop
    refusal = edit_refusal(submission, user, now)
    if refusal is not None:
        raise refusal
    organizer = edits_as_organizer(user, submission)
    data = clean(workshop, data, editor=user, editor_is_organizer=organizer)
    checked = pdfs.check_upload(pdf, workshop=workshop, category=data.category) if pdf is not None else None
    name = ""
    try:
        with transaction.atomic():
            current = Submission.objects.select_for_update().get(pk=submission.pk)
            if current.version != expected_version:
                raise _stale(current.version, expected_version)
            refusal = edit_refusal(current, user, now)  # again, on the locked row
            if refusal is not None:
                raise refusal
            if checked is not None and checked.sha256 == current.pdf_sha256:
                checked = None  # the same file again is no change
            if checked is None and data.category.pk != current.category_id:
                pdfs.check_stored_against(current, data.category)
            before = snapshot(current)
            after = snapshot_of_data(data, current, checked)
            changes = diff(before, after)
            if not changes:
                return current
            new_version = expected_version + 1
            fields = _content_fields(data)
            if checked is not None:
                name = pdfs.store(checked, workshop=workshop, number=current.number, version=new_version)
                fields.update(_pdf_fields(checked, name))
            rows = Submission.objects.filter(pk=current.pk, version=expected_version).update(
                version=new_version, updated_at=timezone.now(), **fields
            )
            if rows != 1:
                raise _stale(expected_version + 1, expected_version)
            current.refresh_from_db()
            _write_people(current, data)
            version = _add_version(current, user=user, action="edited", changes=changes)
            record(
                "submission.edited",
                actor=user,
                workshop=workshop,
                obj=current,
                summary=f"#{current.number} v{new_version}: "
                + ", ".join(FIELD_LABELS.get(c, c) for c in changes),
                number=current.number,
                version=new_version,
                changes=changes,
            )
            send_receipts(
                current,
                version,
                action="edited",
                changes=changes,
                pdf_explanation=checked.report.explanation if checked else "",
            )
    except BaseException:
        pdfs.discard(name)
        raise
    return current


def withdraw_submission(
    submission: Submission, *, user, expected_version: int, now: dt.datetime | None = None
) -> Submission:
    """Withdraw a submission. Allowed at any time, also after the deadline (see docs/submissions.md)."""
    workshop = submission.workshop
    if submission.is_withdrawn:
        raise ValidationError("This submission is already withdrawn.")
    permissions.require(user, "submission.withdraw", submission)
    now = now or timezone.now()
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.version != expected_version:
            raise _stale(current.version, expected_version)
        if current.is_withdrawn:
            raise ValidationError("This submission is already withdrawn.")
        rows = Submission.objects.filter(pk=current.pk, version=expected_version).update(
            version=expected_version + 1,
            status=Submission.Status.WITHDRAWN,
            withdrawn_at=now,
            updated_at=timezone.now(),
        )
        if rows != 1:
            raise _stale(expected_version + 1, expected_version)
        current.refresh_from_db()
        version = _add_version(current, user=user, action="withdrawn", changes=["status"])
        record(
            "submission.withdrawn",
            actor=user,
            workshop=workshop,
            obj=current,
            summary=f"#{current.number} withdrawn",
            number=current.number,
            version=current.version,
        )
        send_receipts(current, version, action="withdrawn", changes=["status"])
    return current


def grant_extension(
    submission: Submission, *, organizer, until: dt.datetime | None, reason: str
) -> Submission:
    """Let this submission's authors edit until ``until`` (None removes the extension). Audited; the
    authors are told. Does not change the submission's version."""
    permissions.require(organizer, "submission.extend", submission)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Give a reason for the extension (it is kept in the audit log)."})
    if until is not None:
        if timezone.is_naive(until):
            raise ValidationError({"until": "The extension needs a time zone."})
        base = submission_deadline_for(submission.workshop)
        if base is not None and until <= base:
            raise ValidationError(
                {"until": "An extension must end after the workshop's submission deadline."}
            )
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        old = current.deadline_extension
        Submission.objects.filter(pk=current.pk).update(deadline_extension=until)
        current.refresh_from_db()
        record(
            "submission.extension",
            actor=organizer,
            workshop=current.workshop,
            obj=current,
            summary=(
                f"#{current.number} extension until {until:%Y-%m-%d %H:%M:%S %Z}"
                if until
                else f"#{current.number} extension removed"
            )
            + f" ({reason})",
            number=current.number,
            until=until.isoformat() if until else None,
            previous=old.isoformat() if old else None,
            reason=reason,
        )
        send_extension_notice(current, reason=reason)
    return current
