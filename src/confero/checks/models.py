"""Check runs of submission versions, their results and findings; imported corpora of published papers.

A :class:`CheckRun` is one execution of the engine's checks (``confero.engine.checks``) on one version of
a submission: queued after the upload commits, then running, then done or failed (with the error; a
failure is never silent). Each check's outcome is a :class:`CheckResult` row (status, reason, the
engine's summary) and each observation a :class:`Finding` row with its evidence and its **audience**:
who may read it (see docs/checks.md). Every change goes through ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CheckRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="check_runs"
    )
    version = models.ForeignKey(
        "submissions.SubmissionVersion", on_delete=models.CASCADE, related_name="check_runs"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    reason = models.CharField(max_length=20, help_text="upload, edit, rerun, demo")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    engine_version = models.CharField(max_length=40, blank=True)
    checks = models.JSONField(default=list, help_text="names of the checks run")
    link_check = models.BooleanField(default=False, help_text="whether links were visited (network)")
    worker = models.CharField(max_length=120, blank=True)
    message = models.TextField(blank=True, help_text="why the run failed")
    seconds = models.FloatField(null=True, blank=True, help_text="time the engine took")

    class Meta:
        ordering = ["submission", "-id"]
        indexes = [models.Index(fields=["submission", "-id"], name="checkrun_latest")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(message=""), name="checkrun_failed_says_why"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["done", "failed"]) | models.Q(finished_at__isnull=False),
                name="checkrun_finished_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"checks of {self.submission} v{self.version.number} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class CheckResult(models.Model):
    """One check's outcome in a run: ok, flagged, could_not_check or skipped (with the reason)."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="results")
    check_name = models.CharField("check", max_length=20)
    status = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["run", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "check_name"], name="checkresult_once")]

    def __str__(self) -> str:
        return f"{self.check_name}: {self.status}"


class Audience(models.TextChoices):
    """Who may read a finding, besides the organizers who oversee the paper (they read everything)."""

    REVIEWERS = "reviewers", "Reviewers, authors and organizers"  # reviewers-safe
    AUTHORS = "authors", "Authors and organizers"
    ORGANIZERS = "organizers", "Organizers only"


class Finding(models.Model):
    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="findings")
    check_name = models.CharField("check", max_length=20, db_index=True)
    kind = models.CharField(max_length=40)
    severity = models.CharField(max_length=8, db_index=True)
    message = models.TextField()
    page = models.PositiveIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    link = models.TextField(blank=True)
    identifying = models.BooleanField(default=False, help_text="may reveal who the authors are")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__in=["info", "warning", "error"]), name="finding_severity_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(identifying=True, audience="reviewers"),
                name="finding_identifying_not_for_reviewers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.check_name}/{self.kind} ({self.severity})"


class Corpus(models.Model):
    """Published papers an organizer imported (arXiv, DBLP, OpenReview, JSONL) to compare the workshop's
    submissions with."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="corpora")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=200, help_text="file name(s) imported")
    fmt = models.CharField("format", max_length=12)
    size = models.PositiveIntegerField(default=0)
    statuses = models.JSONField(default=dict, help_text="papers per status: preprint, archival, ...")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "-imported_at"]
        verbose_name_plural = "corpora"

    def __str__(self) -> str:
        return f"{self.name} ({self.size} papers)"


class CorpusPaper(models.Model):
    corpus = models.ForeignKey(Corpus, on_delete=models.CASCADE, related_name="papers")
    ext_id = models.CharField(max_length=300)
    title = models.TextField()
    abstract = models.TextField(blank=True)
    authors = models.JSONField(default=list)
    venue = models.CharField(max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.TextField(blank=True)
    source = models.CharField(max_length=12)
    status = models.CharField(max_length=12)

    class Meta:
        ordering = ["corpus", "id"]
        constraints = [models.UniqueConstraint(fields=["corpus", "ext_id"], name="corpuspaper_once")]

    def __str__(self) -> str:
        return self.title
