import math

from django import forms
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Body, Organisation
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import (
    ActionField,
    BuildingProject,
    Commitment,
    Goal,
    GoalConflict,
    Guideline,
    Measure,
    MeasureStatus,
    ProjectStatus,
)
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.idempotency import SubmitOnceMixin
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.services.indicators import OWN_AGGREGATIONS, indicators_for


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(label=_("Fortschritt (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Bemerkung"), required=False, max_length=300)


class MeasurementForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("Jahr"), min_value=1990, max_value=2100)
    value = forms.FloatField(label=_("Istwert"))
    source = forms.CharField(label=_("Quelle"), required=False, max_length=200)


class CommitmentReportForm(forms.Form):
    year = forms.IntegerField(label=_("Jahr"), min_value=1990, max_value=2100)
    text = forms.CharField(label=_("Fortschrittsbericht"), widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(SubmitOnceMixin, forms.Form):
    title = forms.CharField(label=_("Bezeichnung"), max_length=200)
    year_from = forms.IntegerField(label=_("von (Jahr)"), min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label=_("bis (Jahr)"), min_value=1990, max_value=2100)


class AssessmentsForm(forms.Form):
    """The steering group's assessments of every goal of an evaluation in one form: a text
    field per goal (``text_<goal id>``) and, hidden, the text the page showed
    (``shown_<goal id>``), so a save cannot silently replace what somebody else wrote since."""

    MAX_LENGTH = 5000

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = {}
        for a in assessments:
            self.goals[a.goal_id] = a.goal
            self.fields[f"text_{a.goal_id}"] = forms.CharField(
                label=_("Bewertung %(code)s") % {"code": a.goal.code},
                required=False,
                max_length=self.MAX_LENGTH,
                strip=False,
                initial=a.text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"shown_{a.goal_id}"] = forms.CharField(
                required=False, strip=False, initial=a.text, widget=forms.HiddenInput
            )

    def field_of(self, goal_id: int):
        return self[f"text_{goal_id}"]

    @property
    def texts(self) -> dict[int, str]:
        return {g: self.cleaned_data[f"text_{g}"] for g in self.goals}

    @property
    def shown(self) -> dict[int, str]:
        return {g: self.cleaned_data[f"shown_{g}"] for g in self.goals}


class PublishPipelineForm(forms.Form):
    year = forms.IntegerField(label=_("Jahr"), min_value=1990, max_value=2100)


class ResolutionMeasureForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Maßnahme"), queryset=None)
    status = forms.ChoiceField(label=_("neuer Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=_("Fortschritt (%)"), min_value=0, max_value=100, required=False
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(alliance=alliance)


# --- writing the concept ------------------------------------------------------------------
# The forms below check input before a service sees it; they keep what was typed when the
# service refuses (the view adds the service's message to the form and renders it again).

YEAR = {"min_value": 1990, "max_value": 2100}
Checkboxes = forms.CheckboxSelectMultiple


class GuidelineForm(forms.ModelForm):
    class Meta:
        model = Guideline
        fields = ["name", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class ActionFieldForm(forms.ModelForm):
    class Meta:
        model = ActionField
        fields = ["kind", "name", "position"]
        widgets = {"kind": forms.RadioSelect}


def _area_choices(alliance: Alliance):
    return Area.objects.filter(pk__in=queries.area_ids(alliance)).order_by("name")


class GoalForm(forms.ModelForm):
    indicator = forms.ChoiceField(
        label=_("Indikator"),
        required=False,
        help_text=_("aus dem Katalog des Monitorings oder ein eigener Indikator des Bündnisses"),
    )

    class Meta:
        model = Goal
        fields = [
            "guideline", "code", "title", "nature", "indicator", "unit", "target", "target_high",
            "kind", "direction", "year_from", "year_to", "target_group", "area", "priority",
        ]  # fmt: skip
        labels = {
            "guideline": _("Leitlinie"),
            "area": _("Gebiet"),
            "year_from": _("Ausgangsjahr"),
            "year_to": _("Zieljahr (Horizont)"),
        }
        widgets = {"nature": forms.RadioSelect, "priority": forms.RadioSelect}

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guideline"].queryset = Guideline.objects.filter(alliance=alliance)
        self.fields["area"].queryset = _area_choices(alliance)
        self.fields["area"].empty_label = _("das ganze Gebiet des Bündnisses")
        own, catalogue = [], []
        for indicator in indicators_for(alliance).order_by("name"):
            (own if indicator.alliance_id else catalogue).append((indicator.key, indicator.name))
        self.fields["indicator"].choices = [
            ("", _("– kein Indikator (qualitatives Ziel) –")),
            (_("Katalog"), catalogue),
            *([(_("eigene Indikatoren"), own)] if own else []),
        ]
        for name in ("target", "target_high"):
            self.fields[name].widget = forms.NumberInput(attrs={"step": "any"})
        for name in ("year_from", "year_to"):
            self.fields[name].min_value, self.fields[name].max_value = 1990, 2100

    def clean(self):
        data = super().clean()
        for name in ("target", "target_high"):
            value = data.get(name)
            if value is not None and not math.isfinite(value):
                self.add_error(name, _("Bitte geben Sie eine endliche Zahl an."))
        return data


class ConflictForm(forms.ModelForm):
    class Meta:
        model = GoalConflict
        fields = ["title", "description", "goals", "agreed_handling"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "agreed_handling": forms.Textarea(attrs={"rows": 3}),
            "goals": Checkboxes,
        }
        labels = {"goals": _("betroffene Ziele")}

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.filter(alliance=alliance)


class PositionForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("für die Organisation"), queryset=None)
    position = forms.CharField(
        label=_("Position"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None


class MeasureForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "number", "title", "description", "guideline", "action_field", "lead", "body",
            "partners", "cost_eur", "funding", "start", "end", "priority", "areas", "pros",
            "cons", "goals",
        ]  # fmt: skip
        labels = {
            "lead": _("federführende Organisation"),
            "body": _("zuständiges Gremium"),
            "partners": _("Partner"),
            "goals": _("Beitrag zu den Zielen"),
            "action_field": _("Handlungsfeld"),
            "guideline": _("Leitlinie"),
        }
        help_texts = {
            "areas": _("Keine Auswahl: die Maßnahme gilt für das ganze Gebiet (stadtweit)."),
            "number": _("Jede Nummer gibt es im Bündnis nur einmal."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "pros": forms.Textarea(attrs={"rows": 2}),
            "cons": forms.Textarea(attrs={"rows": 2}),
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": Checkboxes,
            "goals": Checkboxes,
            "areas": Checkboxes,
            "priority": forms.RadioSelect,
        }

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        members = Organisation.objects.filter(
            pk__in=alliance.member_organisations.active().values("organisation")
        ).order_by("name")
        fields = self.fields
        fields["guideline"].queryset = Guideline.objects.filter(alliance=alliance)
        fields["action_field"].queryset = ActionField.objects.filter(alliance=alliance)
        fields["lead"].queryset = members
        fields["partners"].queryset = members
        fields["body"].queryset = Body.objects.filter(alliance=alliance)
        fields["goals"].queryset = Goal.objects.filter(alliance=alliance)
        fields["areas"].queryset = _area_choices(alliance).exclude(pk=alliance.area_id)
        fields["cost_eur"].min_value = 0
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def service_fields(self) -> dict:
        """The cleaned data as the services take them (lists for the many-to-many fields)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in ("partners", "goals", "areas"):
            data[name] = list(data[name])
        return data


class MilestoneForm(SubmitOnceMixin, forms.Form):
    title = forms.CharField(label=_("Meilenstein"), max_length=200)
    due = forms.DateField(
        label=_("geplant bis"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ReachMilestoneForm(forms.Form):
    on = forms.DateField(
        label=_("erreicht am"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["title", "text", "adopted_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"title": _("Titel")}


class SignForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("für die Organisation"), queryset=None)
    signed_by = forms.CharField(
        label=_("Name und Funktion der Unterzeichnenden"),
        max_length=200,
        required=False,
        help_text=_("Leer: Ihr Name wird eingetragen."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None


class ProjectForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BuildingProject
        fields = [
            "name", "area", "developer", "dwellings", "social_dwellings", "binding_years",
            "accessible_dwellings", "rooms_1", "rooms_2", "rooms_3", "rooms_4", "rent_segment",
            "quota_percent", "quota_note", "expected_completion",
        ]  # fmt: skip
        labels = {
            "area": _("Gebiet"),
            "developer": _("Bauherr (Mitgliedsorganisation)"),
            "expected_completion": _("Fertigstellung erwartet (Jahr)"),
        }
        help_texts = {
            "quota_percent": _(
                # xgettext:no-python-format (a literal per cent sign, never %-formatted)
                "z. B. 30 für eine Quote von 30 % geförderter Wohnungen; leer: keine Quote"
            ),
            "quota_note": _("nur nötig, wenn das Vorhaben seine Quote unterschreitet"),
        }
        widgets = {"quota_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _area_choices(alliance)
        self.fields["developer"].queryset = Organisation.objects.filter(
            pk__in=alliance.member_organisations.active().values("organisation")
        ).order_by("name")
        self.fields["binding_years"].required = False
        self.fields["expected_completion"].min_value = 1990
        self.fields["expected_completion"].max_value = 2100
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["quota_note"] = data.get("quota_note") or ""
        return data


class AdvanceProjectForm(forms.Form):
    status = forms.ChoiceField(label=_("neuer Stand"), choices=ProjectStatus.choices)
    on = forms.DateField(
        label=_("erreicht am"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class OwnIndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "key", "name", "topic", "definition", "unit", "source", "direction", "aggregation",
            "reading_aid",
        ]  # fmt: skip
        help_texts = {
            "key": _("kurz, aus Kleinbuchstaben, Ziffern und _, z. B. leerstand_bestand"),
            "source": _("leer: „festgelegt vom Bündnis“"),
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "reading_aid": forms.Textarea(attrs={"rows": 3}),
            "direction": forms.RadioSelect,
            "aggregation": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = False
        self.fields["aggregation"].choices = [
            (value, label)
            for value, label in self.fields["aggregation"].choices
            if value in OWN_AGGREGATIONS
        ]
        if self.instance.pk:
            del self.fields["key"]  # the key stays: goals refer to it

    def validate_unique(self):
        """The service says, in German, that a key is taken."""


class EditionForm(SubmitOnceMixin, forms.Form):
    """Start the next edition of the concept (Fortschreibung)."""

    title = forms.CharField(label=_("Titel der Fassung"), max_length=200)


class AdoptEditionForm(forms.Form):
    """The council's decision on the edition in the works; the service checks the values."""

    decided_on = forms.DateField(
        label=_("Ratsbeschluss vom"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    printed_matter = forms.CharField(label=_("Drucksache"), max_length=50)
    document = forms.FileField(
        label=_("Beschluss (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _("PDF, %(limit)s.") % {
            "limit": uploads.limit_text("concept_decision")
        }


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Arbeitsmappe (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.limit_text("concept_workbook")


class WorkbookConfirmForm(SubmitOnceMixin, forms.Form):
    """The "Übernehmen" button of the preview: one application per rendered preview."""
