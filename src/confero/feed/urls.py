"""Public reading list at /<slug>/reading-list/."""

from django.urls import path

from . import views_public as views

app_name = "feed"

urlpatterns = [
    path("reading-list/", views.reading_list, name="reading_list"),
    path("reading-list/subscribe/", views.subscribe, name="subscribe"),
    path("reading-list/confirm/<str:signed>/", views.confirm, name="confirm"),
    path("reading-list/unsubscribe/<str:signed>/", views.unsubscribe, name="unsubscribe"),
]
