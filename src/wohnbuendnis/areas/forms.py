from django import forms
from django.utils.translation import gettext_lazy as _


class SubareaUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei mit Stadtteilen und Quartieren"),
        help_text=_(
            "GeoJSON (FeatureCollection mit den Eigenschaften key, name, parent) oder CSV mit "
            "den Spalten key;name;parent (Trennzeichen ; oder , – UTF-8 oder Windows-1252). "
            "parent leer: ein Stadtteil; parent = Schlüssel eines Stadtteils: ein Quartier. "
            "Höchstens 20 MB."
        ),
    )


class SubareaCommitForm(forms.Form):
    sha = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, widget=forms.HiddenInput)
