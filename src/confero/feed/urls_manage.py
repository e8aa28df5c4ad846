"""Organizer pages at /<slug>/manage/feed/."""

from django.urls import path

from . import views_manage as views

app_name = "feed_manage"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/<slug:key>/", views.topic, name="topic"),
    path("pc/", views.pc, name="pc"),
    path("pc/drafts/", views.draft_create, name="draft_create"),
    path("pc/drafts/<int:pk>/", views.draft, name="draft"),
]
