"""Forms of alliance authoring. They only collect input; the services validate and write.

A ``ValidationError`` of a service is put back on the form (``add_service_error``), so the
page shows the typed input with the message beside the field concerned.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, BodyKind, Organisation, Person, Sector
from wohnbuendnis.lib.idempotency import SubmitOnceMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's error to the named field if the form has it, else to the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def alliance_people(alliance: Alliance, *also: Person):
    """People with a role in the alliance today (and ``also``), for choice lists."""
    active = alliance.memberships.active().values("person")
    chosen = Q(pk__in=active) | Q(pk__in=[p.pk for p in also])
    return Person.objects.filter(chosen).order_by("last_name", "first_name")


def member_organisations(alliance: Alliance, *also: Organisation):
    """The alliance's member organisations today (and ``also``), for choice lists."""
    active = alliance.member_organisations.active().values("organisation")
    chosen = Q(pk__in=active) | Q(pk__in=[o.pk for o in also])
    return Organisation.objects.filter(chosen).order_by("name")


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Kurzname"), max_length=60, required=False)
    sector = forms.ChoiceField(label=_("Bereich"), choices=Sector.choices, widget=forms.RadioSelect)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class AdmitOrganisationForm(OrganisationForm):
    """A new organisation (name, sector …) or one the platform knows already (e.g. from the
    regional alliance), chosen under "Vorhandene Organisation"."""

    existing = forms.ModelChoiceField(
        label=_("Vorhandene Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Statt der Angaben oben: eine Organisation, die schon in einem anderen Bündnis ist."
        ),
    )
    since = forms.DateField(label=_("Mitglied seit"), widget=DATE, initial=timezone.localdate)
    field_order = [*OrganisationForm.base_fields, "since", "existing"]

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        members = alliance.member_organisations.active().values("organisation")
        self.fields["existing"].queryset = Organisation.objects.exclude(pk__in=members)
        if self.data.get(self.add_prefix("existing")):  # then name and sector are not needed
            self.fields["name"].required = self.fields["sector"].required = False


