"""Press releases: drafted and published by the Koordination; the public sees only published."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import PressRelease
from wohnbuendnis.meetings.tests.factories import make_setting

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def setting():
    return make_setting()


def test_publishing_is_recorded_once(setting):
    user = setting.coordinator.user
    with pytest.raises(ValidationError, match="Titel und Text"):
        services.create_press_release(setting.alliance, user, title=" ", text="x", date=DAY)
    release = services.create_press_release(
        setting.alliance, user, title="Bündnis tagt", text="Der Text.", date=DAY
    )
    assert not release.published and release.created_by == user
    release = services.publish_press_release(release, user)
    assert release.published and release.published_by == user and release.published_at
    with pytest.raises(ValidationError, match="bereits veröffentlicht"):
        services.publish_press_release(release, user)


def test_drafts_never_appear_in_public(setting, client):
    user = setting.coordinator.user
    draft = services.create_press_release(
        setting.alliance, user, title="Geheimer Entwurf", text="Noch nicht.", date=DAY
    )
    done = services.publish_press_release(
        services.create_press_release(
            setting.alliance, user, title="Neue Zahlen", text="Veröffentlicht.", date=DAY
        ),
        user,
    )
    list_url = reverse("meetings:press_releases", args=[setting.alliance.slug])
    for who in (None, setting.member.user, setting.outsider.user):
        client.logout()
        if who:
            client.force_login(who)
        page = client.get(list_url).content.decode()
        assert "Neue Zahlen" in page and "Geheimer Entwurf" not in page
        assert client.get(reverse("meetings:press_release", args=[done.pk])).status_code == 200
        assert client.get(reverse("meetings:press_release", args=[draft.pk])).status_code == 404

    client.force_login(user)  # the Koordination sees its drafts
    assert "Geheimer Entwurf" in client.get(list_url).content.decode()
    assert client.get(reverse("meetings:press_release", args=[draft.pk])).status_code == 200


def test_only_the_koordination_drafts_and_publishes(setting, client):
    new_url = reverse("meetings:new_press_release", args=[setting.alliance.slug])
    data = {"title": "Ergebnis", "date": "2026-05-04", "text": "Das Plenum hat beschlossen."}
    data["submission_token"] = str(uuid.uuid4())
    client.force_login(setting.chair.user)
    assert client.get(new_url).status_code == 403
    assert client.post(new_url, data).status_code == 403
    assert not PressRelease.objects.exists()

    client.force_login(setting.coordinator.user)
    response = client.post(new_url, data)
    release = PressRelease.objects.get()
    assert response.status_code == 302 and not release.published

    publish_url = reverse("meetings:publish_press_release", args=[release.pk])
    client.force_login(setting.chair.user)
    assert client.post(publish_url).status_code == 403
    client.logout()
    assert client.post(publish_url).status_code == 302  # to the login page
    release.refresh_from_db()
    assert not release.published

    client.force_login(setting.coordinator.user)
    client.post(publish_url)
    release.refresh_from_db()
    assert release.published and release.published_by == setting.coordinator.user
