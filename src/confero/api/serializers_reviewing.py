"""What the API shows of bids, assignments, reviews and decisions, and what it takes in.

Output serializers read objects already filtered by the permission table (selectors of the web app);
they add nothing the web pages would not show to the same person.
"""

from __future__ import annotations

from rest_framework import serializers

BID_VALUES = {"very_high": 2, "high": 1, "neutral": 0, "low": -1, "very_low": -2}


class BidSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="submission.number")
    value = serializers.IntegerField(help_text="2 very high, 1 high, -1 low, -2 very low")
    label = serializers.CharField(source="get_value_display")
    updated_at = serializers.DateTimeField()


class BidPlaceSerializer(serializers.Serializer):
    value = serializers.ChoiceField(
        choices=[*BID_VALUES, "conflict"],
        help_text="very_high … very_low; neutral removes the bid; conflict declares a conflict of interest",
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="for a conflict: why (optional)"
    )


class BidResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    value = serializers.CharField(help_text="the bid now standing, or 'conflict'")


class MyAssignmentSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="submission.number")
    title = serializers.CharField(source="submission.title")
    label = serializers.CharField(source="assignment.label", help_text="you appear as 'Reviewer <label>'")
    review_state = serializers.CharField(source="state")


class AssignmentSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="submission.number")
    label = serializers.CharField()
    reviewer_name = serializers.CharField(source="reviewer.name")
    reviewer_email = serializers.EmailField(source="reviewer.email")
    origin = serializers.CharField()
    review_status = serializers.CharField(help_text="'', 'draft' or 'submitted'")
    created_at = serializers.DateTimeField()


class OwnReviewSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="submission.number")
    label = serializers.CharField(source="assignment.label")
    status = serializers.CharField()
    version = serializers.IntegerField(help_text="send it back as expected_version when you save")
    answers = serializers.DictField(help_text="the submitted (or draft) answers, by question key")
    revision = serializers.DictField(
        allow_null=True, help_text="changes to a submitted review, not submitted yet"
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class ReviewWriteSerializer(serializers.Serializer):
    answers = serializers.DictField(help_text="answers by question key (the workshop's review form)")
    expected_version = serializers.IntegerField(
        min_value=0, help_text="the version you based this on (0 before the first save)"
    )


class ReadableReviewSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="'Reviewer A'")
    reviewer = serializers.CharField(
        source="identity", help_text="the reviewer's name; empty unless you may know it"
    )
    own = serializers.BooleanField()
    status = serializers.CharField(source="review.status")
    answers = serializers.SerializerMethodField(help_text="only the answers meant for you")

    def get_answers(self, item) -> dict:
        return {a.question.key: a.value for a in item.answers}


class DecisionSerializer(serializers.Serializer):
    """An organizer's view: what is staged and what authors were given."""

    number = serializers.IntegerField(source="submission.number")
    outcome = serializers.CharField()
    note = serializers.CharField()
    state = serializers.CharField(help_text="staged, released or changed (since its release)")
    version = serializers.IntegerField(help_text="send it back as expected_version when you change it")
    released_outcome = serializers.CharField()
    released_at = serializers.DateTimeField(allow_null=True)


class ReleasedDecisionSerializer(serializers.Serializer):
    """An author's view: only what was released."""

    number = serializers.IntegerField(source="submission.number")
    outcome = serializers.CharField(source="released_outcome")
    note = serializers.CharField(source="released_note")
    released_at = serializers.DateTimeField()


class DecisionStageSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["accept", "reject", "desk_reject"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(
        min_value=0, help_text="the decision's version you saw (0: no decision yet)"
    )


class ReleaseSerializer(serializers.Serializer):
    numbers = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="papers to release; all you may release when left out",
    )


class ReleaseResultSerializer(serializers.Serializer):
    released = serializers.ListField(child=serializers.IntegerField())
