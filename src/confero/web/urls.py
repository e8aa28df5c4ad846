"""Top-level URLs. Each workshop lives under /<slug>/; its organizer pages under /<slug>/manage/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("confero.people.urls")),
    path("<slug:slug>/manage/", include("confero.submissions.urls_manage")),
    path("<slug:slug>/manage/audit/", include("confero.audit.urls")),
    path("<slug:slug>/", include("confero.submissions.urls")),
    path("", include("confero.workshops.urls")),
]
