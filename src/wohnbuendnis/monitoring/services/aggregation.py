"""Aggregation up the area hierarchy: values of higher areas computed from their sub-areas
by each indicator's rule, added only where nobody recorded one."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import AreaLevel
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.monitoring.engine import aggregate_observations
from wohnbuendnis.monitoring.models import Observation
from wohnbuendnis.monitoring.queries import alliance_areas, forget_barometer, observation_frame
from wohnbuendnis.monitoring.services.shared import _catalogue

OFFICIAL_LEVELS = frozenset({AreaLevel.STATE, AreaLevel.REGION, AreaLevel.MUNICIPALITY})


@transaction.atomic
def aggregate_up(alliance: Alliance, user=None) -> int:
    """Fill the values of the alliance's higher areas from their sub-areas by each indicator's
    aggregation rule, where no value was recorded; returns how many were added."""
    areas = alliance_areas(alliance)
    by_pk = {a.pk: a for a in areas.values()}
    parent_of = {a.key: by_pk[a.parent_id].key for a in areas.values() if a.parent_id in by_pk}
    frame = observation_frame([a.pk for a in areas.values()])
    official = {a.key for a in areas.values() if a.level in OFFICIAL_LEVELS}
    parent_of = _with_data_below(parent_of, set(frame["area"].unique()), official)
    catalogue = _catalogue(alliance)
    rules = {key: indicator.rule() for key, indicator in catalogue.items()}
    derived = aggregate_observations(frame, parent_of, rules)
    known = set(frame.select("indicator", "area", "year").iter_rows())
    new = [
        Observation(
            indicator=catalogue[i],
            area=areas[a],
            year=y,
            value=v,
            source=in_site_language(gettext_noop("aus Teilgebieten berechnet")),
            recorded_by=user,
        )
        for i, a, y, v in derived.iter_rows()
        if (i, a, y) not in known
    ]
    Observation.objects.bulk_create(new, batch_size=2000)
    forget_barometer()
    return len(new)


def _with_data_below(
    parent_of: Mapping[str, str], with_data: set[str], official: set[str] = frozenset()
) -> dict[str, str]:
    """The hierarchy without areas that have no data at or below them (e.g. quarters nobody
    reports), so that the areas with data are the leaves. A municipality (Kreis, Land) is
    never left out: a region whose municipality reports nothing gets no total (its partial
    sum is shown with its coverage, see ``queries.regional``)."""
    keep: set[str] = set()
    for key in with_data | (official & set(parent_of)):
        node = key
        while node in parent_of and node not in keep:
            keep.add(node)
            node = parent_of[node]
    return {child: parent for child, parent in parent_of.items() if child in keep}
