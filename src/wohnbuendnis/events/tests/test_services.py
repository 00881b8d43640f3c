"""The event services: capacity, waiting list, double opt-in, one registration per address,
retention, plausible dates, cancellation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from wohnbuendnis.events import services
from wohnbuendnis.events.models import Audience, Event, Registration, RegistrationStatus
from wohnbuendnis.events.tests.factories import (
    BASE_URL,
    confirmed,
    make_event,
    make_setting,
    register,
)

pytestmark = pytest.mark.django_db

S = RegistrationStatus


@pytest.fixture
def setting():
    return make_setting()


def _link(message, name: str) -> str:
    pattern = {"confirm": r"/bestaetigen/", "cancel": r"/abmelden/"}[name]
    return next(u for u in re.findall(r"http://\S+", message.body) if re.search(pattern, u))


def test_the_registration_waits_for_the_link_in_the_mail(setting):
    event = make_event(setting.alliance, setting.coordinator.user, capacity=2)
    registration = register(event, 1)
    assert registration.status == S.PENDING
    assert registration.consent_at is not None and "willige ein" in registration.consent_text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["person1@example.org"]
    assert "bestätigen" in message.subject
    confirm = _link(message, "confirm")
    assert confirm.startswith(BASE_URL + "veranstaltungen/anmeldung/")
    assert registration.token in confirm
    assert services.counts(event).confirmed == 0 and services.counts(event).pending == 1
    registration = services.confirm_registration(registration.token)
    assert registration.status == S.CONFIRMED and registration.confirmed_at is not None
    # opening the link again changes nothing
    assert services.confirm_registration(registration.token).status == S.CONFIRMED
    assert list(registration.history.values_list("from_status", "to_status")) == [
        ("", S.PENDING),
        (S.PENDING, S.CONFIRMED),
    ]


def test_history_notes_are_german_when_written_from_an_english_page(setting):
    """The history is read later by the coordination on German pages: it is written in the
    site's language, whatever the language of the page (or the mail link) that caused it."""
    with translation.override("en"):
        event = make_event(setting.alliance, setting.coordinator.user, capacity=2)
        registration = register(event, 1)
        services.confirm_registration(registration.token)
    assert list(event.history.values_list("note", flat=True)) == ["Veranstaltung angelegt"]
    assert list(registration.history.values_list("note", flat=True)) == [
        "Anmeldung über das Formular",
        "per Link in der E-Mail bestätigt",
    ]


def test_capacity_fills_then_the_waiting_list_in_order_and_a_cancellation_moves_the_first_up(
    setting,
):
    event = make_event(setting.alliance, setting.coordinator.user, capacity=2)
    first, second = confirmed(event, 1), confirmed(event, 2)
    third, fourth = confirmed(event, 3), confirmed(event, 4)
    statuses = [r.status for r in (first, second, third, fourth)]
    assert statuses == [S.CONFIRMED, S.CONFIRMED, S.WAITING, S.WAITING]
    counts = services.counts(event)
    assert (counts.confirmed, counts.waiting) == (2, 2)
    mail.outbox.clear()
    services.cancel_registration(second, base_url=BASE_URL)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == S.CONFIRMED and fourth.status == S.WAITING
    assert [m.to for m in mail.outbox] == [["person3@example.org"]]
    assert "nachgerückt" in mail.outbox[0].subject
    counts = services.counts(event)
    assert (counts.confirmed, counts.waiting, counts.cancelled) == (2, 1, 1)
    # cancelling someone waiting frees no place
    services.cancel_registration(fourth, base_url=BASE_URL)
    assert services.counts(event).confirmed == 2


def test_more_places_move_people_up(setting):
    event = make_event(setting.alliance, setting.coordinator.user, capacity=1)
    confirmed(event, 1)
    waiting = confirmed(event, 2)
    assert waiting.status == S.WAITING
    services.update_event(event, setting.coordinator.user, capacity=3, programme="Podium")
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_the_same_address_twice_gives_one_registration_and_a_mail_to_that_address(setting):
    event = make_event(setting.alliance, setting.coordinator.user)
    registration = services.confirm_registration(register(event, 1).token)
    mail.outbox.clear()
    again = services.register_public(
        event, name="Jemand anderes", email=" Person1@Example.org ", consent=True,
        base_url=BASE_URL,
    )  # fmt: skip
    assert again is None
    assert Registration.objects.filter(event=event).count() == 1
    registration.refresh_from_db()
    assert registration.name == "Person 1"  # nothing silently replaced
    assert [m.to for m in mail.outbox] == [["person1@example.org"]]
    assert "bereits angemeldet" in mail.outbox[0].subject


def test_an_unconfirmed_registration_again_gets_its_confirmation_link_again(setting):
    event = make_event(setting.alliance, setting.coordinator.user)
    registration = register(event, 1)
    mail.outbox.clear()
    assert register(event, 1) is None
    assert registration.token in mail.outbox[0].body


