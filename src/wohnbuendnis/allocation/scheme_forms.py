"""The priority list as forms: general rules, criteria and points, income limits with the
factors of the funding paths, size and occupancy rules. The TOML (the exchange format) is
generated from them (``scheme_from_forms`` → ``format_scheme``) and read back into them
(``initial_of``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.allocation.engine import (
    IncomeLimits,
    OccupancyRules,
    Scheme,
    SizeRules,
    scheme_file,
)
from wohnbuendnis.allocation.forms import CRITERION_LABELS, DATE

TIE_BREAK_LABELS = {
    "points_desc": _("mehr Punkte zuerst"),
    "points_asc": _("weniger Punkte zuerst"),
    "registered_on_asc": _("länger registriert zuerst"),
    "registered_on_desc": _("kürzer registriert zuerst"),
    "lottery_asc": _("Losnummer aufsteigend"),
    "lottery_desc": _("Losnummer absteigend"),
}
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}
KEY = RegexValidator(
    r"^[A-Za-z_][A-Za-z0-9_]*$",
    _("Nur Buchstaben ohne Umlaute, Ziffern und Unterstrich, nicht mit einer Ziffer vorn."),
)
PATH = RegexValidator(r"^[A-Za-z0-9_-]+$", _("Nur Buchstaben, Ziffern, - und _."))


def _tie_choices(blank: bool) -> list[tuple[str, Any]]:
    rows = [(k, v) for k, v in TIE_BREAK_LABELS.items()]
    return [("", _("–")), *rows] if blank else rows


class RulesForm(forms.Form):
    nominees_per_flat = forms.IntegerField(
        label=_("Benannte je Wohnung"), min_value=3, max_value=scheme_file.MAX_NOMINEES,
        help_text=_("mindestens 3 (Benennungsrecht, § 5a WoBindG)"),
    )  # fmt: skip
    reference_date = forms.DateField(
        label=_("Stichtag der Wohnberechtigung"), widget=DATE,
        help_text=_("der Wohnberechtigungsschein muss an diesem Tag gültig sein"),
    )  # fmt: skip
    max_points = forms.IntegerField(
        label=_("Höchstpunktzahl"), min_value=0, max_value=scheme_file.MAX_POINTS
    )
    tie_1 = forms.ChoiceField(label=_("Reihenfolge: zuerst"), choices=_tie_choices(False))
    tie_2 = forms.ChoiceField(label=_("dann"), choices=_tie_choices(True), required=False)
    tie_3 = forms.ChoiceField(label=_("dann"), choices=_tie_choices(True), required=False)
    base_1 = forms.DecimalField(label=_("Grundbetrag 1 Person (€/Jahr)"), **MONEY)
    base_2 = forms.DecimalField(label=_("Grundbetrag 2 Personen (€/Jahr)"), **MONEY)
    per_further_person = forms.DecimalField(label=_("je weitere Person (€/Jahr)"), **MONEY)
    per_child = forms.DecimalField(label=_("je Kind (€/Jahr)"), **MONEY)
    per_further_person_m2 = forms.DecimalField(
        label=_("Wohnfläche je weitere Person (m²)"), max_digits=8, decimal_places=2,
        min_value=Decimal(0),
    )  # fmt: skip
    rooms_at_least_persons_minus = forms.IntegerField(
        label=_("Zimmer mindestens: Personen minus"), required=False, min_value=0,
        max_value=scheme_file.MAX_ROOMS_BELOW, help_text=_("leer: nicht geprüft"),
    )  # fmt: skip
    min_m2_per_person = forms.DecimalField(
        label=_("Wohnfläche mindestens je Person (m²)"), required=False, max_digits=6,
        decimal_places=2, min_value=Decimal("0.01"), max_value=scheme_file.MAX_M2_PER_PERSON,
        help_text=_("leer: nicht geprüft"),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        ties = [data.get(k) for k in ("tie_1", "tie_2", "tie_3") if data.get(k)]
        if len(set(ties)) != len(ties):
            raise forms.ValidationError(_("Jede Reihenfolge-Regel nur einmal."))
        data["tie_break"] = tuple(ties)
        return data


class CriterionForm(forms.Form):
    key = forms.CharField(
        label=_("Kennung"), max_length=60, validators=[KEY],
        widget=forms.TextInput(attrs={"translate": "no", "spellcheck": "false"}),
    )  # fmt: skip
    points = forms.IntegerField(label=_("Punkte"), min_value=0, max_value=scheme_file.MAX_POINTS)

    def label(self) -> str:
        key = self.initial.get("key") or (
            self.data.get(self.add_prefix("key")) if self.data else ""
        )
        return str(CRITERION_LABELS.get(key, "")) if key else ""


class PathForm(forms.Form):
    path = forms.CharField(
        label=_("Förderweg"), max_length=10, validators=[PATH],
        widget=forms.TextInput(attrs={"translate": "no"}),
    )  # fmt: skip
    factor = forms.DecimalField(
        label=_("Faktor der Einkommensgrenze"), max_digits=6, decimal_places=3,
        min_value=Decimal("0.001"),
    )  # fmt: skip


class SizeForm(forms.Form):
    persons = forms.IntegerField(label=_("Personen"), min_value=1, max_value=20)
    max_m2 = forms.DecimalField(
        label=_("größte Wohnfläche (m²)"), max_digits=8, decimal_places=2,
        min_value=Decimal("0.01"),
    )  # fmt: skip


def _filled(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class _Unique(forms.BaseFormSet):
    unique_field = ""
    message = ""

    def clean(self):
        if any(self.errors):
            return
        rows = _filled(self)
        keys = [row[self.unique_field] for row in rows]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(self.message)
        if not rows:
            raise forms.ValidationError(_("Bitte mindestens eine Zeile ausfüllen."))


class _Criteria(_Unique):
    unique_field, message = "key", _("Jede Kennung nur einmal.")


class _Paths(_Unique):
    unique_field, message = "path", _("Jeder Förderweg nur einmal.")


class _Sizes(_Unique):
    unique_field, message = "persons", _("Jede Haushaltsgröße nur einmal.")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        sizes = sorted(row["persons"] for row in _filled(self))
        if sizes != list(range(1, len(sizes) + 1)):
            raise forms.ValidationError(
                _("Die Haushaltsgrößen beginnen bei 1 und lassen keine Lücke (1, 2, 3, …).")
            )


CriterionFormSet = forms.formset_factory(CriterionForm, _Criteria, extra=2, can_delete=True)
PathFormSet = forms.formset_factory(PathForm, _Paths, extra=1, can_delete=True)
SizeFormSet = forms.formset_factory(SizeForm, _Sizes, extra=1, can_delete=True)
PREFIXES = {"rules": "regeln", "criteria": "kriterien", "paths": "foerderwege", "sizes": "groessen"}


def initial_of(scheme: Scheme) -> dict[str, Any]:
    """The forms' initial values of a scheme: ``{"rules": {...}, "criteria": [...], ...}``."""
    ties = [*scheme.tie_break, "", ""][:3]
    limits, occupancy = scheme.income_limits, scheme.occupancy_rules
    return {
        "rules": {
            "nominees_per_flat": scheme.nominees_per_flat,
            "reference_date": scheme.reference_date, "max_points": scheme.max_points,
            "tie_1": ties[0], "tie_2": ties[1], "tie_3": ties[2],
            "base_1": limits.base_1, "base_2": limits.base_2,
            "per_further_person": limits.per_further_person, "per_child": limits.per_child,
            "per_further_person_m2": scheme.size_rules.per_further_person_m2,
            "rooms_at_least_persons_minus":
                occupancy.rooms_at_least_persons_minus if occupancy else None,
            "min_m2_per_person": occupancy.min_m2_per_person if occupancy else None,
        },
        "criteria": [{"key": k, "points": v} for k, v in scheme.criteria.items()],
        "paths": [{"path": k, "factor": v} for k, v in scheme.income_limits.paths.items()],
        "sizes": [
            {"persons": k, "max_m2": v} for k, v in sorted(scheme.size_rules.max_m2.items())
        ],
    }  # fmt: skip


