"""Bids: how much a PC member wants to review a submission (a conflict is declared, not bid)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Bid(models.Model):
    class Value(models.IntegerChoices):
        VERY_HIGH = 2, "Very high"
        HIGH = 1, "High"
        NEUTRAL = 0, "Neutral"
        LOW = -1, "Low"
        VERY_LOW = -2, "Very low"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="bids")
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="bids")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bids")
    value = models.SmallIntegerField(choices=Value.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "reviewer", "submission"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="bid_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=-2, value__lte=2), name="bid_value_range"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → #{self.submission.number}: {self.get_value_display()}"
