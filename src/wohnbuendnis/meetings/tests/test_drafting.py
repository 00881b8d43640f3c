"""Drafting minutes through the web: attendance, a draft per agenda item, every version kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import AttendanceStatus, Minutes, MinutesStatus
from wohnbuendnis.meetings.tests.factories import draft, make_setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    return make_setting()


def test_the_coordinator_records_attendance_and_drafts(client, setting):
    meeting = setting.meeting
    client.force_login(setting.member.user)
    assert client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("meetings:start_minutes", args=[meeting.pk])).status_code == 403
    client.force_login(setting.coordinator.user)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {f"person_{setting.chair.pk}": "entschuldigt", f"person_{setting.member.pk}": ""},
    )
    assert response.status_code == 302
    assert meeting.attendances.get(person=setting.chair).status == AttendanceStatus.EXCUSED
    response = client.post(reverse("meetings:start_minutes", args=[meeting.pk]))
    minutes = Minutes.objects.get(meeting=meeting)
    assert response.url == reverse("meetings:edit_minutes", args=[minutes.pk])
    assert minutes.minute_taker == setting.coordinator
    items = {i.agenda_item.position: i for i in minutes.items.select_related("agenda_item")}
    edit = reverse("meetings:edit_minutes", args=[minutes.pk])
    assert "Ergebnisse zu TOP 2" in client.get(edit).text
    data = {f"{f}_{i.pk}": "" for i in items.values() for f in ("results", "decisions", "tasks")}
    data[f"results_{items[1].pk}"] = "Bericht angenommen."
    assert client.post(edit, data).status_code == 302
    items[1].refresh_from_db()
    assert items[1].results == "Bericht angenommen."
    # The minute-taker may edit the draft; another member may not.
    client.force_login(setting.member.user)
    assert client.get(edit).status_code == 403


def test_a_second_draft_is_refused(client, setting):
    draft(setting)
    client.force_login(setting.coordinator.user)
    response = client.post(reverse("meetings:start_minutes", args=[setting.meeting.pk]))
    assert response.url == reverse("meetings:meeting", args=[setting.meeting.pk])
    assert Minutes.objects.filter(meeting=setting.meeting).count() == 1


def test_saving_a_draft_keeps_the_former_text(setting):
    minutes = draft(setting)
    item = minutes.items.get(agenda_item__position=1)
    revisions = services.save_minutes_draft(
        minutes,
        setting.chair.user,
        {item.pk: {"results": "Neu.", "decisions": item.decisions, "tasks": ""}},
    )
    assert [(r.field, r.old_text, r.new_text) for r in revisions] == [
        ("results", "Die AG nimmt den Bericht zur Kenntnis.", "Neu.")
    ]
    services.circulate_minutes(minutes, setting.chair.user, datetime.date(2999, 1, 1))
    with pytest.raises(ValidationError):
        services.save_minutes_draft(minutes, setting.chair.user, {item.pk: {"results": "x"}})
    client_edit = reverse("meetings:edit_minutes", args=[minutes.pk])
    assert client_edit.endswith("/entwurf/")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED


def test_circulated_minutes_are_not_edited_directly(client, setting):
    minutes = draft(setting)
    services.circulate_minutes(minutes, setting.chair.user, datetime.date(2999, 1, 1))
    client.force_login(setting.coordinator.user)
    response = client.get(reverse("meetings:edit_minutes", args=[minutes.pk]))
    assert response.url == reverse("meetings:minutes", args=[minutes.pk])


def test_the_attendance_form_offers_guest_for_people_outside_the_body(client, setting):
    meeting = setting.meeting
    url = reverse("meetings:attendance", args=[meeting.pk])
    client.force_login(setting.coordinator.user)
    page = client.get(url).text
    assert f'name="guest_{setting.outsider.pk}"' in page
    assert f'name="guest_{setting.member.pk}"' not in page  # a member is never a guest
    assert '<option value="gast">Gast</option>' in page
    response = client.post(
        url,
        {f"person_{setting.member.pk}": "anwesend", f"guest_{setting.outsider.pk}": "gast"},
    )
    assert response.status_code == 302
    assert meeting.attendances.get(person=setting.outsider).status == AttendanceStatus.GUEST
    # The recorded guest is shown as such; a member cannot be recorded as a guest.
    assert '<option value="gast" selected>Gast</option>' in client.get(url).text
    response = client.post(url, {f"person_{setting.member.pk}": "gast"})
    assert response.status_code == 200
    assert meeting.attendances.get(person=setting.member).status == AttendanceStatus.PRESENT
