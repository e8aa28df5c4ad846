"""API tokens: personal, scoped, optionally limited to one workshop; only a hash of the secret is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models

SCOPES = {
    "read": "read everything you may see in the web app",
    "submissions": "create, edit and withdraw your submissions",
    "bids": "place bids",
    "reviews": "write your reviews and post in discussions",
    "assignments": "edit assignments (organizers)",
    "decisions": "stage and release decisions (organizers)",
}


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="what the token is for, e.g. 'review export script'")
    prefix = models.CharField(max_length=12, unique=True, help_text="the public start of the token")
    key_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token")
    scopes = models.JSONField(default=list)
    workshop = models.ForeignKey(
        "workshops.Workshop",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="empty: every workshop the person has a role in",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
