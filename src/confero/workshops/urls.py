"""The start page and organizer setup pages at /<slug>/manage/settings/... (the call for papers is the
public site's: confero.site, /<slug>/ and /<slug>/cfp/)."""

from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/manage/settings/", views.settings_general, name="settings"),
    path("<slug:slug>/manage/settings/topics/", views.settings_topics, name="settings_topics"),
    path("<slug:slug>/manage/settings/categories/", views.settings_categories, name="settings_categories"),
    path("<slug:slug>/manage/settings/areas/", views.settings_areas, name="settings_areas"),
    path("<slug:slug>/manage/settings/deadlines/", views.settings_deadlines, name="settings_deadlines"),
]
