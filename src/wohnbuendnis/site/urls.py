from django.urls import path

from wohnbuendnis.site import views

app_name = "site"
urlpatterns = [
    path("buendnisse/", views.alliance_list, name="alliances"),
    path("buendnisse/<slug:slug>/", views.alliance_public, name="alliance"),
    path("buendnisse/<slug:slug>/gemeindeuebersicht/", views.overview, name="overview"),
    path(
        "buendnisse/<slug:slug>/gemeindeuebersicht/karte.json",
        views.overview_map,
        name="overview_map",
    ),
    path("barrierefreiheit/", views.page, {"template": "accessibility"}, name="accessibility"),
    path("datenschutz/", views.page, {"template": "privacy"}, name="privacy"),
    path("impressum/", views.page, {"template": "imprint"}, name="imprint"),
]
