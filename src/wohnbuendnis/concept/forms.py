from django import forms
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.concept.models import Measure, MeasureStatus
from wohnbuendnis.lib.idempotency import SubmitOnceMixin


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
