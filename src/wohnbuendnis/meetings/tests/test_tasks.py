"""Resolutions give tasks (owner, due date, status); overdue ones show to the steering group."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.models import BodyKind
from wohnbuendnis.alliance.tests.factories import PersonFactory
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import TaskStatus
from wohnbuendnis.meetings.tests.factories import make_setting

pytestmark = pytest.mark.django_db
DUE = datetime.date(2026, 4, 1)


@pytest.fixture
def setting():
    return make_setting()


@pytest.fixture
def resolution(setting):
    return services.record_resolution(setting.meeting, "AG-1", "Die AG erstellt einen Bericht.")


def test_a_resolution_gives_a_task_with_a_history(setting, resolution):
    user = setting.coordinator.user
    task = services.create_task(resolution, user, title="Bericht", owner=setting.member, due=DUE)
    with pytest.raises(ValidationError, match="nicht in diesem Bündnis"):
        services.create_task(resolution, user, title="x", owner=PersonFactory(), due=DUE)
    with pytest.raises(ValidationError):
        services.create_task(resolution, user, title=" ", owner=setting.member, due=DUE)
    services.set_task_status(task, setting.member.user, TaskStatus.IN_PROGRESS)
    with pytest.raises(ValidationError, match="bereits"):
        services.set_task_status(task, user, TaskStatus.IN_PROGRESS)
    services.set_task_status(task, user, TaskStatus.DONE, "erledigt im Plenum")
    history = list(task.history.values_list("from_status", "to_status"))
    assert history == [("", "offen"), ("offen", "in_arbeit"), ("in_arbeit", "erledigt")]


def test_overdue_means_unfinished_and_past_due(setting, resolution):
    by = setting.coordinator.user
    late = services.create_task(resolution, by, title="spät", owner=setting.member, due=DUE)
    services.create_task(
        resolution, by, title="später", owner=setting.member, due=DUE.replace(month=6)
    )
    done = services.create_task(resolution, by, title="fertig", owner=setting.chair, due=DUE)
    services.set_task_status(done, by, TaskStatus.DONE)
    overdue = services.overdue_tasks(setting.alliance, today=datetime.date(2026, 5, 1))
    assert list(overdue) == [late]
    assert list(services.overdue_tasks(setting.alliance, today=DUE)) == []


def test_tasks_through_the_web(client, setting):
    meeting = setting.meeting
    add = reverse("meetings:add_resolution", args=[meeting.pk])
    client.force_login(setting.member.user)
    assert client.get(add).status_code == 403
    client.force_login(setting.coordinator.user)
    response = client.post(
        add, {"number": "AG-7", "text": "Bericht erstellen.", "submission_token": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    resolution = meeting.resolutions.get(number="AG-7")
    add_task = reverse("meetings:add_task", args=[resolution.pk])
    form = {
        "title": "Bericht schreiben",
        "owner": setting.member.pk,
        "due": "2020-01-31",
        "submission_token": str(uuid.uuid4()),
    }
    assert client.post(add_task, form).status_code == 302
    task = resolution.tasks.get()
    assert "Bericht schreiben" in client.get(reverse("meetings:meeting", args=[meeting.pk])).text
    # The owner sees it on "Meine Aufgaben" and changes its status; others may not.
    mine = reverse("meetings:my_tasks", args=[setting.alliance.slug])
    status = reverse("meetings:task_status", args=[task.pk])
    client.force_login(setting.outsider.user)
    assert "Bericht schreiben" not in client.get(mine).text
    assert client.post(status, {"status": "erledigt"}).status_code == 403
    client.force_login(setting.member.user)
    html = client.get(mine).text
    assert "Bericht schreiben" in html and "überfällig" in html
    assert client.post(add_task, form).status_code == 403
    assert client.post(status, {"status": "erledigt"}).url == mine
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    client.logout()
    assert client.get(mine).status_code == 302


def test_overdue_tasks_are_listed_for_the_steering_group(client, setting, resolution):
    alliance_services.create_body(
        setting.alliance, BodyKind.STEERING_GROUP, "Steuerungsgruppe", members=[setting.chair]
    )
    by = setting.coordinator.user
    services.create_task(resolution, by, title="Längst fällig", owner=setting.member, due=DUE)
    url = reverse("meetings:overdue", args=[setting.alliance.slug])
    for person, expected in [
        (setting.coordinator, 200),
        (setting.chair, 200),
        (setting.member, 403),
        (setting.outsider, 403),
    ]:
        client.force_login(person.user)
        response = client.get(url)
        assert response.status_code == expected, person
        if expected == 200:
            assert "Längst fällig" in response.text
    client.logout()
    assert client.get(url).status_code == 302
