from django.urls import path

from wohnbuendnis.alliance import views

app_name = "alliance"
urlpatterns = [
    path("<slug:slug>/organisationen/", views.organisation_list, name="organisations"),
    path(
        "<slug:slug>/organisationen/aufnehmen/",
        views.organisation_admit,
        name="organisation_admit",
    ),
    path(
        "<slug:slug>/organisationen/<int:pk>/",
        views.organisation_detail,
        name="organisation",
    ),
    path(
        "<slug:slug>/organisationen/<int:pk>/bearbeiten/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "<slug:slug>/organisationen/<int:pk>/austritt/",
        views.organisation_leave,
        name="organisation_leave",
    ),
    path(
        "<slug:slug>/organisationen/gemeinde-aufnehmen/",
        views.municipality_admit,
        name="municipality_admit",
    ),
    path("<slug:slug>/mitgliedsbuendnisse/", views.affiliation_list, name="affiliations"),
    path(
        "<slug:slug>/mitgliedsbuendnisse/aufnehmen/", views.affiliation_add, name="affiliation_add"
    ),
    path(
        "<slug:slug>/mitgliedsbuendnisse/<int:pk>/beenden/",
        views.affiliation_end,
        name="affiliation_end",
    ),
    path("<slug:slug>/servicestelle/", views.service_desk, name="service_desk"),
    path("<slug:slug>/personen/", views.person_list, name="people"),
    path("<slug:slug>/personen/neu/", views.person_create, name="person_create"),
    path("<slug:slug>/personen/<int:pk>/", views.person_edit, name="person"),
    path("<slug:slug>/personen/<int:pk>/einladen/", views.person_invite, name="person_invite"),
    path("<slug:slug>/personen/<int:pk>/rollen/", views.role_grant, name="role_grant"),
    path(
        "<slug:slug>/personen/<int:pk>/rollen/<int:membership>/beenden/",
        views.role_revoke,
        name="role_revoke",
    ),
    path("<slug:slug>/gremien/", views.body_list, name="bodies"),
    path("<slug:slug>/gremien/neu/", views.body_create, name="body_create"),
    path("<slug:slug>/gremien/<int:pk>/", views.body_detail, name="body"),
    path("<slug:slug>/gremien/<int:pk>/bearbeiten/", views.body_edit, name="body_edit"),
    path("<slug:slug>/erscheinungsbild/", views.appearance, name="appearance"),
    path("<slug:slug>/logo/", views.logo, name="logo"),
    path("<slug:slug>/datenlizenz/", views.data_licence, name="data_licence"),
]
