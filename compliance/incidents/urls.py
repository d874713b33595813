"""Incident pages, included from compliance/urls.py under ``incidents/`` (namespace ``compliance``)."""

from django.urls import path

from . import views, views_actions

urlpatterns = [
    path("", views.incident_list, name="incident-list"),
    path("new/", views.incident_create, name="incident-create"),
    path("clocks/", views.clocks_panel, name="incident-clocks"),
    path("<int:pk>/", views.incident_detail, name="incident-detail"),
    path("<int:pk>/edit/", views.incident_update, name="incident-update"),
    path("<int:pk>/delete/", views.incident_delete_view, name="incident-delete"),
    path("<int:pk>/draft/", views.incident_draft, name="incident-draft"),
    path("<int:pk>/draft.json", views.incident_draft_json, name="incident-draft-json"),
    path("<int:pk>/notice/", views.incident_notice, name="incident-notice"),
    path("<int:pk>/events/", views_actions.event_add, name="incident-event-add"),
    path("<int:pk>/significance/", views_actions.significance, name="incident-significance"),
    path("<int:pk>/submissions/", views_actions.submission_add, name="incident-submission-add"),
    path("<int:pk>/review/", views_actions.review, name="incident-review"),
    path("<int:pk>/people/", views_actions.people_accept, name="incident-people-accept"),
    path("<int:pk>/actions/", views_actions.followup_add, name="incident-action-add"),
    path("actions/<int:pk>/toggle/", views_actions.followup_toggle, name="incident-action-toggle"),
]
