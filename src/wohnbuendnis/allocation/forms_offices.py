"""Forms of the job centre's and the social welfare office's pages and of the access log."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.allocation.forms import DATE
from wohnbuendnis.allocation.models import CostCoverageCase


class OfficeDecisionForm(forms.Form):
    """The office's decision on one request: approved or refused, the day, the amount (monthly
    cap of the gross rent) and how long it holds, the reason."""

    approved = forms.TypedChoiceField(
        label=_("Entscheidung"), coerce=lambda v: v == "ja", widget=forms.RadioSelect,
        choices=[("ja", _("bewilligt")), ("nein", _("abgelehnt"))],
    )  # fmt: skip
    decided_on = forms.DateField(label=_("entschieden am"), widget=DATE)
    monthly_cap_eur = forms.DecimalField(
        label=_("bewilligte Obergrenze der Bruttowarmmiete (€/Monat)"), required=False,
        max_digits=10, decimal_places=2, min_value=1,
    )  # fmt: skip
    valid_until = forms.DateField(label=_("Bewilligung gültig bis"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Begründung"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3}),
        help_text=_("Bei einer Ablehnung erforderlich."),
    )  # fmt: skip

    def __init__(self, *args, case: CostCoverageCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["decided_on"].initial = timezone.localdate()
        if case.requested_rent_eur:
            self.fields["monthly_cap_eur"].initial = case.requested_rent_eur

    def clean(self):
        data = super().clean()
        day: datetime.date | None = data.get("decided_on")
        if day is not None and day > timezone.localdate():
            self.add_error("decided_on", _("Das Datum der Entscheidung liegt in der Zukunft."))
        elif day is not None and day < self.case.requested_on:
            self.add_error("decided_on", _("Das Datum liegt vor dem Antrag."))
        if data.get("approved") is True:
            if not data.get("monthly_cap_eur"):
                self.add_error("monthly_cap_eur", _("Eine Bewilligung braucht einen Betrag."))
            if not data.get("valid_until"):
                self.add_error("valid_until", _("Eine Bewilligung braucht ein Ablaufdatum."))
            elif day is not None and data["valid_until"] < day:
                self.add_error("valid_until", _("Das Ablaufdatum liegt vor der Entscheidung."))
        elif data.get("approved") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Bitte begründen Sie die Ablehnung."))
        return data


class AccessLogFilterForm(forms.Form):
    """Filters of the access log: file number, person (account), period, purpose."""

    akte = forms.CharField(label=_("Aktenzeichen"), required=False, max_length=40)
    person = forms.CharField(
        label=_("Person (Benutzername oder Name)"), required=False, max_length=150
    )
    von = forms.DateField(label=_("von"), required=False, widget=DATE)
    bis = forms.DateField(label=_("bis"), required=False, widget=DATE)
    zweck = forms.CharField(label=_("Zweck enthält"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("von") and data.get("bis") and data["von"] > data["bis"]:
            self.add_error("bis", _("„bis“ liegt vor „von“."))
        return data
