"""Orals and outstanding-paper awards: organizers' votes on accepted papers, and the papers picked.

A vote or a pick is only possible for an organizer who oversees the paper (not an author of it, no
conflict with it) — the permission table's ``award.vote`` / ``award.choose``; services check it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    ORAL = "oral", "Oral presentation"
    AWARD = "award", "Outstanding paper award"


class Vote(models.Model):
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "kind", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "voter", "kind"], name="award_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} votes {self.kind} for #{self.submission.number}"


class Pick(models.Model):
    """A paper chosen as an oral (``position`` is its place in the oral block) or for an award."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="award_pick_once"),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="award_pick_position_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.submission.number}: {self.get_kind_display()} ({self.position})"
