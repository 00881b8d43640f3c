from django.urls import path

from wohnbuendnis.api import views

# the API itself (/api/v1/) is mounted in config.urls under its own namespace "api-v1"

app_name = "api"
urlpatterns = [
    path("schluessel/<slug:slug>/", views.tokens, name="tokens"),
    path("schluessel/<slug:slug>/<int:pk>/widerrufen/", views.revoke, name="revoke"),
    # OParl 1.1 (api/oparl.py); the list names are OParl's own
    path("oparl/v1/", views.oparl_system, name="oparl_system"),
    path("oparl/v1/body/", views.oparl_bodies, name="oparl_bodies"),
    path("oparl/v1/body/<slug:slug>/", views.oparl_body, name="oparl_body"),
    path("oparl/v1/body/<slug:slug>/<str:name>/", views.oparl_body_list, name="oparl_body_list"),
    path(
        "oparl/v1/organization/<str:kind>/<int:pk>/",
        views.oparl_organization,
        name="oparl_organization",
    ),
    path(
        "oparl/v1/organization/gremium/<int:pk>/meeting/",
        views.oparl_organization_meetings,
        name="oparl_organization_meetings",
    ),
    path("oparl/v1/meeting/<int:pk>/", views.oparl_meeting, name="oparl_meeting"),
    path("oparl/v1/location/<int:pk>/", views.oparl_location, name="oparl_location"),
    path("oparl/v1/agendaItem/<int:pk>/", views.oparl_agenda_item, name="oparl_agenda_item"),
    path("oparl/v1/paper/<int:pk>/", views.oparl_paper, name="oparl_paper"),
    path("oparl/v1/file/<str:kind>/<int:pk>/", views.oparl_file, name="oparl_file"),
]
