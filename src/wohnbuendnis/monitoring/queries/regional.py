"""The municipalities of a regional or state alliance rolled up to the Kreis and the Land
(issue 15, item 3): counts summed, rates population-weighted, each value with the share of
municipalities reporting. Read-only; the same aggregation rules as ``services.aggregate_up``,
which stores only the totals every municipality reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring.engine import RuleKind, aggregate_observations
from wohnbuendnis.monitoring.models import Indicator, Observation
from wohnbuendnis.monitoring.queries import SHOWN, alliance_areas, observation_frame


@dataclass(frozen=True)
class RollUp:
    """One indicator of one area above the municipalities in one year, from the
    municipalities that report it."""

    indicator: Indicator
    area: Area
    year: int
    value: float
    reporting: int
    municipalities: int

    @property
    def complete(self) -> bool:
        return self.reporting == self.municipalities

    @property
    def coverage(self) -> float:
        """Share of the municipalities reporting, in percent."""
        return 100.0 * self.reporting / self.municipalities if self.municipalities else 0.0


def municipalities(alliance: Alliance) -> list[Area]:
    """The alliance's municipalities, by key."""
    areas = alliance_areas(alliance).values()
    return sorted((a for a in areas if a.level == AreaLevel.MUNICIPALITY), key=lambda a: a.key)


def roll_up(alliance: Alliance, indicator_keys: Iterable[str] | None = None) -> list[RollUp]:
    """The values of the alliance's Kreise and Land computed from its municipalities (every
    municipality is a leaf, whether it reports or not), by indicator, area and year."""
    areas = alliance_areas(alliance)
    by_pk = {a.pk: a for a in areas.values()}
    above = {a.key for a in areas.values() if a.level in (AreaLevel.STATE, AreaLevel.REGION)}
    parent_of = {
        a.key: by_pk[a.parent_id].key
        for a in areas.values()
        if a.parent_id in by_pk and (a.level == AreaLevel.MUNICIPALITY or a.key in above)
    }
    places = municipalities(alliance)
    keys = list(indicator_keys) if indicator_keys is not None else None
    catalogue = {i.key: i for i in Indicator.objects.for_alliance(alliance)}
    wanted = {k: i for k, i in catalogue.items() if keys is None or k in keys}
    rules = {key: indicator.rule() for key, indicator in wanted.items()}
    inputs = set(wanted) | {r.weight for r in rules.values()}
    inputs |= {str(k) for r in rules.values() for k in (r.numerator, r.denominator) if k}
    frame = observation_frame([m.pk for m in places], inputs)
    derived = aggregate_observations(frame, parent_of, rules, coverage=True)
    return [
        RollUp(wanted[i], areas[a], y, v, reporting, total)
        for i, a, y, v, reporting, total in derived.iter_rows()
        if a in above
    ]


# --- comparison of the municipalities ----------------------------------------------------------

#: Size classes by inhabitants (upper bound exclusive; the last is open), as the state banks'
#: municipal profiles use them.
SIZE_CLASSES: list[tuple[int | None, str]] = [
    (5_000, gettext_lazy("unter 5.000 Einwohner")),
    (20_000, gettext_lazy("5.000 bis unter 20.000 Einwohner")),
    (50_000, gettext_lazy("20.000 bis unter 50.000 Einwohner")),
    (100_000, gettext_lazy("50.000 bis unter 100.000 Einwohner")),
    (None, gettext_lazy("100.000 Einwohner und mehr")),
]


def size_class(population: float | None) -> int | None:
    """Index of the size class in :data:`SIZE_CLASSES` (None without a population)."""
    if population is None:
        return None
    return next(
        i for i, (upper, _label) in enumerate(SIZE_CLASSES) if upper is None or population < upper
    )


def per_1000_applies(indicator: Indicator) -> bool:
    """Counts (summed when rolled up) are compared per 1,000 inhabitants; the population
    itself and rates are not."""
    return indicator.aggregation == RuleKind.SUM and indicator.key != "population"


@dataclass(frozen=True)
class Place:
    """One municipality in the comparison: its population (of the year, else the latest
    before it), size class and value of the indicator (per 1,000 inhabitants if asked)."""

    area: Area
    population: float | None
    size: int | None
    value: float | None
    rank: int | None = None

    @property
    def size_label(self) -> str:
        return str(SIZE_CLASSES[self.size][1]) if self.size is not None else "–"


