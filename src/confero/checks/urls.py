"""Check URLs under /<slug>/ (the slug comes from confero.web.urls): the organizers' pages under
manage/checks/, a paper's checks beside the submission."""

from django.urls import path

from . import views

app_name = "checks"

M = "manage/checks/"

urlpatterns = [
    path(M, views.overview, name="overview"),
    path(M + "rerun/", views.rerun_all, name="rerun_all"),
    path(M + "corpora/", views.corpora, name="corpora"),
    path(M + "corpora/<int:pk>/delete/", views.corpus_delete, name="corpus_delete"),
    path(M + "<int:number>/rerun/", views.rerun, name="rerun"),
    path("submissions/<int:number>/checks/", views.paper, name="paper"),
]
