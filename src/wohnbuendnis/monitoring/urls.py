from django.urls import path

from wohnbuendnis.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/gebiete/<int:area_id>/", views.dashboard, name="dashboard_area"),
    path("<slug:slug>/barometer/", views.public_barometer, name="public_barometer"),
    path("<slug:slug>/indikatoren/", views.catalogue, name="catalogue"),
    path("<slug:slug>/indikatoren/<slug:key>/", views.indicator_detail, name="indicator"),
    path(
        "<slug:slug>/indikatoren/<slug:key>/gebiete/<int:area_id>/",
        views.indicator_detail,
        name="indicator_area",
    ),
    path(
        "<slug:slug>/indikatoren/<slug:key>/bearbeiten/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "<slug:slug>/indikatoren/<slug:key>/schwellenwerte/",
        views.threshold_edit,
        name="threshold",
    ),
    path("<slug:slug>/werte/<int:pk>/", views.observation_correct, name="correct"),
    path("<slug:slug>/gemeinden/", views.comparison, name="comparison"),
    path("<slug:slug>/karte/", views.map_view, name="map"),
    path("<slug:slug>/karte/daten.geojson", views.map_data, name="map_data"),
    path("<slug:slug>/sozialmonitoring/", views.index_view, name="index"),
    path(
        "<slug:slug>/sozialmonitoring/einstellungen/",
        views.index_settings_edit,
        name="index_settings",
    ),
    path("<slug:slug>/sozialmonitoring/daten.geojson", views.index_map_data, name="index_map_data"),
    path("<slug:slug>/import/", views.import_upload, name="import"),
    path("<slug:slug>/import/vorlage.<str:fmt>", views.import_template, name="import_template"),
    path("<slug:slug>/import/<int:pk>/rueckgaengig/", views.import_undo, name="import_undo"),
    path("<slug:slug>/import/<str:kind>/<str:sha>/", views.import_preview, name="import_preview"),
    path(
        "<slug:slug>/observations.csv",
        views.download,
        {"fmt": "observations"},
        name="download_observations",
    ),
    path("<slug:slug>/daten.<str:fmt>", views.download, name="download"),
]
