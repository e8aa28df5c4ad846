"""Matching runs (the engine's proposals) and the published assignments reviewers work from.

A run is a background job with parameters, progress and a report; its proposal is a set of
``ProposedAssignment`` rows that organizers may edit. Publishing a run turns its proposal into
``Assignment`` rows — the only thing the permission table reads — and notifies reviewers. Organizers may
also add (emergency) or remove assignments by hand afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MatchingRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="matching_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    params = models.JSONField(
        default=dict, help_text="objective, reviewers per paper, loads, areas, bid weight…"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    stage = models.CharField(max_length=100, blank=True, help_text="what the run is doing now")
    message = models.TextField(blank=True, help_text="error or infeasibility diagnosis")
    cancel_requested = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="last sign of life of the worker")
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True, help_text="the engine's quality report")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker = models.CharField(max_length=200, blank=True, help_text="who runs it: thread or Celery task")
    revision = models.PositiveIntegerField(default=0, help_text="bumped by every hand edit of the proposal")
    affinity = models.ForeignKey(
        "bidding.AffinityMatrix", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["workshop", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop"],
                condition=models.Q(published_at__isnull=False),
                name="matching_one_published_run",
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.workshop} ({self.status})"


class ProposedAssignment(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0.0, help_text="affinity used by the solver")
    explanation = models.JSONField(default=dict, blank=True, help_text="why this pair (the engine's words)")
    edited = models.BooleanField(default=False, help_text="added or moved by an organizer")

    class Meta:
        ordering = ["run", "submission", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["run", "submission", "reviewer"], name="proposal_pair_unique"),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}: #{self.submission_id} → {self.reviewer_id}"


class Assignment(models.Model):
    class Origin(models.TextChoices):
        MATCHING = "matching", "Matching run"
        MANUAL = "manual", "Added by an organizer"
        EMERGENCY = "emergency", "Emergency reviewer"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="assignments")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    label = models.CharField(
        max_length=3, help_text="how the reviewer appears to the other reviewers: Reviewer A, B, C…"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices)
    run = models.ForeignKey(MatchingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "submission", "label"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="assignment_pair_unique"),
            models.UniqueConstraint(fields=["submission", "label"], name="assignment_label_unique"),
        ]
        indexes = [models.Index(fields=["reviewer", "workshop"])]

    def __str__(self) -> str:
        return f"#{self.submission.number}: Reviewer {self.label} ({self.reviewer})"
