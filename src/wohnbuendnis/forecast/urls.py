from django.urls import path

from wohnbuendnis.forecast import views

app_name = "forecast"
urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/annahmen/neu/", views.set_new, name="set_new"),
    path("<slug:slug>/annahmen/vergleich/", views.set_compare, name="set_compare"),
    path("<slug:slug>/annahmen/<int:pk>/", views.set_detail, name="set"),
    path("<slug:slug>/daten/hochladen/", views.upload, name="upload"),
    path("<slug:slug>/daten/<int:pk>.zip", views.download_inputs, name="download_inputs"),
    path("<slug:slug>/amtlich/importieren/", views.official_upload, name="official_upload"),
    path("<slug:slug>/laeufe/neu/", views.run_new, name="run_new"),
    path("<slug:slug>/laeufe/<int:pk>/", views.run_detail, name="run"),
    path(
        "<slug:slug>/laeufe/<int:pk>/zielgruppen/",
        views.target_group_page,
        name="target_groups",
    ),
    path("<slug:slug>/laeufe/<int:pk>/status/", views.run_status, name="run_status"),
    path("<slug:slug>/laeufe/<int:pk>/karte.json", views.map_data, name="map_data"),
    path("<slug:slug>/laeufe/<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path("<slug:slug>/laeufe/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/gemeinden/", views.region_index, name="region_index"),
    path("<slug:slug>/gemeinden/<int:pk>/", views.region_run, name="region_run"),
    path("<slug:slug>/gemeinden/<int:pk>/karte.json", views.region_map_data, name="region_map"),
]
