"""Organizer pages under /<slug>/manage/ (the slug comes from confero.web.urls)."""

from django.urls import path

from . import views_manage

app_name = "dashboard"

urlpatterns = [
    path("", views_manage.index, name="index"),
    path("export/<str:fmt>/", views_manage.export, name="export"),
    path("submissions/<int:number>/extension/", views_manage.extension, name="extension"),
]
