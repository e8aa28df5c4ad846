"""Bidding pages for PC members under /<slug>/review/bids/ (the slug comes from confero.web.urls)."""

from django.urls import path

from . import views

app_name = "bidding"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:number>/", views.place, name="place"),
]
