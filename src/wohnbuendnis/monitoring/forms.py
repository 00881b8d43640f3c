from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.monitoring.models import ImportKind, Indicator


def _indicator_choices(alliance):
    indicators = Indicator.objects.for_alliance(alliance)
    return [("", "–")] + [(i.key, i.name) for i in indicators]


class UploadForm(forms.Form):
    OPTIONS = ("indicator", "key_property", "name_property")

    kind = forms.ChoiceField(label=_("Art der Datei"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "CSV, XLSX oder GeoJSON. Sie sehen zuerst eine Vorschau; erst danach wird importiert."
        ),
    )
    indicator = forms.ChoiceField(
        label=_("Indikator (nur GENESIS-Tabellen)"), required=False, choices=()
    )
    key_property = forms.CharField(
        label=_("Eigenschaft mit dem Gebietsschlüssel (nur GeoJSON)"),
        required=False,
        max_length=60,
    )
    name_property = forms.CharField(
        label=_("Eigenschaft mit dem Gebietsnamen (nur GeoJSON)"), required=False, max_length=60
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = _indicator_choices(alliance)

    def options(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in self.OPTIONS if self.cleaned_data.get(k)}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "definition", "unit", "source", "reading_aid", "direction", "is_public"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "reading_aid": forms.Textarea(attrs={"rows": 3}),
        }


class ThresholdForm(forms.Form):
    green = forms.FloatField(
        label=_("Grenze grün"),
        localize=True,
        help_text=_("Ist grün kleiner als rot, sind niedrige Werte gut, sonst hohe."),
    )
    red = forms.FloatField(label=_("Grenze rot"), localize=True)
    note = forms.CharField(label=_("Begründung"), required=False, max_length=300)


class CorrectionForm(forms.Form):
    value = forms.FloatField(label=_("Neuer Wert"), localize=True)
    reason = forms.CharField(
        label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MapForm(forms.Form):
    indikator = forms.ChoiceField(label=_("Indikator"), choices=())
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, choices=())

    def __init__(self, *args, indicators, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].choices = [(i.key, i.name) for i in indicators]
        self.fields["jahr"].choices = [(y, y) for y in years]


class YearForm(forms.Form):
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, choices=())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(y, y) for y in years]


class IndexSettingsForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label=_("Indikatoren"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("Indikatoren, bei denen ein höherer Wert mehr Benachteiligung bedeutet."),
    )
    dynamics_lag = forms.IntegerField(
        label=_("Abstand der Dynamik (Jahre)"), min_value=1, max_value=10
    )
    min_population = forms.IntegerField(
        label=_("Mindestzahl der Einwohner"),
        min_value=0,
        help_text=_("Kleinere Gebiete werden aufgeführt, aber nicht bewertet."),
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.for_alliance(alliance).exclude(key="population")
        self.fields["indicators"].choices = [(i.key, i.name) for i in indicators]


class ComparisonForm(forms.Form):
    """The comparison of a region's municipalities: indicator, year, per 1,000 inhabitants,
    order, the municipalities of the chart and the one compared with its Kreis and Land."""

    indikator = forms.ChoiceField(label=_("Indikator"), choices=())
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, choices=())
    je_1000 = forms.BooleanField(label=_("je 1.000 Einwohner (bei Anzahlen)"), required=False)
    reihenfolge = forms.ChoiceField(
        label=_("Rangfolge"),
        required=False,
        choices=[("ab", _("höchster Wert zuerst")), ("auf", _("niedrigster Wert zuerst"))],
    )
    gemeinde = forms.TypedChoiceField(
        label=_("Gemeinde im Vergleich mit Kreis, Land und Größenklasse"),
        coerce=int,
        required=False,
        choices=(),
    )
    gemeinden = forms.TypedMultipleChoiceField(
        label=_("Gemeinden im Zeitverlauf"),
        coerce=int,
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, indicators, years, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].choices = [(i.key, i.name) for i in indicators]
        self.fields["jahr"].choices = [(y, y) for y in years]
        choices = [(a.pk, f"{a.name} ({a.key})") for a in sorted(areas, key=lambda a: a.name)]
        self.fields["gemeinde"].choices = [("", "–"), *choices]
        self.fields["gemeinden"].choices = choices
