"""Every change of an event and its registrations (one function each, with a history row).

The public registers with name, e-mail and organisation only, and with an explicit consent;
the registration waits until the link in the confirmation mail is opened (double opt-in), then
takes a free place or a place on the waiting list. A cancellation gives the place to the first
person waiting. Members register with one click. Personal data of the registrations are deleted
``EVENT_REGISTRATION_RETENTION_DAYS`` after the event; the event keeps the counts.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance, Person
from wohnbuendnis.events.models import (
    Audience,
    Event,
    EventDocument,
    EventKind,
    EventStatus,
    ProgrammePoint,
    Registration,
    RegistrationStatus,
)
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_all, check_date_near_today, check_range
from wohnbuendnis.lib.site_language import in_site_language

MAX_CAPACITY = 100_000
#: the wording of the consent, shown in the reader's language and stored as shown
CONSENT_TEXT = gettext_noop(
    "Ich willige ein, dass das Bündnis meinen Namen, meine E-Mail-Adresse und meine "
    "Organisation für die Anmeldung zu dieser Veranstaltung verarbeitet. Die Angaben werden "
    "spätestens %(days)s Tage nach der Veranstaltung gelöscht. Ich kann mich jederzeit über den "
    "Link in der E-Mail abmelden."
)
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


@dataclass(frozen=True)
class Point:
    """A programme point as entered: optional time of day, title."""

    time: datetime.time | None
    title: str


_POINT = re.compile(r"^\s*(?:(\d{1,2})[:.](\d{2})(?:\s*Uhr)?\s*[-–:]?\s*)?(.*?)\s*$")


def parse_programme(text: str) -> list[Point]:
    """One programme point per line, optionally starting with a time (``18:00 Begrüßung``,
    ``9.30 Uhr – Forum``); empty lines are skipped; an impossible time is refused."""
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _POINT.match(line)
        assert match is not None  # the pattern matches every line
        hours, minutes, title = match.groups()
        time = None
        if hours is not None:
            if int(hours) > 23 or int(minutes) > 59:
                raise ValidationError(
                    _("Zeile %(line)s des Programms: %(time)s ist keine Uhrzeit.")
                    % {"line": number, "time": f"{hours}:{minutes}"}
                )
            time = datetime.time(int(hours), int(minutes))
        if not title:
            raise ValidationError(
                _("Zeile %(line)s des Programms: Bitte geben Sie den Programmpunkt an.")
                % {"line": number}
            )
        points.append(Point(time, title[:300]))
    return points


def programme_text(event: Event) -> str:
    """The programme as the edit form shows it (the inverse of ``parse_programme``)."""
    return "\n".join(
        f"{p.time:%H:%M} {p.title}" if p.time else p.title for p in event.programme.all()
    )


def check_event(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    video_url: str,
    capacity: int | None,
) -> None:
    """What every entry point checks: dates within ten years of today, the end after the
    start, a place or a video link, a plausible capacity (German messages at the fields)."""
    errors: dict[str, list] = {}
    checks: list[tuple] = [
        ("starts_at", check_date_near_today, starts_at, _("Der Beginn")),
        ("ends_at", check_date_near_today, ends_at, _("Das Ende")),
    ]
    if capacity is not None:
        checks.append(
            ("capacity", check_range, capacity, _("Die Zahl der Plätze"), 1, MAX_CAPACITY)
        )
    try:
        check_all(*checks)
    except ValidationError as error:
        errors.update(error.error_dict)
    if ends_at <= starts_at and "ends_at" not in errors:
        errors["ends_at"] = [ValidationError(_("Das Ende muss nach dem Beginn liegen."))]
    if not place.strip() and not video_url.strip():
        errors["place"] = [ValidationError(_("Bitte geben Sie einen Ort oder einen Videolink an."))]
    if errors:
        raise ValidationError(errors)


def _set_programme(event: Event, programme: str) -> None:
    event.programme.all().delete()
    ProgrammePoint.objects.bulk_create(
        ProgrammePoint(event=event, position=n, time=p.time, title=p.title)
        for n, p in enumerate(parse_programme(programme), start=1)
    )


FIELDS = (
    "kind", "title", "description", "starts_at", "ends_at", "place", "video_url", "capacity",
    "audience", "registration_open",
)  # fmt: skip


@transaction.atomic
def create_event(  # noqa: PLR0913 (keyword-only fields of an event)
    alliance: Alliance,
    by,
    *,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    description: str = "",
    programme: str = "",
    place: str = "",
    video_url: str = "",
    capacity: int | None = None,
    audience: str = Audience.PUBLIC,
    registration_open: bool = True,
) -> Event:
    """A new event of the alliance (Koordination)."""
    if kind not in EventKind.values or audience not in Audience.values:
        raise ValidationError(_("Bitte wählen Sie Art und Teilnehmerkreis aus der Liste."))
    if not title.strip():
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    check_event(
        starts_at=starts_at, ends_at=ends_at, place=place, video_url=video_url, capacity=capacity
    )
    parse_programme(programme)  # refuse before anything is written
    event = Event.objects.create(
        alliance=alliance,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_url=video_url.strip(),
        capacity=capacity,
        audience=audience,
        registration_open=registration_open,
        created_by=by,
    )
    _set_programme(event, programme)
    record_status(event, by, in_site_language(gettext_noop("Veranstaltung angelegt")), new=True)
    return event


@transaction.atomic
def update_event(event: Event, by, *, base_url: str = "", programme: str = "", **fields) -> Event:
    """Change an event's details; more places move people up from the waiting list."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    values = {name: fields.get(name, getattr(event, name)) for name in FIELDS}
    if values["kind"] not in EventKind.values or values["audience"] not in Audience.values:
        raise ValidationError(_("Bitte wählen Sie Art und Teilnehmerkreis aus der Liste."))
    if not str(values["title"]).strip():
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    check_event(
        starts_at=values["starts_at"],
        ends_at=values["ends_at"],
        place=values["place"],
        video_url=values["video_url"],
        capacity=values["capacity"],
    )
    parse_programme(programme)
    for name, value in values.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.save()
    _set_programme(event, programme)
    record_status(event, by, in_site_language(gettext_noop("Angaben geändert")))
    _promote_waiting(event, by, base_url)
    return event


