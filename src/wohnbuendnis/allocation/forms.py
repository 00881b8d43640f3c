"""Forms of the allocation pages; they validate input, the services change state."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.allocation.models import (
    CONSENT_WORDING,
    AllocationSettings,
    BenefitAgency,
    DeclineReason,
    Flat,
    Household,
    HouseholdStatus,
    check_flat,
    check_household,
    district_choices,
)
from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib.idempotency import SubmitOnceMixin

# German labels of the example priority list's criteria (other names are shown as they are).
CRITERION_LABELS = {
    "homeless": _("wohnungslos"),
    "threatened_with_eviction": _("von Wohnungsverlust bedroht"),
    "domestic_violence": _("häusliche Gewalt"),
    "leaving_institution": _("Entlassung aus Einrichtung"),
    "health_requires_move": _("Umzug aus gesundheitlichen Gründen nötig"),
    "overcrowded": _("überbelegte Wohnung"),
    "unaffordable": _("Miete nicht tragbar"),
    "pregnant": _("Schwangerschaft"),
    "single_parent": _("alleinerziehend"),
    "severely_disabled": _("schwerbehindert"),
    "aged_60_plus": _("60 Jahre und älter"),
}

NO_CONSENT = _(
    "Ohne die Einwilligung der Klientin / des Klienten kann der Haushalt nicht gemeldet werden."
)
CONSENT_AGAIN = _("Bitte bestätigen Sie die Einwilligung nach der Korrektur erneut.")

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def criterion_choices(names) -> list[tuple[str, str]]:
    return [(name, str(CRITERION_LABELS.get(name, name))) for name in names]


class HouseholdForm(SubmitOnceMixin, forms.ModelForm):
    criteria = forms.MultipleChoiceField(
        label=_("Kriterien der Prioritätenliste"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    evidence = forms.CharField(
        label=_("Vorgelegte Nachweise"), required=False, max_length=300,
        help_text=_("z. B. Bescheinigung der Wohnungsnotfallhilfe vom …"),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("Die Klientin / der Klient hat eingewilligt:"), required=False,
        widget=forms.CheckboxInput(check_test=lambda value: False),  # never shown ticked
        help_text=_("Nur ankreuzen, wenn die Klientin / der Klient dieser Einwilligung "
                    "zugestimmt hat. Das Häkchen ist nie vorausgefüllt, auch nicht, wenn das "
                    "Formular wegen eines Fehlers erneut angezeigt wird."),
    )  # fmt: skip

    class Meta:
        model = Household
        fields = [
            "name", "contact", "persons", "children", "income_eur", "entitlement_valid_until",
            "needs_step_free", "needs_wheelchair", "household_type", "nationality_group",
        ]  # fmt: skip
        widgets = {"entitlement_valid_until": DATE}

    def __init__(self, *args, criteria=(), consent_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = criterion_choices(criteria)
        self.consent_wording = str(CONSENT_WORDING)
        if not consent_required:  # the housing office registers on its legal duty, not consent
            del self.fields["consent"]

    def clean(self):
        data = super().clean()
        if not any(f in self.errors for f in ("persons", "children", "income_eur")):
            try:
                check_household(data)
            except forms.ValidationError as error:
                self.add_error(None, error)
        if "consent" in self.fields:
            if not data.get("consent"):
                self.add_error("consent", NO_CONSENT)
            elif self.errors:  # the tick is not kept: it must be set again on the corrected data
                self.add_error("consent", CONSENT_AGAIN)
        return data

    def consent_text(self) -> str:
        """The wording the client consented to, or "" (the housing office needs none)."""
        return self.consent_wording if self.cleaned_data.get("consent") else ""


class VerifyForm(forms.Form):
    confirmed = forms.MultipleChoiceField(
        label=_("Geprüfte Kriterien"), required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence = forms.CharField(label=_("Gesehene Nachweise"), max_length=300)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = criterion_choices(criteria)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Neuer Status"),
        choices=[c for c in HouseholdStatus.choices if c[0] != HouseholdStatus.RESERVED],
    )
    note = forms.CharField(label=_("Vermerk"), max_length=300, required=False)


class CostCoverageRequestForm(forms.Form):
    agency = forms.ChoiceField(label=_("Leistungsträger"), choices=BenefitAgency.choices)


class CostCoverageDecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Entscheidung"), coerce=lambda v: v == "ja",
        choices=[("ja", _("bewilligt")), ("nein", _("abgelehnt"))],
    )  # fmt: skip
    monthly_cap_eur = forms.DecimalField(
        label=_("Obergrenze (€/Monat)"), required=False, max_digits=10, decimal_places=2
    )
    valid_until = forms.DateField(label=_("gültig bis"), required=False, widget=DATE)


class VacancyForm(SubmitOnceMixin, forms.ModelForm):
    available_from = forms.DateField(label=_("frei ab"), widget=DATE)

    class Meta:
        model = Flat
        fields = [
            "street", "house_number", "postcode", "district", "label", "rooms", "area_m2",
            "rent_gross_eur", "step_free", "wheelchair", "funding_path", "bound_until", "floor",
        ]  # fmt: skip
        widgets = {"bound_until": DATE}
        labels = {"label": _("Lage im Haus (z. B. Geschoss)")}

    def __init__(self, *args, alliance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        district = self.fields["district"]
        district.queryset = district_choices(alliance) if alliance else Area.objects.none()
        district.empty_label = _("– Stadtteil wählen –")

    def clean(self):
        data = super().clean()
        if not any(f in self.errors for f in ("rooms", "area_m2", "rent_gross_eur")):
            try:
                check_flat(data, data.get("available_from"), self.alliance)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


class LandlordDecision(models.TextChoices):
    """The landlord's answer to one nominated household."""

    ACCEPT = "annehmen", _("annehmen")
    DECLINE = "ablehnen", _("ablehnen")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=LandlordDecision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Ablehnungsgrund"), required=False,
        choices=[("", _("– bei Ablehnung bitte wählen –")), *DeclineReason.choices],
    )  # fmt: skip
    note = forms.CharField(label=_("Vermerk"), max_length=300, required=False)


