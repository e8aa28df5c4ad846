"""Committee pages under /<slug>/ (the slug comes from confero.web.urls): the PC member's onboarding under
review/, the organizers' committee page under manage/."""

from django.urls import path

from . import views, views_manage

app_name = "committee"

urlpatterns = [
    path("review/onboarding/", views.onboarding, name="onboarding"),
    path("review/onboarding/publications/", views.publication_list, name="publications"),
    path("manage/committee/", views_manage.committee, name="manage"),
]
