"""Organizer pages of a workshop's people, under /<slug>/manage/people/ beside the other organizer pages."""

from django.urls import path

from . import views_invitations

app_name = "people_manage"

urlpatterns = [
    path("", views_invitations.manage_people, name="index"),
]
