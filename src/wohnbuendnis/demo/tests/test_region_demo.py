"""The demo's region "Musterland" (issue 15, item 6): data for all 16 municipalities that add up
to the region's totals with Musterstadt's own barometer values, the municipalities as members
of the regional alliance, its goal, and the state alliance above."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance, BodyKind, MemberOrganisation, Sector
from wohnbuendnis.areas.models import AreaLevel
from wohnbuendnis.concept.models import Goal, GoalKind
from wohnbuendnis.demo.monitoring import FIRST_YEAR, YEARS
from wohnbuendnis.demo.region import STATE_SLUG
from wohnbuendnis.forecast import region as forecast_region
from wohnbuendnis.forecast.engine import region_engine
from wohnbuendnis.meetings.models import Meeting, MeetingStatus, MinutesStatus
from wohnbuendnis.monitoring.models import Observation
from wohnbuendnis.monitoring.queries.regional import SIZE_CLASSES, roll_up, size_class

pytestmark = pytest.mark.demo_parts("region")
LAST = FIRST_YEAR + YEARS - 1
EVERY_MUNICIPALITY = ("population", "households", "dwellings", "completions", "permits",
                      "share_under_18", "share_65_plus", "sgb2_recipients")  # fmt: skip
NEIGHBOURS = ("population_female", "share_75_plus")  # the 15 towns, not the city's districts


def _values(key: str, level: str, year: int | None = None) -> dict[str, float]:
    rows = Observation.objects.filter(indicator__key=key, area__level=level)
    if year is not None:
        rows = rows.filter(year=year)
    return {f"{a}/{y}": v for a, y, v in rows.values_list("area__key", "year", "value")}


def test_all_16_municipalities_have_data_that_sum_to_the_region(demo_alliance):
    """One test (the region part takes seconds to generate): every municipality has every
    year, the size classes spread, the city's values are its barometer's, the sums hold."""
    _every_year()
    _size_classes()
    _sums(demo_alliance)
    _forecast_figures()


def test_the_alliances_of_the_region_and_the_land(client, demo_alliance):
    _regional_alliance()
    _state_alliance(client)


def _every_year() -> None:
    region = Alliance.objects.get(slug="region-musterland")
    municipalities = list(region.area.children.filter(level=AreaLevel.MUNICIPALITY))
    assert len(municipalities) == 16
    for key in EVERY_MUNICIPALITY:
        found = Observation.objects.filter(indicator__key=key, area__in=municipalities)
        assert found.count() == 16 * YEARS, key
    # social housing where sensible: the towns from 5,000 inhabitants (and the city)
    social = Observation.objects.filter(
        indicator__key="social_housing_stock", area__in=municipalities, year=LAST
    )
    assert social.count() == 10


def _forecast_figures() -> None:
    """The region-wide forecast starts from the towns' women and their groups 65–74, 75–79 and
    80+; the women are about 50.5–51.5 % and more in the older (smaller) towns."""
    region = Alliance.objects.get(slug="region-musterland")
    for key in NEIGHBOURS:
        found = Observation.objects.filter(indicator__key=key, area__parent=region.area)
        assert found.exclude(area__key="99100001").count() == 15 * YEARS, key
    places, data = forecast_region.figures(region.area)
    women = data.women / data.population  # the city's from its districts (demo/monitoring.py)
    assert ((women >= 0.505) & (women <= 0.515)).all(), women
    town = np.array([p.key != "99100001" for p in places])
    smallest, largest = np.argmin(data.population), np.argmax(np.where(town, data.population, 0))
    assert women[smallest] > women[largest]
    assert [(g.low, g.high) for g in data.groups[smallest][1:]] == [(65, 74), (75, 79), (80, 100)]
    cells = region_engine.base_population(data)
    assert np.allclose(cells[:, 0].sum(axis=1), data.women, rtol=1e-6)
    assert np.allclose(cells.sum(axis=(1, 2)), data.population)


def _size_classes() -> None:
    population = _values("population", AreaLevel.MUNICIPALITY, LAST)
    classes = {size_class(v) for v in population.values()}
    assert classes == set(range(len(SIZE_CLASSES)))
    assert population[f"99100001/{LAST}"] > 100_000
    assert min(population.values()) < 5_000


def _sums(demo_alliance: Alliance) -> None:
    city = demo_alliance.area
    for key in ("population", "dwellings", "completions"):
        districts = Observation.objects.filter(indicator__key=key, area__parent=city, year=LAST)
        own = Observation.objects.get(indicator__key=key, area=city, year=LAST).value
        assert own == pytest.approx(sum(d.value for d in districts), abs=1e-6), key
        region = Alliance.objects.get(slug="region-musterland")
        municipalities = _values(key, AreaLevel.MUNICIPALITY, LAST)
        stored = Observation.objects.get(indicator__key=key, area=region.area, year=LAST).value
        assert stored == sum(municipalities.values()), key
    # a changed number fails: the region's inhabitants in the last year
    region_population = Observation.objects.get(
        indicator__key="population", area__level=AreaLevel.REGION, year=LAST
    ).value
    assert region_population == 480_137


def _regional_alliance() -> None:
    region = Alliance.objects.get(slug="region-musterland")
    members = MemberOrganisation.objects.active().filter(alliance=region)
    municipal = members.filter(organisation__area__isnull=False)
    assert municipal.count() == 16
    assert set(municipal.values_list("organisation__sector", flat=True)) == {Sector.ADMINISTRATION}
    assert members.filter(organisation__sector=Sector.HOUSING_INDUSTRY).count() >= 4
    goal = Goal.objects.get(alliance=region, code="R1")
    assert (goal.indicator, goal.kind, goal.area) == ("completions", GoalKind.CUMULATIVE,
                                                      region.area)  # fmt: skip
    sums = {r.year: r.value for r in roll_up(region, ["completions"]) if r.area == region.area}
    measured = dict(goal.measurements.values_list("year", "value"))
    assert measured and all(measured[y] == sums[y] for y in measured)


def _state_alliance(client) -> None:
    state = Alliance.objects.get(slug=STATE_SLUG)
    assert state.area.level == AreaLevel.STATE
    members = set(state.member_alliances.active().values_list("member__slug", flat=True))
    assert members == {"region-musterland", "musterstadt"}
    assert state.service_desk_email and state.bodies.count() == 3
    # its own bodies meet as a city's do: plenary sessions with published minutes, the next
    # plenum and each expert group invited
    meetings = Meeting.objects.filter(body__alliance=state)
    today = timezone.now()
    past = meetings.filter(starts_at__lt=today)
    assert past.count() == 2
    assert all(m.minutes.status == MinutesStatus.PUBLISHED for m in past)
    ahead = meetings.filter(starts_at__gte=today, status=MeetingStatus.INVITED)
    assert {m.body.kind for m in ahead} == {BodyKind.PLENUM, BodyKind.WORKING_GROUP}
    assert ahead.count() == 3
    page = client.get(reverse("site:alliance", args=[state.slug])).content.decode()
    assert "Servicestelle für die Gemeinden" in page and "Regionales Wohnbündnis" in page
    assert "Bericht der Servicestelle: Beratungen der Gemeinden" in page  # the next plenum
    assert "Verschiedenes" not in page  # its non-public item
    client.force_login(User.objects.get(username="land"))
    overview = client.get(reverse("site:overview", args=[state.slug])).content.decode()
    assert overview.count('<tr data-area="991000') == 16
    assert "Regionales Wohnbündnis Musterland" in overview
