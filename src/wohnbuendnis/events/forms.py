"""Forms of the events: the event itself, the public registration, the cancellation, the
report and documents. Dates and places are checked by ``services.check_event``, which the
services call too."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.events import services
from wohnbuendnis.events.models import Audience, EventKind
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.idempotency import SubmitOnceMixin


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


# where a service's field error belongs in the form
_FIELD_OF = {"starts_at": "day", "ends_at": "end", "place": "place", "capacity": "capacity"}


class EventForm(forms.Form):
    """Create (with ``with_token``) and edit an event."""

    kind = forms.ChoiceField(label=_("Art"), choices=EventKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    programme = forms.CharField(
        label=_("Programm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ein Programmpunkt pro Zeile, die Uhrzeit vorn ist freiwillig, z. B. "
                    "„18:00 Begrüßung“."),
    )  # fmt: skip
    day = forms.DateField(label=_("Datum"), widget=DateInput)
    start = forms.TimeField(label=_("Beginn"), widget=TimeInput)
    end = forms.TimeField(label=_("Ende"), widget=TimeInput)
    place = forms.CharField(
        label=_("Ort"), required=False, max_length=200,
        help_text=_("Ort und/oder Videolink"),
    )  # fmt: skip
    video_url = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Plätze"), required=False, min_value=1, max_value=services.MAX_CAPACITY,
        help_text=_("Leer lassen: ohne Begrenzung. Wer keinen Platz mehr bekommt, kommt auf "
                    "die Warteliste."),
    )  # fmt: skip
    audience = forms.ChoiceField(
        label=_("Teilnehmerkreis"), choices=Audience.choices, widget=forms.RadioSelect,
        initial=Audience.PUBLIC,
    )  # fmt: skip
    registration_open = forms.BooleanField(label=_("Anmeldung offen"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        tz = timezone.get_current_timezone()
        data["starts_at"] = datetime.datetime.combine(data["day"], data["start"], tzinfo=tz)
        data["ends_at"] = datetime.datetime.combine(data["day"], data["end"], tzinfo=tz)
        try:
            services.check_event(
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                video_url=data["video_url"],
                capacity=data["capacity"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(_FIELD_OF.get(field), messages)
        try:
            services.parse_programme(data["programme"])
        except ValidationError as error:
            self.add_error("programme", error)
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("day", "start", "end"):
            data.pop(name)
        return data

    @classmethod
    def initial_of(cls, event) -> dict:
        start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        return {
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "programme": services.programme_text(event),
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "place": event.place,
            "video_url": event.video_url,
            "capacity": event.capacity,
            "audience": event.audience,
            "registration_open": event.registration_open,
        }


class RegistrationForm(SubmitOnceMixin, forms.Form):
    """The public registration: name, e-mail, organisation and the explicit consent (never
    ticked in advance)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    consent = forms.BooleanField(label=_("Einwilligung"), required=True, initial=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = gettext(services.CONSENT_TEXT) % {
            "days": settings.EVENT_REGISTRATION_RETENTION_DAYS
        }
        self.fields["consent"].error_messages["required"] = _(
            "Ohne Ihre Einwilligung können wir Ihre Anmeldung nicht annehmen."
        )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund (steht in der Mail an die Angemeldeten)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Kurzbericht"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Erscheint nach der Veranstaltung auf der öffentlichen Seite der "
                    "Veranstaltung."),
    )  # fmt: skip


class DocumentForm(SubmitOnceMixin, forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, DOCX, PPTX, XLSX, ODT, PNG oder JPG, %(limit)s")
        % {"limit": uploads.limit_text("meeting_document")},
    )