class SchemeForm(SubmitOnceMixin, forms.Form):
    decided_on = forms.DateField(label=_("beschlossen am"), widget=DATE)
    decided_by = forms.CharField(label=_("beschlossen von (Gremium)"), max_length=120)
    resolution = forms.CharField(
        label=_("Beschluss"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    toml = forms.CharField(
        label=_("Regeln (TOML)"),
        # the machine file keeps its keys: translate="no" tells browsers and checks so
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "translate": "no"}),
    )


class BatchNominationForm(forms.Form):
    vacancies = forms.ModelMultipleChoiceField(
        label=_("Wohnungen"), queryset=None, to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    mechanism = forms.ChoiceField(
        label=_("Verfahren"),
        choices=[
            ("shortlist", _("Kurzliste: je Wohnung die dringlichsten berechtigten Haushalte")),
            (
                "optimal",
                _(
                    "Optimale Zuordnung: je Wohnung ein Haushalt, möglichst viele der "
                    "dringlichsten versorgt"
                ),
            ),
        ],
        initial="shortlist",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies
        self.fields["vacancies"].label_from_instance = lambda v: (
            f"{v.flat.label} ({v.flat.landlord.short_name or v.flat.landlord.name}), "
            f"{v.flat.rooms} Zi., {v.flat.rent_gross_eur} €, {v.available_from:%d.%m.%Y}"
        )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AllocationSettings
        fields = ["audit_bodies", "decision_days", "cost_coverage_lead_days", "retention_months"]
        widgets = {"audit_bodies": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost_coverage_lead_days"].required = False  # empty: unchanged
        self.fields["audit_bodies"].queryset = self.instance.alliance.bodies.order_by(
            "position", "pk"
        )


class RegisterFilterForm(forms.Form):
    """Search and filters of the register page. The search text (a file number or a name) is
    personal data: it is sent by POST and kept in the session, never in the address; the other
    filters stay in the address, so a filtered page can be bookmarked."""

    PERSONS = [("", _("alle")), *((str(n), str(n)) for n in range(1, 6)),
               ("6", _("6 und mehr"))]  # fmt: skip

    suche = forms.CharField(
        label=_("Aktenzeichen oder Name"), max_length=200, required=False,
        help_text=_("ein Teil genügt"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("alle")), *HouseholdStatus.choices], required=False
    )
    personen = forms.ChoiceField(label=_("Personen im Haushalt"), choices=PERSONS, required=False)
    punkte_ab = forms.IntegerField(
        label=_("Dringlichkeitspunkte ab"), min_value=0, max_value=9999, required=False
    )

    def filters(self) -> dict:
        """The keyword filters of ``personal_data.households_for``."""
        data = self.cleaned_data
        return {
            "search": data.get("suche") or "",
            "persons": int(data["personen"]) if data.get("personen") else None,
            "min_points": data.get("punkte_ab"),
        }

    def address_query(self) -> str:
        """The filters that may stand in the address (everything but the search text)."""
        from urllib.parse import urlencode

        data = self.cleaned_data
        kept = {"status": data.get("status"), "personen": data.get("personen"),
                "punkte_ab": data.get("punkte_ab")}  # fmt: skip
        return urlencode({k: v for k, v in kept.items() if v not in (None, "")})
