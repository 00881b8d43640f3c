"""Sessions are written when they change and once a minute while used (they still end after
the idle time); passwords are hashed with argon2id at OWASP's parameters, and a hash made with
Django's heavier defaults is re-made at the next login."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "ein-langes-Passwort-2026"


@pytest.fixture
def kim():
    user = UserFactory(username="kim", email="kim@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def _expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_new_hashes_use_owasps_argon2id_parameters(kim):
    hasher = identify_hasher(kim.password)
    decoded = hasher.decode(kim.password)
    assert decoded["algorithm"] == "argon2"
    assert "argon2id" in kim.password
    assert (decoded["memory_cost"], decoded["time_cost"], decoded["parallelism"]) == (19456, 2, 1)


def test_a_hash_with_djangos_defaults_is_upgraded_at_the_next_login(client, kim):
    kim.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    kim.save()
    assert "m=102400,t=2,p=8" in kim.password
    response = client.post(reverse("login"), {"username": "kim", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("start")
    kim.refresh_from_db()
    assert "m=19456,t=2,p=1" in kim.password
    assert kim.check_password(PASSWORD)


def test_an_unchanged_session_is_saved_once_a_minute_and_still_ends_when_idle(client, kim):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        client.post(reverse("login"), {"username": "kim", "password": PASSWORD})
        first = _expiry(client)
        assert first == start + dt.timedelta(minutes=120)
        clock.shift(dt.timedelta(seconds=30))
        assert client.get(reverse("start")).status_code == 200
        assert _expiry(client) == first  # not written again within the minute
        clock.shift(dt.timedelta(seconds=40))
        assert client.get(reverse("start")).status_code == 200
        assert _expiry(client) == start + dt.timedelta(seconds=70, minutes=120)  # moved on
        clock.shift(dt.timedelta(minutes=121))
        response = client.get(reverse("start"))
        assert not response.wsgi_request.user.is_authenticated  # idle too long: signed out


def test_the_public_pages_create_no_session(client, kim):
    before = Session.objects.count()
    assert client.get(reverse("start")).status_code == 200
    assert "sessionid" not in client.cookies
    assert Session.objects.count() == before
