"""What each role can do, shown on its start page. Each module adds its tasks here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.accounts.roles import Role


@dataclass(frozen=True)
class Task:
    title: str | Promise
    text: str | Promise
    url_name: str  # a URL that takes the alliance's slug


ROLE_SUMMARY: dict[str, Promise] = {
    Role.COORDINATION: _(
        "Sie koordinieren das Bündnis: Mitglieder, Gremien, Sitzungen, Maßnahmen und Berichte."
    ),
    Role.SPECIALIST_OFFICE: _(
        "Sie pflegen die Datengrundlage: Importe, Wohnungsmarktbeobachtung, Prognosen und "
        "Erfolgskontrolle."
    ),
    Role.HOUSING_OFFICE: _(
        "Sie vermitteln gebundene Wohnungen: wohnungssuchende Haushalte, Prioritätenliste "
        "und Benennungen."
    ),
    Role.LANDLORD: _(
        "Sie melden freie gebundene Wohnungen, entscheiden über benannte Haushalte und "
        "berichten über Ihre Selbstverpflichtungen."
    ),
    Role.SOCIAL_AGENCY: _(
        "Sie melden dringende Fälle Ihrer Klientinnen und Klienten, verfolgen die "
        "Kostenübernahme und arbeiten in den Arbeitsgruppen mit."
    ),
    Role.POLITICS: _("Sie lesen Berichte, Dashboards und freigegebene Protokolle."),
    Role.MEMBER: _("Sie arbeiten in Gremien mit und lesen Unterlagen und Protokolle."),
}

_BODIES = Task(_("Gremien"), _("Plenum, Arbeitsgruppen und Steuerungsgruppe"), "alliance:bodies")
_ORGANISATIONS = Task(
    _("Mitgliedsorganisationen"),
    _("Wer im Bündnis mitarbeitet, nach Bereich"),
    "alliance:organisations",
)
_PEOPLE = Task(_("Personen und Rollen"), _("Ansprechpersonen mit Kontaktdaten"), "alliance:people")
_PUBLIC = Task(_("Öffentliche Seite"), _("Was die Öffentlichkeit sieht"), "site:alliance")
_APPLICANTS = Task(
    _("Wohnungssuchende Haushalte"), _("Register prüfen, Dringlichkeit bestätigen"),
    "allocation:households",
)  # fmt: skip
_CLIENTS = Task(
    _("Meine Klientinnen und Klienten"), _("Dringende Fälle melden, Kostenübernahme verfolgen"),
    "allocation:households",
)  # fmt: skip
_VACANCIES = Task(
    _("Freie gebundene Wohnungen"), _("Wohnungen melden, Haushalte benennen, entscheiden"),
    "allocation:vacancies",
)  # fmt: skip

_MEETINGS = Task(
    _("Sitzungen und Protokolle"), _("Tagesordnungen, Protokolle abstimmen und freigeben"),
    "meetings:list",
)  # fmt: skip
_CONCEPT = Task(
    _("Handlungskonzept"), _("Leitlinien, Ziele, Maßnahmen und ihr Fortschritt"),
    "concept:overview",
)  # fmt: skip

_BAROMETER = Task(
    _("Wohnungsmarktbarometer"), _("Kennzahlen mit Ampel, Zeitreihen, Karten, Sozialmonitoring"),
    "monitoring:dashboard",
)  # fmt: skip
_MONITORING_IMPORT = Task(
    _("Daten importieren"), _("Beobachtungen und Gebietsgrenzen mit Vorschau einspielen"),
    "monitoring:import",
)  # fmt: skip

ROLE_TASKS: dict[str, list[Task]] = {
    Role.COORDINATION: [_PEOPLE, _ORGANISATIONS, _BODIES, _MEETINGS, _CONCEPT, _PUBLIC],
    Role.SPECIALIST_OFFICE: [_BODIES, _ORGANISATIONS, _MEETINGS, _CONCEPT, _PUBLIC],
    Role.HOUSING_OFFICE: [_APPLICANTS, _VACANCIES, _BODIES, _PEOPLE, _MEETINGS, _CONCEPT, _PUBLIC],
    Role.LANDLORD: [_VACANCIES, _BODIES, _PEOPLE, _MEETINGS, _CONCEPT, _PUBLIC],
    Role.SOCIAL_AGENCY: [_CLIENTS, _BODIES, _PEOPLE, _MEETINGS, _CONCEPT, _PUBLIC],
    Role.POLITICS: [_BODIES, _ORGANISATIONS, _MEETINGS, _CONCEPT, _PUBLIC],
    Role.MEMBER: [_BODIES, _ORGANISATIONS, _MEETINGS, _CONCEPT, _PUBLIC],
}

# Monitoring: every member reads the barometer; Fachamt starts with its data imports.
for _tasks in ROLE_TASKS.values():
    _tasks.insert(len(_tasks) - 1, _BAROMETER)
ROLE_TASKS[Role.SPECIALIST_OFFICE].insert(0, _MONITORING_IMPORT)

# Forecast: Koordination and Fachamt compute forecasts; every other member reads the results.
_FORECAST_RUN = Task(
    _("Prognose rechnen"), _("Annahmen-Sets festlegen, Eingangsdaten hochladen, Läufe starten"),
    "forecast:index",
)  # fmt: skip
_FORECAST_READ = Task(
    _("Bevölkerungsprognose"), _("Szenarien, Bandbreiten, Haushalte und Wohnungsbedarf"),
    "forecast:index",
)  # fmt: skip
_FORECASTERS = (Role.COORDINATION, Role.SPECIALIST_OFFICE)
for _role, _tasks in ROLE_TASKS.items():
    _tasks.insert(len(_tasks) - 1, _FORECAST_RUN if _role in _FORECASTERS else _FORECAST_READ)

# Meetings: every member's own tasks from resolutions.
_MY_TASKS = Task(
    _("Meine Aufgaben"), _("Aufgaben aus Beschlüssen, mit Fälligkeit und Stand"),
    "meetings:my_tasks",
)  # fmt: skip
for _tasks in ROLE_TASKS.values():
    _tasks.insert(len(_tasks) - 1, _MY_TASKS)
