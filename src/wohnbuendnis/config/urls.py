from django.contrib import admin
from django.urls import include, path

from wohnbuendnis.api.endpoints import api as api_v1
from wohnbuendnis.site import views as site_views

admin.site.site_header = "wohnbuendnis – Verwaltung"
admin.site.site_title = "wohnbuendnis"

urlpatterns = [
    path("", site_views.start, name="start"),
    path("", include("wohnbuendnis.site.urls")),
    path("buendnisse/", include("wohnbuendnis.alliance.urls")),
    path("gebiete/", include("wohnbuendnis.areas.urls")),
    path("sitzungen/", include("wohnbuendnis.meetings.urls")),
    path("veranstaltungen/", include("wohnbuendnis.events.urls")),
    path("neuigkeiten/", include("wohnbuendnis.news.urls")),
    path("handlungskonzept/", include("wohnbuendnis.concept.urls")),
    path("beteiligung/", include("wohnbuendnis.consultations.urls")),
    path("monitoring/", include("wohnbuendnis.monitoring.urls")),
    path("prognose/", include("wohnbuendnis.forecast.urls")),
    path("vermittlung/", include("wohnbuendnis.allocation.urls")),
    path("berichte/", include("wohnbuendnis.reports.urls")),
    path("offene-daten/", include("wohnbuendnis.opendata.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", include("wohnbuendnis.api.urls")),
    path("konto/", include("wohnbuendnis.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", site_views.health, name="health"),
    path("robots.txt", site_views.robots),
]
