"""What the API shows of each object — always built for one viewer through the permission table."""

from __future__ import annotations

from rest_framework import serializers

from confero import permissions


class WorkshopSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    anonymity = serializers.CharField()
    phase = serializers.SerializerMethodField()

    def get_phase(self, workshop) -> str:
        from confero.phases.services import current

        return current(workshop).kind


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    affiliation = serializers.CharField(allow_blank=True)


class SubmissionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    abstract = serializers.CharField()
    category = serializers.CharField(source="category.key")
    primary_topic = serializers.CharField(source="primary_topic.key")
    secondary_topic = serializers.CharField(source="secondary_topic.key", allow_null=True)
    status = serializers.CharField()
    version = serializers.IntegerField()
    pdf_pages = serializers.IntegerField()
    pdf_main_pages = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    authors = serializers.SerializerMethodField(help_text="empty when the viewer may not see author names")
    artifacts = serializers.SerializerMethodField()

    def get_authors(self, sub) -> list[dict]:
        if not permissions.can(self.context["request"].user, "submission.view_authors", sub):
            return []
        return AuthorSerializer(sub.authors.all(), many=True).data

    def get_artifacts(self, sub) -> list[dict]:
        return [{"kind": a.kind, "url": a.url, "description": a.description} for a in sub.artifacts.all()]


class SubmissionCreateSerializer(serializers.Serializer):
    """A new submission, as the web form takes it (authors one per line: ``Name <e-mail>, Affiliation``)."""

    title = serializers.CharField(max_length=300)
    abstract = serializers.CharField()
    category = serializers.SlugField()
    primary_topic = serializers.SlugField()
    secondary_topic = serializers.SlugField(required=False, allow_blank=True)
    authors = serializers.CharField(help_text="one per line: Name <e-mail>, Affiliation")
    artifacts = serializers.CharField(
        required=False, allow_blank=True, help_text="one per line: kind URL description"
    )
    previously_published = serializers.BooleanField()
    policies_agreed = serializers.BooleanField()
    pdf = serializers.FileField()
