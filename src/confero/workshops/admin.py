"""Django admin for workshops: the workshop with its topics, categories, research areas and deadlines inline.

The workshop itself is saved through services.create_workshop / update_workshop (validation + audit);
inline edits are recorded as one audit event per save.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from confero.audit.services import record

from . import services
from .models import Deadline, ResearchArea, SubmissionCategory, Topic, Workshop


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    fields = ("order", "key", "title", "scope")


class CategoryInline(admin.TabularInline):
    model = SubmissionCategory
    extra = 0
    fields = ("order", "key", "title", "max_pages", "description")


class AreaInline(admin.TabularInline):
    model = ResearchArea
    extra = 0
    fields = ("order", "key", "name")


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0
    fields = ("kind", "at", "timezone")
    verbose_name_plural = "deadlines (enter 'at' in UTC here; the organizer settings page takes local times)"


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("acronym", "name", "slug", "venue", "is_published", "created_at")
    list_filter = ("is_published", "anonymity")
    search_fields = ("name", "acronym", "slug")
    prepopulated_fields = {"slug": ("acronym",)}
    inlines = [TopicInline, CategoryInline, AreaInline, DeadlineInline]
    fieldsets = [
        (None, {"fields": ("slug", "name", "acronym", "venue", "website", "contact_email", "is_published")}),
        (
            "Call for papers",
            {"fields": ("description", "policies", "archival", "max_pdf_mb", "max_pdf_pages")},
        ),
        (
            "Review",
            {"fields": ("anonymity", "reviewers_per_paper", "min_research_areas", "num_orals", "num_awards")},
        ),
    ]

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        fields = {k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS if k in form.cleaned_data}
        if change:
            services.update_workshop(obj, actor=request.user, **fields)
        else:
            saved = services.create_workshop(
                slug=form.cleaned_data["slug"],
                name=fields.pop("name"),
                acronym=fields.pop("acronym"),
                actor=request.user,
                **fields,
            )
            obj.pk = saved.pk
            obj.created_at = saved.created_at
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            record(
                "workshop.admin_inline_edited",
                actor=request.user,
                workshop=form.instance,
                obj=form.instance,
                summary=f"edited {formset.model._meta.verbose_name_plural} in the admin",
            )
