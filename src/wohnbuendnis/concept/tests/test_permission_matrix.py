"""Which persona may open which page of the action concept and change what (demo data set)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.concept.models import (
    CommitmentSignature,
    Goal,
    GoalMeasurement,
    Measure,
    MeasureStatus,
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]

KO, FA, WA, VE, SO, PO, MI, PUB = (
    "koordination",
    "fachamt",
    "wohnungsamt",
    "vermieter",
    "sozialtraeger",
    "politik",
    "mitglied",
    "oeffentlichkeit",
)
ALL = [KO, FA, WA, VE, SO, PO, MI, PUB]
MEMBERS = set(ALL[:-1])


def _login(client, name: str) -> None:
    client.logout()
    if name != PUB:
        client.force_login(User.objects.get(username=name))


def _expected(name: str, allowed: set[str]) -> int:
    return 200 if name in allowed else (302 if name == PUB else 403)


def test_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance):
    slug = demo_alliance.slug
    measure = Measure.objects.filter(alliance=demo_alliance).first()
    pages = {
        "overview": (reverse("concept:overview", args=[slug]), MEMBERS),
        "goals": (reverse("concept:goals", args=[slug]), MEMBERS),
        "commitments": (reverse("concept:commitments", args=[slug]), MEMBERS),
        "measure": (reverse("concept:measure", args=[measure.pk]), MEMBERS),
        "projects": (reverse("concept:projects", args=[slug]), set(ALL)),
        "public": (reverse("concept:public", args=[slug]), set(ALL)),
    }
    for name in ALL:
        _login(client, name)
        for page, (url, allowed) in pages.items():
            assert client.get(url).status_code == _expected(name, allowed), (name, page)
    # The public page shows progress and goal results, but no conflict positions.
    client.logout()
    html = client.get(reverse("concept:public", args=[slug])).text
    assert "Aktive Liegenschaftspolitik" in html and "Zusammenarbeit von Stadt und Region" in html
    assert "Ziel erreicht" in html or "Zielüberschreitung" in html or "Zielunterschreitung" in html
    assert "nicht verhandelbar" not in html
    projects = client.get(reverse("concept:projects", args=[slug])).text
    assert "Quartier Alte Gießerei" in projects and "230" in projects


def test_only_coordination_and_fachamt_edit_and_signatories_report(client, demo_alliance):
    slug = demo_alliance.slug
    measure = Measure.objects.filter(alliance=demo_alliance, status=MeasureStatus.PLANNED).first()
    goal = Goal.objects.filter(alliance=demo_alliance, code="Q1").get()
    signature = CommitmentSignature.objects.get(organisation__short_name="GWM")
    status_url = reverse("concept:measure_status", args=[measure.pk])
    measure_url = reverse("concept:record_measurement", args=[slug])
    report_url = reverse("concept:report", args=[signature.pk])
    for name in [WA, VE, SO, PO, MI]:
        _login(client, name)
        assert client.post(status_url, {"status": "in_umsetzung", "progress": 5}).status_code == 403
        assert (
            client.post(measure_url, {"goal": goal.pk, "year": 2030, "value": 1}).status_code == 403
        )
    for name in [FA, WA, SO, PO, MI]:
        _login(client, name)
        assert client.post(report_url, {"year": 2030, "text": "x"}).status_code == 403, name
    _login(client, PUB)
    assert client.post(status_url, {"status": "in_umsetzung", "progress": 5}).status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED
    assert not GoalMeasurement.objects.filter(goal=goal, year=2030).exists()
    assert not signature.reports.filter(year=2030).exists()

    _login(client, FA)
    client.post(status_url, {"status": "in_umsetzung", "progress": 5, "note": "Auftakt"})
    client.post(measure_url, {"goal": goal.pk, "year": 2030, "value": 700})
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.IN_PROGRESS, 5)
    assert measure.history.last().note == "Auftakt"
    assert GoalMeasurement.objects.get(goal=goal, year=2030).value == 700
    _login(client, VE)
    client.post(report_url, {"year": 2030, "text": "30 Wohnungen gemeldet"})
    assert signature.reports.get(year=2030).text == "30 Wohnungen gemeldet"
    html = client.get(reverse("concept:goals", args=[slug])).text
    assert "Zielüberschreitung" in html  # 700 against 650 in 2030
