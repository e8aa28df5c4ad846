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


class BiddingSettings(models.Model):
    """Per-workshop bidding settings an organizer sets (a workshop without a row uses the defaults)."""

    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="bidding_settings"
    )
    min_bids = models.PositiveSmallIntegerField(
        default=0,
        help_text="each PC member is asked to bid on at least this many submissions (0: no minimum)",
    )

    class Meta:
        verbose_name_plural = "bidding settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(min_bids__lte=1000), name="bidding_min_bids_sane"),
        ]

    def __str__(self) -> str:
        return f"bidding settings of {self.workshop}"


class AffinityMatrix(models.Model):
    """One computation of the workshop's submissions x PC members affinity (the engine's scores).

    The matrix itself is a file under ``settings.DATA_DIR`` (``path``, relative to it); the row says what
    it was computed from, with which model, and whether the neural model was missing. Bidding sorts by
    the latest ready matrix; matching runs compute a fresh one when the inputs changed.
    """

    class Status(models.TextChoices):
        COMPUTING = "computing", "Computing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COMPUTING)
    model = models.CharField(max_length=60, help_text="the affinity model asked for")
    used = models.CharField(max_length=120, blank=True, help_text="the similarity models actually used")
    fell_back = models.BooleanField(
        default=False, help_text="the neural model is not installed: the lexical model was used instead"
    )
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="hash of the texts it was computed from"
    )
    submissions = models.PositiveIntegerField(default=0)
    reviewers = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=300, blank=True, help_text="the .npz file, relative to DATA_DIR")
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="time the computation took")

    class Meta:
        ordering = ["workshop", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop"],
                condition=models.Q(status="computing"),
                name="affinity_one_computing_per_workshop",
            ),
        ]

    def __str__(self) -> str:
        return f"affinity {self.pk} of {self.workshop} ({self.status})"