@transaction.atomic
def set_registration_open(event: Event, by, is_open: bool) -> Event:
    """Open or close the registration (Koordination)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist abgesagt."))
    if event.registration_open == is_open:
        return event
    event.registration_open = is_open
    event.save(update_fields=["registration_open"])
    record_status(
        event,
        by,
        in_site_language(
            gettext_noop("Anmeldung geöffnet") if is_open else gettext_noop("Anmeldung geschlossen")
        ),
    )
    return event


@transaction.atomic
def cancel_event(event: Event, by, *, reason: str = "", base_url: str = "") -> int:
    """Cancel the event and tell everybody registered (also those waiting) by e-mail; returns
    the number of mails sent."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist bereits abgesagt."))
    if event.ends_at <= timezone.now():
        raise ValidationError(_("Eine vergangene Veranstaltung kann nicht abgesagt werden."))
    change_status(event, EventStatus.CANCELLED, by, reason, save=False, registration_open=False)
    event.save(update_fields=["status", "registration_open"])
    when = _when(event)
    messages = []
    for registration in event.registrations.filter(status__in=ACTIVE):
        text = _(
            "Guten Tag %(name)s,\n\nleider müssen wir die Veranstaltung „%(title)s“ am %(when)s "
            "absagen.%(reason)s\n\nIhre Anmeldung ist damit erledigt; Sie müssen nichts weiter "
            "tun.\n\nMit freundlichen Grüßen\n%(alliance)s"
        ) % {
            "name": registration.name,
            "title": event.title,
            "when": when,
            "reason": f"\n\n{_('Grund')}: {reason.strip()}" if reason.strip() else "",
            "alliance": event.alliance.name,
        }
        subject = _("Abgesagt: %(title)s") % {"title": event.title}
        messages.append(_message(subject, text, registration.email))
    return _send(messages)


