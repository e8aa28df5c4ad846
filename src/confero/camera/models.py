"""Camera-ready versions of accepted papers and their presentation assets.

``CameraSettings`` holds a workshop's rules (page limit, licences, poster and video limits, open reviewing);
the deadline itself is the workshop's ``camera_ready`` :class:`~confero.workshops.models.Deadline` (held
to the second, usually AoE), with an optional per-paper extension on ``CameraReady``.

``CameraReady`` is one accepted paper's final version: de-anonymised PDF, final title and abstract,
authors (``CameraAuthor``: order, names, affiliations), artifact links (``CameraArtifact``), licence,
consent to publication on the public site, agreement to publish anonymised reviews, presenting author,
attendance, poster, video (remote presenters) and slides (orals). Every change goes through
``services.py`` and bumps ``version``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from . import licences


def upload_path(instance, filename: str) -> str:
    # Not used for naming (services store files explicitly), kept for FileField deconstruction.
    return f"camera/{filename}"


class CameraSettings(models.Model):
    class Orientation(models.TextChoices):
        ANY = "any", "Portrait or landscape"
        PORTRAIT = "portrait", "Portrait (taller than wide)"
        LANDSCAPE = "landscape", "Landscape (wider than tall)"

    workshop = models.OneToOneField("workshops.Workshop", on_delete=models.CASCADE, related_name="camera")
    page_limit = models.PositiveSmallIntegerField(
        "camera-ready page limit",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="pages of main text in the final version (references and appendix excluded)",
    )
    licences = models.JSONField(
        default=licences.default_accepted, help_text="keys of the licences authors may choose"
    )
    poster_max_mb = models.PositiveSmallIntegerField(
        "maximum poster size (MB)", default=20, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    poster_orientation = models.CharField(max_length=10, choices=Orientation.choices, default=Orientation.ANY)
    poster_max_ratio = models.DecimalField(
        "maximum aspect ratio",
        max_digits=4,
        decimal_places=2,
        default=2,
        validators=[MinValueValidator(1)],
        help_text="longer side divided by shorter side (A0 is 1.41; 2 allows up to twice as long as wide)",
    )
    poster_min_px = models.PositiveIntegerField(
        "minimum PNG short side (pixels)",
        default=1000,
        help_text="a PNG poster's shorter side must have at least this many pixels (to be readable)",
    )
    video_max_seconds = models.PositiveSmallIntegerField(
        default=180, validators=[MinValueValidator(10), MaxValueValidator(3600)]
    )
    video_max_mb = models.PositiveSmallIntegerField(
        "maximum video size (MB)", default=200, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    slides_max_mb = models.PositiveSmallIntegerField(
        "maximum slides size (MB)", default=50, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    open_reviewing = models.BooleanField(
        default=False,
        help_text="the workshop publishes anonymised reviews and the decision note of papers whose authors "
        "agree",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "camera-ready settings"

    def __str__(self) -> str:
        return f"camera-ready settings of {self.workshop}"


class CameraReady(models.Model):
    class Attendance(models.TextChoices):
        UNKNOWN = "", "Not said yet"
        IN_PERSON = "in_person", "In person"
        REMOTE = "remote", "Remote (cannot attend)"

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="camera"
    )
    title = models.CharField(max_length=300)
    abstract = models.TextField()
    pdf = models.FileField(upload_to=upload_path, max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    pdf_pages = models.PositiveSmallIntegerField(default=0)
    pdf_main_pages = models.PositiveSmallIntegerField(default=0)
    licence = models.CharField(max_length=30, blank=True)
    consent_publish = models.BooleanField(
        null=True,
        blank=True,
        default=None,
        help_text="the authors agree to non-archival publication on the workshop's public site (empty: not "
        "answered yet)",
    )
    reviews_public = models.BooleanField(
        default=False, help_text="the authors agree to publish the anonymised reviews (open reviewing only)"
    )
    presenter = models.ForeignKey(
        "submissions.SubmissionAuthor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True, default="")
    poster = models.FileField(upload_to=upload_path, max_length=300, blank=True)
    poster_format = models.CharField(max_length=4, blank=True, help_text="pdf or png")
    poster_width = models.FloatField(default=0, help_text="points (PDF) or pixels (PNG)")
    poster_height = models.FloatField(default=0)
    poster_size = models.PositiveIntegerField(default=0)
    video = models.FileField(upload_to=upload_path, max_length=300, blank=True)
    video_seconds = models.FloatField(default=0)
    video_codec = models.CharField(max_length=40, blank=True)
    video_size = models.PositiveBigIntegerField(default=0)
    slides = models.FileField(upload_to=upload_path, max_length=300, blank=True)
    slides_size = models.PositiveIntegerField(default=0)
    deadline_extension = models.DateTimeField(
        null=True, blank=True, help_text="this paper's camera-ready may be changed until then"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["submission"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="camera_title_not_empty"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="camera_version_positive"),
            models.CheckConstraint(
                condition=models.Q(poster_format__in=["", "pdf", "png"]), name="camera_poster_format"
            ),
        ]

    def __str__(self) -> str:
        return f"camera-ready of #{self.submission.number}"

    @property
    def licence_name(self) -> str:
        return licences.name(self.licence) if self.licence else ""

    @property
    def presenter_name(self) -> str:
        """The presenting author's name as printed in the final version ("" when none is designated)."""
        return next((a.name for a in self.authors.all() if a.author_id == self.presenter_id), "")


class CameraAuthor(models.Model):
    """An author as printed in the final version (the submission's author, possibly renamed or reordered)."""

    camera = models.ForeignKey(CameraReady, on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey("submissions.SubmissionAuthor", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["camera", "order"]
        constraints = [
            models.UniqueConstraint(fields=["camera", "order"], name="camera_author_order_unique"),
            models.UniqueConstraint(fields=["camera", "author"], name="camera_author_once"),
            models.CheckConstraint(condition=~models.Q(name=""), name="camera_author_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class CameraArtifact(models.Model):
    class Kind(models.TextChoices):
        CODE = "code", "Code"
        DATA = "data", "Data"
        CHECKPOINT = "checkpoint", "Model checkpoint"
        OTHER = "other", "Other"

    camera = models.ForeignKey(CameraReady, on_delete=models.CASCADE, related_name="artifacts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    url = models.URLField(max_length=500)
    label = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["camera", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["camera", "url"], name="camera_artifact_url_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url}"


class CameraReminder(models.Model):
    """When the authors of a paper were last reminded of missing camera-ready items (once a day at most)."""

    submission = models.OneToOneField("submissions.Submission", on_delete=models.CASCADE, related_name="+")
    last_sent_at = models.DateTimeField()
    sent_count = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"camera-ready reminders of {self.submission_id}"
