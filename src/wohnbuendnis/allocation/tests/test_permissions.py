"""Which persona may open which allocation page, and the access log of personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import AccessAction, AccessLogEntry
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.allocation.models import Household, Nomination, NominationStatus, Vacancy

PERSONAS = [*Role.values, "oeffentlichkeit"]
# by role, or as member of AG 3, AG 4 or the steering group (mitglied chairs AG 2)
# (jobcenter sits in AG 4)
AUDIT = {"koordination", "wohnungsamt", "vermieter", "sozialtraeger", "mitglied", "jobcenter"}
EXPECTED = {  # page → personas that get 200 (the others 403, the public the login page)
    "households": {"wohnungsamt", "sozialtraeger"},
    "expiring": {"wohnungsamt", "sozialtraeger"},
    "register": {"wohnungsamt", "sozialtraeger"},
    "own_client": {"wohnungsamt", "sozialtraeger"},
    "other_client": {"wohnungsamt"},
    "export": {"wohnungsamt", "sozialtraeger"},
    "costs": {"wohnungsamt", "sozialtraeger", "jobcenter", "sozialamt"},
    "vacancies": {"wohnungsamt", "vermieter"},
    "report": {"vermieter"},
    "own_vacancy": {"wohnungsamt", "vermieter"},
    "other_vacancy": {"wohnungsamt"},
    "scheme": set(Role.values),
    "audit": AUDIT,
    "settings": {"koordination", "wohnungsamt"},
}


def _objects():
    own = Household.objects.filter(agency__short_name="Diakonie", anonymised_at=None).first()
    other = Household.objects.exclude(agency__short_name="Diakonie").exclude(agency=None).first()
    gwm = Vacancy.objects.filter(flat__landlord__short_name="GWM", status="benannt").first()
    foreign = Vacancy.objects.exclude(flat__landlord__short_name="GWM").first()
    return own, other, gwm, foreign


def _urls(city):
    own, other, gwm, foreign = _objects()
    slug = city.slug
    return {
        "households": reverse("allocation:households", args=[slug]),
        "expiring": reverse("allocation:expiring", args=[slug]),
        "register": reverse("allocation:household_register", args=[slug]),
        "own_client": reverse("allocation:household", args=[own.public_id]),
        "other_client": reverse("allocation:household", args=[other.public_id]),
        "export": reverse("allocation:household_export", args=[own.public_id]),
        "costs": reverse("allocation:cost_coverage", args=[slug]),
        "vacancies": reverse("allocation:vacancies", args=[slug]),
        "report": reverse("allocation:vacancy_report", args=[slug]),
        "own_vacancy": reverse("allocation:vacancy", args=[gwm.public_id]),
        "other_vacancy": reverse("allocation:vacancy", args=[foreign.public_id]),
        "scheme": reverse("allocation:scheme", args=[slug]),
        "audit": reverse("allocation:audit", args=[slug]),
        "settings": reverse("allocation:settings", args=[slug]),
    }


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_pages_open_only_to_the_roles_that_may_see_them(client, persona, city):
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    for page, url in _urls(city).items():
        response = client.get(url)
        if name == "oeffentlichkeit":
            assert response.status_code == 302, (page, url)
            assert response.url.startswith(reverse("login"))
        else:
            expected = 200 if name in EXPECTED[page] else 403
            assert response.status_code == expected, (name, page)


@pytest.mark.parametrize("persona", [p for p in Role.values if p != "wohnungsamt"], indirect=True)
def test_only_the_housing_office_nominates_and_only_own_landlords_decide(client, persona, city):
    client.force_login(persona)
    _own, _other, gwm, foreign = _objects()
    assert (
        client.post(reverse("allocation:vacancy_nominate", args=[foreign.public_id])).status_code
        == 403
    )
    nomination = gwm.nominations.filter(status=NominationStatus.OPEN).first()
    response = client.post(
        reverse("allocation:nomination_decide", args=[nomination.public_id]),
        {"decision": "annehmen"},
    )
    assert response.status_code == (302 if persona.username == "vermieter" else 403)


def test_a_landlord_never_sees_another_landlords_nominees(client, vermieter, city):
    client.force_login(vermieter)
    other = Nomination.objects.exclude(vacancy__flat__landlord__short_name="GWM").filter(
        status=NominationStatus.OPEN
    )
    for nomination in other:
        url = reverse("allocation:vacancy", args=[nomination.vacancy.public_id])
        assert client.get(url).status_code == 403
    html = client.get(reverse("allocation:vacancies", args=[city.slug])).content.decode()
    assert "Nordwohnen" not in html


def test_the_landlord_sees_only_minimal_data_and_each_view_is_logged(client, vermieter, city):
    _own, _other, gwm, _foreign = _objects()
    open_ones = list(
        gwm.nominations.filter(status=NominationStatus.OPEN).select_related("household")
    )
    client.force_login(vermieter)
    before = AccessLogEntry.objects.count()
    html = client.get(reverse("allocation:vacancy", args=[gwm.public_id])).content.decode()
    assert AccessLogEntry.objects.count() == before + len(open_ones)
    for nomination in open_ones:
        assert nomination.household.name in html
        assert str(nomination.household.income_eur) not in html
        assert AccessLogEntry.objects.filter(
            user=vermieter, subject_type="allocation.household",
            subject_id=str(nomination.household_id),
        ).exists()  # fmt: skip
    for hidden in ("Jahreseinkommen", "Staatsangehörigkeit", "Punkte"):
        assert hidden not in html


def test_every_view_of_personal_data_writes_an_access_log_row(client, wohnungsamt, city):
    own, *_rest = _objects()
    client.force_login(wohnungsamt)
    client.get(reverse("allocation:household", args=[own.public_id]))
    row = AccessLogEntry.objects.filter(user=wohnungsamt).first()
    assert (row.action, row.subject_type, row.subject_id) == (
        AccessAction.VIEW,
        "allocation.household",
        str(own.pk),
    )
    response = client.get(reverse("allocation:household_export", args=[own.public_id]))
    data = response.json()
    assert data["Auskunft nach Art. 15 DSGVO"]["Aktenzeichen"] == own.reference
    assert AccessLogEntry.objects.filter(user=wohnungsamt).first().action == AccessAction.EXPORT
    client.get(reverse("allocation:households", args=[city.slug]))
    assert (
        AccessLogEntry.objects.filter(user=wohnungsamt).first().subject_type
        == "allocation.household"
    )
    client.get(reverse("allocation:cost_coverage", args=[city.slug]))
    client.get(reverse("allocation:expiring", args=[city.slug]))
    reasons = set(AccessLogEntry.objects.filter(user=wohnungsamt).values_list("reason", flat=True))
    # the register and the list of expiring entitlements log one row per household shown
    # (allocation/tests/test_access_log_lists.py)
    assert {"Ablaufende Wohnberechtigungsscheine", "Liste der Kostenübernahmen"} <= reasons


def test_an_agency_lists_only_its_own_clients(client, sozialtraeger, city):
    client.force_login(sozialtraeger)
    html = client.get(
        reverse("allocation:households", args=[city.slug]) + "?seite=1"
    ).content.decode()
    other = Household.objects.exclude(agency__short_name="Diakonie")[:200]
    assert not [h.reference for h in other if f">{h.reference}<" in html]


def test_no_personal_data_in_urls_public_pages_or_the_audit(client, koordination, city):
    own, *_rest = _objects()
    assert own.name not in reverse("allocation:household", args=[own.public_id])
    client.force_login(koordination)
    audit = client.get(reverse("allocation:audit", args=[city.slug])).content.decode()
    client.logout()
    public = client.get(reverse("site:alliance", args=[city.slug])).content.decode()
    for household in Household.objects.all()[:300]:
        assert household.name not in public
        assert household.reference not in audit and household.reference not in public


def test_the_audit_flags_the_biased_landlord(city):
    from wohnbuendnis.allocation import queries

    tables = queries.acceptance_tables(city)["nationality"]
    flagged = {t.landlord for t in tables if t.flagged}
    assert "Nordwohnen Immobilien AG" in flagged
    assert all(c.rate is None for t in tables for c in t.cells if c.decided < 5)
