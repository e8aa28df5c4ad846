"""Submissions, their authors, artifact links, declared conflicts and versions.

Every change goes through ``services.py``; each change bumps ``Submission.version`` (optimistic
concurrency: a save based on an older version is refused) and stores a ``SubmissionVersion`` snapshot
with the PDF of that version.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def pdf_upload_path(instance, filename: str) -> str:
    # Not used for naming (services store files explicitly), kept for FileField deconstruction.
    return f"submissions/{filename}"


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField(help_text="per-workshop submission number")
    title = models.CharField(max_length=300)
    abstract = models.TextField(help_text="Markdown")
    category = models.ForeignKey(
        "workshops.SubmissionCategory", on_delete=models.PROTECT, related_name="submissions"
    )
    primary_topic = models.ForeignKey("workshops.Topic", on_delete=models.PROTECT, related_name="+")
    secondary_topic = models.ForeignKey(
        "workshops.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    previously_published = models.BooleanField(help_text="previously published in an archival venue")
    policies_agreed = models.BooleanField(default=False)
    pdf = models.FileField(upload_to=pdf_upload_path, max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    pdf_pages = models.PositiveSmallIntegerField(default=0)
    pdf_main_pages = models.PositiveSmallIntegerField(default=0)
    pdf_references_page = models.PositiveSmallIntegerField(null=True, blank=True)
    pdf_appendix_page = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    deadline_extension = models.DateTimeField(
        null=True, blank=True, help_text="this submission may be edited until then (granted by an organizer)"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_submissions",
        help_text="the organizer who handles this paper's reviews and decision (empty: any organizer "
        "without a conflict)",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="submission_number_unique"),
            models.CheckConstraint(
                condition=models.Q(policies_agreed=True), name="submission_policies_agreed"
            ),
            models.CheckConstraint(
                condition=~models.Q(primary_topic=models.F("secondary_topic")),
                name="submission_topics_differ",
            ),
            models.CheckConstraint(
                condition=models.Q(status="withdrawn", withdrawn_at__isnull=False)
                | models.Q(~models.Q(status="withdrawn"), withdrawn_at__isnull=True),
                name="submission_withdrawn_has_time",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="submission_number_positive"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="submission_version_positive"),
            models.CheckConstraint(condition=~models.Q(title=""), name="submission_title_not_empty"),
            models.CheckConstraint(
                condition=models.Q(pdf_references_page__isnull=True)
                | models.Q(pdf_references_page__gte=1, pdf_references_page__lte=models.F("pdf_pages")),
                name="submission_references_page_in_pdf",
            ),
            models.CheckConstraint(
                condition=models.Q(pdf_appendix_page__isnull=True)
                | models.Q(pdf_appendix_page__gte=1, pdf_appendix_page__lte=models.F("pdf_pages")),
                name="submission_appendix_page_in_pdf",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN


class SubmissionAuthor(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="authors")
    order = models.PositiveSmallIntegerField()
    email = models.EmailField()
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships"
    )
    claim_token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)

    class Meta:
        ordering = ["submission", "order"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "order"], name="author_order_unique"),
            models.UniqueConstraint(fields=["submission", "email"], name="author_email_unique"),
            models.CheckConstraint(condition=~models.Q(email=""), name="author_email_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ArtifactLink(models.Model):
    class Kind(models.TextChoices):
        CODE = "code", "Code"
        DATA = "data", "Data"
        CHECKPOINT = "checkpoint", "Model checkpoint"
        OTHER = "other", "Other"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="artifacts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["submission", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "url"], name="artifact_url_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url}"


class DeclaredConflict(models.Model):
    """An author-declared conflict with a PC member or organizer of the workshop."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="declared_conflicts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "person"], name="conflict_unique"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="conflict_reason_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.reason})"


class SubmissionVersion(models.Model):
    """A snapshot after each change: who, when, what changed, and the PDF of that version."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, help_text="created, edited, withdrawn, ...")
    changes = models.JSONField(default=list, help_text="names of the fields that changed")
    snapshot = models.JSONField(default=dict)
    pdf = models.FileField(upload_to=pdf_upload_path, max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["submission", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number} ({self.action})"
