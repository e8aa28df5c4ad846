"""REST API v1 for the reviewing cycle: bids, assignments, reviews, decisions.

Every endpoint asks the permission table (the same actions as the web pages) and calls the same
selectors and services as the pages — no rule is written twice. Objects a person may not see answer 404
(like the pages' :func:`confero.web.access.fetch`); an action refused on an object they may see answers
403 with the table's reason (e.g. "bidding is closed in the reviewing phase"); a change based on an
outdated version answers 409.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from confero import permissions
from confero.bidding import services as bidding
from confero.bidding.models import Bid
from confero.decisions import services as decisions
from confero.decisions.models import decision_of
from confero.matching.models import Assignment
from confero.matching.report import hidden_submissions
from confero.reviews import selectors as reviews
from confero.reviews.models import Review
from confero.reviews.services import writing
from confero.submissions.models import Submission

from . import serializers_reviewing as S
from .views import WorkshopScoped, call


class PaperScoped(WorkshopScoped):
    """Base for ``…/submissions/<number>/…``: :meth:`paper` fetches it for an action or answers 404."""

    def paper(self, action: str, number: int) -> Submission:
        sub = (
            Submission.objects.filter(workshop=self.workshop, number=number)
            .select_related("decision", "workshop")
            .first()
        )
        if sub is None or not permissions.can(self.request.user, action, sub):
            raise Http404("not found")
        sub.workshop = self.workshop
        return sub


# --- bids ---------------------------------------------------------------------------------------------


class BidList(WorkshopScoped):
    @extend_schema(responses=S.BidSerializer(many=True), summary="Your bids (PC members, while bidding)")
    def get(self, request, slug):
        self.require("bid.list", self.workshop)
        rows = Bid.objects.filter(workshop=self.workshop, reviewer=request.user).select_related("submission")
        for bid in rows:
            bid.submission.workshop = self.workshop
        visible = [b for b in rows if permissions.can(request.user, "submission.view", b.submission)]
        return Response(S.BidSerializer(visible, many=True).data)


class BidPlace(PaperScoped):
    write_scope = "bids"

    @extend_schema(
        request=S.BidPlaceSerializer,
        responses=S.BidResultSerializer,
        summary="Bid on a paper, or declare a conflict of interest with it",
    )
    def put(self, request, slug, number):
        sub = self.paper("submission.view", number)
        incoming = S.BidPlaceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        value = incoming.validated_data["value"]
        if value == "conflict":
            call(
                bidding.declare_conflict, request.user, sub, reason=incoming.validated_data.get("reason", "")
            )
        else:
            call(bidding.place_bid, request.user, sub, S.BID_VALUES[value])
        return Response(S.BidResultSerializer({"number": sub.number, "value": value}).data)


# --- assignments --------------------------------------------------------------------------------------


class MyAssignments(WorkshopScoped):
    @extend_schema(responses=S.MyAssignmentSerializer(many=True), summary="The papers you review")
    def get(self, request, slug):
        self.require("review.list_own", self.workshop)
        return Response(
            S.MyAssignmentSerializer(reviews.my_assignments(request.user, self.workshop), many=True).data
        )


class AssignmentList(WorkshopScoped):
    @extend_schema(
        responses=S.AssignmentSerializer(many=True),
        summary="Assignments of the papers you oversee (organizers)",
    )
    def get(self, request, slug):
        self.require("assignment.run", self.workshop)
        hidden = hidden_submissions(request.user, self.workshop)
        rows = list(
            Assignment.objects.filter(workshop=self.workshop)
            .exclude(submission__in=hidden)
            .select_related("submission", "reviewer")
            .order_by("submission__number", "label")
        )
        status = dict(
            Review.objects.filter(assignment__in=[a.pk for a in rows]).values_list("assignment_id", "status")
        )
        for a in rows:
            a.review_status = status.get(a.pk, "")
        return Response(S.AssignmentSerializer(rows, many=True).data)


# --- reviews ------------------------------------------------------------------------------------------


def _own(submission, user) -> dict:
    review = Review.objects.filter(submission=submission, reviewer=user).select_related("assignment").first()
    if review is None:
        assignment = Assignment.objects.get(submission=submission, reviewer=user)
        return {
            "submission": submission,
            "assignment": assignment,
            "status": reviews.State.NOT_STARTED,
            "version": 0,
            "answers": {},
            "revision": None,
            "submitted_at": None,
            "updated_at": assignment.created_at,
        }
    review.submission = submission
    return review


class OwnReview(PaperScoped):
    write_scope = "reviews"

    @extend_schema(responses=S.OwnReviewSerializer, summary="Your review of a paper you are assigned")
    def get(self, request, slug, number):
        sub = self.paper("review.workspace", number)
        return Response(S.OwnReviewSerializer(_own(sub, request.user)).data)

    @extend_schema(
        request=S.ReviewWriteSerializer,
        responses=S.OwnReviewSerializer,
        summary="Save your review as a draft (or, once submitted, as changes not submitted yet)",
    )
    def put(self, request, slug, number):
        sub = self.paper("review.workspace", number)
        data = self._incoming(request)
        call(
            writing.save_draft,
            sub,
            user=request.user,
            answers=data["answers"],
            expected_version=data["expected_version"],
        )
        return Response(S.OwnReviewSerializer(_own(sub, request.user)).data)

    @staticmethod
    def _incoming(request) -> dict:
        incoming = S.ReviewWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return incoming.validated_data


class SubmitReview(PaperScoped):
    write_scope = "reviews"

    @extend_schema(
        request=S.ReviewWriteSerializer,
        responses=S.OwnReviewSerializer,
        summary="Submit your review (or a revision of it, until the review deadline)",
    )
    def post(self, request, slug, number):
        sub = self.paper("review.workspace", number)
        data = OwnReview._incoming(request)
        call(
            writing.submit_review,
            sub,
            user=request.user,
            answers=data["answers"],
            expected_version=data["expected_version"],
        )
        return Response(S.OwnReviewSerializer(_own(sub, request.user)).data)


class PaperReviews(PaperScoped):
    @extend_schema(
        responses=S.ReadableReviewSerializer(many=True),
        summary="The reviews of a paper you may read (organizers who oversee it; reviewers after their own; "
        "authors once released)",
    )
    def get(self, request, slug, number):
        sub = self.paper("review.list", number)
        return Response(
            S.ReadableReviewSerializer(reviews.readable_reviews(request.user, sub), many=True).data
        )


# --- decisions ----------------------------------------------------------------------------------------


class DecisionList(WorkshopScoped):
    @extend_schema(
        responses=S.DecisionSerializer(many=True),
        summary="Decisions of the papers you oversee (organizers; staged and released)",
    )
    def get(self, request, slug):
        from confero.decisions.selectors import overview

        self.require("decision.list", self.workshop)
        rows = [r.decision for r in overview(self.workshop, request.user) if r.visible and r.decision]
        return Response(S.DecisionSerializer(rows, many=True).data)


class PaperDecision(PaperScoped):
    write_scope = "decisions"

    @extend_schema(
        responses=S.DecisionSerializer,
        summary="A paper's decision: organizers who oversee it see what is staged; authors what was released",
    )
    def get(self, request, slug, number):
        sub = self.paper("decision.view", number)
        decision = decision_of(sub)
        if permissions.can(request.user, "decision.view_staged", sub):
            if decision is None:
                raise Http404("no decision yet")
            return Response(S.DecisionSerializer(decision).data)
        if decision is None or not decision.is_released:
            raise Http404("no decision released")
        return Response(S.ReleasedDecisionSerializer(decision).data)

    @extend_schema(
        request=S.DecisionStageSerializer,
        responses=S.DecisionSerializer,
        summary="Stage a decision (released to authors with the next release)",
    )
    def put(self, request, slug, number):
        sub = self.paper("decision.view_staged", number)
        incoming = S.DecisionStageSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        decision = call(
            decisions.stage,
            sub,
            outcome=data["outcome"],
            note=data["note"],
            actor=request.user,
            expected_version=data["expected_version"],
        )
        return Response(S.DecisionSerializer(decision).data)


class ReleaseDecisions(WorkshopScoped):
    write_scope = "decisions"

    @extend_schema(
        request=S.ReleaseSerializer,
        responses=S.ReleaseResultSerializer,
        summary="Release staged decisions to their authors (and mail them)",
    )
    def post(self, request, slug):
        self.require("decision.release", self.workshop)
        incoming = S.ReleaseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        releases = call(
            decisions.release,
            self.workshop,
            actor=request.user,
            numbers=incoming.validated_data.get("numbers"),
        )
        numbers = sorted(r.decision.submission.number for r in releases)
        return Response(S.ReleaseResultSerializer({"released": numbers}).data)
