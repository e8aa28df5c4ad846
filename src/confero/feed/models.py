"""A workshop's library of the field's papers, their scores per call topic, reading-list settings,
digest subscribers (no account) and drafts of PC invitations suggested from the literature."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


class FeedSettings(models.Model):
    workshop = models.OneToOneField("workshops.Workshop", on_delete=models.CASCADE, related_name="feed")
    published = models.BooleanField(
        default=False,
        help_text="the reading list is public on the workshop site (and digests can be subscribed)",
    )
    per_topic = models.PositiveSmallIntegerField(
        default=20, help_text="papers listed per topic on the reading list and in digests"
    )
    expected_submissions = models.PositiveIntegerField(
        default=0, help_text="for PC coverage; 0 = the submissions received so far"
    )
    ranked_at = models.DateTimeField(null=True, blank=True)
    ranking_model = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"feed of {self.workshop}"


class LibraryAuthor(models.Model):
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="library_authors"
    )
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, help_text="normalised name")
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workshop", "key"], name="library_author_unique")]

    def __str__(self) -> str:
        return self.name


class LibraryPaper(models.Model):
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="library")
    source_id = models.CharField(max_length=300, help_text="the listing's id (or one derived from the title)")
    title = models.CharField(max_length=500)
    title_key = models.CharField(max_length=500, help_text="normalised title (duplicates merge on it)")
    arxiv = models.CharField(max_length=40, blank=True, help_text="arXiv id without version")
    abstract = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=10, help_text="format it was first read from")
    authors = models.ManyToManyField(LibraryAuthor, through="Authorship", related_name="papers")
    pinned = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "title_key"], name="library_title_unique"),
            models.UniqueConstraint(
                fields=["workshop", "arxiv"], condition=~models.Q(arxiv=""), name="library_arxiv_unique"
            ),
            models.CheckConstraint(condition=~models.Q(title_key=""), name="library_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        return self.url or (f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else "")


class Authorship(models.Model):
    paper = models.ForeignKey(LibraryPaper, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(LibraryAuthor, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["paper", "author"], name="authorship_unique")]

    def __str__(self) -> str:
        return f"{self.author} on {self.paper}"


class TopicScore(models.Model):
    """Affinity of a library paper to a call topic (recomputed after each import)."""

    paper = models.ForeignKey(LibraryPaper, on_delete=models.CASCADE, related_name="scores")
    topic = models.ForeignKey("workshops.Topic", on_delete=models.CASCADE, related_name="library_scores")
    score = models.FloatField()
    rank = models.PositiveIntegerField(help_text="1 = closest paper of the topic (hidden papers included)")
    terms = models.JSONField(default=list, blank=True, help_text="matching terms, heaviest first")

    class Meta:
        ordering = ["topic", "rank"]
        constraints = [models.UniqueConstraint(fields=["paper", "topic"], name="topic_score_unique")]
        indexes = [models.Index(fields=["topic", "rank"])]

    def __str__(self) -> str:
        return f"{self.paper} in {self.topic}: {self.score:.3f}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """A digest subscription by e-mail, without an account. Confirmed by a signed link (double opt-in)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField()
    frequency = models.CharField(max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY)
    topics = models.ManyToManyField("workshops.Topic", related_name="subscribers")
    token = models.CharField(max_length=64, default=_token, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True, help_text="when the job last looked")
    pending = models.JSONField(
        default=dict,
        blank=True,
        help_text="frequency and topics asked for, applied when the link is followed",
    )

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["workshop", "email"], name="subscriber_unique")]

    def __str__(self) -> str:
        return f"{self.email} ({self.frequency})"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class SentPaper(models.Model):
    """A paper a subscriber has received in a digest: never sent to them again."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="sent")
    paper = models.ForeignKey(LibraryPaper, on_delete=models.CASCADE, related_name="+")
    mail = models.ForeignKey("mail.OutboxMail", null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "paper"], name="sent_paper_once")]

    def __str__(self) -> str:
        return f"{self.paper} to {self.subscriber}"


class InvitationDraft(models.Model):
    """A PC candidate from the literature, kept for an organizer to complete (e-mail) and send."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="pc_drafts")
    author = models.ForeignKey(LibraryAuthor, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    topic = models.ForeignKey("workshops.Topic", null=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.JSONField(default=list, help_text="[{title, url, score}] of the matching papers")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    invitation = models.ForeignKey(
        "people.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["workshop", "author"], name="one_draft_per_author")]

    def __str__(self) -> str:
        return f"draft invitation of {self.name}"
