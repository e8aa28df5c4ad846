"""The review form organizers configure, the reviews written on it, and each paper's discussion.

Answers are stored per question key; the overall score and confidence are also kept in columns for
sorting and ranking. Each question says who may read its answers (authors once reviews are released,
the paper's reviewers, or organizers only — confidential comments).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    AUTHORS = "authors", "Authors (when reviews are released), reviewers and organizers"
    REVIEWERS = "reviewers", "The paper's reviewers and organizers"
    ORGANIZERS = "organizers", "Organizers only (confidential)"


class ReviewQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text (Markdown)"
        SCORE = "score", "Score (whole number in a range)"
        CHOICE = "choice", "One of several choices"
        BOOLEAN = "boolean", "Yes / no"

    class Role(models.TextChoices):
        NONE = "", "—"
        OVERALL = "overall", "Overall score"
        CONFIDENCE = "confidence", "Confidence"
        RECOMMENDATION = "recommendation", "Oral / award recommendation"

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="review_questions"
    )
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    help_text = models.TextField(blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    required = models.BooleanField(default=True)
    min_value = models.SmallIntegerField(null=True, blank=True)
    max_value = models.SmallIntegerField(null=True, blank=True)
    choices = models.JSONField(
        default=list, blank=True, help_text='[["value", "label"], …] for choice questions'
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.AUTHORS)
    role = models.CharField(max_length=16, choices=Role.choices, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "key"], name="question_key_unique"),
            models.UniqueConstraint(
                fields=["workshop", "role"], condition=~models.Q(role=""), name="question_role_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="score")
                | models.Q(
                    min_value__isnull=False, max_value__isnull=False, min_value__lt=models.F("max_value")
                ),
                name="question_score_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    assignment = models.OneToOneField("matching.Assignment", on_delete=models.PROTECT, related_name="review")
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    answers = models.JSONField(default=dict, blank=True)
    revision = models.JSONField(
        null=True,
        blank=True,
        help_text="changes to a submitted review not submitted yet (others keep seeing the submitted answers)",
    )
    overall = models.SmallIntegerField(null=True, blank=True)
    confidence = models.SmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic concurrency, as for submissions")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "assignment__label"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="review_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"review of #{self.submission.number} by {self.reviewer} ({self.status})"


class ReviewVersion(models.Model):
    """Each submitted version of a review (the first submission and every revision), kept for good."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    overall = models.SmallIntegerField(null=True, blank=True)
    confidence = models.SmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="review_version_unique"),
        ]

    def __str__(self) -> str:
        return f"version {self.number} of review {self.review_id}"


class ReviewReminder(models.Model):
    """When a reviewer was last reminded of unfinished reviews (at most one reminder a day)."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_sent_at = models.DateTimeField()
    sent_count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "reviewer"], name="review_reminder_unique"),
        ]

    def __str__(self) -> str:
        return f"reminders to {self.reviewer_id} in {self.workshop_id}"


class Comment(models.Model):
    """A post in a paper's discussion. Reviewers appear to each other by their assignment label."""

    class Audience(models.TextChoices):
        REVIEWERS = "reviewers", "The paper's reviewers and organizers"
        ORGANIZERS = "organizers", "Organizers only"

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(help_text="Markdown")
    author_label = models.CharField(
        max_length=40,
        blank=True,
        help_text="how the author appears in the discussion: 'Reviewer B' or 'Organizer' (fixed when posted)",
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.REVIEWERS)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(body=""), name="comment_not_empty")]

    def __str__(self) -> str:
        return f"comment {self.pk} on #{self.submission_id}"
