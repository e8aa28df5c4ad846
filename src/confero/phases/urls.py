from django.urls import path

from . import views

app_name = "phases"

urlpatterns = [path("", views.index, name="index")]
