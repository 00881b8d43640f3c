"""Every form field is drawn the KERN way by includes/field.html: selects inside KERN's
wrapper (which draws the box and arrow), lists of radio buttons or checkboxes as a fieldset
with a legend and one labelled input per choice."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    kind = forms.ChoiceField(label="Art", choices=[("a", "A"), ("b", "B")])
    many = forms.MultipleChoiceField(
        label="Mehrere", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(
        label="Eine", choices=[("p", "P"), ("q", "Q")], widget=forms.RadioSelect, help_text="Hilfe"
    )


def _html() -> str:
    return render_to_string("includes/form.html", {"form": Sample(initial={"one": "p"})})


def test_a_select_sits_in_the_kern_wrapper():
    html = _html()
    assert re.search(
        r'<div class="kern-form-input__select-wrapper"><select name="kind" '
        r'class="kern-form-input__select"',
        html,
    )


def test_checkbox_and_radio_lists_are_fieldsets_with_a_labelled_input_per_choice():
    html = _html()
    assert html.count("<fieldset") == 2
    assert '<legend class="kern-label">Mehrere' in html
    assert '<legend class="kern-label">Eine' in html
    assert html.count('type="checkbox"') == 2 and html.count('type="radio"') == 2
    assert 'class="kern-form-check__checkbox" type="checkbox" name="many" value="x"' in html
    assert 'type="radio" name="one" value="p" id="id_one_0" checked' in html
    assert '<label class="kern-label" for="id_one_1">Q</label>' in html
    assert 'aria-describedby="id_one_helptext"' in html and ">Hilfe</div>" in html
