"""A small alliance with a body, a chair, a member, a minute-taker and a meeting with minutes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.models import Alliance, Body, BodyKind, Person
from wohnbuendnis.alliance.tests.factories import AllianceFactory, MembershipFactory
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import AttendanceStatus, Meeting, Minutes


@dataclass
class Setting:
    alliance: Alliance
    body: Body
    coordinator: Person
    chair: Person
    member: Person
    outsider: Person  # member of the alliance, not of the body
    meeting: Meeting


def _person(alliance: Alliance, role: Role) -> Person:
    person = MembershipFactory(alliance=alliance, role=role).person
    person.email = f"{person.last_name.lower()}@example.org"
    person.save(update_fields=["email"])
    return person


def make_setting() -> Setting:
    alliance = AllianceFactory()
    coordinator = _person(alliance, Role.COORDINATION)
    chair = _person(alliance, Role.MEMBER)
    member = _person(alliance, Role.LANDLORD)
    outsider = _person(alliance, Role.MEMBER)
    body = alliance_services.create_body(
        alliance, BodyKind.WORKING_GROUP, "AG Test", chairs=[chair], members=[member]
    )
    start = timezone.make_aware(datetime.datetime(2026, 3, 4, 10))
    meeting = services.schedule_meeting(
        body,
        coordinator.user,
        title="Sitzung 1",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Rathaus",
        agenda=[
            {"title": "Bericht", "responsible": chair},
            {"title": "Personalien", "public": False},
        ],
    )
    statuses = {chair: AttendanceStatus.PRESENT, member: AttendanceStatus.PRESENT}
    services.record_attendance(meeting, statuses, coordinator.user)
    return Setting(alliance, body, coordinator, chair, member, outsider, meeting)


def draft(setting: Setting) -> Minutes:
    return services.draft_minutes(
        setting.meeting,
        setting.chair,
        setting.coordinator.user,
        {
            1: {"results": "Die AG nimmt den Bericht zur Kenntnis.", "decisions": "Einstimmig."},
            2: {"results": "Vertrauliche Personalfrage besprochen."},
        },
    )
