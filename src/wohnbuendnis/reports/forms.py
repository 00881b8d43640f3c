"""The request form of the reports page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.lib.idempotency import SubmitOnceMixin
from wohnbuendnis.meetings.models import Meeting
from wohnbuendnis.reports.builders import BUILDERS
from wohnbuendnis.reports.models import Audience, ReportFormat, ReportKind
from wohnbuendnis.reports.rules import may_request

MEETING_KINDS = (ReportKind.MINUTES, ReportKind.INVITATION)


class ReportForm(SubmitOnceMixin, forms.Form):
    # only the kinds that have a builder (the registry is the extension point)
    kind = forms.ChoiceField(
        label=_("Bericht"),
        choices=lambda: [(k, label) for k, label in ReportKind.choices if k in BUILDERS],
    )
    fmt = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    audience = forms.ChoiceField(
        label=_("Fassung"),
        choices=Audience.choices,
        help_text=_(
            "Die interne Fassung enthält nichtöffentliche Tagesordnungspunkte, nicht "
            "freigegebene Protokolle und Namen; sie kann nie veröffentlicht werden."
        ),
    )
    meeting = forms.ModelChoiceField(
        label=_("Sitzung (für Protokoll und Einladung)"),
        queryset=Meeting.objects.none(),
        required=False,
    )
    edition = forms.IntegerField(
        label=_("Fassung des Konzepts (leer: aktueller Stand)"), min_value=1, required=False
    )
    year = forms.IntegerField(
        label=_("Berichtsjahr (leer: letztes volles Jahr)"),
        min_value=2000,
        max_value=2100,
        required=False,
    )

    def __init__(self, alliance, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:  # only the kinds this user may request (reports/rules.py)
            self.fields["kind"].choices = [
                (k, label)
                for k, label in self.fields["kind"].choices
                if may_request(user, alliance, k)
            ]
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(body__alliance=alliance)
            .select_related("body")
            .order_by("-starts_at")
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") in MEETING_KINDS and not data.get("meeting"):
            raise ValidationError({"meeting": _("Bitte eine Sitzung wählen.")})
        return data