@transaction.atomic
def save_report(event: Event, by, report: str) -> Event:
    """The short public report after the event (shown on the public event page)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.starts_at > timezone.now():
        raise ValidationError(_("Ein Bericht kann erst nach Beginn der Veranstaltung folgen."))
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist abgesagt."))
    event.report = report.strip()
    event.save(update_fields=["report"])
    record_status(
        event,
        by,
        in_site_language(
            gettext_noop("Bericht gespeichert")
            if event.report
            else gettext_noop("Bericht entfernt")
        ),
    )
    return event


# --- registrations -------------------------------------------------------------------------


def _when(event: Event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{start:%d.%m.%Y, %H:%M}–{end:%H:%M} Uhr"
    return f"{start:%d.%m.%Y, %H:%M} Uhr – {end:%d.%m.%Y, %H:%M} Uhr"


def _message(subject: str, text: str, to: str) -> EmailMessage:
    return EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [to])


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def link(base_url: str, name: str, token: str) -> str:
    return base_url.rstrip("/") + reverse(name, args=[token])


def _check_open(event: Event, now: datetime.datetime) -> None:
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist abgesagt."))
    if event.starts_at <= now:
        raise ValidationError(_("Die Veranstaltung hat bereits begonnen."))
    if not event.registration_open:
        raise ValidationError(_("Die Anmeldung ist geschlossen."))


def _normalise(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def register_public(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: str = "",
    consent: bool,
    base_url: str,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Registration | None:
    """A registration from the public form: it waits for the link in the mail (double opt-in).

    The same address twice gives one registration: the address gets a mail saying so (a new
    confirmation link while it is unconfirmed), and the form answers exactly as for a new
    registration, so nobody learns whether someone else registered. Returns the registration
    created, or None when there was one already."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_public:
        raise ValidationError(_("Zu dieser Veranstaltung melden sich nur Mitglieder an."))
    _check_open(event, now)
    if not consent:
        raise ValidationError(
            {"consent": _("Ohne Ihre Einwilligung können wir Ihre Anmeldung nicht annehmen.")}
        )
    name, email, organisation = name.strip(), _normalise(email), organisation.strip()
    if not name or not email:
        raise ValidationError(_("Bitte geben Sie Name und E-Mail-Adresse an."))
    existing = event.registrations.select_for_update().filter(email=email).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        if notify:
            _send([_already_registered_mail(existing, base_url)])
        return None
    consent_text = _(CONSENT_TEXT) % {"days": settings.EVENT_REGISTRATION_RETENTION_DAYS}
    if existing is not None:  # registering again after cancelling: a new opt-in
        registration = existing
        registration.name, registration.organisation = name, organisation
        registration.consent_text, registration.consent_at = consent_text, now
        registration.token = Registration._meta.get_field("token").get_default()
        registration.confirmed_at = registration.queued_at = None
        change_status(registration, RegistrationStatus.PENDING, None, save=False)
        registration.save()
    else:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    name=name[:200],
                    email=email,
                    organisation=organisation[:200],
                    consent_text=consent_text,
                    consent_at=now,
                )
        except IntegrityError:  # pragma: no cover - the event lock serialises registrations
            return None
        record_status(
            registration,
            None,
            in_site_language(gettext_noop("Anmeldung über das Formular")),
            new=True,
        )
    if notify:
        _send([_opt_in_mail(registration, base_url)])
    return registration


