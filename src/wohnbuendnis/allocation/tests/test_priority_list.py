"""The priority list: a new version recomputes every open household's points, and the rules
are validated with ranges before a version is stored."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.allocation import engine, personal_data, services
from wohnbuendnis.allocation.models import CLOSED_STATUSES, Household, PriorityScheme

DECIDED = {"decided_on": datetime.date(2026, 3, 1), "decided_by": "Plenum"}


def _open(city):
    return Household.objects.filter(alliance=city).exclude(status__in=CLOSED_STATUSES)


def test_a_new_version_recomputes_every_open_household_and_the_register_order(
    city, koordination, wohnungsamt
):
    current = engine.current_scheme(city)
    assert "homeless = 60" in current.toml
    homeless = set(
        _open(city)
        .filter(criteria__criterion="homeless", criteria__checked_at__isnull=False)
        .values_list("pk", flat=True)
    )
    assert homeless, "the demo register has checked homeless households"
    before = dict(_open(city).values_list("pk", "points"))

    toml = current.toml.replace("homeless = 60", "homeless = 20")
    services.create_scheme_version(city, koordination, toml=toml, **DECIDED)

    scheme = engine.parse(toml)
    criteria = engine.checked_criteria(list(before))
    stored = dict(_open(city).values_list("pk", "points"))
    expected = {pk: engine.points_of(criteria.get(pk, frozenset()), scheme) for pk in before}
    assert stored == expected
    assert sum(stored[pk] < before[pk] for pk in homeless) == len(homeless)
    rows = list(personal_data.households_for(wohnungsamt, city, "aktiv"))
    points = [row.points for row in rows]
    assert points == sorted(points, reverse=True)
    assert rows[0].points == max(stored[row.pk] for row in rows)


def test_recompute_points_repairs_stale_points_and_leaves_closed_cases(city):
    closed = Household.objects.filter(alliance=city, status__in=CLOSED_STATUSES).first()
    stale = _open(city).filter(points__gt=0).first()
    Household.objects.filter(pk=stale.pk).update(points=0)
    if closed is not None:
        Household.objects.filter(pk=closed.pk).update(points=999)
    assert services.recompute_points(city) == 1
    stale.refresh_from_db()
    assert stale.points > 0
    if closed is not None:
        closed.refresh_from_db()
        assert closed.points == 999


def _replace(toml: str, old: str, new: str) -> str:
    assert old in toml
    return toml.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("nominees_per_flat = 3", "nominees_per_flat = 100000000000000000000", "nominees_per_flat"),
        ("nominees_per_flat = 3", "nominees_per_flat = 21", "nominees_per_flat"),
        ('reference_date = "', 'reference_date = "1800-01-01" # ', "reference_date"),
        ("tie_break = [", "tie_break = [] # [", "tie_break"),
        ("homeless = 60", "homeless = 100000", "homeless"),
        ("max_points = 150", "max_points = 1000000", "max_points"),
    ],
)
def test_out_of_range_rules_are_refused_with_the_key(city, koordination, old, new, named):
    current = engine.current_scheme(city)
    with pytest.raises(ValidationError, match=named):
        services.create_scheme_version(
            city, koordination, toml=_replace(current.toml, old, new), **DECIDED
        )
    assert PriorityScheme.objects.filter(alliance=city).count() == 1


def test_an_empty_or_deeply_nested_list_gets_a_message_not_an_error_page(
    city, client, koordination
):
    client.force_login(koordination)
    url = reverse("allocation:scheme", args=[city.slug])
    empty = client.post(url, {**DECIDED, "toml": "", "submission_token": str(uuid.uuid4())})
    assert empty.status_code == 200
    assert "Pflichtfeld" in empty.content.decode() or "erforderlich" in empty.content.decode()
    deep = "x = " + "[" * 5000 + "]" * 5000
    deep = client.post(url, {**DECIDED, "toml": deep, "submission_token": str(uuid.uuid4())})
    assert deep.status_code == 200
    assert "Die Regeln sind ungültig" in deep.content.decode()
    assert PriorityScheme.objects.filter(alliance=city).count() == 1


def test_the_page_names_each_criterion_in_german_with_its_points(city, client, wohnungsamt):
    client.force_login(wohnungsamt)
    html = client.get(reverse("allocation:scheme", args=[city.slug])).content.decode()
    assert '<th scope="row">von Wohnungsverlust bedroht</th><td class="wb-num">50</td>' in html
    assert 'translate="no"' in html  # the rules themselves keep their keys
