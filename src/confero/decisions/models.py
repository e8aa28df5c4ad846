"""Decisions on submissions: staged by an organizer without a conflict, released to authors together."""

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

    class Meta:
        ordering = ["submission"]

    def __str__(self) -> str:
        return f"#{self.submission.number}: {self.get_outcome_display()}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None
