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
# the kinds about one year (the others ignore the field)
YEAR_KINDS = (
    ReportKind.MARKET,
    ReportKind.EVALUATION,
    ReportKind.PROGRESS,
    ReportKind.ALLOCATION,
)


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
        label=_("Fassung des Konzepts (nur Handlungskonzept)"),
        min_value=1,
        required=False,
        help_text=_(
            "Leer: die öffentliche Fassung zeigt die beschlossene Fassung, die interne den "
            "aktuellen Entwurf."
        ),
    )
    year = forms.IntegerField(
        label=_("Berichtsjahr"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_(
            "Leer: die Erfolgskontrolle zeigt die zuletzt festgeschriebene Evaluation, der "
            "Jahresbericht und die Vergabestatistik das Vorjahr, der Wohnungsmarktbericht das "
            "letzte Jahr mit Werten."
        ),
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
