"""Fixtures of the web apps: the demo alliance and one named persona per role."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_alliance(db):
    """The generated demo data set (Musterstadt); returns the city alliance."""
    from wohnbuendnis import demo
    from wohnbuendnis.alliance.models import Alliance

    demo.generate()
    return Alliance.objects.get(slug=demo.CITY_SLUG)


def _user(username: str):
    from wohnbuendnis.accounts.models import User

    return User.objects.get(username=username)


@pytest.fixture
def koordination(demo_alliance):
    return _user("koordination")


@pytest.fixture
def fachamt(demo_alliance):
    return _user("fachamt")


@pytest.fixture
def wohnungsamt(demo_alliance):
    return _user("wohnungsamt")


@pytest.fixture
def vermieter(demo_alliance):
    return _user("vermieter")


@pytest.fixture
def sozialtraeger(demo_alliance):
    return _user("sozialtraeger")


@pytest.fixture
def politik(demo_alliance):
    return _user("politik")


@pytest.fixture
def mitglied(demo_alliance):
    return _user("mitglied")


@pytest.fixture
def oeffentlichkeit():
    """The public: not signed in."""
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def persona(request, demo_alliance):
    """Parametrise with a persona's username (or "oeffentlichkeit") through ``indirect``."""
    if request.param == "oeffentlichkeit":
        return None
    return _user(request.param)
