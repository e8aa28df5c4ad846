"""The public site of a workshop: /<slug>/ and the pages under it that need no login."""

from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("cfp/", views.cfp, name="cfp"),
    path("papers/", views.papers, name="papers"),
    path("papers/topics/<slug:key>/", views.topic, name="topic"),
    path("papers/<int:number>/", views.paper, name="paper"),
    path("program/", views.program, name="program"),
    path("program.ics", views.program_ics, name="program_ics"),
    path("speakers/", views.speakers, name="speakers"),
    path("people/", views.people, name="people"),
    path("people/listing/", views.listing, name="listing"),
]
