"""Organizer pages under /<slug>/manage/: program/ (the builder, slots, exports) and posters/."""

from django.urls import path

from . import views, views_posters

app_name = "program"

urlpatterns = [
    path("program/", views.index, name="index"),
    path("program/slots/<int:pk>/", views.slot, name="slot"),
    path("program/export/<str:version>/<str:fmt>/", views.export, name="export"),
    path("posters/", views_posters.index, name="posters"),
]
