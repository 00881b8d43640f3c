from django.urls import path

from wohnbuendnis.api import views

# the API itself (/api/v1/) is mounted in config.urls under its own namespace "api-v1"

app_name = "api"
urlpatterns = [
    path("schluessel/<slug:slug>/", views.tokens, name="tokens"),
    path("schluessel/<slug:slug>/<int:pk>/widerrufen/", views.revoke, name="revoke"),
]
