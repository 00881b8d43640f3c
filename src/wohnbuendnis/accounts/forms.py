from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The login form with autocomplete hints (WCAG 1.3.5) and a plain-language error."""

    error_messages = {
        "invalid_login": _(
            "Benutzername oder Passwort stimmen nicht. Nach mehreren Fehlversuchen wird die "
            "Anmeldung für einige Minuten gesperrt."
        ),
        "inactive": _("Dieses Konto ist deaktiviert."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class SecondFactorCodeForm(forms.Form):
    """One code field: numeric keyboard on phones, one-time-code autofill (WCAG 1.3.5)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "Der 6-stellige Code aus Ihrer Authenticator-App – oder einer Ihrer "
            "Wiederherstellungscodes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SetupCodeForm(SecondFactorCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "Der 6-stellige Code, den die App nach dem Einrichten anzeigt."
        )
