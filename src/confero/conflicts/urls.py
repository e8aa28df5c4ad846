"""Conflict pages under /<slug>/ (the slug comes from confero.web.urls)."""

from django.urls import path

from . import views

app_name = "conflicts"

urlpatterns = [
    path("review/conflicts/", views.declare, name="declare"),
    path("manage/conflicts/", views.queue, name="queue"),
]
