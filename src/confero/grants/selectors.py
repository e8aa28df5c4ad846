"""Read-only questions about travel grants: is the call open (to the second), who may apply, the budget
(always computed from the database, never from what a page sent), counts for every organizer, and the
handlers' rows — the applications a handler may see, ranked by mean score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from confero import permissions

from .models import GrantApplication, GrantHandler, GrantScore, GrantSettings

Status, Outcome = GrantApplication.Status, GrantApplication.Outcome


def settings_of(workshop) -> GrantSettings:
    """The workshop's grant settings (an unsaved, disabled default when there are none)."""
    return GrantSettings.objects.filter(workshop=workshop).first() or GrantSettings(workshop=workshop)


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or timezone.now()).replace(microsecond=0)


def window_reason(settings: GrantSettings | None, now: dt.datetime | None = None) -> str | None:
    """None while applications are accepted; otherwise why not, with the dates in the call's zone.
    Open from ``opens_at`` to ``closes_at`` inclusive, compared to the second (as submission deadlines)."""
    if settings is None or not settings.enabled:
        return "this workshop offers no travel grants"
    if settings.opens_at is None or settings.closes_at is None:
        return "the travel-grant call has no dates yet"
    now = _now(now)
    if now < settings.opens_at:
        return f"travel-grant applications open on {settings.display(settings.opens_at)}"
    if now > settings.closes_at:
        return f"travel-grant applications closed on {settings.display(settings.closes_at)}"
    return None


def eligible(user, workshop, settings: GrantSettings | None, *, authored=None) -> bool:
    """May ``user`` apply under the call's eligibility rule (anyone / authors / authors of accepted papers)."""
    if not getattr(user, "is_authenticated", False) or settings is None:
        return False
    rule = settings.eligibility
    if rule == GrantSettings.Eligibility.ANYONE:
        return True
    papers = own_submissions(user, workshop)
    if rule == GrantSettings.Eligibility.ACCEPTED:
        papers = papers.filter(decision__outcome="accept", decision__released_at__isnull=False)
    return papers.exists()


def own_submissions(user, workshop):
    """The active submissions ``user`` is a linked author of (the ones an application may name)."""
    from confero.submissions.models import Submission

    return (
        Submission.objects.filter(workshop=workshop, status=Submission.Status.SUBMITTED, authors__user=user)
        .distinct()
        .order_by("number")
    )


@dataclass
class Budget:
    total: Decimal
    currency: str
    committed: Decimal  # awards staged or released, of applications not withdrawn
    released: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.total - self.committed


def committed_total(workshop, *, exclude=None) -> Decimal:
    rows = GrantApplication.objects.filter(workshop=workshop, status=Status.SUBMITTED, outcome=Outcome.AWARD)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.aggregate(s=Sum("awarded_amount"))["s"] or Decimal("0")


def budget(workshop, settings: GrantSettings | None = None) -> Budget:
    settings = settings or settings_of(workshop)
    rows = GrantApplication.objects.filter(workshop=workshop, status=Status.SUBMITTED, outcome=Outcome.AWARD)
    sums = rows.aggregate(
        committed=Sum("awarded_amount"), released=Sum("awarded_amount", filter=Q(released_at__isnull=False))
    )
    return Budget(
        settings.budget,
        settings.currency,
        sums["committed"] or Decimal("0"),
        sums["released"] or Decimal("0"),
    )


def counts(workshop) -> dict[str, int]:
    """What every organizer may know: how many applications in each state (no names, no answers)."""
    rows = GrantApplication.objects.filter(workshop=workshop)
    return rows.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=Status.SUBMITTED)),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        undecided=Count("pk", filter=Q(status=Status.SUBMITTED, outcome="")),
        awarded=Count("pk", filter=Q(status=Status.SUBMITTED, outcome=Outcome.AWARD)),
        declined=Count("pk", filter=Q(status=Status.SUBMITTED, outcome=Outcome.DECLINE)),
        released=Count("pk", filter=Q(released_at__isnull=False)),
    )


def handlers(workshop) -> list[GrantHandler]:
    return list(GrantHandler.objects.filter(workshop=workshop).select_related("user", "appointed_by"))


@dataclass
class Row:
    application: GrantApplication
    mean: float | None
    scores: int
    my_score: int | None
    can_decide: bool
    rank: int = 0
    extra: dict = field(default_factory=dict)


def visible(user, workshop, action: str = "grant.view"):
    """(applications ``user`` may ``action``, how many others are hidden from them)."""
    apps = list(
        GrantApplication.objects.filter(workshop=workshop)
        .select_related("applicant", "submission")
        .order_by("number")
    )
    for app in apps:
        app.workshop = workshop
    shown = [a for a in apps if permissions.can(user, action, a)]
    return shown, len(apps) - len(shown)


def ranking(user, workshop, *, show: str = "") -> tuple[list[Row], int]:
    """The handler's table: applications they may see (withdrawn last), by mean score then requested
    amount; and how many are hidden from them (their own, a co-author's, a conflict)."""
    apps, hidden = visible(user, workshop)
    stats = {
        r["application"]: r
        for r in GrantScore.objects.filter(application__workshop=workshop)
        .values("application")
        .annotate(mean=Avg("score"), n=Count("pk"))
    }
    mine = dict(
        GrantScore.objects.filter(application__workshop=workshop, handler=user).values_list(
            "application_id", "score"
        )
    )
    rows = []
    for app in apps:
        if show and app.state != show:
            continue
        s = stats.get(app.pk, {})
        rows.append(
            Row(
                app,
                s.get("mean"),
                s.get("n", 0),
                mine.get(app.pk),
                permissions.can(user, "grant.decide", app),
            )
        )
    rows.sort(
        key=lambda r: (
            r.application.is_withdrawn,
            -(r.mean or 0),
            r.application.requested_amount,
            r.application.number,
        )
    )
    for i, row in enumerate(rows, start=1):
        row.rank = i
    return rows, hidden


def pending(user, workshop) -> list[GrantApplication]:
    """Staged, unreleased decisions of active applications ``user`` may decide (what a release sends)."""
    apps = list(
        GrantApplication.objects.filter(workshop=workshop, status=Status.SUBMITTED, released_at__isnull=True)
        .exclude(outcome="")
        .select_related("applicant")
        .order_by("number")
    )
    for app in apps:
        app.workshop = workshop
    return [a for a in apps if permissions.can(user, "grant.decide", a)]


def hidden_audit_objects(user, workshop) -> tuple[bool, list[str]]:
    """For the audit log: (may see grant events at all, pks of applications whose events are hidden)."""
    if not permissions.can(user, "grant.handle", workshop):
        return False, []
    apps, _ = visible(user, workshop)
    shown = {a.pk for a in apps}
    ids = GrantApplication.objects.filter(workshop=workshop).values_list("pk", flat=True)
    return True, [str(pk) for pk in ids if pk not in shown]
