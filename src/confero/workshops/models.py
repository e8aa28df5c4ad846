"""A workshop and its call for papers: topics, categories, research areas, deadlines, policies."""

from __future__ import annotations

import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from . import timezones
from .timezones import AOE
from .timezones import validate as validate_timezone


class Workshop(models.Model):
    class Anonymity(models.TextChoices):
        DOUBLE_BLIND = "double-blind", "Double-blind (authors and reviewers hidden)"
        SINGLE_BLIND = "single-blind", "Single-blind (reviewers hidden)"
        OPEN = "open", "Open (names visible)"

    slug = models.SlugField(max_length=50, unique=True, help_text="used in URLs, e.g. os-fms-2025")
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30)
    description = models.TextField(blank=True, help_text="Markdown")
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. ICLR 2025, Singapore")
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    anonymity = models.CharField(max_length=14, choices=Anonymity.choices, default=Anonymity.DOUBLE_BLIND)
    reviewers_per_paper = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    min_research_areas = models.PositiveSmallIntegerField(
        default=2, help_text="minimum number of distinct research areas among a paper's reviewers"
    )
    max_pdf_mb = models.PositiveSmallIntegerField(
        "maximum PDF size (MB)", default=10, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    max_pdf_pages = models.PositiveSmallIntegerField(
        "maximum total PDF pages",
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text="all pages, with references and appendix; longer PDFs are refused before any text is read",
    )
    num_orals = models.PositiveSmallIntegerField(default=3)
    num_awards = models.PositiveSmallIntegerField(default=2)
    archival = models.BooleanField(default=False)
    policies = models.TextField(blank=True, help_text="Markdown: submission policies authors agree to")
    is_published = models.BooleanField(
        default=False,
        help_text="the call for papers is publicly visible; a new workshop starts as a draft that only its "
        "organizers see",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_research_areas__lte=models.F("reviewers_per_paper")),
                name="areas_not_more_than_reviewers",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    def deadline(self, kind: str) -> Deadline | None:
        return next((d for d in self.deadlines.all() if d.kind == kind), None)


class Topic(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="topics")
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    scope = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "key"], name="topic_key_unique")]

    def __str__(self) -> str:
        return self.title


class ResearchArea(models.Model):
    """Controlled list of research areas per workshop (reviewers pick theirs; matching spreads areas)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="research_areas")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "key"], name="area_key_unique")]

    def __str__(self) -> str:
        return self.name


class SubmissionCategory(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=100)
    max_pages = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="main text; references and appendix excluded",
    )
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "submission categories"
        constraints = [models.UniqueConstraint(fields=["workshop", "key"], name="category_key_unique")]

    def __str__(self) -> str:
        return f"{self.title} (≤ {self.max_pages} pages)"


class Deadline(models.Model):
    class Kind(models.TextChoices):
        SUBMISSION_OPEN = "submission_open", "Submissions open"
        ABSTRACT = "abstract", "Abstract registration"
        SUBMISSION = "submission", "Submission deadline"
        REVIEW = "review", "Review deadline"
        NOTIFICATION = "notification", "Notification"
        CAMERA_READY = "camera_ready", "Camera-ready"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(help_text="stored in UTC; entered and shown in the deadline's time zone")
    timezone = models.CharField(max_length=64, default=AOE, validators=[validate_timezone])

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["workshop", "kind"], name="deadline_kind_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.local_display()}"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def tz_label(self) -> str:
        return timezones.label(self.timezone)

    def local_display(self) -> str:
        return timezones.format_in(self.at, self.timezone)

    def has_passed(self, now=None) -> bool:
        return (now or timezone.now()) > self.at
