from django.urls import include, path

app_name = "assets"

urlpatterns: list = [
    path("", include("assets.advisories.urls")),
]