def _series(areas: list[Area], keys: list[str]) -> dict[str, dict[int, dict[int, float]]]:
    """indicator key → area pk → year → value."""
    rows = Observation.objects.filter(SHOWN, area__in=areas, indicator__key__in=keys)
    found: dict[str, dict[int, dict[int, float]]] = {key: {} for key in keys}
    for key, area, year, value in rows.values_list("indicator__key", "area_id", "year", "value"):
        found[key].setdefault(area, {})[year] = value
    return found


def _population_in(series: dict[int, float], year: int) -> float | None:
    before = [y for y in series if y <= year]
    return series[max(before)] if before else None


def _per_1000(value: float | None, population: float | None) -> float | None:
    if value is None or not population:
        return None
    return 1000 * value / population


def places(
    alliance: Alliance, indicator: Indicator, year: int, *, per_1000: bool = False,
    descending: bool = True,
) -> list[Place]:  # fmt: skip
    """Every municipality of the alliance ranked by the indicator in ``year`` (municipalities
    without a value last, unranked). Per 1,000 inhabitants divides by the population of the
    same year."""
    areas = municipalities(alliance)
    values = _series(areas, sorted({indicator.key, "population"}))
    population = values["population"]
    found = []
    for area in areas:
        people = _population_in(population.get(area.pk, {}), year)
        value = values[indicator.key].get(area.pk, {}).get(year)
        if per_1000:
            value = _per_1000(value, population.get(area.pk, {}).get(year))
        found.append(Place(area, people, size_class(people), value))
    with_value = sorted(
        (p for p in found if p.value is not None),
        key=lambda p: (-(p.value or 0) if descending else p.value or 0, p.area.name),
    )
    ranked = [Place(p.area, p.population, p.size, p.value, n) for n, p in enumerate(with_value, 1)]
    return ranked + sorted((p for p in found if p.value is None), key=lambda p: p.area.name)


def municipal_series(
    areas: list[Area], indicator: Indicator, *, per_1000: bool = False
) -> list[tuple[str, dict[int, float]]]:
    """(name, year → value) of each area, for one chart of several municipalities."""
    values = _series(areas, sorted({indicator.key, "population"}))
    lines = []
    for area in areas:
        own = values[indicator.key].get(area.pk, {})
        if per_1000:
            people = values["population"].get(area.pk, {})
            own = {y: v for y, v in ((y, _per_1000(v, people.get(y))) for y, v in own.items())
                   if v is not None}  # fmt: skip
        lines.append((area.name, own))
    return lines


@dataclass(frozen=True)
class Benchmark:
    """A municipality's value beside a group's: its Kreis, its Land, its size class."""

    label: str
    value: float | None
    reporting: int
    municipalities: int

    @property
    def coverage(self) -> float:
        return 100.0 * self.reporting / self.municipalities if self.municipalities else 0.0


def _group_value(
    group: list[Place],
    weights: dict[int, float],
    indicator: Indicator,
    per_1000: bool,
    year_values: dict[int, float],
) -> tuple[float | None, int]:
    """The group's value from its members that report: Σ counts / Σ population × 1,000, a
    population-weighted mean of rates, or the sum of counts; with the number reporting."""
    members = [p.area.pk for p in group if p.area.pk in year_values]
    if not members:
        return None, 0
    if per_1000 or indicator.aggregation != RuleKind.SUM:
        members = [pk for pk in members if weights.get(pk)]
        total = sum(weights[pk] for pk in members)
        if not total:
            return None, 0
        if per_1000:
            return 1000 * sum(year_values[pk] for pk in members) / total, len(members)
        return sum(year_values[pk] * weights[pk] for pk in members) / total, len(members)
    return sum(year_values[pk] for pk in members), len(members)


