"""Conflicts of interest between a person (PC member or organizer) and a submission.

Authors' own declarations stay on the submission (``submissions.DeclaredConflict``, versioned with it);
this table holds every other conflict: declared by the PC member, found by the engine (institution, e-mail
domain, co-authorship, same person) or added by an organizer. Only CONFIRMED rows (and authors'
declarations) count: the permission table treats both the same, everywhere at once. POTENTIAL rows wait in
the organizers' queue with their evidence; DISMISSED rows keep the organizer's reason so the engine does
not raise them again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Conflict(models.Model):
    class Origin(models.TextChoices):
        REVIEWER = "reviewer", "Declared by the PC member"
        DETECTED = "detected", "Found by Confero"
        ORGANIZER = "organizer", "Added by an organizer"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        POTENTIAL = "potential", "Potential (to review)"
        DISMISSED = "dismissed", "Dismissed"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="conflicts")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="conflicts"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    origin = models.CharField(max_length=10, choices=Origin.choices)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    kinds = models.JSONField(default=list, help_text="e.g. institution, email_domain, coauthor, same_person")
    evidence = models.JSONField(default=list, help_text="human-readable reasons, one string each")
    details = models.JSONField(
        default=list,
        blank=True,
        help_text="the engine's reasons with their evidence: kind, certain, text, author, domain, publication…",
    )
    reason = models.CharField(max_length=300, blank=True, help_text="the declarer's or organizer's words")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "submission", "person"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "person"], name="conflict_pair_unique"),
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person} × #{self.submission.number} ({self.status})"
