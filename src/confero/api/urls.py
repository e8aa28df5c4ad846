from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("workshops/", views.WorkshopList.as_view(), name="workshops"),
    path("workshops/<slug:slug>/submissions/", views.SubmissionList.as_view(), name="submissions"),
    path(
        "workshops/<slug:slug>/submissions/<int:number>/", views.SubmissionDetail.as_view(), name="submission"
    ),
]
