"""The one-time token of create forms: the shared form's create variant carries it, and the
service never sees it in ``cleaned_data``."""

from __future__ import annotations

import uuid

from django import forms

from wohnbuendnis.lib.idempotency import TOKEN_FIELD, SubmitOnceMixin, with_token


class NameForm(forms.Form):
    name = forms.CharField()


def test_with_token_adds_the_token_and_keeps_it_out_of_cleaned_data():
    create = with_token(NameForm)
    assert issubclass(create, SubmitOnceMixin) and issubclass(create, NameForm)
    assert TOKEN_FIELD in create().fields and TOKEN_FIELD not in NameForm().fields
    token = uuid.uuid4()
    form = create({"name": "Plenum", TOKEN_FIELD: str(token)})
    assert form.is_valid()
    assert form.cleaned_data == {"name": "Plenum"} and form.submission_token == token


def test_a_form_sent_without_a_token_gets_a_fresh_one_and_an_error():
    form = with_token(NameForm)({"name": "Plenum"})
    assert not form.is_valid() and "abgelaufen" in str(form.non_field_errors())
    assert uuid.UUID(form.data[TOKEN_FIELD])
