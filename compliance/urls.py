from django.urls import include, path

app_name = "compliance"

urlpatterns: list = [
    path("incidents/", include("compliance.incidents.urls")),
]
