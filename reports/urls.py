from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("new/", views.report_create, name="report-create"),
    path("verify/", views.report_verify_view, name="report-verify"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/status/", views.report_status, name="report-status"),
    path("<int:pk>/download/", views.report_download_pdf, name="report-download"),
    path("<int:pk>/archive/", views.report_download_bundle, name="report-bundle"),
    path("<int:pk>/release/", views.report_release_view, name="report-release"),
]
