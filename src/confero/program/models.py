"""The day as data — rooms, speakers, slots (with their papers), versioned releases — and the poster
sessions (the plan, each paper's session and board, the presenter organizers chose).

Times of slots are local times of the program's day in its time zone (one day per workshop).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models

from confero.workshops.timezones import validate as validate_timezone


class Program(models.Model):
    workshop = models.OneToOneField("workshops.Workshop", on_delete=models.CASCADE, related_name="program")
    date = models.DateField(help_text="the day of the workshop")
    timezone = models.CharField(
        max_length=64,
        validators=[validate_timezone],
        help_text="where the workshop takes place, e.g. Asia/Singapore",
    )
    oral_minutes = models.PositiveSmallIntegerField(default=10, help_text="length of one oral talk")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"program of {self.workshop} on {self.date}"

    def at(self, time: dt.time) -> dt.datetime:
        """The aware moment of a local time on the program's day."""
        return dt.datetime.combine(self.date, time, tzinfo=zoneinfo.ZoneInfo(self.timezone))


class Room(models.Model):
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "name"], name="room_name_unique")]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown")
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["workshop", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "name"], name="speaker_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class Slot(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Registration"
        OPENING = "opening", "Opening"
        KEYNOTE = "keynote", "Keynote"
        ORALS = "orals", "Oral presentations"
        POSTERS = "posters", "Poster session"
        BREAK = "break", "Break"
        PANEL = "panel", "Panel"
        CLOSING = "closing", "Closing / awards"
        OTHER = "other", "Other"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Markdown")
    start = models.TimeField()
    end = models.TimeField()
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slots",
        help_text="empty: every room",
    )
    poster_session = models.PositiveSmallIntegerField(null=True, blank=True, help_text="poster sessions only")
    speakers = models.ManyToManyField(Speaker, through="SlotSpeaker", related_name="slots")

    class Meta:
        ordering = ["workshop", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="posters") | models.Q(poster_session__gte=1),
                name="slot_poster_session_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M} {self.title}"

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


class SlotSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", "Speaker"
        MODERATOR = "moderator", "Moderator"
        PANELIST = "panelist", "Panelist"

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["slot", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["slot", "speaker"], name="slot_speaker_once")]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.role}) in {self.slot}"


class SlotPaper(models.Model):
    """A paper presented in an oral block, in order."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="paper_links")
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["slot", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["slot", "submission"], name="slot_paper_once")]

    def __str__(self) -> str:
        return f"#{self.submission.number} in {self.slot}"


class Release(models.Model):
    """A published version of the program: what the public site shows, and what changed since the last."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="program_releases"
    )
    number = models.PositiveIntegerField()
    data = models.JSONField(help_text="the program as released (see program.snapshot)")
    changes = models.JSONField(
        default=list, help_text="what changed since the previous release, in sentences"
    )
    note = models.TextField(blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "-number"]
        constraints = [models.UniqueConstraint(fields=["workshop", "number"], name="release_number_unique")]

    def __str__(self) -> str:
        return f"{self.workshop} program v{self.number}"


class PosterPlan(models.Model):
    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="poster_plan"
    )
    sessions = models.PositiveSmallIntegerField(default=2)
    solver_status = models.CharField(max_length=12, blank=True, help_text="optimal / feasible / manual")
    objective = models.PositiveIntegerField(null=True, blank=True)
    bound = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_since_publish = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(sessions__gte=1), name="poster_sessions_positive")
        ]

    def __str__(self) -> str:
        return f"{self.sessions} poster sessions of {self.workshop}"


class PosterSpot(models.Model):
    """Where an accepted paper's poster is: its session and board. ``pinned``: an organizer put it there."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="poster_spot"
    )
    session = models.PositiveSmallIntegerField()
    board = models.PositiveSmallIntegerField()
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["workshop", "session", "board"]
        constraints = [models.CheckConstraint(condition=models.Q(session__gte=1), name="poster_spot_session")]

    def __str__(self) -> str:
        return f"#{self.submission.number}: session {self.session}, board {self.board}"


class PresenterChoice(models.Model):
    """The author organizers chose to present a paper's poster (until camera-ready names one)."""

    submission = models.OneToOneField("submissions.Submission", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey("submissions.SubmissionAuthor", on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"#{self.submission.number} presented by {self.author.name}"
