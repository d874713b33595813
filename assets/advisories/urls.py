"""Advisory pages, included from assets/urls.py (namespace ``assets``)."""

from django.urls import path

from assets.advisories import views

urlpatterns = [
    path("advisories/", views.advisory_list, name="advisory-list"),
    path("advisories/upload/", views.advisory_upload, name="advisory-upload"),
    path("advisories/<int:pk>/", views.advisory_detail, name="advisory-detail"),
    path("advisories/<int:pk>/document/", views.advisory_raw, name="advisory-raw"),
]
