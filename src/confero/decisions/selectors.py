"""Read-only views of decisions for the organizers' pages: the overview table and who has not received
or not acted on their decision mail.

"Acted" (docs/decisions.md): for an accepted paper, its authors saved a new version after the latest
release (the camera-ready work started); rejected and desk-rejected papers need no action, only that the
mail arrived and was opened. "Opened": a linked author opened the paper's decision page after the
latest release.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Q

from confero import permissions
from confero.matching.models import Assignment
from confero.reviews.models import Review
from confero.submissions.models import SubmissionAuthor, SubmissionVersion
from confero.submissions.notify import recipient

from .models import Decision, DecisionNotice, decision_of
from .notify import latest_releases

STATES = {
    "": "All papers",
    "undecided": "No decision",
    "staged": "Staged, not released",
    "changed": "Changed since release",
    "released": "Released",
}


@dataclass
class Row:
    submission: object
    decision: Decision | None
    visible: bool  # the viewer may see this paper's reviews and decision
    reason: str  # why not, when not visible
    assigned: int = 0
    submitted: int = 0
    overall: float | None = None
    confidence: float | None = None
    can_decide: bool = False

    @property
    def state(self) -> str:
        return self.decision.state if self.decision else "undecided"


def overview(workshop, user, *, state: str = "") -> list[Row]:
    subs = list(
        workshop.submissions.filter(status="submitted")
        .select_related("decision", "manager")
        .order_by("number")
    )
    reviews = {
        r["submission"]: r
        for r in Review.objects.filter(submission__workshop=workshop)
        .values("submission")
        .annotate(
            submitted=Count("id", filter=Q(status=Review.Status.SUBMITTED)),
            overall=Avg("overall", filter=Q(status=Review.Status.SUBMITTED)),
            confidence=Avg("confidence", filter=Q(status=Review.Status.SUBMITTED)),
        )
    }
    assigned = dict(
        Assignment.objects.filter(workshop=workshop)
        .values("submission")
        .annotate(n=Count("id"))
        .values_list("submission", "n")
    )
    rows = []
    for sub in subs:
        sub.workshop = workshop
        reason = permissions.why_not(user, "decision.view_staged", sub)
        if reason:
            rows.append(Row(sub, None, False, reason))
            continue
        r = reviews.get(sub.pk, {})
        decision = decision_of(sub)
        rows.append(
            Row(
                sub,
                decision,
                True,
                "",
                assigned=assigned.get(sub.pk, 0),
                submitted=r.get("submitted", 0),
                overall=r.get("overall"),
                confidence=r.get("confidence"),
                can_decide=permissions.can(user, "decision.set", sub)
                or permissions.can(user, "decision.desk_reject", sub),
            )
        )
    if state:
        rows = [row for row in rows if row.visible and row.state == state]
    return rows


@dataclass
class NoticeRow:
    submission: object
    release: object
    author: object
    to: str
    notice: DecisionNotice | None
    acted: bool | None  # None: nothing to act on (not accepted)

    @property
    def mail_status(self) -> str:
        if self.notice is None:
            return "not sent"
        return self.notice.mail.status if self.notice.mail else "deleted"

    @property
    def received(self) -> bool:
        return self.mail_status == "sent"


FILTERS = {
    "": "Everyone",
    "not_received": "Mail not delivered (queued, failed or not sent)",
    "not_opened": "Not opened",
    "not_acted": "Accepted, no new version since",
}


def notices(workshop, user, *, show: str = "") -> tuple[list[NoticeRow], dict[str, int]]:
    """One row per author of each released decision's latest release the viewer may see."""
    releases = latest_releases(workshop, user)
    subs = [rel.decision.submission for rel in releases]
    last_version = dict(
        SubmissionVersion.objects.filter(submission__in=subs)
        .values("submission")
        .annotate(last=Max("created_at"))
        .values_list("submission", "last")
    )
    found = {
        (n.release_id, n.recipient): n
        for n in DecisionNotice.objects.filter(release__in=releases).select_related("mail")
    }
    authors: dict[int, list] = {}
    for a in SubmissionAuthor.objects.filter(submission__in=subs).select_related("user").order_by("order"):
        authors.setdefault(a.submission_id, []).append(a)
    rows = []
    for rel in releases:
        sub = rel.decision.submission
        acted = None
        if rel.outcome == Decision.Outcome.ACCEPT:
            last = last_version.get(sub.pk)
            acted = bool(last and last > rel.released_at)
        for author in authors.get(sub.pk, []):
            to = recipient(author)
            rows.append(NoticeRow(sub, rel, author, to, found.get((rel.pk, to)), acted))
    counts = {
        "": len(rows),
        "not_received": sum(not r.received for r in rows),
        "not_opened": sum(r.notice is None or r.notice.opened_at is None for r in rows),
        "not_acted": sum(r.acted is False for r in rows),
    }
    keep = {
        "not_received": lambda r: not r.received,
        "not_opened": lambda r: r.notice is None or r.notice.opened_at is None,
        "not_acted": lambda r: r.acted is False,
    }.get(show)
    return ([r for r in rows if keep(r)] if keep else rows), counts
