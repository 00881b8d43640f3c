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

ROLE_TASKS: dict[str, list[Task]] = {
    Role.COORDINATION: [_PEOPLE, _ORGANISATIONS, _BODIES, _PUBLIC],
    Role.SPECIALIST_OFFICE: [_BODIES, _ORGANISATIONS, _PUBLIC],
    Role.HOUSING_OFFICE: [_BODIES, _PEOPLE, _PUBLIC],
    Role.LANDLORD: [_BODIES, _PEOPLE, _PUBLIC],
    Role.SOCIAL_AGENCY: [_BODIES, _PEOPLE, _PUBLIC],
    Role.POLITICS: [_BODIES, _ORGANISATIONS, _PUBLIC],
    Role.MEMBER: [_BODIES, _ORGANISATIONS, _PUBLIC],
}
