"""The settings page of the allocation (coordination, housing office): audit bodies, decision
deadline, retention; every change goes into the settings' history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.tests.test_services import FLAT


def test_the_coordination_changes_deadline_retention_and_audit_bodies(
    client, city, koordination, vermieter, wohnungsamt
):
    url = reverse("allocation:settings", args=[city.slug])
    current = services.settings_of(city)
    bodies = list(city.bodies.order_by("position", "pk")[:2])
    client.force_login(koordination)
    assert "Entscheidungsfrist" in client.get(url).content.decode()
    data = {"audit_bodies": [b.pk for b in bodies], "decision_days": 14, "retention_months": 36}
    assert client.post(url, data).status_code == 302
    current.refresh_from_db()
    assert (current.decision_days, current.retention_months) == (14, 36)
    assert set(current.audit_bodies.all()) == set(bodies)
    change = current.history.get()
    assert change.by == koordination and "10 → 14" in change.summary
    assert "24 → 36" in change.summary
    assert change.summary in client.get(url).content.decode()

    landlord = Organisation.objects.get(short_name="GWM")
    vacancy = services.report_vacancy(city, vermieter, landlord, FLAT, timezone.localdate())
    named = services.nominate_candidates(vacancy, wohnungsamt)
    assert named[0].deadline == timezone.localdate() + datetime.timedelta(days=14)


def test_settings_history_and_household_notes_are_german_from_an_english_page(
    city, vermieter, wohnungsamt
):
    """The history is read later by the audit bodies on German pages: written in the site's
    language, not in the language of the page that changed the settings or named households."""
    bodies = list(services.settings_of(city).audit_bodies.all())
    landlord = Organisation.objects.get(short_name="GWM")
    with translation.override("en"):
        services.update_allocation_settings(
            city, wohnungsamt, audit_bodies=bodies, decision_days=14, retention_months=24
        )
        vacancy = services.report_vacancy(city, vermieter, landlord, FLAT, timezone.localdate())
        named = services.nominate_candidates(vacancy, wohnungsamt)
    assert services.settings_of(city).history.get().summary == "Entscheidungsfrist 10 → 14 Tage"
    assert named[0].household.history.last().note == "benannt"


def test_out_of_range_values_and_no_change_are_refused(client, city, wohnungsamt):
    current = services.settings_of(city)
    bodies = list(current.audit_bodies.all())
    with pytest.raises(ValidationError):
        services.update_allocation_settings(
            city, wohnungsamt, audit_bodies=bodies, decision_days=1, retention_months=24
        )
    with pytest.raises(ValidationError):
        services.update_allocation_settings(
            city, wohnungsamt, audit_bodies=bodies, decision_days=10, retention_months=500
        )
    with pytest.raises(ValidationError):
        services.update_allocation_settings(
            city, wohnungsamt, audit_bodies=bodies, decision_days=10, retention_months=24
        )
    client.force_login(wohnungsamt)
    url = reverse("allocation:settings", args=[city.slug])
    data = {"audit_bodies": [b.pk for b in bodies], "decision_days": 0, "retention_months": 24}
    response = client.post(url, data)
    assert response.status_code == 200 and "zwischen 3 und 60 Tagen" in response.content.decode()
    current.refresh_from_db()
    assert current.decision_days == 10 and not current.history.exists()
