"""The events pages: create forms submit once, the public registration through the form and
the mail's links, the attendance list and its downloads with German headers, iCalendar, the
report after the event and the alliance's public start page."""

from __future__ import annotations

import datetime
import io
import re
import uuid

import polars as pl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.events import ical, services
from wohnbuendnis.events.models import Audience, Event, EventDocument, Registration
from wohnbuendnis.events.tests.factories import confirmed, make_event, make_setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_setting()


def _token() -> str:
    return str(uuid.uuid4())


def _event_form(**changes) -> dict:
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    return {
        "kind": "fachtag", "title": "Fachtag Wohnen und Pflege", "description": "",
        "programme": "9:30 Ankommen\n10:00 Vorträge", "day": day, "start": "09:30",
        "end": "16:00", "place": "Stadthalle", "video_url": "", "capacity": "40",
        "audience": "oeffentlich", "registration_open": "on", "submission_token": _token(),
        **changes,
    }  # fmt: skip


def test_the_new_event_form_sent_twice_creates_one_event(setting, client):
    client.force_login(setting.coordinator.user)
    url = reverse("events:new", args=[setting.alliance.slug])
    form = _event_form()
    first, second = client.post(url, form), client.post(url, form)
    event = Event.objects.get()
    assert first.url == second.url == reverse("events:event", args=[event.pk])
    assert [str(p) for p in event.programme.all()] == ["09:30 Ankommen", "10:00 Vorträge"]
    assert event.capacity == 40 and event.kind == "fachtag"


def test_the_form_refuses_a_far_date_and_a_missing_place_at_their_fields(setting, client):
    client.force_login(setting.coordinator.user)
    url = reverse("events:new", args=[setting.alliance.slug])
    response = client.post(url, _event_form(day="2099-01-01", place=""))
    assert response.status_code == 200
    form = response.context["form"]
    assert "muss zwischen" in " ".join(form.errors["day"])
    assert "Ort" in " ".join(form.errors["place"])
    assert not Event.objects.exists()


def test_editing_keeps_what_was_entered_and_records_it(setting, client):
    event = make_event(setting.alliance, setting.coordinator.user)
    client.force_login(setting.coordinator.user)
    url = reverse("events:edit", args=[event.pk])
    initial = client.get(url).context["form"].initial
    assert initial["programme"] == "18:00 Begrüßung\nPodium"
    data = _event_form(title="Neues Forum", programme="Podium")
    data.pop("submission_token")
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Neues Forum"
    assert event.history.last().note == "Angaben geändert"


def test_the_public_registers_confirms_by_the_link_and_cancels_by_the_other(setting, client):
    event = make_event(setting.alliance, setting.coordinator.user, capacity=1)
    page = client.get(reverse("events:event", args=[event.pk]))
    html = page.content.decode()
    assert 'name="consent"' in html and "checked" not in html.split('name="consent"')[1][:80]
    data = {"name": "Lea Sommer", "email": "lea@example.org", "organisation": "Mieterverein",
            "consent": "on", "submission_token": _token()}  # fmt: skip
    register = reverse("events:register", args=[event.pk])
    first, second = client.post(register, data), client.post(register, data)
    assert first.url == second.url == reverse("events:registration_sent", args=[event.pk])
    assert Registration.objects.count() == 1 and len(mail.outbox) == 1
    # the same address in a new form: the same answer, one registration, a mail to that address
    again = client.post(register, {**data, "name": "Lea S.", "submission_token": _token()})
    assert again.url == first.url and Registration.objects.count() == 1
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["lea@example.org"]
    confirm = re.search(r"http://testserver(\S+/bestaetigen/)", mail.outbox[0].body).group(1)
    cancel = re.search(r"http://testserver(\S+/abmelden/)", mail.outbox[0].body).group(1)
    assert "Sie sind angemeldet" in client.get(confirm).content.decode()
    # a second person gets the waiting list; the first cancels (a GET alone cancels nothing)
    other = services.confirm_registration(
        services.register_public(
            event, name="Tom", email="tom@example.org", consent=True, base_url="http://testserver/"
        ).token
    )
    assert other.status == "warteliste"
    assert client.get(cancel).status_code == 200
    assert Registration.objects.get(email="lea@example.org").status == "bestaetigt"
    client.post(cancel)
    assert Registration.objects.get(email="lea@example.org").status == "storniert"
    assert Registration.objects.get(email="tom@example.org").status == "bestaetigt"
    assert mail.outbox[-1].to == ["tom@example.org"]


