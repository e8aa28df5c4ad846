"""Camera-ready URLs under /<slug>/: the authors' page beside their submission, the organizers' pages
under manage/camera-ready/, and the public files of published papers under papers/."""

from django.urls import path

from . import views_public

app_name = "camera"

urlpatterns = [
    path("papers/<int:number>/<slug:kind>/", views_public.public_file, name="public_file"),
]
