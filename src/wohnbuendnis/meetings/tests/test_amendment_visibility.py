"""The amendment page shows an item's full text: it follows the minutes' own rule.

Before, every attendee opened ``/protokoll/<id>/punkt/<item>/aenderung/`` of a *draft* (and of
approved or published minutes) and read the results, decisions and tasks of every item, also of
non-public ones, while the draft itself was refused. Walked over every status × every role.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import Amendment, AttendanceStatus, MinutesStatus
from wohnbuendnis.meetings.tests.factories import _person, draft, make_setting

pytestmark = pytest.mark.django_db

SECRET = "Vertrauliche Personalfrage besprochen."
STATUSES = list(MinutesStatus.values)


def _minutes_in(status: str):
    """A meeting with minutes in ``status``; the chair took the minutes. Also returns who is
    who: the member attended, ``absent`` belongs to the body but was excused, ``guest``
    attended as a guest without belonging to the body, ``outsider`` has only a role."""
    setting = make_setting()
    coordination = setting.coordinator.user
    absent, guest = _person(setting.alliance, Role.MEMBER), _person(setting.alliance, Role.MEMBER)
    setting.body.members.add(absent)
    services.record_attendance(
        setting.meeting,
        {absent: AttendanceStatus.EXCUSED, guest: AttendanceStatus.GUEST},
        coordination,
    )
    minutes = draft(setting)
    if status != MinutesStatus.DRAFTED:
        deadline = datetime.date.today() + datetime.timedelta(days=14)
        services.circulate_minutes(minutes, coordination, deadline, notify=False)
    if status == MinutesStatus.COMMENTED:
        item = minutes.items.get(agenda_item__position=1)
        services.propose_amendment(
            item, setting.member.user, field="results", passage="Die AG", proposal="Das Gremium"
        )
    if status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        services.approve_minutes(minutes, coordination, notify=False)
    if status == MinutesStatus.PUBLISHED:
        services.publish_minutes(minutes, coordination)
    minutes.refresh_from_db()
    assert minutes.status == status
    people = {
        "koordination": setting.coordinator, "chair_taker": setting.chair,
        "attendee": setting.member, "absent": absent, "guest": guest,
        "outsider": setting.outsider,
    }  # fmt: skip
    return minutes, people


OPEN = (MinutesStatus.CIRCULATED, MinutesStatus.COMMENTED)
MAY_COMMENT = {"koordination", "chair_taker", "attendee"}  # attended and may read the minutes


@pytest.mark.parametrize("status", STATUSES)
def test_the_amendment_page_follows_the_minutes_status_and_readers(client, status):
    minutes, people = _minutes_in(status)
    hidden = minutes.items.get(agenda_item__public=False)
    url = reverse("meetings:propose", args=[minutes.pk, hidden.pk])
    amendments = Amendment.objects.count()
    for name, person in people.items():
        client.force_login(person.user)
        allowed = status in OPEN and name in MAY_COMMENT
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), (status, name)
        assert (SECRET in response.content.decode()) is allowed, (status, name)
        posted = client.post(
            url, {"field": "results", "passage": "Vertrauliche", "proposal": "Geheime"}
        )
        assert posted.status_code == (302 if allowed else 403), (status, name)
        amendments += allowed
        assert Amendment.objects.count() == amendments, (status, name)
    client.logout()
    assert client.get(url).status_code == 302  # the public goes to the login page


def test_the_draft_and_its_amendment_page_are_refused_alike(client):
    minutes, people = _minutes_in(MinutesStatus.DRAFTED)
    item = minutes.items.first()
    client.force_login(people["attendee"].user)
    assert client.get(reverse("meetings:minutes", args=[minutes.pk])).status_code == 403
    assert client.get(reverse("meetings:propose", args=[minutes.pk, item.pk])).status_code == 403
