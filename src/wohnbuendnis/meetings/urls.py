from django.urls import path

from wohnbuendnis.meetings.views import documents, meetings, minutes, press_releases, tasks

app_name = "meetings"
urlpatterns = [
    path("sitzung/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("sitzung/<int:pk>/einladung.ics", meetings.meeting_ics, name="meeting_ics"),
    path("sitzung/<int:pk>/einladen/", meetings.invite, name="invite"),
    path("sitzung/<int:pk>/teilnahme/", meetings.attendance, name="attendance"),
    path(
        "sitzung/<int:pk>/top/<int:item_pk>/unterlage/",
        documents.upload_document,
        name="upload_document",
    ),
    path("unterlage/<int:pk>/", documents.download_document, name="document"),
    path("unterlage/<int:pk>/loeschen/", documents.delete_document, name="delete_document"),
    path("gremium/<int:pk>/protokollregel/", minutes.approval_mode, name="approval_mode"),
    path("sitzung/<int:pk>/protokoll/", minutes.start_minutes, name="start_minutes"),
    path("protokoll/<int:pk>/", minutes.minutes_detail, name="minutes"),
    path("protokoll/<int:pk>/entwurf/", minutes.edit_minutes, name="edit_minutes"),
    path("protokoll/<int:pk>/fassungen/", minutes.minutes_versions, name="versions"),
    path("protokoll/<int:pk>/umlauf/", minutes.circulate, name="circulate"),
    path("protokoll/<int:pk>/freigeben/", minutes.approve, name="approve"),
    path("protokoll/<int:pk>/veroeffentlichen/", minutes.publish, name="publish"),
    path("protokoll/<int:pk>/punkt/<int:item_pk>/aenderung/", minutes.propose, name="propose"),
    path("protokoll/<int:pk>/aenderung/<int:amendment_pk>/", minutes.decide, name="decide"),
    path("sitzung/<int:pk>/beschluss/", meetings.add_resolution, name="add_resolution"),
    path("beschluss/<int:pk>/aufgabe/", tasks.add_task, name="add_task"),
    path("aufgabe/<int:pk>/status/", tasks.task_status, name="task_status"),
    path("zusammenfassung/<int:pk>/", minutes.public_summary, name="public_summary"),
    path("kalender/<str:token>.ics", meetings.calendar_feed, name="feed"),
    path("presse/<int:pk>/", press_releases.press_release, name="press_release"),
    path(
        "presse/<int:pk>/veroeffentlichen/",
        press_releases.publish_press_release,
        name="publish_press_release",
    ),
    path("<slug:slug>/", meetings.meeting_list, name="list"),
    path("<slug:slug>/neu/", meetings.schedule, name="schedule"),
    path("<slug:slug>/kalender/", meetings.calendar_token, name="calendar_token"),
    path("<slug:slug>/meine-aufgaben/", tasks.my_tasks, name="my_tasks"),
    path("<slug:slug>/ueberfaellig/", tasks.overdue, name="overdue"),
    path("<slug:slug>/oparl.json", meetings.oparl_export, name="oparl"),
    path("<slug:slug>/protokolle/", minutes.public_summaries, name="public_summaries"),
    path("<slug:slug>/presse/", press_releases.press_releases, name="press_releases"),
    path("<slug:slug>/presse/neu/", press_releases.new_press_release, name="new_press_release"),
]
