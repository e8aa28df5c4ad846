"""The workshop's audit log, under /<slug>/manage/audit/."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.index, name="index"),
]
