"""Top-level URLs. Each workshop lives under /<slug>/; its organizer pages under /<slug>/manage/."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from confero.api import views_tokens as api_tokens

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; answer with the icon, not a 404.
    path("favicon.ico", RedirectView.as_view(url=static("confero/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("confero.api.urls")),
    path("accounts/tokens/", api_tokens.index, name="api_tokens"),
    path("accounts/", include("confero.people.urls")),
    path("<slug:slug>/manage/", include("confero.submissions.urls_manage")),
    path("<slug:slug>/manage/audit/", include("confero.audit.urls")),
    path("<slug:slug>/manage/people/", include("confero.people.urls_manage")),
    path("<slug:slug>/manage/phases/", include("confero.phases.urls")),
    path("<slug:slug>/manage/awards/", include("confero.awards.urls")),
    path("<slug:slug>/manage/", include("confero.program.urls")),  # program/ and posters/
    path("<slug:slug>/manage/feed/", include("confero.feed.urls_manage")),
    path("<slug:slug>/", include("confero.feed.urls")),  # reading-list/
    path("<slug:slug>/", include("confero.committee.urls")),
    path("<slug:slug>/", include("confero.conflicts.urls")),
    path("<slug:slug>/", include("confero.reviews.urls")),
    path("<slug:slug>/manage/matching/", include("confero.matching.urls")),
    path("<slug:slug>/review/bids/", include("confero.bidding.urls")),
    path("<slug:slug>/", include("confero.decisions.urls")),
    path("<slug:slug>/", include("confero.camera.urls")),
    path("<slug:slug>/", include("confero.grants.urls")),
    path("<slug:slug>/", include("confero.checks.urls")),
    path("<slug:slug>/", include("confero.submissions.urls")),
    path("<slug:slug>/", include("confero.site.urls")),  # the public site: home, CFP, papers, program
    path("", include("confero.workshops.urls")),
]
