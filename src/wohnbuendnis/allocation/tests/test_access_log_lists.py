"""List pages log one access-log row per household they show (not one row for the alliance)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import AccessLogEntry
from wohnbuendnis.allocation.models import Household, NominationStatus, Vacancy


def _logged(user, since: int) -> list[tuple[str, str]]:
    rows = AccessLogEntry.objects.filter(user=user, pk__gt=since).order_by("pk")
    return list(rows.values_list("subject_type", "subject_id"))


def _last() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("persona", ["wohnungsamt", "sozialtraeger"], indirect=True)
def test_the_register_logs_every_household_on_the_page(client, persona, city):
    client.force_login(persona)
    before = _last()
    response = client.get(reverse("allocation:households", args=[city.slug]))
    shown = {str(h.pk) for h in response.context["page"].object_list}
    logged = _logged(persona, before)
    assert len(shown) > 10  # the demo fills the first page
    assert {pk for kind, pk in logged} == shown  # the expiring ones only on their own page
    assert {kind for kind, pk in logged} == {"allocation.household"}
    reasons = AccessLogEntry.objects.filter(pk__gt=before).values_list("reason", flat=True)
    assert len([r for r in reasons if r == "Liste wohnungssuchender Haushalte"]) == len(shown)
    # the second page logs its own households, not the first page's again
    before = _last()
    second = client.get(reverse("allocation:households", args=[city.slug]) + "?seite=2")
    on_second = {str(h.pk) for h in second.context["page"].object_list}
    assert on_second.isdisjoint(shown)
    page_rows = AccessLogEntry.objects.filter(
        pk__gt=before, reason="Liste wohnungssuchender Haushalte"
    )
    assert set(page_rows.values_list("subject_id", flat=True)) == on_second


def test_the_cost_coverage_list_logs_every_household_shown(client, wohnungsamt, city):
    client.force_login(wohnungsamt)
    before = _last()
    response = client.get(reverse("allocation:cost_coverage", args=[city.slug]))
    households = {str(case.household_id) for case in response.context["cases"]}
    assert households
    logged = _logged(wohnungsamt, before)
    assert len(logged) == len(households)
    assert {pk for kind, pk in logged} == households


def test_the_nominations_of_a_vacancy_log_every_household(client, wohnungsamt, city):
    vacancy = Vacancy.objects.filter(nominations__status=NominationStatus.OPEN).first()
    client.force_login(wohnungsamt)
    before = _last()
    client.get(reverse("allocation:vacancy", args=[vacancy.public_id]))
    named = set(vacancy.nominations.values_list("household_id", flat=True))
    assert {int(pk) for kind, pk in _logged(wohnungsamt, before)} == named
    assert Household.objects.filter(pk__in=named).count() == len(named)


@pytest.mark.parametrize("persona", ["wohnungsamt", "sozialtraeger"], indirect=True)
def test_the_list_of_expiring_entitlements_logs_every_household_on_it(client, persona, city):
    client.force_login(persona)
    before = _last()
    response = client.get(reverse("allocation:expiring", args=[city.slug]))
    listed = {str(h.pk) for h in response.context["expiring"]}
    assert listed  # the demo has entitlements running out
    assert {pk for kind, pk in _logged(persona, before)} == listed
    reasons = set(AccessLogEntry.objects.filter(pk__gt=before).values_list("reason", flat=True))
    assert reasons == {"Ablaufende Wohnberechtigungsscheine"}


def test_the_log_keeps_its_reasons_in_german_whatever_the_pages_language(client, wohnungsamt, city):
    """The data-protection officer reads one language: a housing office working in English
    still leaves German reasons (the site's language), for lists and for one household."""
    client.force_login(wohnungsamt)
    english = {"accept-language": "en"}
    before = _last()
    page = client.get(reverse("allocation:households", args=[city.slug]), headers=english)
    assert page.status_code == 200
    household = page.context["page"].object_list[0]
    url = reverse("allocation:household", args=[household.public_id])
    assert client.get(url, headers=english).status_code == 200
    reasons = set(AccessLogEntry.objects.filter(pk__gt=before).values_list("reason", flat=True))
    assert reasons == {
        "Liste wohnungssuchender Haushalte",
        "Akte eines wohnungssuchenden Haushalts",
    }
