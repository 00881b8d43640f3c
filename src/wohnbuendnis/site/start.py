"""What each role can do, shown on its start page. Each module adds its tasks here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.concept import queries as concept_queries


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
    Role.JOBCENTER: _(
        "Sie entscheiden über die Kostenübernahme der Haushalte, die das Jobcenter fragen, "
        "vor der Frist des Vermieters."
    ),
    Role.SOCIAL_WELFARE_OFFICE: _(
        "Sie entscheiden über die Kostenübernahme der Haushalte, die das Sozialamt fragen, "
        "vor der Frist des Vermieters."
    ),
    Role.DATA_PROTECTION: _(
        "Sie prüfen, wer welche Akte der Wohnungsvermittlung wann und wozu gelesen hat."
    ),
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
_COST_COVERAGE = Task(
    _("Kostenübernahme"), _("Anfragen an Ihr Amt entscheiden, Fristen der Vermieter im Blick"),
    "allocation:cost_coverage",
)  # fmt: skip
_ACCESS_LOG = Task(
    _("Zugriffsprotokoll"), _("Wer welche Akte wann und wozu gelesen hat, nach Akte und Person"),
    "allocation:access_log",
)  # fmt: skip
_VACANCIES = Task(
    _("Freie gebundene Wohnungen"), _("Wohnungen melden, Haushalte benennen, entscheiden"),
    "allocation:vacancies",
)  # fmt: skip

_MEETINGS = Task(
    _("Sitzungen und Protokolle"), _("Tagesordnungen, Protokolle abstimmen und freigeben"),
    "meetings:list",
)  # fmt: skip
_EVENTS = Task(
    _("Veranstaltungen"), _("Foren, Fachtage und Fokusveranstaltungen, Anmeldung"),
    "events:list",
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

_FORECAST_RUN = Task(
    _("Prognose rechnen"), _("Annahmen-Sets festlegen, Eingangsdaten hochladen, Läufe starten"),
    "forecast:index",
)  # fmt: skip
_FORECAST_READ = Task(
    _("Bevölkerungsprognose"), _("Szenarien, Bandbreiten, Haushalte und Wohnungsbedarf"),
    "forecast:index",
)  # fmt: skip
_REPORTS = Task(
    _("Berichte"), _("Handlungskonzept, Protokolle, Einladungen als PDF, Word oder Webseite"),
    "reports:index",
)  # fmt: skip
_CONSULTATIONS = Task(
    _("Stellungnahmen"), _("Entwürfe des Bündnisses kommentieren, Synopsen lesen"),
    "consultations:list",
)  # fmt: skip
_MY_TASKS = Task(
    _("Meine Aufgaben"), _("Aufgaben aus Beschlüssen, mit Fälligkeit und Stand"),
    "meetings:my_tasks",
)  # fmt: skip


def _shared(forecast: Task) -> list[Task]:
    """What every member finds after the tasks of the role: the alliance's work and its data."""
    return [_MEETINGS, _EVENTS, _CONCEPT, _CONSULTATIONS, _BAROMETER, forecast, _MY_TASKS, _PUBLIC]


# The first tasks are the role's own; Koordination and Fachamt compute forecasts, the others
# read them.
ROLE_TASKS: dict[str, list[Task]] = {
    Role.COORDINATION: [_PEOPLE, _ORGANISATIONS, _BODIES, _REPORTS, *_shared(_FORECAST_RUN)],
    Role.SPECIALIST_OFFICE: [
        _MONITORING_IMPORT,
        _BODIES,
        _ORGANISATIONS,
        _REPORTS,
        *_shared(_FORECAST_RUN),
    ],
    Role.HOUSING_OFFICE: [_APPLICANTS, _VACANCIES, _BODIES, _PEOPLE, *_shared(_FORECAST_READ)],
    Role.LANDLORD: [_VACANCIES, _BODIES, _PEOPLE, *_shared(_FORECAST_READ)],
    Role.SOCIAL_AGENCY: [_CLIENTS, _BODIES, _PEOPLE, *_shared(_FORECAST_READ)],
    Role.POLITICS: [_BODIES, _ORGANISATIONS, _REPORTS, *_shared(_FORECAST_READ)],
    Role.MEMBER: [_BODIES, _ORGANISATIONS, *_shared(_FORECAST_READ)],
    Role.JOBCENTER: [_COST_COVERAGE, _BODIES, _PEOPLE, *_shared(_FORECAST_READ)],
    Role.SOCIAL_WELFARE_OFFICE: [_COST_COVERAGE, _BODIES, _PEOPLE, *_shared(_FORECAST_READ)],
    Role.DATA_PROTECTION: [_ACCESS_LOG, _BODIES, _PEOPLE, *_shared(_FORECAST_READ)],
}


def pending_releases(membership) -> dict[str, int] | None:
    """For Koordination: how many changes wait for release to the public pages, per kind
    (None for the other roles, and when nothing waits)."""
    if membership.role != Role.COORDINATION:
        return None
    counts = concept_queries.pending_counts(membership.alliance)
    return counts if any(counts.values()) else None
