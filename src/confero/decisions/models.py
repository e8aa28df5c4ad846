"""Decisions on submissions: staged by an organizer without a conflict, released to authors together.

A ``Decision`` holds what is *staged* now (``outcome``, ``note``) and what authors were last given
(``released_outcome``, ``released_note``, ``released_at``). Every release is kept as a
``DecisionRelease`` (numbered per decision, never changed or deleted): a decision changed after its
release is released again as a new, numbered release and mailed again. Each author's mail of a release
is a ``DecisionNotice`` (one per release and address, so sending twice never mails twice).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Decision(models.Model):
    class Outcome(models.TextChoices):
        ACCEPT = "accept", "Accept"
        REJECT = "reject", "Reject"
        DESK_REJECT = "desk_reject", "Desk reject"

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    note = models.TextField(
        blank=True, help_text="Markdown: a message to the authors, sent with the decision"
    )
    staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    staged_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True, help_text="when authors could see it")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_outcome = models.CharField(
        max_length=12, choices=Outcome.choices, blank=True, help_text="what authors were last given"
    )
    released_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="bumped on every change (two organizers saving at once: the second is refused)"
    )

    class Meta:
        ordering = ["submission"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(released_at__isnull=True, released_outcome="")
                | models.Q(released_at__isnull=False),
                name="decision_released_outcome_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.submission.number}: {self.get_outcome_display()}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def is_pending(self) -> bool:
        """Staged and not yet given to authors as it stands (never released, or changed since)."""
        return not self.released_outcome or (self.outcome, self.note) != (
            self.released_outcome,
            self.released_note,
        )

    @property
    def state(self) -> str:
        """'staged' (never released), 'released' (authors have it as staged) or 'changed' (since release)."""
        if not self.released_outcome:
            return "staged"
        return "changed" if self.is_pending else "released"


class DecisionRelease(models.Model):
    """What authors were given at one release of one decision. Rows are only ever added."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveSmallIntegerField(help_text="1 for the first release, 2 after a change, …")
    outcome = models.CharField(max_length=12, choices=Decision.Outcome.choices)
    note = models.TextField(blank=True)
    batch = models.CharField(max_length=32, help_text="releases made by one action share this")
    released_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="decision_release_number_unique"),
        ]

    def __str__(self) -> str:
        return f"release {self.number} of {self.decision}"


class DecisionNotice(models.Model):
    """One author's mail about one release: its outbox row, and whether the author came to look."""

    release = models.ForeignKey(DecisionRelease, on_delete=models.CASCADE, related_name="notices")
    author = models.ForeignKey(
        "submissions.SubmissionAuthor", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.EmailField()
    mail = models.ForeignKey(
        "mail.OutboxMail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="when the author first opened the decision page after this release"
    )

    class Meta:
        ordering = ["release", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["release", "recipient"], name="decision_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.release}"


def decision_of(submission) -> Decision | None:
    """The submission's decision, or None (without a query when it was fetched with select_related)."""
    try:
        return submission.decision
    except Decision.DoesNotExist:
        return None
