from django.urls import path

from wohnbuendnis.reports import views

app_name = "reports"
urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/veroeffentlicht/", views.published, name="published"),
    path("<slug:slug>/<int:pk>/", views.report_detail, name="report"),
    path("<slug:slug>/<int:pk>/status/", views.report_status, name="report_status"),
    path("<slug:slug>/<int:pk>/datei/", views.download, name="download"),
    path("<slug:slug>/<int:pk>/veroeffentlichen/", views.publish, name="publish"),
]
