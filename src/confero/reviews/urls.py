"""Reviewing URLs under /<slug>/ (the slug comes from confero.web.urls): reviewer pages under review/,
organizer pages under manage/reviews/ and manage/review-form/."""

from django.urls import path

from . import views_form, views_manage, views_reviewer

app_name = "reviews"

urlpatterns = [
    path("review/", views_reviewer.mine, name="mine"),
    path("review/<int:number>/", views_reviewer.paper, name="paper"),
    path("review/<int:number>/edit/", views_reviewer.edit, name="edit"),
    path("review/<int:number>/autosave/", views_reviewer.autosave, name="autosave"),
    path("review/<int:number>/preview/", views_reviewer.preview, name="preview"),
    path("review/<int:number>/paper.pdf", views_reviewer.pdf, name="pdf"),
    path("manage/reviews/", views_manage.papers, name="progress"),
    path("manage/reviews/reviewers/", views_manage.reviewers, name="reviewers"),
    path("manage/reviews/remind/", views_manage.remind, name="remind"),
    path("manage/reviews/<int:number>/", views_manage.paper, name="manage_paper"),
    path("manage/review-form/", views_form.index, name="form"),
    path("manage/review-form/add/", views_form.add, name="form_add"),
    path("manage/review-form/<int:pk>/", views_form.edit, name="form_edit"),
    path("manage/review-form/<int:pk>/delete/", views_form.delete, name="form_delete"),
    path("manage/review-form/<int:pk>/move/", views_form.move, name="form_move"),
]
