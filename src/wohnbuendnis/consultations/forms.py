"""Forms of the consultation pages; checks shared with the services (deadline, files)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.models import ConceptEdition
from wohnbuendnis.consultations import services
from wohnbuendnis.consultations.models import ConsultationKind, Verdict
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.idempotency import SubmitOnceMixin

FILE_ACCEPT = {
    "accept": ".pdf,.docx,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
}


def _file_help() -> str:
    return _("PDF oder DOCX, %(limit)s.") % {"limit": uploads.limit_text(services.UPLOAD_KIND)}


def _clean_file(upload):
    if upload:
        services.check_document(upload)
    return upload


class ConsultationForm(SubmitOnceMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Art des Entwurfs"), choices=ConsultationKind.choices)
    edition = forms.ModelChoiceField(
        label=_("Fassung des Handlungskonzepts"), queryset=ConceptEdition.objects.none(),
        required=False,
    )  # fmt: skip
    description = forms.CharField(
        label=_("Worum es geht"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(
        label=_("Frist für Stellungnahmen (einschließlich)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Eingeladene Organisationen"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    document = forms.FileField(
        label=_("Entwurf als Datei"), required=False, widget=forms.FileInput(attrs=FILE_ACCEPT)
    )

    def __init__(self, *args, alliance: Alliance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = ConceptEdition.objects.filter(alliance=alliance)
        members = Organisation.objects.filter(
            alliance_memberships__in=alliance.member_organisations.active()
        ).distinct()
        self.fields["organisations"].queryset = members.order_by("name")
        self.fields["organisations"].initial = list(members.values_list("pk", flat=True))
        self.fields["document"].help_text = _file_help()

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        services.check_deadline(deadline)
        return deadline

    def clean_document(self):
        return _clean_file(self.cleaned_data.get("document"))


class SectionForm(forms.Form):
    number = forms.CharField(label=_("Nr."), max_length=20, required=False)
    title = forms.CharField(label=_("Abschnitt"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=3, max_num=200)


class StatementForm(SubmitOnceMixin, forms.Form):
    """The statement of one organisation: on the whole draft, one text per section, public or
    not, an attachment; ``based_on`` is the version the page showed."""

    organisation = forms.ModelChoiceField(
        label=_("Stellungnahme für"), queryset=Organisation.objects.none(), empty_label=None
    )
    general = forms.CharField(
        label=_("Stellungnahme zum Entwurf insgesamt"), required=False,
        max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    public = forms.BooleanField(
        label=_("Die Stellungnahme darf mit der Synopse veröffentlicht werden"), required=False,
        help_text=_(
            "Ohne Haken erscheint sie öffentlich nur als „nicht öffentliche Stellungnahme“."
        ),
    )  # fmt: skip
    attachment = forms.FileField(
        label=_("Anlage"), required=False, widget=forms.FileInput(attrs=FILE_ACCEPT)
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, organisations, sections, latest=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["organisation"].initial = organisations[0].pk if organisations else None
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["attachment"].help_text = _file_help()
        self.fields["based_on"].initial = latest.number if latest else 0
        comments = {c.section_id: c.text for c in latest.comments.all()} if latest else {}
        if latest is not None:
            self.fields["general"].initial = latest.general
            self.fields["public"].initial = latest.public
        self.sections = list(sections)
        for section in self.sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=_("Zu %(number)s %(title)s")
                % {"number": section.number, "title": section.title},
                required=False,
                max_length=services.MAX_TEXT,
                initial=comments.get(section.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def section_field(self, section):
        return self[f"section_{section.pk}"]

    def clean_attachment(self):
        return _clean_file(self.cleaned_data.get("attachment"))

    @property
    def comments(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"section_{s.pk}", "") for s in self.sections}


class ResponsesForm(forms.Form):
    """Koordination's responses to every entry of the synopsis in one form; beside each the
    hidden values the page showed (``shown_*``), so a save cannot silently replace another's."""

    def __init__(self, *args, entries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keys = []
        choices = [("", _("– noch offen –")), *Verdict.choices]
        for entry in entries:
            key = entry.key
            self.keys.append(key)
            who = entry.organisation
            self.fields[f"verdict_{key}"] = forms.ChoiceField(
                label=_("Ergebnis zu %(org)s") % {"org": who}, choices=choices, required=False,
                initial=entry.verdict,
            )  # fmt: skip
            self.fields[f"reason_{key}"] = forms.CharField(
                label=_("Begründung zu %(org)s") % {"org": who}, required=False,
                max_length=services.MAX_TEXT, initial=entry.reason, strip=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            for name, value in (("verdict", entry.verdict), ("reason", entry.reason)):
                self.fields[f"shown_{name}_{key}"] = forms.CharField(
                    required=False, strip=False, initial=value, widget=forms.HiddenInput
                )

    def fields_of(self, key: str):
        return self[f"verdict_{key}"], self[f"reason_{key}"]

    @property
    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {k: (data[f"verdict_{k}"], data[f"reason_{k}"]) for k in self.keys}

    @property
    def shown(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {k: (data[f"shown_verdict_{k}"], data[f"shown_reason_{k}"]) for k in self.keys}
