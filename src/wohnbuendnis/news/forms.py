from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.lib.idempotency import SubmitOnceMixin
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.news.models import NewsItem, NewsStatus
from wohnbuendnis.news.services import CONSENT_TEXT


class DateInput(forms.DateInput):
    input_type = "date"


class NewsItemForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    teaser = forms.CharField(
        label=_("Anreißer"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ein bis zwei Sätze für die Übersicht, den Feed und den Newsletter."),
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))

    def clean_date(self):
        check_date_near_today(self.cleaned_data["date"], str(_("Das Datum der Neuigkeit")))
        return self.cleaned_data["date"]


class NewNewsItemForm(SubmitOnceMixin, NewsItemForm):
    publish = forms.BooleanField(
        label=_("sofort veröffentlichen"),
        required=False,
        help_text=_("Sonst bleibt die Neuigkeit ein Entwurf, den nur die Koordination sieht."),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    consent = forms.BooleanField(
        label=_(CONSENT_TEXT),
        required=True,
        error_messages={"required": _("Bitte willigen Sie ein, den Newsletter zu erhalten.")},
    )


class IssueForm(SubmitOnceMixin, forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    items = forms.ModelMultipleChoiceField(
        label=_("Neuigkeiten dieser Ausgabe"),
        queryset=NewsItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, alliance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = NewsItem.objects.filter(
            alliance=alliance, status=NewsStatus.PUBLISHED
        ).order_by("-date", "-id")
