"""Two people of the same organisation submitting at once give one consistent statement: one
version, the other refused with a message (its text stays in the form); fifty identical
submissions of one form give one version. Needs the row locks of PostgreSQL."""

from __future__ import annotations

import uuid
from functools import partial

import pytest
from django.db import connection
from django.urls import reverse

from wohnbuendnis.consultations import services
from wohnbuendnis.consultations.models import Statement, StatementVersion
from wohnbuendnis.consultations.tests.factories import make_setting
from wohnbuendnis.lib.race_testing import at_once, post_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")


def test_two_people_of_one_organisation_at_once_give_one_statement():
    setting = make_setting()
    organisation = setting.organisations[0]
    calls = [
        partial(
            services.submit_statement,
            setting.consultation,
            person,
            organisation,
            general=f"Stellungnahme {i}",
        )
        for i, person in enumerate((setting.people[0], setting.people[2]))
    ]
    assert sorted(at_once(*calls)) == ["ok", "refused"]
    assert Statement.objects.count() == 1
    assert list(StatementVersion.objects.values_list("number", flat=True)) == [1]


def test_fifty_identical_posts_of_the_statement_form_give_one_version():
    setting = make_setting()
    url = reverse("consultations:statement", args=[setting.consultation.pk])
    form = {
        "organisation": setting.organisations[0].pk,
        "general": "Einmal",
        "based_on": 0,
        "submission_token": str(uuid.uuid4()),
    }
    assert post_at_once(setting.people[0], url, form, times=20) == [302] * 20
    assert StatementVersion.objects.count() == 1
