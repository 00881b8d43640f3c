"""Which persona may open which page of the action concept and change what (demo data set).

Every role's demo login (named after the role, ``Role.values``) and the public; the logins of
the regional and the state coordinator (``region``, ``land``) in a test of their own, as they
need the region's part of the demo. Allowed sets are written from ``concept/rules.py``; every
persona not in a set is refused.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance
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
# The benefit offices and the data-protection officer: members of the city's alliance
# (``is_member``), with no right of their own in the concept.
JC, SA, DS = "jobcenter", "sozialamt", "datenschutz"
# ``region`` coordinates the regional alliance and works in the city's planning office
# (Fachamt, chair of AG 1); ``land`` coordinates the state alliance, no role in the city.
REGION, LAND = "region", "land"
ROLES = list(Role.values)  # the demo logins are named after the roles
ALL = [*ROLES, PUB]
MEMBERS = {*ROLES, REGION}  # of the city's alliance
EDITORS = {KO, FA, REGION}  # Koordination and Fachamt (concept.edit_goals_and_measures)
EVERYBODY = {*ALL, REGION, LAND}


def _login(client, name: str) -> None:
    client.logout()
    if name != PUB:
        client.force_login(User.objects.get(username=name))


def _expected(name: str, allowed: set[str]) -> int:
    return 200 if name in allowed else (302 if name == PUB else 403)


def _pages(demo_alliance) -> dict[str, tuple[str, set[str]]]:
    slug = demo_alliance.slug
    measure = Measure.objects.filter(alliance=demo_alliance).first()
    return {
        "overview": (reverse("concept:overview", args=[slug]), MEMBERS),
        "goals": (reverse("concept:goals", args=[slug]), MEMBERS),
        "commitments": (reverse("concept:commitments", args=[slug]), MEMBERS),
        "measure": (reverse("concept:measure", args=[measure.pk]), MEMBERS),
        "projects": (reverse("concept:projects", args=[slug]), EVERYBODY),
        "public": (reverse("concept:public", args=[slug]), EVERYBODY),
    }


def test_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance):
    slug = demo_alliance.slug
    pages = _pages(demo_alliance)
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
    for name in sorted(set(ROLES) - EDITORS):
        _login(client, name)
        assert client.post(status_url, {"status": "in_umsetzung", "progress": 5}).status_code == 403
        assert (
            client.post(measure_url, {"goal": goal.pk, "year": 2030, "value": 1}).status_code == 403
        )
    for name in sorted(set(ROLES) - {KO, VE}):  # Koordination, and GWM's own people
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


@pytest.mark.demo_parts("process", "region")
def test_the_regional_and_state_coordinators_work_where_they_hold_a_role(client, demo_alliance):
    """``region`` reads the city's concept as its Fachamt and edits the regional one as its
    Koordination; ``land`` holds no role in either (the city's and the region's alliances are
    members of the state alliance, which gives nobody a role in them). The city's personas see
    the regional and the state concept only where they hold a role there too."""
    for name in (REGION, LAND):
        _login(client, name)
        for page, (url, allowed) in _pages(demo_alliance).items():
            assert client.get(url).status_code == _expected(name, allowed), (name, page)
    region = Alliance.objects.get(slug="region-musterland")
    state = Alliance.objects.get(slug="land-musterland")
    # roles there (demo/alliance.py, demo/region.py): koordination is a Mitglied of both,
    # fachamt, vermieter and mitglied hold their role in the region too
    readers = {region: {REGION, KO, FA, VE, MI}, state: {LAND, KO}}
    editors = {REGION, FA}  # the region's Koordination and Fachamt
    goal = Goal.objects.get(alliance=region, code="R1")
    record = reverse("concept:record_measurement", args=[region.slug])
    for value, name in enumerate([*ALL, REGION, LAND], start=1000):
        _login(client, name)
        for alliance, allowed in readers.items():
            for page in ("overview", "goals"):
                url = reverse(f"concept:{page}", args=[alliance.slug])
                expected = _expected(name, allowed)
                assert client.get(url).status_code == expected, (name, alliance.slug, page)
        before = GoalMeasurement.objects.filter(goal=goal, year=2030).first()
        response = client.post(record, {"goal": goal.pk, "year": 2030, "value": value})
        now = GoalMeasurement.objects.filter(goal=goal, year=2030).first()
        if name in editors:
            assert response.status_code == 302 and now.value == value, name
        else:
            assert response.status_code == (302 if name == PUB else 403), name
            assert (now and now.value) == (before and before.value), name
