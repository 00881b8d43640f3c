from django.urls import path

from wohnbuendnis.allocation import views
from wohnbuendnis.allocation.views import preferences, priority_list
from wohnbuendnis.lib.views import no_store

app_name = "allocation"
urlpatterns = [
    path("<slug:slug>/haushalte/", views.household_list, name="households"),
    path("<slug:slug>/haushalte/neu/", views.household_register, name="household_register"),
    path("<slug:slug>/haushalte/ablaufend/", views.expiring_list, name="expiring"),
    path("<slug:slug>/haushalte/import/", views.register_import, name="register_import"),
    path(
        "<slug:slug>/haushalte/import/<str:sha>/",
        views.register_import_preview,
        name="register_import_preview",
    ),
    path(
        "<slug:slug>/haushalte/import/<str:sha>/verwerfen/",
        views.register_import_discard,
        name="register_import_discard",
    ),
    path(
        "<slug:slug>/haushalte/vorlage.<str:fmt>",
        views.register_template,
        name="register_template",
    ),
    path("haushalt/<uuid:uuid>/", views.household_detail, name="household"),
    path("haushalt/<uuid:uuid>/pruefen/", views.household_verify, name="household_verify"),
    path("haushalt/<uuid:uuid>/status/", views.household_status, name="household_status"),
    path(
        "haushalt/<uuid:uuid>/einwilligung-widerrufen/",
        views.household_withdraw_consent,
        name="household_withdraw_consent",
    ),
    path("haushalt/<uuid:uuid>/auskunft.json", views.household_export, name="household_export"),
    path("haushalt/<uuid:uuid>/auskunft.pdf", views.household_letter, name="household_letter"),
    path(
        "haushalt/<uuid:uuid>/kostenuebernahme/",
        views.cost_coverage_request,
        name="cost_coverage_request",
    ),
    path(
        "haushalt/<uuid:uuid>/ausnahme/<uuid:vacancy>/",
        views.cost_coverage_exception,
        name="cost_coverage_exception",
    ),
    path("<slug:slug>/kostenuebernahme/", views.cost_coverage_list, name="cost_coverage"),
    path("kostenuebernahme/<uuid:uuid>/", views.cost_coverage_case, name="cost_coverage_case"),
    path("<slug:slug>/zugriffsprotokoll/", views.access_log_page, name="access_log"),
    path(
        "kostenuebernahme/<uuid:uuid>/entscheidung/",
        views.cost_coverage_decide,
        name="cost_coverage_decide",
    ),
    path("<slug:slug>/wohnungen/", views.vacancy_list, name="vacancies"),
    path("<slug:slug>/wohnungen/melden/", views.vacancy_report, name="vacancy_report"),
    path(
        "<slug:slug>/wohnungen/benennen/",
        views.vacancy_batch_nominate,
        name="vacancy_batch_nominate",
    ),
    path("wohnung/<uuid:uuid>/", views.vacancy_detail, name="vacancy"),
    path("wohnung/<uuid:uuid>/benennen/", views.vacancy_nominate, name="vacancy_nominate"),
    path("benennung/<uuid:uuid>/entscheidung/", views.nomination_decide, name="nomination_decide"),
    path("<slug:slug>/prioritaetenliste/", views.scheme_list, name="scheme"),
    path("<slug:slug>/audit/", views.audit_page, name="audit"),
    path("<slug:slug>/stadtteile/", views.places_page, name="places"),
    path("<slug:slug>/stadtteile/karte.json", views.places_map, name="places_map"),
    path("<slug:slug>/stadtteile/monitoring/", views.places_publish, name="places_publish"),
    # issue 16, items 4 and 5: wishes, the preview of nominations, drafts of the priority list
    path(
        "haushalt/<uuid:uuid>/wuensche/",
        preferences.household_preferences,
        name="household_preferences",
    ),
    path("<slug:slug>/wohnungen/vorschau/", preferences.preview_create, name="preview_create"),
    path("vorschau/<uuid:uuid>/", preferences.preview_detail, name="preview"),
    path(
        "vorschau/<uuid:uuid>/tauschen/<int:entry>/",
        preferences.preview_swap,
        name="preview_swap",
    ),
    path("vorschau/<uuid:uuid>/senden/", preferences.preview_send, name="preview_send"),
    path(
        "<slug:slug>/prioritaetenliste/entwurf/",
        priority_list.scheme_draft_new,
        name="scheme_draft_new",
    ),
    path(
        "<slug:slug>/prioritaetenliste/hochladen/",
        priority_list.scheme_upload,
        name="scheme_upload",
    ),
    path(
        "<slug:slug>/prioritaetenliste/version-<int:version>.toml",
        priority_list.scheme_download,
        name="scheme_download",
    ),
    path("entwurf/<uuid:uuid>/", priority_list.scheme_draft_detail, name="scheme_draft"),
    path(
        "entwurf/<uuid:uuid>/beschliessen/",
        priority_list.scheme_draft_adopt,
        name="scheme_draft_adopt",
    ),
    path(
        "entwurf/<uuid:uuid>/regeln.toml",
        priority_list.scheme_draft_download,
        name="scheme_draft_download",
    ),
    path("<slug:slug>/einstellungen/", views.settings_page, name="settings"),
]

# Every allocation page shows or changes applicant data (GDPR Art. 32): no browser or proxy
# cache keeps a copy. Wrapped here so that a page added later is covered without a decorator
# to remember (allocation/tests/test_no_store.py checks every pattern).
for _pattern in urlpatterns:
    _pattern.callback = no_store(_pattern.callback)
