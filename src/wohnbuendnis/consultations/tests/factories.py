"""A small consultation of its own beside the demo data: invited organisations with one
person each (a login with a role for that organisation)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, MemberOrganisation, Organisation
from wohnbuendnis.alliance.tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from wohnbuendnis.consultations import services
from wohnbuendnis.consultations.models import Consultation, ConsultationKind

SINCE = datetime.date(2024, 1, 1)


@dataclass
class Setting:
    alliance: Alliance
    coordinator: object
    organisations: list[Organisation]
    people: list[object]  # users, one per organisation (two for the first)
    consultation: Consultation

    @property
    def sections(self):
        return list(self.consultation.sections.all())


def _person(alliance, organisation, role=Role.MEMBER):
    person = PersonFactory()
    person.email = f"{person.last_name.lower()}@example.org"
    person.save(update_fields=["email"])
    person.organisations.add(organisation)
    MembershipFactory(
        alliance=alliance, person=person, role=role, organisation=organisation, since=SINCE
    )
    return person.user


def make_setting(*, open_: bool = True, deadline_days: int = 10) -> Setting:
    alliance = AllianceFactory()
    city = OrganisationFactory(name="Stadt Beispiel – Wohnen")
    MemberOrganisation.objects.create(alliance=alliance, organisation=city, since=SINCE)
    coordinator = _person(alliance, city, Role.COORDINATION)
    organisations = [OrganisationFactory(name=n) for n in ("Baugenossenschaft A", "Mieterverein B")]
    for organisation in organisations:
        MemberOrganisation.objects.create(alliance=alliance, organisation=organisation, since=SINCE)
    people = [_person(alliance, o) for o in organisations]
    people.append(_person(alliance, organisations[0]))  # a second person of the first
    consultation = services.create_consultation(
        alliance, coordinator, title="Thesenpapier Wohnen", kind=ConsultationKind.THESES,
        deadline=timezone.localdate() + datetime.timedelta(days=deadline_days),
        organisations=organisations,
    )  # fmt: skip
    services.set_sections(
        consultation, coordinator, [("1", "Neubau", "These 1"), ("2", "Bestand", "These 2")]
    )
    if open_:
        services.open_consultation(consultation, coordinator)
    return Setting(alliance, coordinator, organisations, people, consultation)
