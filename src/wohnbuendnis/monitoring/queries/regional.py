"""The municipalities of a regional or state alliance rolled up to the Kreis and the Land
(issue 15, item 3): counts summed, rates population-weighted, each value with the share of
municipalities reporting. Read-only; the same aggregation rules as ``services.aggregate_up``,
which stores only the totals every municipality reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring.engine import aggregate_observations
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.queries import alliance_areas, observation_frame


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
