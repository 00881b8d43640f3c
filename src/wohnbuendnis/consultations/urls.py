from django.urls import path

from wohnbuendnis.consultations import views

app_name = "consultations"
urlpatterns = [
    path("<slug:slug>/", views.consultation_list, name="list"),
    path("<slug:slug>/neu/", views.create, name="create"),
    path("<slug:slug>/synopsen/", views.public_list, name="public_list"),
    path("verfahren/<int:pk>/", views.detail, name="detail"),
    path("verfahren/<int:pk>/abschnitte/", views.sections, name="sections"),
    path("verfahren/<int:pk>/eroeffnen/", views.open_consultation, name="open"),
    path("verfahren/<int:pk>/abschliessen/", views.close, name="close"),
    path("verfahren/<int:pk>/stellungnahme/", views.statement, name="statement"),
    path("verfahren/<int:pk>/synopse/", views.synopsis, name="synopsis"),
    path("verfahren/<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path("verfahren/<int:pk>/synopse.<str:fmt>", views.download, name="download"),
    path("verfahren/<int:pk>/oeffentlich/", views.public_synopsis, name="public_synopsis"),
    path("verfahren/<int:pk>/entwurf/", views.document, name="document"),
    path("anlage/<int:pk>/", views.attachment, name="attachment"),
]
