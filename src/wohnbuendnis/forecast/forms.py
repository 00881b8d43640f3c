from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.forecast.models import (
    AssumptionSet,
    BaseSource,
    CompletionsSource,
    Component,
    InputData,
    ProjectionComparison,
)
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.idempotency import SubmitOnceMixin


class AssumptionSetForm(SubmitOnceMixin, forms.Form):
    name = forms.SlugField(label=_("Kurzname"), max_length=40, help_text=_("z. B. mittel"))
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea, required=False)


class AssumptionForm(forms.Form):
    component = forms.ChoiceField(label=_("Komponente"), choices=Component.choices)
    path = forms.CharField(
        label=_("Faktoren je Jahr"),
        help_text=_("Jahr = Faktor, getrennt durch Semikolon, z. B. 2025 = 1,0; 2045 = 0,9"),
    )
    source = forms.CharField(label=_("Quelle"), max_length=300)
    justification = forms.CharField(label=_("Begründung"), widget=forms.Textarea)


class CommentForm(SubmitOnceMixin, forms.Form):
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    name = forms.CharField(label=_("Bezeichnung"), max_length=200)
    archive = forms.FileField(
        label=_("Eingangsordner als ZIP"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # the file names the archive must contain stay as they are (code, not translated)
        self.fields["archive"].help_text = format_html(
            "{} <code>scenario.toml</code>, <code>population.csv</code>, "
            "<code>mortality.csv</code> … {}; {}",
            _("Die Dateien"),
            _("wie in der Dokumentation"),
            uploads.limit_text("forecast_inputs"),
        )


class RunForm(SubmitOnceMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    inputs = forms.ModelChoiceField(label=_("Eingangsdaten"), queryset=InputData.objects.none())
    assumption_sets = forms.ModelMultipleChoiceField(
        label=_("Annahmen-Sets (Szenarien)"),
        queryset=AssumptionSet.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    horizon = forms.IntegerField(label=_("Prognosehorizont (Jahr)"), required=False)
    draws = forms.IntegerField(
        label=_("Zufallsziehungen für die Bandbreite"), min_value=0, max_value=1000, initial=100
    )
    seed = forms.IntegerField(label=_("Startwert des Zufallsgenerators"), min_value=0, initial=0)
    completions_source = forms.ChoiceField(
        label=_("Geplante Fertigstellungen"),
        choices=CompletionsSource.choices,
        initial=CompletionsSource.INPUTS,
        widget=forms.RadioSelect,
        help_text=_(
            "Die Bauvorhaben zählen, wenn das Bündnis sie auf der Seite „Bauvorhaben“ an das "
            "Monitoring übergeben hat; ihre Gebiete müssen die Gebiete der Eingangsdaten sein."
        ),
    )

    base_source = forms.ChoiceField(
        label=_("Ausgangswerte des Basisjahres"),
        choices=BaseSource.choices,
        initial=BaseSource.MONITORING,
        required=False,  # a post without the choice (an older client) keeps the inputs as they are
        widget=forms.RadioSelect,
        help_text=_(
            "Aus dem Monitoring: die Prognose beginnt mit dessen Einwohnern, Haushalten und "
            "Wohnungen je Gebiet im Basisjahr; Alter und Geschlecht verteilen sich wie in den "
            "Eingangsdaten."
        ),
    )

    housing_led = forms.BooleanField(
        label=_("Wohnungsbasierte Variante (housing-led)"),
        required=False,
        help_text=_(
            "Statt der Wanderungsannahmen bestimmen die geplanten Wohnungen die Bevölkerung: "
            "die Zuzüge jedes Gebiets werden Jahr für Jahr so bemessen, dass die Haushalte den "
            "Bestand mit den geplanten Fertigstellungen bewohnen. Braucht Haushalte "
            "(households.csv) und Wohnungsbestand (dwellings.csv) in den Eingangsdaten."
        ),
    )

    def clean_base_source(self) -> str:
        return self.cleaned_data.get("base_source") or BaseSource.INPUTS

    def __init__(self, alliance, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inputs"].queryset = alliance.forecast_inputs.all()
        self.fields["assumption_sets"].queryset = alliance.assumption_sets.all()


class OfficialProjectionForm(forms.Form):
    """Step 1 of the import: the file and how it is to be read; step 2 is the preview."""

    title = forms.CharField(
        label=_("Bezeichnung"),
        max_length=200,
        help_text=_("z. B. 15. koordinierte Bevölkerungsvorausberechnung, Variante 1"),
    )
    source = forms.CharField(
        label=_("Quelle"),
        max_length=300,
        help_text=_("z. B. Statistisches Bundesamt, GENESIS 12421-0002, Stand 19.07.2023"),
    )
    comparison = forms.ChoiceField(
        label=_("Vergleich"),
        choices=ProjectionComparison.choices,
        initial=ProjectionComparison.ABSOLUTE,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "GENESIS-Tabelle 12421 (Destatis, eine Variante) oder eine Tabelle mit den Spalten "
            "Jahr und Bevölkerung (optional Altersgruppe, Gebiet), wie Landesämter sie "
            "veröffentlichen"
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = f"{field.help_text}; {uploads.limit_text('official_projection')}"


class OfficialProjectionConfirmForm(SubmitOnceMixin, forms.Form):
    """Step 2: import the previewed file (its SHA-256) with the fields of step 1."""

    sha = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    title = forms.CharField(max_length=200, widget=forms.HiddenInput)
    source = forms.CharField(max_length=300, widget=forms.HiddenInput)
    comparison = forms.ChoiceField(choices=ProjectionComparison.choices, widget=forms.HiddenInput)


class RegionRunForm(SubmitOnceMixin, forms.Form):
    """Start a region-wide forecast: all municipalities of the alliance's area."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    horizon = forms.IntegerField(
        label=_("Prognosehorizont (Jahr)"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Leer lassen: 30 Jahre nach dem Basisjahr."),
    )
