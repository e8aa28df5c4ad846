"""Public call for papers at /<slug>/ and organizer setup pages at /<slug>/manage/settings/..."""

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
    path("<slug:slug>/", views.cfp, name="cfp"),
]