def test_without_consent_nothing_is_stored(setting, client):
    event = make_event(setting.alliance, setting.coordinator.user)
    data = {"name": "Lea", "email": "lea@example.org", "submission_token": _token()}
    response = client.post(reverse("events:register", args=[event.pk]), data)
    assert response.status_code == 200
    assert "Einwilligung" in " ".join(response.context["form"].errors["consent"])
    assert not Registration.objects.exists() and not mail.outbox


def test_attendance_list_marks_and_downloads_with_german_headers(setting, client):
    event = make_event(setting.alliance, setting.coordinator.user, capacity=2)
    first, second = confirmed(event, 1), confirmed(event, 2)
    confirmed(event, 3)
    client.force_login(setting.coordinator.user)
    url = reverse("events:attendance", args=[event.pk])
    page = client.get(url)
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Person 3" in html.split('id="liste-warteliste"')[1]
    client.post(url, {"attended": [str(first.pk)]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.attended and not second.attended
    csv = client.get(reverse("events:attendance_csv", args=[event.pk])).content
    assert csv.startswith(b"\xef\xbb\xbf")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Name;Organisation;E-Mail-Adresse;Status;Platz auf der Warteliste;angemeldet am;"
        "bestätigt am;anwesend"
    )
    assert lines[1].startswith("Person 1;Mieterverein;person1@example.org;angemeldet;;")
    assert lines[1].endswith(";ja")
    assert lines[3].startswith("Person 3;Mieterverein;person3@example.org;Warteliste;1;")
    content = client.get(reverse("events:attendance_xlsx", args=[event.pk])).content
    frame = pl.read_excel(io.BytesIO(content), sheet_name="Teilnehmende")
    assert frame.columns[:4] == ["Name", "Organisation", "E-Mail-Adresse", "Status"]
    assert frame["Name"].to_list() == ["Person 1", "Person 2", "Person 3"]


def test_icalendar_of_an_event(setting, client):
    event = make_event(setting.alliance, setting.coordinator.user)
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    vevent = ical_event(response.content)
    assert str(vevent["summary"]) == "Wohnungsforum"
    assert vevent.decoded("dtstart") == event.starts_at
    assert "18:00 Begrüßung" in str(vevent["description"])
    assert str(vevent["status"]) == "CONFIRMED"


def ical_event(content: bytes):
    import icalendar

    return next(iter(icalendar.Calendar.from_ical(content).walk("VEVENT")))


def test_documents_and_the_report_appear_on_the_public_page_after_the_event(setting, client):
    by = setting.coordinator.user
    event = make_event(setting.alliance, by)
    client.force_login(by)
    upload = SimpleUploadedFile("praesentation.pdf", b"%PDF-1.4 x", "application/pdf")
    form = {"file": upload, "submission_token": _token()}
    client.post(reverse("events:upload_document", args=[event.pk]), form)
    assert EventDocument.objects.get().name == "praesentation.pdf"
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
    )
    client.post(reverse("events:report", args=[event.pk]), {"report": "Gut besucht."})
    client.logout()
    html = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "Gut besucht." in html and "praesentation.pdf" in html


def test_public_start_page_and_list_show_public_events_only(setting, client):
    by = setting.coordinator.user
    make_event(setting.alliance, by, title="Offenes Forum")
    make_event(setting.alliance, by, title="Interne Fokusrunde", audience=Audience.MEMBERS)
    public = client.get(reverse("site:alliance", args=[setting.alliance.slug])).content.decode()
    assert "Offenes Forum" in public and "Interne Fokusrunde" not in public
    listing = client.get(reverse("events:list", args=[setting.alliance.slug])).content.decode()
    assert "Offenes Forum" in listing and "Interne Fokusrunde" not in listing
    client.force_login(setting.member.user)
    listing = client.get(reverse("events:list", args=[setting.alliance.slug])).content.decode()
    assert "Offenes Forum" in listing and "Interne Fokusrunde" in listing


def test_a_member_registers_with_one_click(setting, client):
    event = make_event(setting.alliance, setting.coordinator.user, audience=Audience.MEMBERS)
    client.force_login(setting.member.user)
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert 'name="consent"' not in page  # no form for members: one click
    client.post(reverse("events:join", args=[event.pk]))
    assert event.registrations.get().person == setting.member
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "Sie sind angemeldet." in page
    client.post(reverse("events:leave", args=[event.pk]))
    assert event.registrations.get().status == "storniert"


def test_the_ical_module_refuses_naive_times(setting):
    event = make_event(setting.alliance, setting.coordinator.user)
    event.starts_at = event.starts_at.replace(tzinfo=None)
    with pytest.raises(ValueError, match="timezone-aware"):
        ical.calendar(event, url="http://x/", stamp=timezone.now(), domain="x")
