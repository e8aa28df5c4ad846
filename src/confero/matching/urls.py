"""Organizer pages of matching under /<slug>/manage/matching/ (the slug comes from confero.web.urls)."""

from django.urls import path

from . import views, views_assignments, views_bidding, views_edit

app_name = "matching"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<int:run_id>/", views.run_page, name="run"),
    path("runs/<int:run_id>/cancel/", views.cancel, name="cancel"),
    path("runs/<int:run_id>/rerun/", views.rerun, name="rerun"),
    path("runs/<int:run_id>/plot.png", views.plot, name="plot"),
    path("runs/<int:run_id>/export.csv", views.export, name="export"),
    path("runs/<int:run_id>/papers/<int:number>/", views_edit.paper, name="paper"),
    path("runs/<int:run_id>/publish/", views_edit.publish_run, name="publish"),
    path("compare/", views_edit.compare, name="compare"),
    path("assignments/", views_assignments.index, name="assignments"),
    path("assignments/export.csv", views_assignments.export, name="assignments_export"),
    path("assignments/<int:number>/", views_assignments.paper, name="assignment_paper"),
    path("bidding/", views_bidding.overview, name="bidding"),
]