def bound_forms(data=None, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    initial = initial or {"rules": {}, "criteria": [], "paths": [], "sizes": []}
    return {
        "rules": RulesForm(data, initial=initial["rules"], prefix=PREFIXES["rules"]),
        "criteria": CriterionFormSet(
            data, initial=initial["criteria"], prefix=PREFIXES["criteria"]
        ),
        "paths": PathFormSet(data, initial=initial["paths"], prefix=PREFIXES["paths"]),
        "sizes": SizeFormSet(data, initial=initial["sizes"], prefix=PREFIXES["sizes"]),
    }


def scheme_from_forms(forms_: dict[str, Any]) -> Scheme:
    """The scheme of valid forms (``bound_forms``); ``ValueError`` where the engine refuses."""
    rules = forms_["rules"].cleaned_data
    rooms, area = rules.get("rooms_at_least_persons_minus"), rules.get("min_m2_per_person")
    occupancy = (
        OccupancyRules(rooms_at_least_persons_minus=rooms, min_m2_per_person=area)
        if rooms is not None or area is not None
        else None
    )
    return Scheme(
        nominees_per_flat=rules["nominees_per_flat"],
        reference_date=rules["reference_date"],
        max_points=rules["max_points"],
        criteria={row["key"]: row["points"] for row in _filled(forms_["criteria"])},
        income_limits=IncomeLimits(
            base_1=rules["base_1"],
            base_2=rules["base_2"],
            per_further_person=rules["per_further_person"],
            per_child=rules["per_child"],
            paths={row["path"]: row["factor"] for row in _filled(forms_["paths"])},
        ),
        size_rules=SizeRules(
            max_m2={row["persons"]: row["max_m2"] for row in _filled(forms_["sizes"])},
            per_further_person_m2=rules["per_further_person_m2"],
        ),
        tie_break=rules["tie_break"],
        occupancy_rules=occupancy,
    )
