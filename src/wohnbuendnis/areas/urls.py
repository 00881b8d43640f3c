from django.urls import path

from wohnbuendnis.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.area_list, name="list"),
    path("<int:pk>/", views.area_detail, name="detail"),
    path("<int:pk>/teilgebiete/hochladen/", views.subarea_upload, name="upload"),
    path("<int:pk>/teilgebiete/uebernehmen/", views.subarea_commit, name="commit"),
]