def test_registering_needs_consent_an_open_public_event_in_the_future(setting):
    by = setting.coordinator.user
    event = make_event(setting.alliance, by)
    with pytest.raises(ValidationError, match="Einwilligung"):
        services.register_public(
            event, name="A", email="a@example.org", consent=False, base_url=BASE_URL
        )
    services.set_registration_open(event, by, False)
    with pytest.raises(ValidationError, match="geschlossen"):
        register(event, 1)
    members_only = make_event(setting.alliance, by, audience=Audience.MEMBERS)
    with pytest.raises(ValidationError, match="nur Mitglieder"):
        register(members_only, 1)
    assert not Registration.objects.exists()
    assert list(event.history.values_list("note", flat=True)) == [
        "Veranstaltung angelegt",
        "Anmeldung geschlossen",
    ]


def test_members_register_with_one_click(setting):
    event = make_event(setting.alliance, setting.coordinator.user, audience=Audience.MEMBERS,
                       capacity=1)  # fmt: skip
    registration = services.register_member(event, setting.member.user)
    assert registration.status == S.CONFIRMED and registration.email == setting.member.email
    assert not mail.outbox  # no opt-in: the address is known
    with pytest.raises(ValidationError, match="bereits angemeldet"):
        services.register_member(event, setting.member.user)
    waiting = services.register_member(event, setting.coordinator.user)
    assert waiting.status == S.WAITING


def test_implausible_dates_and_missing_place_are_refused(setting):
    by = setting.coordinator.user
    with pytest.raises(ValidationError) as error:
        make_event(setting.alliance, by, days=365 * 30)
    assert "starts_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_event(setting.alliance, by, ends_at=timezone.now() + datetime.timedelta(days=1))
    assert "ends_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_event(setting.alliance, by, place="", video_url="")
    assert "place" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_event(setting.alliance, by, capacity=0)
    assert "capacity" in error.value.message_dict
    with pytest.raises(ValidationError, match="Zeile 2"):
        make_event(setting.alliance, by, programme="Begrüßung\n25:00 Podium")
    assert not Event.objects.exists()


def test_the_programme_keeps_its_times(setting):
    event = make_event(setting.alliance, setting.coordinator.user,
                       programme="9.30 Uhr – Ankommen\n\n10:00 Forum\nAusklang")  # fmt: skip
    points = [(str(p.time) if p.time else None, p.title) for p in event.programme.all()]
    assert points == [("09:30:00", "Ankommen"), ("10:00:00", "Forum"), (None, "Ausklang")]
    assert services.programme_text(event) == "09:30 Ankommen\n10:00 Forum\nAusklang"


def test_cancelling_the_event_mails_everybody_registered(setting):
    event = make_event(setting.alliance, setting.coordinator.user, capacity=1)
    confirmed(event, 1), confirmed(event, 2)
    gone = confirmed(event, 3)
    services.cancel_registration(gone, base_url=BASE_URL)
    mail.outbox.clear()
    sent = services.cancel_event(event, setting.coordinator.user, reason="Erkrankung")
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
    assert "Erkrankung" in mail.outbox[0].body
    event.refresh_from_db()
    assert event.status == "abgesagt" and not event.registration_open
    assert event.history.last().to_status == "abgesagt"
    with pytest.raises(ValidationError, match="abgesagt"):
        register(event, 4)


def test_retention_deletes_personal_data_but_keeps_the_counts(setting, settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 30
    by = setting.coordinator.user
    event = make_event(setting.alliance, by, capacity=2)
    first = confirmed(event, 1)
    confirmed(event, 2), confirmed(event, 3)
    services.cancel_registration(confirmed(event, 4), base_url=BASE_URL)
    register(event, 5)  # never confirmed
    later = make_event(setting.alliance, by, days=60)
    confirmed(later, 9)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=40),
        ends_at=timezone.now() - datetime.timedelta(days=40) + datetime.timedelta(hours=3),
    )
    services.mark_attendance(event, by, {first.pk})
    # 29 days after the event: nothing deleted yet
    ended = timezone.now() - datetime.timedelta(days=40) + datetime.timedelta(hours=3)
    assert services.delete_expired_registrations(now=ended + datetime.timedelta(days=29)) == 0
    call_command("delete_event_registrations", verbosity=0)
    event.refresh_from_db()
    assert event.registrations_deleted_at is not None
    assert not Registration.objects.filter(event=event).exists()
    for value in ("Person 1", "person1@example.org", "Mieterverein"):
        assert not Registration.objects.filter(event=event, name=value).exists()
    counts = services.counts(event)
    assert (counts.confirmed, counts.waiting, counts.cancelled, counts.attended) == (2, 1, 1, 1)
    assert Registration.objects.filter(event=later).count() == 1  # the later event keeps its
    assert services.delete_expired_registrations() == 0  # a second run deletes nothing
    assert "gelöscht" in event.history.last().note


def test_report_only_after_the_event(setting):
    by = setting.coordinator.user
    event = make_event(setting.alliance, by)
    with pytest.raises(ValidationError, match="Bericht"):
        services.save_report(event, by, "Schön war es.")
