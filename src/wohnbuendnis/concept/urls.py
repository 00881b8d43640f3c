from django.urls import path

from wohnbuendnis.concept import views

app_name = "concept"
urlpatterns = [
    path("massnahme/<int:pk>/", views.measure_detail, name="measure"),
    path("massnahme/<int:pk>/stand/", views.measure_status, name="measure_status"),
    path("selbstverpflichtung/<int:pk>/bericht/", views.report_progress, name="report"),
    path("beschluss/<int:pk>/massnahme/", views.resolution_measure, name="resolution_measure"),
    path("evaluation/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluation/<int:pk>/ziel/<int:goal_pk>/", views.assess, name="assess"),
    path("evaluation/<int:pk>/festschreiben/", views.freeze, name="freeze"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/evaluationen/", views.evaluations, name="evaluations"),
    path("<slug:slug>/ziele/", views.goals, name="goals"),
    path("<slug:slug>/ziele/istwert/", views.record_measurement, name="record_measurement"),
    path("<slug:slug>/selbstverpflichtungen/", views.commitments, name="commitments"),
    path("<slug:slug>/bauvorhaben/", views.projects, name="projects"),
    path(
        "<slug:slug>/bauvorhaben/monitoring/",
        views.publish_pipeline,
        name="publish_pipeline",
    ),
    path("<slug:slug>/unterzeichnende/", views.public_signatories, name="signatories"),
    path("<slug:slug>/fortschritt/", views.public_progress, name="public"),
]