def benchmarks(
    alliance: Alliance, place: Place, ranked: list[Place], indicator: Indicator, year: int,
    *, per_1000: bool = False,
) -> list[Benchmark]:  # fmt: skip
    """``place`` against its Kreis, its Land and its size class, each computed from the
    alliance's municipalities in it that report (with their number)."""
    areas = [p.area for p in ranked]
    values = _series(areas, sorted({indicator.key, "population"}))
    year_values = {pk: s[year] for pk, s in values[indicator.key].items() if year in s}
    weights = {pk: s[year] for pk, s in values["population"].items() if year in s}
    kreis_key, land_key = place.area.key[:5], place.area.key[:2]
    groups = [
        (
            _("Kreis %(key)s") % {"key": kreis_key},
            [p for p in ranked if p.area.key[:5] == kreis_key],
        ),
        (_("Land %(key)s") % {"key": land_key}, [p for p in ranked if p.area.key[:2] == land_key]),
    ]
    kreis = Area.objects.filter(key=kreis_key, level=AreaLevel.REGION).first()
    land = Area.objects.filter(key=land_key, level=AreaLevel.STATE, parent=None).first()
    names = [kreis.name if kreis else groups[0][0], land.name if land else groups[1][0]]
    groups = [(name, members) for name, (_label, members) in zip(names, groups, strict=True)]
    if place.size is not None:
        label = str(SIZE_CLASSES[place.size][1])
        groups.append((_("Gemeinden mit %(size)s") % {"size": label},
                       [p for p in ranked if p.size == place.size]))  # fmt: skip
    found = []
    for number, (label, members) in enumerate(groups):
        if number == 1 and alliance.area.level != AreaLevel.STATE:
            # The alliance holds only some of the Land's municipalities: the Land's own value.
            found.append(Benchmark(label, _stored(land, indicator, year, per_1000), 0, 0))
            continue
        value, reporting = _group_value(members, weights, indicator, per_1000, year_values)
        found.append(Benchmark(label, value, reporting, len(members)))
    return found


def _stored(area: Area | None, indicator: Indicator, year: int, per_1000: bool) -> float | None:
    """A value recorded for ``area`` (per 1,000 inhabitants of the same year if asked)."""
    if area is None:
        return None
    rows = Observation.objects.filter(SHOWN, area=area, year=year)
    values = dict(rows.filter(indicator__key__in=[indicator.key, "population"]).values_list(
        "indicator__key", "value"))  # fmt: skip
    value = values.get(indicator.key)
    return _per_1000(value, values.get("population")) if per_1000 else value


# --- roll-up for the action concept's goals of a region ---------------------------------------


@dataclass(frozen=True)
class Summed:
    """A count of an area above the municipalities summed from those that report it."""

    value: float
    reporting: int
    municipalities: int


Own = dict[tuple[str, int], dict[int, tuple[float, str]]]
Sums = dict[tuple[str, int], dict[int, Summed]]


def goal_values(keys: Iterable[tuple[str, int]]) -> tuple[Own, Sums]:
    """For (indicator key, area id) pairs: the area's own observations (year → (value,
    source), as ``observed_values``) and, for a count indicator (summed when rolled up) of an
    area with municipalities one or two levels below it (a Kreis, a Land), year → the sum of
    those municipalities with how many report.

    Three indexed lookups (the municipalities below the areas, the areas' own observations,
    theirs only where there are some): one query over "own or below" could use no index and
    read every observation (15 ms on PostgreSQL for a city's concept, on every visit)."""
    wanted = {(key, area_id) for key, area_id in keys if key and area_id}
    own: Own = {}
    if not wanted:
        return own, {}
    ids = {a for _k, a in wanted}
    indicators = {k for k, _a in wanted}
    above_of = _municipalities_below(ids)
    # unordered: the model's order would join the areas only to sort
    rows = Observation.objects.filter(SHOWN, indicator__key__in=indicators).order_by()
    columns = ("indicator__key", "area_id", "year", "value", "source")
    for key, area, year, value, source in rows.filter(area_id__in=ids).values_list(*columns):
        if (key, area) in wanted:
            own.setdefault((key, area), {})[year] = (value, source)
    if not above_of:
        return own, {}
    found: dict[tuple[str, int], dict[int, list[float]]] = {}
    counted = rows.filter(indicator__aggregation=RuleKind.SUM, area_id__in=above_of)
    for key, area, year, value, _source in counted.values_list(*columns):
        for above in above_of[area]:
            if (key, above) in wanted:
                found.setdefault((key, above), {}).setdefault(year, []).append(value)
    counts = Counter(a for aboves in above_of.values() for a in aboves)
    summed = {
        (key, a): {y: Summed(sum(v), len(v), counts[a]) for y, v in years.items()}
        for (key, a), years in found.items()
    }
    return own, summed


def _municipalities_below(ids: set[int]) -> dict[int, set[int]]:
    """Municipality → the areas of ``ids`` it lies one or two levels below."""
    return {
        place: {parent, grand} & ids
        for place, parent, grand in Area.objects.filter(level=AreaLevel.MUNICIPALITY)
        .filter(Q(parent_id__in=ids) | Q(parent__parent_id__in=ids))
        .values_list("pk", "parent_id", "parent__parent_id")
    }
