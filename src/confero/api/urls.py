from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from . import views_reviewing as r

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("workshops/", views.WorkshopList.as_view(), name="workshops"),
    path("workshops/<slug:slug>/submissions/", views.SubmissionList.as_view(), name="submissions"),
    path(
        "workshops/<slug:slug>/submissions/<int:number>/", views.SubmissionDetail.as_view(), name="submission"
    ),
    path("workshops/<slug:slug>/bids/", r.BidList.as_view(), name="bids"),
    path("workshops/<slug:slug>/submissions/<int:number>/bid/", r.BidPlace.as_view(), name="bid"),
    path("workshops/<slug:slug>/assignments/", r.AssignmentList.as_view(), name="assignments"),
    path("workshops/<slug:slug>/assignments/mine/", r.MyAssignments.as_view(), name="my_assignments"),
    path("workshops/<slug:slug>/submissions/<int:number>/review/", r.OwnReview.as_view(), name="review"),
    path(
        "workshops/<slug:slug>/submissions/<int:number>/review/submit/",
        r.SubmitReview.as_view(),
        name="review_submit",
    ),
    path("workshops/<slug:slug>/submissions/<int:number>/reviews/", r.PaperReviews.as_view(), name="reviews"),
    path("workshops/<slug:slug>/decisions/", r.DecisionList.as_view(), name="decisions"),
    path("workshops/<slug:slug>/decisions/release/", r.ReleaseDecisions.as_view(), name="release"),
    path(
        "workshops/<slug:slug>/submissions/<int:number>/decision/", r.PaperDecision.as_view(), name="decision"
    ),
]
