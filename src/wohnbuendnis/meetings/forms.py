from django import forms
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.meetings.models import MinutesField


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


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("accept", _("übernehmen")), ("reject", _("ablehnen"))],
    )
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


class ScheduleForm(forms.Form):
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

    def agenda_items(self) -> list[dict]:
        items = []
        for line in self.cleaned_data["agenda"].splitlines():
            title = line.strip()
            public = not title.endswith(NON_PUBLIC_MARK)
            title = title.removesuffix(NON_PUBLIC_MARK).strip()
            if title:
                items.append({"title": title, "public": public})
        return items
