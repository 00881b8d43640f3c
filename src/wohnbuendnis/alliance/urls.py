from django.urls import path

from wohnbuendnis.alliance import views

app_name = "alliance"
urlpatterns = [
    path("<slug:slug>/organisationen/", views.organisation_list, name="organisations"),
    path(
        "<slug:slug>/organisationen/<int:pk>/",
        views.organisation_detail,
        name="organisation",
    ),
    path("<slug:slug>/personen/", views.person_list, name="people"),
    path("<slug:slug>/gremien/", views.body_list, name="bodies"),
    path("<slug:slug>/gremien/<int:pk>/", views.body_detail, name="body"),
]
