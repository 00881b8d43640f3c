"""Forms of the households' wishes and of the nomination preview (request, swap)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.allocation.models import Mechanism, Vacancy
from wohnbuendnis.allocation.services.preferences import MAX_FLOOR, RENT_EUR, check_preference
from wohnbuendnis.allocation.services.previews import MAX_NOMINEES


class PreferenceForm(forms.Form):
    districts = forms.ModelMultipleChoiceField(
        label=_("gewünschte Stadtteile"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: jeder Stadtteil ist recht."),
    )  # fmt: skip
    max_floor = forms.IntegerField(
        label=_("höchstens im Geschoss"), required=False, min_value=0, max_value=MAX_FLOOR,
        help_text=_("0 = Erdgeschoss; leer: jedes Geschoss"),
    )  # fmt: skip
    ground_floor_only = forms.BooleanField(label=_("nur Erdgeschoss"), required=False)
    step_free = forms.BooleanField(label=_("stufenloser Zugang gewünscht"), required=False)
    max_rent_eur = forms.DecimalField(
        label=_("höchste Bruttowarmmiete (€/Monat)"), required=False, min_value=RENT_EUR[0],
        max_value=RENT_EUR[1], decimal_places=2, max_digits=10,
    )  # fmt: skip

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = districts

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                check_preference(data)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


class PreviewForm(forms.Form):
    """Which vacancies, which mechanism, how many nominees per flat."""

    vacancies = forms.ModelMultipleChoiceField(
        label=_("Wohnungen"), queryset=Vacancy.objects.none(), to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    mechanism = forms.ChoiceField(
        label=_("Verfahren"), choices=Mechanism.choices, initial=Mechanism.SHORTLIST,
        widget=forms.RadioSelect,
    )  # fmt: skip
    nominees = forms.IntegerField(
        label=_("Benannte je Wohnung"), min_value=1, max_value=MAX_NOMINEES, initial=3,
        help_text=_(
            "Für das Benennungsrecht mindestens 3; die Zuordnung nach Wünschen auch 1 "
            "(ein Haushalt je Wohnung)."
        ),
    )  # fmt: skip

    def __init__(self, *args, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies
        self.fields["vacancies"].label_from_instance = lambda v: (
            f"{v.flat.label} ({v.flat.landlord.short_name or v.flat.landlord.name}, "
            f"{v.available_from:%d.%m.%Y})"
        )


class SwapForm(forms.Form):
    household = forms.TypedChoiceField(label=_("stattdessen benennen"), coerce=int, choices=())
    reason = forms.CharField(
        label=_("Grund der Abweichung"), min_length=10, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Pflichtangabe; wird gespeichert und in der Statistik gezählt."),
    )  # fmt: skip

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = candidates
