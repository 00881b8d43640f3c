"""Which persona may open and change which press release page (demo data set).

The demo's pending press release names the GWM (vermieter) and the Diakonie (sozialtraeger):
only they and the Koordination read it before publication; only they decide on it. Personas:
the demo login of every role (named after it, ``Role.values``) and the public.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.meetings import services as meetings
from wohnbuendnis.meetings.models import PressRelease, PressReleaseStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("news")]

K, V, S, PUB = "koordination", "vermieter", "sozialtraeger", "oeffentlichkeit"
ALL = {*Role.values, PUB}  # the demo logins are named after the roles


def _login(client, name: str) -> None:
    client.logout()
    if name != PUB:
        client.force_login(User.objects.get(username=name))


def _setting(alliance) -> dict[str, tuple[str, set[str], int]]:
    """page → (url, personas that get 200, status for the others when signed in); the public
    gets 302 to the login where members get 403, and 404 where members get 404."""
    koordination = User.objects.get(username=K)
    public_release = PressRelease.objects.get(alliance=alliance, published=True)
    pending = PressRelease.objects.get(alliance=alliance, status=PressReleaseStatus.IN_APPROVAL)
    release_draft = meetings.create_press_release(
        alliance, koordination, title="Entwurf", text="Text", date=timezone.localdate()
    )
    slug = alliance.slug
    return {
        "press_list": (reverse("meetings:press_releases", args=[slug]), ALL, 200),
        "press_public": (reverse("meetings:press_release", args=[public_release.pk]), ALL, 200),
        "press_pending": (reverse("meetings:press_release", args=[pending.pk]), {K, V, S}, 404),
        "press_draft": (reverse("meetings:press_release", args=[release_draft.pk]), {K}, 404),
        "press_decide": (
            reverse("meetings:decide_press_release", args=[pending.pk]),
            {V, S},
            403,
        ),
        "press_edit": (reverse("meetings:edit_press_release", args=[pending.pk]), {K}, 403),
        "press_send": (reverse("meetings:send_press_release", args=[release_draft.pk]), {K}, 403),
        "press_new": (reverse("meetings:new_press_release", args=[slug]), {K}, 403),
    }


def test_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance):
    pages = _setting(demo_alliance)
    for name in sorted(ALL):
        _login(client, name)
        for page, (url, allowed, other) in pages.items():
            status = client.get(url).status_code
            refused = 302 if (name == PUB and other == 403) else other
            expected = 200 if name in allowed else refused
            assert status == expected, (name, page, url)


def test_only_named_partners_decide_only_the_koordination_publishes(client, demo_alliance):
    pending = PressRelease.objects.get(
        alliance=demo_alliance, status=PressReleaseStatus.IN_APPROVAL
    )
    decide = reverse("meetings:decide_press_release", args=[pending.pk])
    publish = reverse("meetings:publish_press_release", args=[pending.pk])
    for name in sorted(ALL - {K}):
        _login(client, name)
        assert client.post(publish).status_code == (302 if name == PUB else 403), name
    for name in sorted(ALL - {V, S}):
        _login(client, name)
        data = {"organisation": 1, "decision": "freigegeben", "version": pending.version}
        assert client.post(decide, data).status_code == (302 if name == PUB else 403), name
    _login(client, K)
    response = client.post(publish, follow=True)
    assert "fehlt von Diakonisches Werk Musterstadt." in response.text
    pending.refresh_from_db()
    assert not pending.published
    _login(client, S)
    organisation = meetings.organisations_of(User.objects.get(username=S), pending)[0]
    data = {"organisation": organisation.pk, "decision": "freigegeben", "version": 1}
    assert client.post(decide, data).status_code == 302
    _login(client, K)
    client.post(publish)
    pending.refresh_from_db()
    assert pending.published
