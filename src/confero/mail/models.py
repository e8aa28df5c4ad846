"""The mail outbox: every message Confero sends is stored first, then delivered (pretalx-style)."""

from __future__ import annotations

from django.db import models


class OutboxMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"  # claimed by a delivery attempt (re-queued if that attempt died)
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"  # retried at next_attempt_at; given up when that is empty

    workshop = models.ForeignKey(
        "workshops.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="mails"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    kind = models.CharField(max_length=64, blank=True, help_text="what the mail is about, e.g. receipt")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="when a failed delivery is tried again"
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="when the current attempt started")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.status})"
