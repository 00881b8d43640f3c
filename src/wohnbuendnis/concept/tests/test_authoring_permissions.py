"""Who may open and use the pages that write the action concept (demo personas, issue 12.4):
Koordination and Fachamt write the concept; only Koordination adopts a self-commitment; every
organisation's representative enters its own conflict position and signs for it; only the
signing organisation's people withdraw its signature."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from wohnbuendnis.concept.models import (
    ActionField,
    BuildingProject,
    Commitment,
    CommitmentSignature,
    Goal,
    GoalConflict,
    Guideline,
    Measure,
    Milestone,
)
from wohnbuendnis.concept.tests.test_permission_matrix import (
    ALL,
    FA,
    KO,
    MEMBERS,
    MI,
    PO,
    PUB,
    SO,
    VE,
    WA,
    _expected,
    _login,
)
from wohnbuendnis.monitoring.models import Indicator

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]
EDITORS = {KO, FA}


def _token() -> dict:
    return {"submission_token": str(uuid.uuid4())}


def test_the_new_pages_open_only_to_the_personas_that_may_use_them(client, demo_alliance):
    slug = demo_alliance.slug
    a = {"alliance": demo_alliance}
    measure = Measure.objects.filter(**a).first()
    project = BuildingProject.objects.filter(**a).first()
    commitment = Commitment.objects.filter(**a).first()
    conflict = GoalConflict.objects.filter(**a).first()
    own = Indicator.objects.create(
        alliance=demo_alliance, key="own_x", name="x", topic="bestand", definition="d",
        unit="%", source="s", reading_aid="r",
    )  # fmt: skip
    edit = {
        "guideline_create": reverse("concept:guideline_create", args=[slug]),
        "guideline_edit": reverse(
            "concept:guideline_edit", args=[Guideline.objects.filter(**a).first().pk]
        ),
        "action_field_create": reverse("concept:action_field_create", args=[slug]),
        "action_field_edit": reverse(
            "concept:action_field_edit", args=[ActionField.objects.filter(**a).first().pk]
        ),
        "goal_create": reverse("concept:goal_create", args=[slug]),
        "goal_edit": reverse("concept:goal_edit", args=[Goal.objects.filter(**a).first().pk]),
        "conflict_create": reverse("concept:conflict_create", args=[slug]),
        "conflict_edit": reverse("concept:conflict_edit", args=[conflict.pk]),
        "measure_create": reverse("concept:measure_create", args=[slug]),
        "measure_edit": reverse("concept:measure_edit", args=[measure.pk]),
        "project_create": reverse("concept:project_create", args=[slug]),
        "project_edit": reverse("concept:project_edit", args=[project.pk]),
        "indicator_create": reverse("concept:indicator_create", args=[slug]),
        "indicator_edit": reverse("concept:indicator_edit", args=[own.pk]),
    }
    pages = {name: (url, EDITORS) for name, url in edit.items()}
    pages |= {
        "commitment_create": (reverse("concept:commitment_create", args=[slug]), {KO}),
        "conflict": (reverse("concept:conflict", args=[conflict.pk]), MEMBERS),
        "commitment": (reverse("concept:commitment", args=[commitment.pk]), MEMBERS),
        "project": (reverse("concept:project", args=[project.pk]), MEMBERS),
        "indicators": (reverse("concept:indicators", args=[slug]), MEMBERS),
    }
    for name in ALL:
        _login(client, name)
        for page, (url, allowed) in pages.items():
            assert client.get(url).status_code == _expected(name, allowed), (name, page)
    # A catalogue indicator is edited in the monitoring, never here.
    catalogue = Indicator.objects.filter(alliance__isnull=True).first()
    _login(client, KO)
    url = reverse("concept:indicator_edit", args=[catalogue.pk])
    assert client.get(url).status_code == 403


def test_only_the_allowed_personas_change_the_concept(client, demo_alliance):
    slug = demo_alliance.slug
    measure = Measure.objects.filter(alliance=demo_alliance).first()
    milestone = Milestone.objects.filter(measure=measure, reached_on__isnull=True).first()
    count = Measure.objects.count()
    new_measure = {
        "number": 99, "title": "Neue Maßnahme", "guideline": measure.guideline_id,
        "lead": measure.lead_id, "priority": "mittel", "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    for name in [WA, VE, SO, PO, MI, PUB]:
        _login(client, name)
        denied = 302 if name == PUB else 403
        assert (
            client.post(reverse("concept:measure_create", args=[slug]), new_measure).status_code
            == denied
        )
        assert (
            client.post(
                reverse("concept:milestone_add", args=[measure.pk]),
                {
                    "milestone-title": "x",
                    "milestone-due": "2030-01-01",
                    "milestone-submission_token": str(uuid.uuid4()),
                },
            ).status_code
            == denied
        )
        assert (
            client.post(
                reverse("concept:milestone_reach", args=[milestone.pk]), {"on": "2024-01-01"}
            ).status_code
            == denied
        )
        assert (
            client.post(
                reverse("concept:commitment_create", args=[slug]),
                {"title": "x", "text": "y", "adopted_on": "2024-01-01", **_token()},
            ).status_code
            == denied
        )
    assert Measure.objects.count() == count
    milestone.refresh_from_db()
    assert milestone.reached_on is None and not Commitment.objects.filter(title="x").exists()
    _login(client, FA)
    assert (
        client.post(
            reverse("concept:commitment_create", args=[slug]),
            {"title": "x", "text": "y", "adopted_on": "2024-01-01", **_token()},
        ).status_code
        == 403
    )
    response = client.post(reverse("concept:measure_create", args=[slug]), new_measure)
    assert response.status_code == 302 and Measure.objects.count() == count + 1
    client.post(reverse("concept:milestone_reach", args=[milestone.pk]), {"on": "2024-01-01"})
    milestone.refresh_from_db()
    assert milestone.reached_on is not None

    # conflict positions: each representative for its own organisation only
    conflict = GoalConflict.objects.filter(alliance=demo_alliance).first()
    url = reverse("concept:conflict", args=[conflict.pk])
    gwm = CommitmentSignature.objects.get(organisation__short_name="GWM").organisation
    _login(client, MI)  # Mieterbund, trying to write for the GWM
    html = client.post(url, {"organisation": gwm.pk, "position": "untergeschoben"}).text
    assert "Wählen Sie eine gültige Option" in html or "gültig" in html
    assert not conflict.positions.filter(position="untergeschoben").exists()
    _login(client, PUB)
    assert client.post(url, {"organisation": gwm.pk, "position": "x"}).status_code == 302
    _login(client, VE)
    assert (
        client.post(url, {"organisation": gwm.pk, "position": "Nur mit Förderung."}).status_code
        == 302
    )
    assert conflict.positions.get(organisation=gwm).position == "Nur mit Förderung."

    # withdrawing a signature: only the signing organisation's people
    signature = CommitmentSignature.objects.get(organisation=gwm)
    withdraw = reverse("concept:signature_withdraw", args=[signature.pk])
    for name in [KO, FA, WA, SO, PO, MI]:
        _login(client, name)
        assert client.post(withdraw).status_code == 403, name
    _login(client, PUB)
    assert client.post(withdraw).status_code == 302
    signature.refresh_from_db()
    assert signature.withdrawn_at is None
    _login(client, VE)
    client.post(withdraw)
    signature.refresh_from_db()
    assert signature.withdrawn_by.username == VE
    public = client.get(reverse("concept:signatories", args=[slug])).text
    assert gwm.name not in public

    # two coordinators edit the same measure: the second save is refused, its input stays
    edit_url = reverse("concept:measure_edit", args=[measure.pk])
    _login(client, KO)
    form = client.get(edit_url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "version"}
    for name in ("partners", "goals", "areas"):
        data[name] = [o.pk for o in form.initial[name]]
    for name in ("start", "end"):
        data[name] = data[name].isoformat() if name in data else ""
    first = {**data, "version": measure.version, "title": "Fassung der Koordination"}
    second = {**data, "version": measure.version, "title": "Fassung des Fachamts"}
    assert client.post(edit_url, first).status_code == 302
    _login(client, FA)
    response = client.post(edit_url, second)
    assert response.status_code == 200
    assert "inzwischen von jemand anderem geändert" in response.text
    assert 'value="Fassung des Fachamts"' in response.text
    measure.refresh_from_db()
    assert measure.title == "Fassung der Koordination"
    # saving again deliberately takes the typed version over (the hidden version moved on)
    assert f'name="version" value="{measure.version}"' in response.text
