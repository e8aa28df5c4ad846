"""Travel-grant URLs under /<slug>/: the applicant's pages under grants/, the organizers' under
manage/grants/."""

from django.urls import path

from . import exports, views, views_manage

app_name = "grants"

M = "manage/grants/"

urlpatterns = [
    path("grants/", views.mine, name="mine"),
    path("grants/apply/", views.apply, name="apply"),
    path("grants/edit/", views.edit, name="edit"),
    path("grants/withdraw/", views.withdraw, name="withdraw"),
    path(M, views_manage.index, name="index"),
    path(M + "budget.json", views_manage.budget, name="budget"),
    path(M + "settings/", views_manage.settings_page, name="settings"),
    path(M + "handlers/", views_manage.handlers, name="handlers"),
    path(M + "release/", views_manage.release, name="release"),
    path(M + "export.csv", exports.export, name="export"),
    path(M + "G<int:number>/", views_manage.application, name="application"),
]
