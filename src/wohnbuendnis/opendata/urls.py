from django.urls import path, register_converter

from wohnbuendnis.opendata import views


class _Format:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_Format, "format")

app_name = "opendata"
urlpatterns = [
    path("", views.instance, name="instance"),
    path("katalog.jsonld", views.instance_catalogue, name="instance_catalogue"),
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/katalog.jsonld", views.catalogue, name="catalogue"),
    path("<slug:slug>/<slug:key>.<format:fmt>", views.download, name="file"),
]
