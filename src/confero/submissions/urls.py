"""Author-side submission URLs under /<slug>/ (names fixed by the web contract)."""

from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("submissions/", views.mine, name="mine"),
    path("submit/", views.create, name="create"),
    path("submissions/<int:number>/", views.detail, name="detail"),
    path("submissions/<int:number>/edit/", views.edit, name="edit"),
    path("submissions/<int:number>/withdraw/", views.withdraw, name="withdraw"),
    path("submissions/<int:number>/pdf/", views.pdf, name="pdf"),
    path("claim/<str:token>/", views.claim, name="claim"),
]
