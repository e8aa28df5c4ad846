"""Top-level URLs. Each workshop lives under /<slug>/; its organizer pages under /<slug>/manage/."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; answer with the icon, not a 404.
    path("favicon.ico", RedirectView.as_view(url=static("confero/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("confero.people.urls")),
    path("<slug:slug>/manage/", include("confero.submissions.urls_manage")),
    path("<slug:slug>/manage/audit/", include("confero.audit.urls")),
    path("<slug:slug>/manage/people/", include("confero.people.urls_manage")),
    path("<slug:slug>/", include("confero.decisions.urls")),
    path("<slug:slug>/", include("confero.submissions.urls")),
    path("", include("confero.workshops.urls")),
]
