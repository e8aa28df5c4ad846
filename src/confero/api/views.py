"""REST API v1: the same objects as the web app, through the same services and permission table.

Objects a person may not see answer 404 (as in the web app); workshop-level refusals answer 403 with the
reason. A token limited to one workshop sees no other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from confero import permissions
from confero.submissions import services as submission_services
from confero.submissions.forms import parse_artifacts, parse_authors
from confero.submissions.models import Submission
from confero.workshops.models import Workshop

from .auth import token_of
from .serializers import SubmissionCreateSerializer, SubmissionSerializer, WorkshopSerializer


def _error(exc: Exception):
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return Response({"detail": getattr(exc, "message", str(exc))}, status=status.HTTP_409_CONFLICT)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "changed meanwhile by someone else"
    default_code = "conflict"


def call(service, *args, **kwargs):
    """Run a service as the pages do, answering its refusals the API's way: the permission table's
    reason as 403, a change based on an outdated version as 409, invalid input as 400."""
    from confero.decisions.services import StaleDecision
    from confero.reviews.services.writing import StaleReview

    try:
        return service(*args, **kwargs)
    except permissions.Denied as exc:
        raise exceptions.PermissionDenied(exc.reason) from exc
    except (StaleReview, StaleDecision) as exc:
        raise Conflict(" ".join(exc.messages)) from exc
    except ValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise exceptions.ValidationError(detail) from exc


class WorkshopScoped(APIView):
    """Base: ``self.workshop`` from the URL's slug, as the viewer (and their token) may see it."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        slug = kwargs.get("slug")
        if slug is None:
            return
        token = token_of(request)
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None or (token and token.workshop_id and token.workshop_id != workshop.pk):
            raise Http404("no such workshop")
        if not workshop.is_published and not permissions.can(request.user, "workshop.manage", workshop):
            raise Http404("no such workshop")
        self.workshop = workshop

    def require(self, action: str, obj) -> None:
        reason = permissions.why_not(self.request.user, action, obj)
        if reason:
            raise exceptions.PermissionDenied(reason)


class WorkshopList(WorkshopScoped):
    public = True

    @extend_schema(responses=WorkshopSerializer(many=True), summary="Workshops you can see")
    def get(self, request):
        workshops = Workshop.objects.filter(is_published=True)
        if request.user.is_authenticated:
            workshops = Workshop.objects.filter(Q(is_published=True) | Q(roles__user=request.user)).distinct()
        token = token_of(request)
        if token and token.workshop_id:
            workshops = workshops.filter(pk=token.workshop_id)
        return Response(WorkshopSerializer(workshops.order_by("name"), many=True).data)


SUBMISSIONS = Submission.objects.select_related("workshop", "category", "primary_topic", "secondary_topic")


class SubmissionList(WorkshopScoped):
    write_scope = "submissions"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=SubmissionSerializer(many=True), summary="Submissions you may see")
    def get(self, request, slug):
        rows = SUBMISSIONS.filter(workshop=self.workshop).prefetch_related("authors", "artifacts")
        visible = permissions.allowed(request.user, "submission.view", rows)
        return Response(SubmissionSerializer(visible, many=True, context={"request": request}).data)

    @extend_schema(
        request=SubmissionCreateSerializer, responses={201: SubmissionSerializer}, summary="Submit a paper"
    )
    def post(self, request, slug):
        self.require("submission.create", self.workshop)
        incoming = SubmissionCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        authors, problems = parse_authors(data["authors"])
        artifacts, artifact_problems = parse_artifacts(data.get("artifacts", ""))
        if problems or artifact_problems:
            return Response({"authors": problems, "artifacts": artifact_problems}, status=400)
        topics = {t.key: t for t in self.workshop.topics.all()}
        categories = {c.key: c for c in self.workshop.categories.all()}
        submission_data = submission_services.SubmissionData(
            title=data["title"],
            abstract=data["abstract"],
            category=categories.get(data["category"]),
            primary_topic=topics.get(data["primary_topic"]),
            secondary_topic=topics.get(data.get("secondary_topic") or "")
            if data.get("secondary_topic")
            else None,
            authors=authors,
            artifacts=artifacts,
            previously_published=data["previously_published"],
            policies_agreed=data["policies_agreed"],
        )
        try:
            sub = submission_services.create_submission(
                workshop=self.workshop, user=request.user, data=submission_data, pdf=data["pdf"]
            )
        except (ValidationError, submission_services.SubmissionError) as exc:
            return _error(exc)
        return Response(SubmissionSerializer(sub, context={"request": request}).data, status=201)


class SubmissionDetail(WorkshopScoped):
    @extend_schema(responses=SubmissionSerializer, summary="One submission")
    def get(self, request, slug, number):
        sub = SUBMISSIONS.filter(workshop=self.workshop, number=number).first()
        if sub is None or not permissions.can(request.user, "submission.view", sub):
            raise Http404("not found")
        return Response(SubmissionSerializer(sub, context={"request": request}).data)