class LeaveForm(forms.Form):
    until = forms.DateField(
        label=_("Letzter Tag der Mitgliedschaft"), widget=DATE, initial=timezone.localdate
    )


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    title = forms.CharField(label=_("Funktion"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Gehört zu den Organisationen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, alliance: Alliance, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        own = list(person.organisations.all()) if person else []
        self.fields["organisations"].queryset = member_organisations(alliance, *own)


class RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices, widget=forms.RadioSelect)
    on_behalf_of = forms.ModelChoiceField(
        label=_("für Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    since = forms.DateField(label=_("seit"), widget=DATE, initial=timezone.localdate)
    until = forms.DateField(label=_("bis"), widget=DATE, required=False)

    def limit_to(self, alliance: Alliance) -> None:
        self.fields["on_behalf_of"].queryset = member_organisations(alliance)


def only_organisation(organisations) -> Organisation | None:
    """The one organisation of a person, or None when they have none or several."""
    organisations = list(organisations or [])
    return organisations[0] if len(organisations) == 1 else None


class GrantRoleForm(RoleFields):
    """A further role of a person: "für Organisation" is preselected when the person belongs
    to exactly one member organisation."""

    def __init__(self, *args, alliance: Alliance, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to(alliance)
        if person is not None:
            members = self.fields["on_behalf_of"].queryset
            self.fields["on_behalf_of"].initial = only_organisation(
                person.organisations.filter(pk__in=members)
            )


class NewPersonForm(PersonForm, RoleFields):
    field_order = [*PersonForm.base_fields, *RoleFields.base_fields, "invite"]

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, alliance=alliance, **kwargs)
        self.limit_to(alliance)
        self.fields["on_behalf_of"].help_text = _(
            "Leer und genau eine Organisation angekreuzt: die Rolle gilt für diese Organisation."
        )

    invite = forms.BooleanField(
        label=_("Zugang einrichten und Einladung per E-Mail senden"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("invite") and not data.get("email"):
            self.add_error("email", _("Für eine Einladung braucht die Person eine E-Mail-Adresse."))
        if not data.get("on_behalf_of"):  # one organisation ticked: the role is held for it
            data["on_behalf_of"] = only_organisation(data.get("organisations"))
        return data


class InviteForm(SubmitOnceMixin, forms.Form):
    """No fields but the one-time token: a double click on "Person einladen" sends one mail."""


class RevokeRoleForm(forms.Form):
    until = forms.DateField(label=_("Letzter Tag"), widget=DATE, initial=timezone.localdate)


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=BodyKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(
        label=_("Kurzname"), max_length=30, required=False, help_text=_("z. B. AG 1")
    )
    mandate = forms.CharField(
        label=_("Auftrag"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    chairs = forms.ModelMultipleChoiceField(
        label=_("Leitung"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Mitglieder"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Leitung gehört immer zu den Mitgliedern."),
    )

    def __init__(self, *args, alliance: Alliance, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = [*body.members.all(), *body.chairs.all()] if body else []
        people = alliance_people(alliance, *current)
        self.fields["chairs"].queryset = self.fields["members"].queryset = people


class LicenceForm(forms.Form):
    """The licence of the alliance's open data."""

    licence = forms.ChoiceField(
        label=_("Datenlizenz der offenen Daten"),
        help_text=_(
            "Gilt für jede Datei der offenen Daten und steht im Datenkatalog (DCAT-AP.de); "
            "empfohlen für Verwaltungsdaten: Datenlizenz Deutschland – Namensnennung 2.0."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        from wohnbuendnis.alliance.models import DataLicence

        super().__init__(*args, **kwargs)
        self.fields["licence"].choices = DataLicence.choices


class LogoForm(forms.Form):
    """The alliance's logo (the service checks type and size)."""

    logo = forms.FileField(
        label=_("Logo (PNG, JPEG oder SVG)"),
        required=False,
        widget=forms.FileInput(
            attrs={"accept": ".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"}
        ),
    )
    remove = forms.BooleanField(label=_("Logo entfernen"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        from wohnbuendnis.lib import uploads

        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _(
            "Erscheint auf der Titelseite jedes Berichts (PDF, Word, HTML); %(limit)s."
        ) % {"limit": uploads.limit_text("alliance_logo")}

    def clean(self):
        data = super().clean()
        if not data.get("logo") and not data.get("remove"):
            raise ValidationError({"logo": _("Bitte wählen Sie eine Datei oder „Logo entfernen“.")})
        return data


# --- regional and state alliances (issue 15) ----------------------------------------------------


class MunicipalityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.key})"


def municipalities_of(alliance: Alliance):
    """The municipalities in the alliance's area, by name."""
    from wohnbuendnis.areas.models import Area, AreaLevel

    below = alliance.area.descendant_ids()
    return Area.objects.filter(pk__in=below, level=AreaLevel.MUNICIPALITY).order_by("name")


class AdmitMunicipalityForm(SubmitOnceMixin, forms.Form):
    """ "Gemeinde aufnehmen": one of the region's municipalities becomes a member."""

    area = MunicipalityChoice(
        label=_("Gemeinde"),
        queryset=Organisation.objects.none(),
        help_text=_("Die Gemeinden im Gebiet des Bündnisses, mit amtlichem Gemeindeschlüssel."),
    )
    name = forms.CharField(
        label=_("Name der Organisation"),
        max_length=200,
        required=False,
        help_text=_("Leer: „Gemeinde“ und der Name der Gemeinde."),
    )
    since = forms.DateField(label=_("Mitglied seit"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        # members stay in the list: a repeated submission is recognised, the service refuses
        # a second membership with a message
        self.fields["area"].queryset = municipalities_of(alliance)


class AllianceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.area.name})"


class AffiliationForm(SubmitOnceMixin, forms.Form):
    """A municipal or regional alliance of the area becomes a member."""

    member = AllianceChoice(label=_("Bündnis"), queryset=Alliance.objects.none())
    since = forms.DateField(label=_("Mitglied seit"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        below = alliance.area.descendant_ids()
        current = alliance.member_alliances.active().values("member")
        self.fields["member"].queryset = (
            Alliance.objects.filter(area__in=below)
            .exclude(pk__in=current)
            .select_related("area")
            .order_by("name")
        )


class EndAffiliationForm(forms.Form):
    until = forms.DateField(
        label=_("Letzter Tag der Mitgliedschaft"), widget=DATE, initial=timezone.localdate
    )


class ServiceDeskForm(forms.Form):
    contact = forms.CharField(
        label=_("Servicestelle oder Ansprechperson"),
        max_length=200,
        required=False,
        help_text=_("Öffentlich sichtbar, z. B. „Servicestelle Wohnen, Frau Muster“."),
    )
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
