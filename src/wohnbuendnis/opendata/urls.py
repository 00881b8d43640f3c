from django.urls import path

from wohnbuendnis.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.instance, name="instance"),
    path("katalog.jsonld", views.instance_catalogue, name="instance_catalogue"),
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/katalog.jsonld", views.catalogue, name="catalogue"),
    # <data set>.csv or <data set>.json (any other suffix: 404)
    path("<slug:slug>/<slug:key>.<slug:fmt>", views.download, name="file"),
]
