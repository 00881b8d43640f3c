from django.urls import path

from wohnbuendnis.concept import views

app_name = "concept"
urlpatterns = [
    path("massnahme/<int:pk>/", views.measure_detail, name="measure"),
    path("massnahme/<int:pk>/stand/", views.measure_status, name="measure_status"),
    path("selbstverpflichtung/<int:pk>/bericht/", views.report_progress, name="report"),
    path("beschluss/<int:pk>/massnahme/", views.resolution_measure, name="resolution_measure"),
    path("evaluation/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluation/<int:pk>/bewertungen/", views.assess, name="assess"),
    path("evaluation/<int:pk>/festschreiben/", views.freeze, name="freeze"),
    path("massnahme/<int:pk>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path("massnahme/<int:pk>/meilenstein/", views.milestone_add, name="milestone_add"),
    path("meilenstein/<int:pk>/erreicht/", views.milestone_reach, name="milestone_reach"),
    path("leitlinie/<int:pk>/bearbeiten/", views.guideline_edit, name="guideline_edit"),
    path("handlungsfeld/<int:pk>/bearbeiten/", views.action_field_edit, name="action_field_edit"),
    path("ziel/<int:pk>/bearbeiten/", views.goal_edit, name="goal_edit"),
    path("zielkonflikt/<int:pk>/", views.conflict_detail, name="conflict"),
    path("zielkonflikt/<int:pk>/bearbeiten/", views.conflict_edit, name="conflict_edit"),
    path("selbstverpflichtung/<int:pk>/", views.commitment_detail, name="commitment"),
    path("selbstverpflichtung/<int:pk>/bearbeiten/", views.commitment_edit, name="commitment_edit"),
    path(
        "unterschrift/<int:pk>/zurueckziehen/", views.signature_withdraw, name="signature_withdraw"
    ),
    path("bauvorhaben/<int:pk>/", views.project_detail, name="project"),
    path("bauvorhaben/<int:pk>/bearbeiten/", views.project_edit, name="project_edit"),
    path("indikator/<int:pk>/bearbeiten/", views.indicator_edit, name="indicator_edit"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/leitlinie/neu/", views.guideline_create, name="guideline_create"),
    path("<slug:slug>/handlungsfeld/neu/", views.action_field_create, name="action_field_create"),
    path("<slug:slug>/ziel/neu/", views.goal_create, name="goal_create"),
    path("<slug:slug>/zielkonflikt/neu/", views.conflict_create, name="conflict_create"),
    path("<slug:slug>/massnahme/neu/", views.measure_create, name="measure_create"),
    path("<slug:slug>/selbstverpflichtung/neu/", views.commitment_create, name="commitment_create"),
    path("<slug:slug>/bauvorhaben/neu/", views.project_create, name="project_create"),
    path("<slug:slug>/indikatoren/", views.own_indicators, name="indicators"),
    path("<slug:slug>/indikatoren/neu/", views.indicator_create, name="indicator_create"),
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
    path("<slug:slug>/freigabe/", views.release, name="release"),
]
