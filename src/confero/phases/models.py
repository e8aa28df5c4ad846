"""Review phases as data (after pretalx's ReviewPhase).

A workshop goes through seven phases in order. Each phase row holds *what each role may see and do* while
it runs; the permission table reads these flags and nothing else about time. The current phase is the last
one (in order) whose ``starts_at`` has come: organizers switch by setting a start (now, or ahead of time)
and go back by clearing later starts. Deadlines still bound each activity to the second (e.g. authors edit
in the submission phase only until the submission deadline).
"""

from __future__ import annotations

from django.db import models


class Phase(models.Model):
    class Kind(models.TextChoices):
        SUBMISSION = "submission", "Submission"
        BIDDING = "bidding", "Bidding"
        REVIEWING = "reviewing", "Reviewing"
        DISCUSSION = "discussion", "Discussion"
        DECISION = "decision", "Decision"
        RELEASED = "released", "Decisions released"
        CAMERA_READY = "camera_ready", "Camera-ready"

    class OtherReviews(models.TextChoices):
        NEVER = "never", "never"
        AFTER_OWN = "after_own", "after submitting their own review"
        ALWAYS = "always", "always"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="the phase runs from this moment until the next phase starts"
    )
    # What each role may do while the phase runs.
    authors_can_submit = models.BooleanField(
        default=False, help_text="authors submit new papers and edit theirs (until the submission deadline)"
    )
    pc_can_bid = models.BooleanField(default=False, help_text="PC members bid on submissions")
    reviewers_can_review = models.BooleanField(
        default=False, help_text="assigned reviewers write and revise their reviews"
    )
    reviewers_see_reviews = models.CharField(
        max_length=10,
        choices=OtherReviews.choices,
        default=OtherReviews.AFTER_OWN,
        help_text="when an assigned reviewer sees the other reviews of the paper",
    )
    reviewers_can_discuss = models.BooleanField(
        default=False, help_text="assigned reviewers post in the paper's discussion"
    )
    reviewers_see_authors = models.BooleanField(
        default=False,
        help_text="assigned reviewers see author names even in a double-blind workshop (e.g. after decisions)",
    )
    organizers_can_decide = models.BooleanField(
        default=False, help_text="organizers without a conflict stage decisions"
    )
    authors_see_decisions = models.BooleanField(default=False, help_text="authors see released decisions")
    authors_see_reviews = models.BooleanField(
        default=False, help_text="authors see the released reviews (the parts meant for them)"
    )
    camera_ready_open = models.BooleanField(
        default=False, help_text="authors of accepted papers upload the final version"
    )

    class Meta:
        ordering = ["workshop", "position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "kind"], name="phase_kind_unique"),
            models.UniqueConstraint(fields=["workshop", "position"], name="phase_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.workshop}: {self.get_kind_display()}"


#: The flags each phase starts with (organizers may change them per workshop).
DEFAULT_FLAGS: dict[str, dict] = {
    Phase.Kind.SUBMISSION: {"authors_can_submit": True},
    Phase.Kind.BIDDING: {"pc_can_bid": True},
    Phase.Kind.REVIEWING: {"reviewers_can_review": True, "pc_can_bid": False},
    Phase.Kind.DISCUSSION: {
        "reviewers_can_review": True,
        "reviewers_can_discuss": True,
        "organizers_can_decide": True,
    },
    Phase.Kind.DECISION: {"reviewers_can_discuss": True, "organizers_can_decide": True},
    Phase.Kind.RELEASED: {"authors_see_decisions": True, "authors_see_reviews": True},
    Phase.Kind.CAMERA_READY: {
        "authors_see_decisions": True,
        "authors_see_reviews": True,
        "camera_ready_open": True,
    },
}
FLAG_FIELDS = (
    "authors_can_submit",
    "pc_can_bid",
    "reviewers_can_review",
    "reviewers_see_reviews",
    "reviewers_can_discuss",
    "reviewers_see_authors",
    "organizers_can_decide",
    "authors_see_decisions",
    "authors_see_reviews",
    "camera_ready_open",
)
