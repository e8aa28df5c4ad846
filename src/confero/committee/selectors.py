"""Where each PC member stands in onboarding: the steps, read for the whole committee in a few queries.

The steps a member goes through after accepting the invitation:

affiliations  at least one affiliation with its institution e-mail domain (conflict detection reads them)
areas         at least one of the workshop's research areas (skipped when the workshop defines none)
publications  at least one publication (the affinity engine reads titles and abstracts; co-authors feed
              conflict detection)
profile       the member confirmed the profile and their maximum load
conflicts     the member went through the submissions and declared their conflicts (not due while there
              are no submissions)
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from confero.people.models import Affiliation, Role, User
from confero.submissions.models import Submission

from .models import CommitteeMember, Publication

STEPS = [
    ("affiliations", "Affiliations with e-mail domains"),
    ("areas", "Research areas"),
    ("publications", "Publications"),
    ("profile", "Profile and maximum load confirmed"),
    ("conflicts", "Conflicts declared"),
]
STEP_LABELS = dict(STEPS)
REMIND_INTERVAL = dt.timedelta(hours=24)


@dataclass
class MemberStatus:
    user: User
    member: CommitteeMember
    affiliations: int = 0
    affiliations_with_domain: int = 0
    areas: int = 0
    publications: int = 0
    workshop_has_areas: bool = True
    new_submissions: int = 0  # active submissions that arrived after the member last declared conflicts
    done: dict[str, bool] = field(default_factory=dict)

    @property
    def steps(self) -> list[dict]:
        return [{"key": k, "label": label, "done": self.done[k]} for k, label in STEPS]

    @property
    def missing(self) -> list[str]:
        """Keys of the steps not done yet, in order."""
        return [k for k, _ in STEPS if not self.done[k]]

    @property
    def missing_labels(self) -> list[str]:
        return [STEP_LABELS[k] for k in self.missing]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def profile_ready(self) -> bool:
        """The profile can be confirmed: everything the engine needs is there."""
        return all(self.done[k] for k in ("affiliations", "areas", "publications"))

    def next_reminder_at(self) -> dt.datetime | None:
        """When the next reminder may go out (None: now)."""
        last = self.member.last_reminded_at
        return last + REMIND_INTERVAL if last else None

    def can_remind(self, now: dt.datetime | None = None) -> bool:
        at = self.next_reminder_at()
        return not self.complete and (at is None or at <= (now or timezone.now()))


def _counts(queryset, key: str = "user_id") -> dict[int, int]:
    return dict(queryset.values(key).annotate(n=Count("pk")).values_list(key, "n"))


def committee(workshop, users=None) -> list[MemberStatus]:
    """The status of every PC member of ``workshop`` (or of those among ``users``), ordered by name."""
    roles = Role.objects.filter(workshop=workshop, kind=Role.Kind.PC)
    if users is not None:
        roles = roles.filter(user__in=users)
    people = list(User.objects.filter(pk__in=roles.values("user_id")).order_by("name", "email"))
    ids = [u.pk for u in people]
    members = {m.user_id: m for m in CommitteeMember.objects.filter(workshop=workshop, user_id__in=ids)}
    affiliations = _counts(Affiliation.objects.filter(user_id__in=ids))
    with_domain = _counts(Affiliation.objects.filter(user_id__in=ids).exclude(email_domain=""))
    areas = _counts(
        User.research_areas.through.objects.filter(user_id__in=ids, researcharea__workshop=workshop)
    )
    publications = _counts(Publication.objects.filter(user_id__in=ids))
    has_areas = workshop.research_areas.exists()
    active = Submission.objects.filter(workshop=workshop, status=Submission.Status.SUBMITTED)
    arrivals = sorted(active.values_list("created_at", flat=True))
    out = []
    for user in people:
        # A row is made with the role (signal, migration); an unsaved default stands in if one is missing.
        member = members.get(user.pk) or CommitteeMember(workshop=workshop, user=user)
        status = MemberStatus(
            user=user,
            member=member,
            affiliations=affiliations.get(user.pk, 0),
            affiliations_with_domain=with_domain.get(user.pk, 0),
            areas=areas.get(user.pk, 0),
            publications=publications.get(user.pk, 0),
            workshop_has_areas=has_areas,
        )
        status.done = {
            "affiliations": status.affiliations_with_domain > 0,
            "areas": status.areas > 0 or not has_areas,
            "publications": status.publications > 0,
            "profile": member.profile_confirmed_at is not None,
            "conflicts": member.conflicts_declared_at is not None or not arrivals,
        }
        if member.conflicts_declared_at is not None:
            status.new_submissions = len(arrivals) - bisect.bisect_right(
                arrivals, member.conflicts_declared_at
            )
        out.append(status)
    return out


def status_of(workshop, user) -> MemberStatus | None:
    """One member's status; None when ``user`` is not on the workshop's program committee."""
    found = committee(workshop, users=[user])
    return found[0] if found else None


def step_counts(statuses: list[MemberStatus]) -> list[dict]:
    """How many members have not done each step (for the organizers' summary line)."""
    return [
        {"key": k, "label": label, "missing": sum(1 for s in statuses if not s.done[k])} for k, label in STEPS
    ]