def _opt_in_mail(registration: Registration, base_url: str) -> EmailMessage:
    event = registration.event
    text = _(
        "Guten Tag %(name)s,\n\nSie haben sich zur Veranstaltung „%(title)s“ am %(when)s "
        "angemeldet. Bitte bestätigen Sie Ihre Anmeldung über diesen Link:\n\n%(confirm)s\n\n"
        "Erst mit der Bestätigung ist Ihre Anmeldung gültig. Wenn Sie sich nicht angemeldet "
        "haben, brauchen Sie nichts zu tun: Ohne Bestätigung bleibt die Anmeldung unwirksam und "
        "wird nach der Veranstaltung gelöscht.\n\nAbmelden können Sie sich jederzeit hier:\n"
        "%(cancel)s\n\nMit freundlichen Grüßen\n%(alliance)s"
    ) % {
        "name": registration.name,
        "title": event.title,
        "when": _when(event),
        "confirm": link(base_url, "events:confirm", registration.token),
        "cancel": link(base_url, "events:cancel_registration", registration.token),
        "alliance": event.alliance.name,
    }
    subject = _("Bitte bestätigen Sie Ihre Anmeldung: %(title)s") % {"title": event.title}
    return _message(subject, text, registration.email)


def _already_registered_mail(registration: Registration, base_url: str) -> EmailMessage:
    if registration.status == RegistrationStatus.PENDING:
        return _opt_in_mail(registration, base_url)
    event = registration.event
    text = _(
        "Guten Tag %(name)s,\n\nfür diese E-Mail-Adresse besteht bereits eine Anmeldung zur "
        "Veranstaltung „%(title)s“ am %(when)s (%(status)s). Eine zweite Anmeldung ist nicht "
        "nötig.\n\nAbmelden können Sie sich hier:\n%(cancel)s\n\nMit freundlichen Grüßen\n"
        "%(alliance)s"
    ) % {
        "name": registration.name,
        "title": event.title,
        "when": _when(event),
        "status": registration.get_status_display(),
        "cancel": link(base_url, "events:cancel_registration", registration.token),
        "alliance": event.alliance.name,
    }
    subject = _("Sie sind bereits angemeldet: %(title)s") % {"title": event.title}
    return _message(subject, text, registration.email)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _has_room(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _take_place(registration: Registration, by, now: datetime.datetime, note: str) -> None:
    """Confirmed if a place is free, else at the end of the waiting list."""
    if _has_room(registration.event):
        change_status(
            registration, RegistrationStatus.CONFIRMED, by, note, save=False, confirmed_at=now
        )
    else:
        change_status(registration, RegistrationStatus.WAITING, by, note, save=False, queued_at=now)
    registration.save()


@transaction.atomic
def confirm_registration(token: str, *, now: datetime.datetime | None = None) -> Registration:
    """The link in the mail was opened: a free place, or the next place on the waiting list.
    Opening it again changes nothing."""
    now = now or timezone.now()
    registration = _by_token(token)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status != RegistrationStatus.PENDING:
        return registration
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist abgesagt."))
    if event.starts_at <= now:
        raise ValidationError(_("Die Veranstaltung hat bereits begonnen."))
    _take_place(
        registration, None, now, in_site_language(gettext_noop("per Link in der E-Mail bestätigt"))
    )
    return registration


def _by_token(token: str) -> Registration:
    registration = Registration.objects.filter(token=token).select_related("event").first()
    if registration is None:
        raise ValidationError(
            _(
                "Diese Anmeldung gibt es nicht (mehr). Vielleicht wurden die Anmeldedaten nach "
                "der Veranstaltung bereits gelöscht."
            )
        )
    return registration


@transaction.atomic
def register_member(event: Event, user, *, now: datetime.datetime | None = None) -> Registration:
    """A member's registration with one click (members-only or public events): no opt-in
    mail, the address is known; a free place or the waiting list."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_open(event, now)
    person = Person.objects.filter(user=user).first()
    email = _normalise((person.email if person else "") or user.email or "")
    if person is None or not email:
        raise ValidationError(
            _("Für Ihr Konto ist keine E-Mail-Adresse hinterlegt; bitte wenden Sie sich an die "
              "Koordination.")
        )  # fmt: skip
    registration = event.registrations.select_for_update().filter(email=email).first()
    if registration is not None and registration.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ):
        raise ValidationError(_("Sie sind bereits angemeldet."))
    if registration is None:
        registration = Registration(event=event, email=email)
    registration.event = event
    registration.name = str(person)[:200]
    registration.person = person
    organisations = list(person.organisations.values_list("name", flat=True)[:1])
    registration.organisation = organisations[0][:200] if organisations else ""
    registration.token = Registration._meta.get_field("token").get_default()
    registration.consent_text, registration.consent_at = "", None
    new = registration.pk is None
    note = in_site_language(gettext_noop("Anmeldung als Mitglied"))
    if new:
        registration.status = RegistrationStatus.PENDING
        registration.save()
        record_status(registration, user, note, new=True)
    _take_place(registration, user, now, note)
    return registration


def member_registration(event: Event, user) -> Registration | None:
    """The active registration of the signed-in member (for the event page)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return event.registrations.filter(person__user=user, status__in=ACTIVE).first()


@transaction.atomic
def cancel_registration(registration: Registration, by=None, *, base_url: str = "") -> Registration:
    """Cancel a registration (the registrant through the link or the button, or Koordination);
    a freed place goes to the first person on the waiting list, who is told by e-mail."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if event.ends_at <= timezone.now():
        raise ValidationError(_("Die Veranstaltung ist bereits vorbei."))
    change_status(
        registration, RegistrationStatus.CANCELLED, by, in_site_language(gettext_noop("abgemeldet"))
    )
    if not event.is_cancelled:
        _promote_waiting(event, by, base_url)
    return registration


def _promote_waiting(event: Event, by, base_url: str) -> list[Registration]:
    """Move people up from the waiting list while places are free, in the order they came;
    each gets a mail. The caller holds the event's lock."""
    promoted: list[Registration] = []
    waiting = event.registrations.select_for_update().filter(status=RegistrationStatus.WAITING)
    for registration in waiting.order_by("queued_at", "pk"):
        if not _has_room(event):
            break
        change_status(
            registration,
            RegistrationStatus.CONFIRMED,
            by,
            in_site_language(gettext_noop("von der Warteliste nachgerückt")),
            save=False,
            confirmed_at=timezone.now(),
        )
        registration.save()
        promoted.append(registration)
    messages = []
    for registration in promoted:
        text = _(
            "Guten Tag %(name)s,\n\nes ist ein Platz frei geworden: Sie sind von der Warteliste "
            "nachgerückt und für die Veranstaltung „%(title)s“ am %(when)s angemeldet.%(place)s"
            "\n\nWenn Sie nicht teilnehmen können, melden Sie sich bitte ab, damit der Platz "
            "weitergegeben werden kann:\n%(cancel)s\n\nMit freundlichen Grüßen\n%(alliance)s"
        ) % {
            "name": registration.name,
            "title": event.title,
            "when": _when(event),
            "place": f"\n{_('Ort')}: {event.place}" if event.place else "",
            "cancel": link(base_url, "events:cancel_registration", registration.token),
            "alliance": event.alliance.name,
        }
        subject = _("Sie sind nachgerückt: %(title)s") % {"title": event.title}
        messages.append(_message(subject, text, registration.email))
    _send(messages)
    return promoted


@transaction.atomic
def mark_attendance(event: Event, by, attended: set[int]) -> int:
    """Mark who of the confirmed registrations attended (the others not); returns the count."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.registrations_deleted_at is not None:
        raise ValidationError(_("Die Anmeldedaten dieser Veranstaltung sind bereits gelöscht."))
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    unknown = attended - set(confirmed.values_list("pk", flat=True))
    if unknown:
        raise ValidationError(_("Anwesend sein kann nur, wer angemeldet ist."))
    confirmed.filter(pk__in=attended).update(attended=True)
    confirmed.exclude(pk__in=attended).update(attended=False)
    record_status(
        event, by, in_site_language(gettext_noop("Anwesenheit erfasst: %(n)s"), n=len(attended))
    )
    return len(attended)


@dataclass(frozen=True)
class Counts:
    confirmed: int
    waiting: int
    cancelled: int
    pending: int
    attended: int


def counts(event: Event) -> Counts:
    """How many are registered, waiting, cancelled, unconfirmed and attended (after the
    retention: the counts kept at the deletion)."""
    if event.registrations_deleted_at is not None:
        return Counts(
            event.kept_confirmed, event.kept_waiting, event.kept_cancelled, 0, event.kept_attended
        )
    row = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended=True)),
    )
    return Counts(**row)


# --- retention -----------------------------------------------------------------------------


@transaction.atomic
def delete_expired_registrations(
    now: datetime.datetime | None = None, days: int | None = None
) -> int:
    """Delete the registrations (name, e-mail, organisation) of every event that ended more
    than ``days`` (``EVENT_REGISTRATION_RETENTION_DAYS``) ago; the event keeps only the counts.
    Returns the number of registrations deleted; running it again deletes nothing more."""
    now = now or timezone.now()
    days = settings.EVENT_REGISTRATION_RETENTION_DAYS if days is None else days
    limit = now - datetime.timedelta(days=days)
    deleted = 0
    due = Event.objects.select_for_update().filter(
        ends_at__lt=limit, registrations_deleted_at__isnull=True
    )
    for event in due:
        kept = counts(event)
        number = event.registrations.count()
        event.registrations.all().delete()  # their history rows go with them
        event.kept_confirmed, event.kept_waiting = kept.confirmed, kept.waiting
        event.kept_cancelled, event.kept_attended = kept.cancelled, kept.attended
        event.registrations_deleted_at = now
        event.save(
            update_fields=[
                "kept_confirmed",
                "kept_waiting",
                "kept_cancelled",
                "kept_attended",
                "registrations_deleted_at",
            ]
        )
        record_status(
            event,
            None,
            in_site_language(
                gettext_noop(
                    "Anmeldedaten gelöscht (%(n)s Anmeldungen, Aufbewahrung %(days)s Tage)"
                ),
                n=number,
                days=days,
            ),
        )
        deleted += number
    return deleted


# --- documents -----------------------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP_MAGIC,
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP_MAGIC,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP_MAGIC),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP_MAGIC),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


@transaction.atomic
def add_document(event: Event, by, upload) -> EventDocument:
    """Attach a file to an event: PDF, DOCX, PPTX, XLSX, ODT, PNG or JPG up to the limit of
    meeting documents; the type is checked by suffix and first bytes."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Erlaubt sind nur PDF-, DOCX-, PPTX-, XLSX-, ODT-, PNG- und JPG-Dateien.")
        )
    uploads.check_size(upload, "meeting_document")
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."))
    content_type, magic = DOCUMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(_("Der Inhalt der Datei passt nicht zu ihrer Endung."))
    document = EventDocument(
        event=event, name=name[-200:], content_type=content_type, size=upload.size, uploaded_by=by
    )
    document.file.save(name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    record_status(
        event,
        by,
        in_site_language(gettext_noop("Unterlage „%(name)s“ hochgeladen"), name=document.name),
    )
    return document


@transaction.atomic
def delete_document(document: EventDocument, by) -> None:
    """Delete a document; the stored file goes after the transaction commits."""
    try:
        document = (
            EventDocument.objects.select_for_update().select_related("event").get(pk=document.pk)
        )
    except EventDocument.DoesNotExist:
        raise ValidationError(_("Das Dokument wurde bereits gelöscht.")) from None
    record_status(
        document.event,
        by,
        in_site_language(gettext_noop("Unterlage „%(name)s“ gelöscht"), name=document.name),
    )
    storage, stored_name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored_name), robust=True)
