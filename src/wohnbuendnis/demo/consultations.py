"""Consultations of the Musterstadt alliance (invented): the draft update of the adopted concept
edition put to the member organisations, with four statements (one internal, one revised),
Koordination's responses and the published synopsis; and a theses paper still open for
statements. Everything through the consultation services."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.models import ConceptEdition, EditionStatus
from wohnbuendnis.consultations import services
from wohnbuendnis.consultations.models import ConsultationKind, Verdict

# persona → (organisation short name, public?, text on the whole, {guideline: text})
STATEMENTS = {
    "vermieter": ("GWM", False, "Die Ziele sind ohne zusätzliche Förderung nicht erreichbar.", {
        "Quantität": "Die Zielzahl von 650 Wohnungen im Jahr setzt verfügbares Bauland voraus; wir bitten um eine Flächenliste.",
        "Qualität": "Höhere energetische Standards nur mit zusätzlicher Förderung, sonst steigen die Mieten.",
    }),
    "sozialtraeger": ("Diakonie", True, "", {
        "Zugang": "Wir regen eine feste Quote gebundener Wohnungen für Haushalte aus der Wohnungsnotfallhilfe an.",
        "Preis": "Die Kosten der Unterkunft müssen mit den Mieten im geförderten Neubau Schritt halten.",
    }),
    "mitglied": ("Mieterbund", True, "Der Entwurf ist ein guter Schritt; bezahlbares Wohnen muss Vorrang haben.", {
        "Preis": "Der Mietspiegel sollte qualifiziert und alle zwei Jahre fortgeschrieben werden.",
    }),
    "politik": ("Soziale Mitte", True, "", {
        "Quantität": "Die Innenentwicklung braucht eine frühe Beteiligung der Nachbarschaft.",
    }),
}  # fmt: skip
# (persona, guideline or None for the whole draft) → (verdict, reason)
RESPONSES = {
    ("vermieter", None): (Verdict.PARTLY, "Die Förderung wird im Doppelhaushalt geprüft."),
    ("vermieter", "Quantität"): (Verdict.TAKEN_UP, "Eine Flächenliste wird der Fortschreibung beigefügt."),
    ("vermieter", "Qualität"): (Verdict.NOT_TAKEN_UP, "Die Standards folgen dem Klimaschutzkonzept der Stadt."),
    ("sozialtraeger", "Zugang"): (Verdict.TAKEN_UP, "Maßnahme zur Quote für Wohnungsnotfälle wird ergänzt."),
    ("sozialtraeger", "Preis"): (Verdict.PARTLY, "Die Angemessenheitsgrenzen werden jährlich überprüft."),
    ("mitglied", None): (Verdict.TAKEN_UP, "Bezahlbarkeit bleibt eine der vier Leitlinien."),
    ("mitglied", "Preis"): (Verdict.TAKEN_UP, "Der qualifizierte Mietspiegel ist als Maßnahme vorgesehen."),
    ("politik", "Quantität"): (Verdict.PARTLY, "Beteiligung im Quartier bei Vorhaben ab 50 Wohnungen."),
}  # fmt: skip
THESES = [
    ("1", "Wohnheimplätze", "Musterstadt braucht bis 2030 rund 400 zusätzliche Wohnheimplätze."),
    ("2", "Azubi-Wohnen", "Ein Azubiwerk soll Wohnungen für Auszubildende bündeln."),
    ("3", "Wohnen für Hilfe", "Wohnpartnerschaften zwischen Älteren und Studierenden fördern."),
]


def _org(short: str) -> Organisation:
    return Organisation.objects.get(short_name=short)


def _published(alliance: Alliance, edition: ConceptEdition, coordinator: User) -> None:
    today = timezone.localdate()
    consultation = services.create_consultation(
        alliance, coordinator, title="Fortschreibung des Handlungskonzepts Wohnen – Entwurf",
        kind=ConsultationKind.EDITION, deadline=today, edition=edition,
        description="Die Koordination bittet die Bündnispartner um Stellungnahmen zum Entwurf der Fortschreibung.",
    )  # fmt: skip
    services.set_sections(
        consultation, coordinator, services.sections_of_edition(edition, "leitlinien")
    )
    services.open_consultation(consultation, coordinator)
    sections = {s.title: s.pk for s in consultation.sections.all()}
    for persona, (short, public, general, texts) in STATEMENTS.items():
        user = User.objects.get(username=persona)
        comments = {sections[g]: t for g, t in texts.items()}
        services.submit_statement(
            consultation, user, _org(short), general=general, comments=comments, public=public
        )
    # the tenants' association revised its statement once before the deadline
    user = User.objects.get(username="mitglied")
    short, public, general, texts = STATEMENTS["mitglied"]
    services.submit_statement(
        consultation, user, _org(short), general=general + " Wir bitten um eine Anhörung im Plenum.",
        comments={sections[g]: t for g, t in texts.items()}, public=public, based_on=1,
    )  # fmt: skip
    services.close_consultation(consultation, coordinator, "alle Stellungnahmen eingegangen")
    statements = {
        persona: consultation.statements.get(organisation__short_name=short).pk
        for persona, (short, *_rest) in STATEMENTS.items()
    }
    answers = {
        f"{statements[persona]}_{sections[g] if g else 0}": (verdict, reason)
        for (persona, g), (verdict, reason) in RESPONSES.items()
    }
    services.respond(consultation, coordinator, answers)
    services.publish_synopsis(consultation, coordinator)


def _open(alliance: Alliance, coordinator: User) -> None:
    today = timezone.localdate()
    consultation = services.create_consultation(
        alliance, coordinator, title="Thesenpapier „Junges Wohnen“",
        kind=ConsultationKind.THESES, deadline=today + datetime.timedelta(days=21),
        description="Thesen der AG 2 zum Wohnen von Studierenden und Auszubildenden.",
    )  # fmt: skip
    services.set_sections(consultation, coordinator, THESES)
    services.open_consultation(consultation, coordinator)
    first = consultation.sections.get(number="1")
    services.submit_statement(
        consultation, User.objects.get(username="vermieter"), _org("GWM"),
        comments={first.pk: "Wir können 120 Plätze in der Nordstadt anbieten."}, public=True,
    )  # fmt: skip


def generate(rng: random.Random, alliance: Alliance) -> None:
    coordinator = User.objects.get(username="koordination")
    edition = ConceptEdition.objects.get(alliance=alliance, status=EditionStatus.ADOPTED)
    _published(alliance, edition, coordinator)
    _open(alliance, coordinator)
