"""Which persona may open which events page or send which events form (demo data set).

Personas: the demo login of every role of the alliance (named after it, ``Role.values``: the
job centre, the social welfare office and the data-protection officer are members like the
others), the public (``oeffentlichkeit``: not signed in,
as the conftest defines it) and a signed-in account without any role in the alliance
(``ohne_rolle``). Refused: anonymous visitors go to the login page, signed-in ones get 403.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.events import services
from wohnbuendnis.events.models import Audience, Event, EventDocument

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("events")]

K = "koordination"
PUB, OUT = "oeffentlichkeit", "ohne_rolle"
MEMBERS = set(Role.values)  # the demo logins are named after the roles
EVERYBODY = MEMBERS | {PUB, OUT}
PERSONAS = [*sorted(MEMBERS - {K}), PUB, OUT, K]  # Koordination last: its POSTs change things


def _login(client, name: str) -> None:
    client.logout()
    if name == OUT:
        user, _created = User.objects.get_or_create(username="ohne_rolle")
        client.force_login(user)
    elif name != PUB:
        client.force_login(User.objects.get(username=name))


def _expected_refusal(response, name: str) -> bool:
    if name == PUB:
        return response.status_code == 302 and response.url.startswith(reverse("login"))
    return response.status_code == 403


def _events(alliance):
    forum = Event.objects.get(alliance=alliance, kind="forum")
    focus = Event.objects.get(alliance=alliance, audience=Audience.MEMBERS)
    past = Event.objects.get(alliance=alliance, kind="auftakt")
    return forum, focus, past


def _document(event, by) -> EventDocument:
    upload = SimpleUploadedFile("programm.pdf", b"%PDF-1.4 Programm", "application/pdf")
    return services.add_document(event, by, upload)


def _pages(alliance, forum, focus, past, public_doc, members_doc):
    """page → (url, personas that get 200)."""
    return {
        "list": (reverse("events:list", args=[alliance.slug]), EVERYBODY),
        "new": (reverse("events:new", args=[alliance.slug]), {K}),
        "public_event": (reverse("events:event", args=[forum.pk]), EVERYBODY),
        "past_event": (reverse("events:event", args=[past.pk]), EVERYBODY),
        "members_event": (reverse("events:event", args=[focus.pk]), MEMBERS),
        "public_ics": (reverse("events:ics", args=[forum.pk]), EVERYBODY),
        "members_ics": (reverse("events:ics", args=[focus.pk]), MEMBERS),
        "registration_sent": (reverse("events:registration_sent", args=[forum.pk]), EVERYBODY),
        "public_document": (reverse("events:document", args=[public_doc.pk]), EVERYBODY),
        "members_document": (reverse("events:document", args=[members_doc.pk]), MEMBERS),
        "edit": (reverse("events:edit", args=[forum.pk]), {K}),
        "cancel": (reverse("events:cancel", args=[forum.pk]), {K}),
        "attendance": (reverse("events:attendance", args=[forum.pk]), {K}),
        "attendance_csv": (reverse("events:attendance_csv", args=[forum.pk]), {K}),
        "attendance_xlsx": (reverse("events:attendance_xlsx", args=[forum.pk]), {K}),
        "report": (reverse("events:report", args=[past.pk]), {K}),
    }


def test_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance, koordination):
    forum, focus, past = _events(demo_alliance)
    public_doc, members_doc = _document(forum, koordination), _document(focus, koordination)
    pages = _pages(demo_alliance, forum, focus, past, public_doc, members_doc)
    for name in PERSONAS:
        _login(client, name)
        for page, (url, allowed) in pages.items():
            response = client.get(url)
            if response.streaming:  # reading a file to its end closes it (as a WSGI server)
                b"".join(response.streaming_content)
            if name in allowed:
                assert response.status_code == 200, (name, page)
            else:
                assert _expected_refusal(response, name), (name, page, response.status_code)
    # the links in the mails need no login; an unknown token finds nothing
    client.logout()
    assert client.get(reverse("events:confirm", args=["x" * 64])).status_code == 404
    assert client.get(reverse("events:cancel_registration", args=["x" * 64])).status_code == 404


def test_only_koordination_changes_events_and_only_members_register_with_one_click(
    client, demo_alliance, koordination
):
    forum, focus, _past = _events(demo_alliance)
    document = _document(forum, koordination)
    changes = {
        "toggle": (reverse("events:toggle", args=[forum.pk]), {"open": "0"}, {K}),
        "upload": (reverse("events:upload_document", args=[forum.pk]), {}, {K}),
        "delete_document": (reverse("events:delete_document", args=[document.pk]), {}, {K}),
        "cancel": (reverse("events:cancel", args=[focus.pk]), {"reason": "x"}, {K}),
        "join": (reverse("events:join", args=[focus.pk]), {}, MEMBERS),
        "leave": (reverse("events:leave", args=[focus.pk]), {}, MEMBERS),
    }
    for name in PERSONAS:
        _login(client, name)
        for page, (url, data, allowed) in changes.items():
            response = client.post(url, data)
            if name in allowed:
                assert response.status_code == 302, (name, page)
                assert not response.url.startswith(reverse("login")), (name, page)
            else:
                assert _expected_refusal(response, name), (name, page, response.status_code)
        if name != K:  # nothing changed by those refused
            forum.refresh_from_db()
            focus.refresh_from_db()
            assert forum.registration_open and not focus.is_cancelled, name
            assert EventDocument.objects.filter(pk=document.pk).exists(), name
    forum.refresh_from_db()
    focus.refresh_from_db()
    assert not forum.registration_open and focus.is_cancelled
    assert not EventDocument.objects.filter(pk=document.pk).exists()


def test_the_public_form_only_for_public_events(client, demo_alliance):
    forum, focus, _past = _events(demo_alliance)
    client.logout()
    data = {"name": "A", "email": "a@example.org", "consent": "on",
            "submission_token": "5b7d1c86-7a3c-4c55-9c1e-1f5d3f0f7a11"}  # fmt: skip
    assert client.post(reverse("events:register", args=[forum.pk]), data).status_code == 302
    response = client.post(reverse("events:register", args=[focus.pk]), data)
    assert _expected_refusal(response, PUB)
    assert not focus.registrations.filter(email="a@example.org").exists()
