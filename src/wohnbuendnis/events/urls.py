from django.urls import path

from wohnbuendnis.events import views

app_name = "events"
urlpatterns = [
    path("veranstaltung/<int:pk>/", views.event_detail, name="event"),
    path("veranstaltung/<int:pk>/bearbeiten/", views.edit_event, name="edit"),
    path("veranstaltung/<int:pk>/absagen/", views.cancel_event, name="cancel"),
    path("veranstaltung/<int:pk>/anmeldung/", views.toggle_registration, name="toggle"),
    path("veranstaltung/<int:pk>/anmelden/", views.register, name="register"),
    path(
        "veranstaltung/<int:pk>/anmeldung-gesendet/",
        views.registration_sent,
        name="registration_sent",
    ),
    path("veranstaltung/<int:pk>/teilnehmen/", views.join, name="join"),
    path("veranstaltung/<int:pk>/abmelden/", views.leave, name="leave"),
    path("veranstaltung/<int:pk>/teilnehmende/", views.attendance, name="attendance"),
    path("veranstaltung/<int:pk>/teilnehmende.csv", views.attendance_csv, name="attendance_csv"),
    path(
        "veranstaltung/<int:pk>/teilnehmende.xlsx",
        views.attendance_xlsx,
        name="attendance_xlsx",
    ),
    path("veranstaltung/<int:pk>/termin.ics", views.event_ics, name="ics"),
    path("veranstaltung/<int:pk>/unterlage/", views.upload_document, name="upload_document"),
    path("veranstaltung/<int:pk>/bericht/", views.report, name="report"),
    path("unterlage/<int:pk>/", views.download_document, name="document"),
    path("unterlage/<int:pk>/loeschen/", views.delete_document, name="delete_document"),
    path("anmeldung/<str:token>/bestaetigen/", views.confirm, name="confirm"),
    path("anmeldung/<str:token>/abmelden/", views.cancel_registration, name="cancel_registration"),
    path("<slug:slug>/", views.event_list, name="list"),
    path("<slug:slug>/neu/", views.new_event, name="new"),
]
