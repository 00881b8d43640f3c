"""Forecast create forms sent twice create one row: an assumption set, a comment."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from wohnbuendnis.forecast.models import AssumptionComment, AssumptionSet


@pytest.mark.demo_parts("forecast")
def test_an_assumption_set_and_a_comment_sent_twice_are_stored_once(client, demo_alliance, fachamt):
    client.force_login(fachamt)
    url = reverse("forecast:set_new", args=[demo_alliance.slug])
    page = client.get(url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(name="doppelt", title="Doppelt gesendet", submission_token=str(uuid.uuid4()))
    first, second = client.post(url, data), client.post(url, data)
    created = AssumptionSet.objects.get(alliance=demo_alliance, name="doppelt")
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("forecast:set", args=[demo_alliance.slug, created.pk])

    detail = reverse("forecast:set", args=[demo_alliance.slug, created.pk])
    comment = {"text": "Einmal bitte.", "submission_token": str(uuid.uuid4())}
    client.post(detail, comment), client.post(detail, comment)
    assert AssumptionComment.objects.filter(assumption_set=created).count() == 1
