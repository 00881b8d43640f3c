"""A resolution moves a measure forward through the concept's service (demo data set)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.concept.models import Measure, MeasureStatus
from wohnbuendnis.meetings.models import Resolution

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def test_a_resolution_updates_a_measure_with_a_history_row(client, koordination, mitglied):
    resolution = Resolution.objects.get(number="P-1")
    measure = Measure.objects.filter(status=MeasureStatus.PLANNED).first()
    url = reverse("concept:resolution_measure", args=[resolution.pk])
    form = {"measure": measure.pk, "status": MeasureStatus.IN_PROGRESS, "progress": "10"}
    client.force_login(mitglied)
    assert client.post(url, form).status_code == 403
    client.force_login(koordination)
    assert "Maßnahme fortschreiben" in client.get(url).text
    response = client.post(url, form)
    assert response.url == reverse("meetings:meeting", args=[resolution.meeting_id])
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.IN_PROGRESS, 10)
    assert measure.history.last().note.startswith("Beschluss P-1 (Plenum, ")
    # An impossible change comes back as a form error, nothing changes.
    response = client.post(url, {**form, "status": MeasureStatus.PLANNED})
    assert response.status_code == 200 and "kein zulässiger Wechsel" in response.text
