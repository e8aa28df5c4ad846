"""Decision e-mails: organizer-editable wording per outcome, the reviews as released to authors, one mail
per author and release (sending again never mails twice), and a preview for a chosen paper.

A mail carries exactly what authors may read: the released outcome and note, and of each submitted
review only the answers meant for authors, the reviewer named "Reviewer A/B/C". Reviewer identities,
answers for reviewers or organizers only, and the discussion never enter it.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.mail import templating
from confero.mail.services import queue_mail
from confero.submissions.notify import recipient
from confero.web.site import base_url

from . import answers
from .models import Decision, DecisionNotice, DecisionRelease

PLACEHOLDERS = {
    "name": "the author the mail goes to",
    "title": "the paper's title",
    "number": "the paper's number",
    "authors": "all authors' names",
    "decision": "the decision (Accept, Reject, Desk reject)",
    "note": "the note to the authors",
    "reviews": "the reviews as released to authors (their answers meant for authors; Reviewer A, B, …)",
    "link": "the paper's decision page",
    "workshop": "the workshop's name",
    "acronym": "the workshop's short name",
}

_SIGNATURE = "\n-- \n{workshop}\n"

KINDS = {
    Decision.Outcome.ACCEPT: templating.Kind(
        "decision.accept",
        "Acceptance",
        PLACEHOLDERS,
        "[{acronym}] #{number} accepted: {title}",
        "Dear {name},\n\nwe are glad to tell you that submission #{number}, “{title}”, is accepted at "
        "{workshop}.\n\n{note}\n\nThe decision and the reviews are on the paper's page:\n{link}\n\n"
        "Reviews\n=======\n\n{reviews}\n" + _SIGNATURE,
    ),
    Decision.Outcome.REJECT: templating.Kind(
        "decision.reject",
        "Rejection",
        PLACEHOLDERS,
        "[{acronym}] Decision on #{number}: {title}",
        "Dear {name},\n\nwe are sorry to tell you that submission #{number}, “{title}”, was not accepted "
        "at {workshop}.\n\n{note}\n\nWe hope the reviews help; they are also on the paper's page:\n"
        "{link}\n\nReviews\n=======\n\n{reviews}\n" + _SIGNATURE,
    ),
    Decision.Outcome.DESK_REJECT: templating.Kind(
        "decision.desk_reject",
        "Desk rejection",
        PLACEHOLDERS,
        "[{acronym}] #{number} desk-rejected: {title}",
        "Dear {name},\n\nsubmission #{number}, “{title}”, was rejected without review at {workshop}.\n\n"
        "{note}\n\nThe decision is on the paper's page:\n{link}\n" + _SIGNATURE,
    ),
}
BY_KEY = {kind.key: kind for kind in KINDS.values()}


def decision_path(submission) -> str:
    return reverse("decisions:mine", kwargs={"slug": submission.workshop.slug, "number": submission.number})


def values(submission, *, outcome: str, note: str, name: str, reviews_text: str) -> dict[str, str]:
    workshop = submission.workshop
    return {
        "name": name,
        "title": submission.title,
        "number": str(submission.number),
        "authors": ", ".join(a.name for a in submission.authors.all()),
        "decision": Decision.Outcome(outcome).label,
        "note": note.strip(),
        "reviews": reviews_text,
        "link": base_url() + decision_path(submission),
        "workshop": workshop.name,
        "acronym": workshop.acronym or workshop.name,
    }


def compose(text: templating.Text, vals: dict[str, str]) -> tuple[str, str]:
    """Subject and body of one mail (blank lines left by empty placeholders are folded)."""
    subject = " ".join(templating.render(text.subject, vals).split())
    body = re.sub(r"\n{3,}", "\n\n", templating.render(text.body, vals)).strip() + "\n"
    return subject, body


def _message(submission, outcome, note, author, reviews_text, text=None) -> tuple[str, str]:
    text = text or templating.current(submission.workshop, KINDS[outcome])
    return compose(
        text, values(submission, outcome=outcome, note=note, name=author.name, reviews_text=reviews_text)
    )


@transaction.atomic
def send(releases, *, actor) -> int:
    """Queue the mails of ``releases`` for every author who has not had one for that release (mailed
    after commit). Safe to run again: nothing is mailed twice for one release. Returns the count."""
    queued = 0
    for rel in releases:
        rel = (
            DecisionRelease.objects.select_for_update(of=("self",))
            .select_related("decision__submission__workshop")
            .get(pk=rel.pk)
        )
        submission = rel.decision.submission
        done = set(rel.notices.values_list("recipient", flat=True))
        authors = [a for a in submission.authors.select_related("user") if recipient(a) not in done]
        if not authors:
            continue
        reviews_text = answers.as_text(answers.for_authors(submission))
        text = templating.current(submission.workshop, KINDS[rel.outcome])
        for author in authors:
            to = recipient(author)
            if to in done:  # two author rows reaching one address get one mail
                continue
            subject, body = _message(submission, rel.outcome, rel.note, author, reviews_text, text)
            mail = queue_mail(to, subject, body, kind="decision", workshop=submission.workshop)
            DecisionNotice.objects.create(release=rel, author=author, recipient=to, mail=mail)
            done.add(to)
            queued += 1
        record(
            "decision.mailed",
            actor=actor,
            workshop=submission.workshop,
            obj=submission,
            summary=f"decision mail of #{submission.number} (release {rel.number}) queued for {len(authors)} author(s)",
            number=submission.number,
            release=rel.number,
            recipients=[recipient(a) for a in authors],
        )
    return queued


def latest_releases(workshop, actor) -> list[DecisionRelease]:
    """Each released decision's latest release, of active papers ``actor`` may see the decision of."""
    rels = (
        DecisionRelease.objects.filter(decision__submission__workshop=workshop)
        .select_related("decision__submission")
        .order_by("decision__submission__number", "-number")
    )
    latest = {}
    for rel in rels:
        rel.decision.submission.workshop = workshop
        latest.setdefault(rel.decision_id, rel)
    return [
        rel
        for rel in latest.values()
        if not rel.decision.submission.is_withdrawn
        and permissions.can(actor, "decision.view_staged", rel.decision.submission)
    ]


