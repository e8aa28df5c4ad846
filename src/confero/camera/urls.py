"""Camera-ready URLs under /<slug>/: the authors' page beside their submission, the organizers' pages
under manage/camera-ready/, and the public files of published papers under papers/."""

from django.urls import path

from . import views, views_manage, views_public

app_name = "camera"

M = "manage/camera-ready/"

urlpatterns = [
    path(M, views_manage.index, name="index"),
    path(M + "remind/", views_manage.remind, name="remind"),
    path(M + "settings/", views_manage.settings_page, name="settings"),
    path(M + "<int:number>/", views_manage.paper, name="paper"),
    path("submissions/<int:number>/camera-ready/", views.edit, name="edit"),
    path("submissions/<int:number>/camera-ready/<slug:kind>/", views.download, name="file"),
    path("papers/<int:number>/<slug:kind>/", views_public.public_file, name="public_file"),
]
