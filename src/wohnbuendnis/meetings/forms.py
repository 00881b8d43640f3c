from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import MemberOrganisation, Organisation, Person
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.idempotency import SubmitOnceMixin
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.meetings.models import (
    ApprovalMode,
    AttendanceStatus,
    InvitationAnswer,
    MinutesField,
    PressReleaseDecision,
    TaskStatus,
)


class DateInput(forms.DateInput):
    input_type = "date"


class CirculateForm(forms.Form):
    deadline = forms.DateField(label=_("Rückmeldungen bis"), widget=DateInput)


class AmendmentForm(forms.Form):
    field = forms.ChoiceField(label=_("Abschnitt"), choices=MinutesField.choices)
    passage = forms.CharField(
        label=_("Textstelle"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kopieren Sie die Stelle, die geändert werden soll, wörtlich hierher."),
    )
    proposal = forms.CharField(label=_("Vorschlag"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Begründung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class Decision(models.TextChoices):
    """The minute-taker's answer to a proposed amendment."""

    ACCEPT = "accept", _("übernehmen")
    REJECT = "reject", _("ablehnen")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Entscheidung"), choices=Decision.choices)
    reply = forms.CharField(
        label=_("Antwort"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    public_summary = forms.CharField(
        label=_("Öffentliche Zusammenfassung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Leer lassen: Die Ergebnisse und Beschlüsse der öffentlichen Punkte werden übernommen."
        ),
    )


NON_PUBLIC_MARK = "[nicht öffentlich]"


class TimeInput(forms.TimeInput):
    input_type = "time"


def _near_today(value, label):
    """A date within ten years of today (the services check the same)."""
    check_date_near_today(value, str(label))
    return value


class ScheduleForm(SubmitOnceMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Gremium"), queryset=None)
    title = forms.CharField(label=_("Titel"), max_length=200)
    day = forms.DateField(label=_("Datum"), widget=DateInput)
    start = forms.TimeField(label=_("Beginn"), widget=TimeInput)
    end = forms.TimeField(label=_("Ende"), widget=TimeInput)
    place = forms.CharField(label=_("Ort"), required=False, max_length=200)
    video_url = forms.URLField(
        label=_("Videokonferenz-Link"), required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label=_("Tagesordnung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Ein Punkt pro Zeile; „[nicht öffentlich]“ am Zeilenende markiert "
            "nichtöffentliche Punkte."
        ),
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = alliance.bodies.order_by("position")

    def clean_day(self):
        return _near_today(self.cleaned_data["day"], _("Das Datum der Sitzung"))

    def agenda_items(self) -> list[dict]:
        items = []
        for line in self.cleaned_data["agenda"].splitlines():
            title = line.strip()
            public = not title.endswith(NON_PUBLIC_MARK)
            title = title.removesuffix(NON_PUBLIC_MARK).strip()
            if title:
                items.append({"title": title, "public": public})
        return items


class AttendanceForm(forms.Form):
    """One choice per member of the body (present, excused, or not recorded) and one per other
    person of the alliance, who may have come as a guest."""

    def __init__(self, *args, members, recorded: dict[int, str], guests=(), **kwargs):
        super().__init__(*args, **kwargs)
        unrecorded = ("", _("nicht erfasst"))
        choices = [unrecorded] + [
            (s.value, s.label) for s in (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED)
        ]
        guest_choices = [unrecorded, (AttendanceStatus.GUEST.value, AttendanceStatus.GUEST.label)]
        self.members = {f"person_{p.pk}": p for p in members}
        self.members |= {f"guest_{p.pk}": p for p in guests if f"person_{p.pk}" not in self.members}
        for name, person in self.members.items():
            guest = name.startswith("guest_")
            self.fields[name] = forms.ChoiceField(
                label=str(person),
                choices=guest_choices if guest else choices,
                required=False,
                initial=recorded.get(person.pk),
                help_text=_("kein Mitglied des Gremiums") if guest else "",
            )

    def statuses(self) -> dict:
        return {
            person: AttendanceStatus(self.cleaned_data[name])
            for name, person in self.members.items()
            if self.cleaned_data[name]
        }


class MinutesDraftForm(forms.Form):
    """The texts of every agenda item of draft minutes."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            for field in MinutesField:
                self.fields[f"{field.value}_{item.pk}"] = forms.CharField(
                    label=_("%(field)s zu TOP %(position)s")
                    % {"field": field.label, "position": item.agenda_item.position},
                    required=False,
                    initial=getattr(item, field.value),
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def texts(self) -> dict[int, dict[str, str]]:
        return {
            item.pk: {f.value: self.cleaned_data[f"{f.value}_{item.pk}"] for f in MinutesField}
            for item in self.items
        }


class ResolutionForm(SubmitOnceMixin, forms.Form):
    number = forms.CharField(label=_("Nummer"), max_length=30)
    text = forms.CharField(label=_("Beschluss"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ModelChoiceField(
        label=_("Tagesordnungspunkt"), queryset=None, required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class TaskForm(SubmitOnceMixin, forms.Form):
    title = forms.CharField(label=_("Aufgabe"), max_length=250)
    owner = forms.ModelChoiceField(label=_("zuständig"), queryset=None)
    due = forms.DateField(label=_("fällig am"), widget=DateInput)

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        people = alliance.memberships.values("person")
        self.fields["owner"].queryset = Person.objects.filter(pk__in=people).order_by(
            "last_name", "first_name"
        )

    def clean_due(self):
        return _near_today(self.cleaned_data["due"], _("Das Fälligkeitsdatum"))


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class DocumentForm(SubmitOnceMixin, forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, DOCX, XLSX, ODT, PNG oder JPG"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = f"{field.help_text}, {uploads.limit_text('meeting_document')}."


class PressReleaseForm(SubmitOnceMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))

    def clean_date(self):
        return _near_today(self.cleaned_data["date"], _("Das Datum der Pressemitteilung"))


class PressReleaseEditForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_date(self):
        return _near_today(self.cleaned_data["date"], _("Das Datum der Pressemitteilung"))


class SendPressReleaseForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Freigabe durch diese Partnerorganisationen"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(label=_("Freigabe bis"), widget=DateInput)

    def __init__(self, *args, alliance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = MemberOrganisation.objects.active().filter(alliance=alliance)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            pk__in=members.values("organisation_id")
        ).order_by("name")

    def clean_deadline(self):
        return _near_today(self.cleaned_data["deadline"], _("Die Frist der Freigabe"))


class PressReleaseDecisionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("für die Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    decision = forms.ChoiceField(
        label=_("Entscheidung"), choices=PressReleaseDecision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bei erbetenen Änderungen: welche und warum."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        ).order_by("name")


class ApprovalModeForm(forms.Form):
    approval_mode = forms.ChoiceField(
        label=_("Freigabe der Protokolle"), choices=ApprovalMode.choices, widget=forms.RadioSelect
    )


class MoveForm(forms.Form):
    """New date, time, place or video link of a meeting, and a note for the invitees."""

    day = forms.DateField(label=_("Datum"), widget=DateInput)
    start = forms.TimeField(label=_("Beginn"), widget=TimeInput)
    end = forms.TimeField(label=_("Ende"), widget=TimeInput)
    place = forms.CharField(label=_("Ort"), required=False, max_length=200)
    video_url = forms.URLField(
        label=_("Videokonferenz-Link"), required=False, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Hinweis an die Eingeladenen"),
        required=False,
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_day(self):
        return _near_today(self.cleaned_data["day"], _("Das Datum der Sitzung"))


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Grund der Absage"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Die Eingeladenen erhalten ihn mit der Absage."),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Thema"), max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Dauer (Minuten)"), min_value=1, max_value=600, initial=15
    )
    responsible = forms.ModelChoiceField(label=_("verantwortlich"), queryset=None, required=False)
    public = forms.BooleanField(label=_("öffentlich"), required=False, initial=True)
    description = forms.CharField(
        label=_("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        people = alliance.memberships.values("person")
        self.fields["responsible"].queryset = Person.objects.filter(pk__in=people).order_by(
            "last_name", "first_name"
        )


class NewAgendaItemForm(SubmitOnceMixin, AgendaItemForm):
    pass


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Ihre Antwort"), choices=InvitationAnswer.choices)
