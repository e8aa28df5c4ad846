"""Decision URLs under /<slug>/ (the slug comes from confero.web.urls): the organizers' pages under
manage/decisions/, the authors' decision page beside their submission."""

from django.urls import path

from . import views, views_author, views_exports, views_mail

app_name = "decisions"

M = "manage/decisions/"

urlpatterns = [
    path(M, views.index, name="index"),
    path(M + "release/", views.release, name="release"),
    path(M + "mails/", views_mail.templates, name="mails"),
    path(M + "mails/<str:key>/", views_mail.edit, name="mail"),
    path(M + "notices/", views_mail.notices, name="notices"),
    path(M + "notices/send-missing/", views_mail.send_missing, name="send_missing"),
    path(M + "exports/", views_exports.index, name="exports"),
    path(M + "exports/<slug:what>.<slug:fmt>", views_exports.download, name="download"),
    path(M + "<int:number>/", views.paper, name="paper"),
    path(M + "<int:number>/discard/", views.discard, name="discard"),
    path(M + "<int:number>/manager/", views.manager, name="manager"),
    path("submissions/<int:number>/decision/", views_author.mine, name="mine"),
]
