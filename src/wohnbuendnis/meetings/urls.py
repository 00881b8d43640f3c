from django.urls import path

from wohnbuendnis.meetings import views

app_name = "meetings"
urlpatterns = [
    path("sitzung/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sitzung/<int:pk>/einladung.ics", views.meeting_ics, name="meeting_ics"),
    path("sitzung/<int:pk>/einladen/", views.invite, name="invite"),
    path("sitzung/<int:pk>/teilnahme/", views.attendance, name="attendance"),
    path(
        "sitzung/<int:pk>/top/<int:item_pk>/unterlage/",
        views.upload_document,
        name="upload_document",
    ),
    path("unterlage/<int:pk>/", views.download_document, name="document"),
    path("gremium/<int:pk>/protokollregel/", views.approval_mode, name="approval_mode"),
    path("sitzung/<int:pk>/protokoll/", views.start_minutes, name="start_minutes"),
    path("protokoll/<int:pk>/", views.minutes_detail, name="minutes"),
    path("protokoll/<int:pk>/entwurf/", views.edit_minutes, name="edit_minutes"),
    path("protokoll/<int:pk>/fassungen/", views.minutes_versions, name="versions"),
    path("protokoll/<int:pk>/umlauf/", views.circulate, name="circulate"),
    path("protokoll/<int:pk>/freigeben/", views.approve, name="approve"),
    path("protokoll/<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path("protokoll/<int:pk>/punkt/<int:item_pk>/aenderung/", views.propose, name="propose"),
    path("protokoll/<int:pk>/aenderung/<int:amendment_pk>/", views.decide, name="decide"),
    path("sitzung/<int:pk>/beschluss/", views.add_resolution, name="add_resolution"),
    path("beschluss/<int:pk>/aufgabe/", views.add_task, name="add_task"),
    path("aufgabe/<int:pk>/status/", views.task_status, name="task_status"),
    path("zusammenfassung/<int:pk>/", views.public_summary, name="public_summary"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="feed"),
    path("presse/<int:pk>/", views.press_release, name="press_release"),
    path(
        "presse/<int:pk>/veroeffentlichen/",
        views.publish_press_release,
        name="publish_press_release",
    ),
    path("<slug:slug>/", views.meeting_list, name="list"),
    path("<slug:slug>/neu/", views.schedule, name="schedule"),
    path("<slug:slug>/kalender/", views.calendar_token, name="calendar_token"),
    path("<slug:slug>/meine-aufgaben/", views.my_tasks, name="my_tasks"),
    path("<slug:slug>/ueberfaellig/", views.overdue, name="overdue"),
    path("<slug:slug>/oparl.json", views.oparl_export, name="oparl"),
    path("<slug:slug>/protokolle/", views.public_summaries, name="public_summaries"),
    path("<slug:slug>/presse/", views.press_releases, name="press_releases"),
    path("<slug:slug>/presse/neu/", views.new_press_release, name="new_press_release"),
]
