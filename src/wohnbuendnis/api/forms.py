import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.forms import DATE
from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.api.models import Scope
from wohnbuendnis.lib.idempotency import SubmitOnceMixin


class TokenForm(SubmitOnceMixin, forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Organisation"))
    name = forms.CharField(
        label=_("Bezeichnung"), max_length=120,
        help_text=_("Wofür der Schlüssel ist, z. B. „Mieterverwaltung Leerstandsmeldung“."),
    )  # fmt: skip
    scopes = forms.MultipleChoiceField(
        label=_("Berechtigungen"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("gültig bis"), widget=DATE,
        help_text=_("Höchstens zwei Jahre; danach wird jeder Aufruf abgewiesen."),
    )  # fmt: skip

    def __init__(self, *args, alliance: Alliance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        active = alliance.member_organisations.active().values("organisation")
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=active)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=365)
