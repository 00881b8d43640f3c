"""A region-wide goal (issue 15, item 4): a goal on a Kreis with a count indicator takes, in
the years without a value of its own, the sum of the municipalities below it, with how many
of them report; a rate is never summed."""

from __future__ import annotations

import pytest

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.concept import services
from wohnbuendnis.concept.engine import ValueSource, actual_values, evaluate
from wohnbuendnis.concept.models import Goal, GoalNature
from wohnbuendnis.monitoring import catalogue
from wohnbuendnis.monitoring.models import Indicator, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def kreis() -> Alliance:
    catalogue.seed(Indicator)
    land = Area.objects.create(level=AreaLevel.STATE, key="06", name="Hessen")
    kreis = Area.objects.create(
        parent=land, level=AreaLevel.REGION, key="06999", name="Musterkreis"
    )
    places = [
        Area.objects.create(
            parent=kreis, level=AreaLevel.MUNICIPALITY, key=f"0699900{i}", name=f"Gemeinde {i}"
        )
        for i in range(1, 4)
    ]
    completions = Indicator.objects.get(key="completions")
    share = Indicator.objects.get(key="share_65_plus")
    for area, values in zip(places, ((120, 130), (80, 90), (40, None)), strict=True):
        for year, value in zip((2023, 2024), values, strict=True):
            if value is not None:
                Observation.objects.create(indicator=completions, area=area, year=year, value=value)
        Observation.objects.create(indicator=share, area=area, year=2024, value=20)
    # the Kreis's own value of a year wins over the sum
    Observation.objects.create(
        indicator=completions, area=kreis, year=2022, value=222, source="Landesamt"
    )
    return Alliance.objects.create(name="Wohnbündnis Musterkreis", slug="musterkreis", area=kreis)


def _goal(alliance: Alliance, indicator: str, target: float) -> Goal:
    guideline = services.create_guideline(alliance, "Neubau in der Region")
    return services.create_goal(
        guideline, code="R1", title="Neubau im Kreis", indicator=indicator,
        nature=GoalNature.QUANTITATIVE, target=target, area=alliance.area,
        year_from=2022, year_to=2024,
    )  # fmt: skip


def test_a_regional_goal_takes_the_sum_of_its_municipalities_with_the_coverage(kreis):
    goal = _goal(kreis, "completions", 200)
    values = actual_values(Goal.objects.filter(pk=goal.pk))[goal.pk]
    assert {y: a.value for y, a in values.items()} == {2022: 222, 2023: 240, 2024: 220}
    assert values[2022].detail == "Landesamt"
    assert values[2023].source == ValueSource.MONITORING
    assert values[2023].detail == "Summe der Gemeinden: 3 von 3 melden"
    assert values[2024].detail == "Summe der Gemeinden: 2 von 3 melden"
    [result] = evaluate(Goal.objects.filter(pk=goal.pk))
    assert result.latest is not None and result.latest.year == 2024
    assert result.latest.actual == 220


def test_a_rate_is_not_summed(kreis):
    goal = _goal(kreis, "share_65_plus", 20)
    assert actual_values(Goal.objects.filter(pk=goal.pk))[goal.pk] == {}


def test_a_state_goal_sums_the_municipalities_of_its_kreise(kreis):
    land = Alliance.objects.create(name="Allianz", slug="land", area=kreis.area.parent)
    goal = _goal(land, "completions", 200)
    values = actual_values(Goal.objects.filter(pk=goal.pk))[goal.pk]
    assert {y: a.value for y, a in values.items()} == {2023: 240, 2024: 220}
    assert values[2024].detail == "Summe der Gemeinden: 2 von 3 melden"
