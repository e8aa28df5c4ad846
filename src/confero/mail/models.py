"""The mail outbox: every message Confero sends is stored first, then delivered (pretalx-style)."""

from __future__ import annotations

from django.conf import settings
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
    headers = models.JSONField(
        default=dict, blank=True, help_text="extra headers, e.g. List-Unsubscribe for digests (RFC 8058)"
    )
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


class MailTemplate(models.Model):
    """A workshop's own wording of one kind of mail (e.g. ``decision.accept``), with ``{placeholders}``
    (see :mod:`confero.mail.templating`). Without a row, the app's built-in wording is used."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="mail_templates"
    )
    key = models.CharField(max_length=64, help_text="which mail, e.g. decision.accept")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "key"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "key"], name="mail_template_key_unique"),
            models.CheckConstraint(condition=~models.Q(subject=""), name="mail_template_subject_not_empty"),
            models.CheckConstraint(condition=~models.Q(body=""), name="mail_template_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.workshop}: {self.key}"
