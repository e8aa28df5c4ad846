"""Django admin for submissions: read-only views; changes go through services (admin actions)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from . import services
from .models import ArtifactLink, DeclaredConflict, Submission, SubmissionAuthor, SubmissionVersion


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuthorInline(_ReadOnlyInline):
    model = SubmissionAuthor
    fields = ("order", "name", "email", "affiliation", "user")


class ArtifactInline(_ReadOnlyInline):
    model = ArtifactLink
    fields = ("kind", "url", "description")


class ConflictInline(_ReadOnlyInline):
    model = DeclaredConflict
    fields = ("person", "reason")


class VersionInline(_ReadOnlyInline):
    model = SubmissionVersion
    fields = ("number", "created_at", "created_by", "action", "changes", "pdf")
    readonly_fields = ("created_at",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = (
        "workshop",
        "number",
        "title",
        "category",
        "status",
        "version",
        "pdf_main_pages",
        "deadline_extension",
        "updated_at",
    )
    list_filter = ("workshop", "status", "category")
    search_fields = ("title", "authors__name", "authors__email")
    inlines = [AuthorInline, ArtifactInline, ConflictInline, VersionInline]
    actions = ["withdraw", "remove_extension"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):
        return False  # authors submit through the site (services.create_submission)

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw instead; versions and PDFs are kept

    def _run(self, request, queryset, label, fn):
        done = 0
        for sub in queryset:
            try:
                fn(sub)
                done += 1
            except (ValidationError, PermissionDenied, services.SubmissionError) as exc:
                msg = getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"#{sub.number}: {msg}", messages.WARNING)
        if done:
            self.message_user(request, f"{label}: {done} submission(s).", messages.SUCCESS)

    @admin.action(description="Withdraw the selected submissions")
    def withdraw(self, request, queryset):
        self._run(
            request,
            queryset,
            "Withdrawn",
            lambda s: services.withdraw_submission(s, user=request.user, expected_version=s.version),
        )

    @admin.action(description="Remove the deadline extension of the selected submissions")
    def remove_extension(self, request, queryset):
        self._run(
            request,
            queryset.exclude(deadline_extension=None),
            "Extension removed",
            lambda s: services.grant_extension(
                s, organizer=request.user, until=None, reason="removed in the admin"
            ),
        )
