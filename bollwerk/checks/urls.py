"""Check pages, mounted under /checks/ (namespace ``checks``)."""

from django.urls import path

from bollwerk.checks import views

app_name = "checks"

urlpatterns = [
    path("", views.schedule_list, name="schedule-list"),
    path("schedules/<int:pk>/", views.schedule_change, name="schedule-change"),
    path("schedules/<int:pk>/run/", views.schedule_run, name="schedule-run"),
    path("runs/", views.run_list, name="run-list"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("findings/", views.finding_list, name="finding-list"),
    path("findings/lookup/", views.FindingLookupView.as_view(), name="finding-lookup"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/status/", views.finding_action, name="finding-action"),
    path("notifications/", views.notification_settings, name="notification-settings"),
]