@transaction.atomic
def send_missing(workshop, *, actor) -> int:
    """Mail every author who lacks the mail of their paper's latest release (an author added after the
    release, say). Organizers with ``decision.release``; papers they may not see are left alone."""
    permissions.require(actor, "decision.release", workshop)
    return send(latest_releases(workshop, actor), actor=actor)


def preview(submission, *, actor, outcome: str | None = None, text: templating.Text | None = None) -> dict:
    """The mail the first author would get for ``submission`` with its staged decision (or ``outcome``),
    in the workshop's current wording (or ``text``, e.g. unsaved edits). Organizers who oversee the paper."""
    permissions.require(actor, "decision.view_staged", submission)
    decision = Decision.objects.filter(submission=submission).first()
    outcome = outcome or (decision.outcome if decision else Decision.Outcome.ACCEPT)
    note = decision.note if decision and decision.outcome == outcome else ""
    author = submission.authors.select_related("user").first()
    reviews_text = answers.as_text(answers.for_authors(submission))
    subject, body = _message(submission, outcome, note, author, reviews_text, text)
    return {"to": recipient(author), "subject": subject, "body": body, "outcome": outcome}


def mark_opened(submission, user) -> int:
    """Note that ``user``, an author, opened the paper's released decision (a read receipt for the
    organizers' "not acted" view; not audited). Returns how many notices were marked."""
    latest = DecisionRelease.objects.filter(decision__submission=submission).order_by("-number").first()
    if latest is None or not getattr(user, "is_authenticated", False):
        return 0
    return DecisionNotice.objects.filter(release=latest, opened_at__isnull=True, author__user=user).update(
        opened_at=timezone.now()
    )
