"""The program committee's side: each member's workshop profile (load, onboarding steps) and everyone's
publications — the expertise the matching engine reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CommitteeMember(models.Model):
    """A PC member's settings for one workshop (the role itself is ``people.Role``)."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    max_load = models.PositiveSmallIntegerField(default=6, help_text="at most this many papers to review")
    profile_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="when the member confirmed affiliations, areas and publications"
    )
    conflicts_declared_at = models.DateTimeField(
        null=True, blank=True, help_text="when the member went through the submissions and declared conflicts"
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "user"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="committee_member_unique"),
            models.CheckConstraint(condition=models.Q(max_load__lte=100), name="committee_load_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workshop}"


class Publication(models.Model):
    """One of a person's own papers (title + abstract are the expertise signal)."""

    class Source(models.TextChoices):
        BIBTEX = "bibtex", "BibTeX"
        DBLP = "dblp", "DBLP XML"
        JSONL = "jsonl", "JSON lines"
        MANUAL = "manual", "Typed in"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(max_length=500)
    abstract = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    authors = models.JSONField(default=list, blank=True, help_text="author names in order")
    external_id = models.CharField(max_length=300, blank=True, help_text="DOI, DBLP key, arXiv id…")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "external_id"],
                condition=~models.Q(external_id=""),
                name="publication_id_unique",
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="publication_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title
