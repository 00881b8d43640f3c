"""The monitoring as the run's base year: one source of truth for barometer and forecast.

The monitoring holds totals per area and year (``population``, ``households``, ``dwellings``);
a run with ``base_source = monitoring`` keeps the input folder's structure by sex and single age
and takes those totals for the forecast areas whose key is a sub-area of the input's area
(``analytics.forecast.rebase``): the base year and the observed years of the back-test. The
forecast reads the monitoring, never the other way round."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast.engine import ForecastInputs, with_observed_totals
from wohnbuendnis.monitoring.queries import observed_values

KEYS = ("population", "households", "dwellings")


def _series(observed: dict, key: str, ids: list[int], year: int) -> np.ndarray:
    return np.array(
        [observed.get((key, pk), {}).get(year, (np.nan, ""))[0] for pk in ids], dtype=float
    )


def with_monitoring_base(inputs: ForecastInputs, area: Area) -> ForecastInputs:
    """``inputs`` with the monitoring's totals of the base year (and of the observed years);
    refused when the monitoring has no population of the base year for any forecast area."""
    by_key = dict(Area.objects.filter(parent=area, key__in=inputs.areas).values_list("key", "pk"))
    ids = [by_key.get(key, 0) for key in inputs.areas]
    observed = observed_values((key, pk) for pk in ids if pk for key in KEYS)
    base = _series(observed, "population", ids, inputs.base_year)
    if not np.isfinite(base).any():
        raise ValidationError(
            _(
                "Das Monitoring hat für %(year)s keine Einwohnerzahlen der Gebiete dieser "
                "Eingangsdaten; bitte zuerst die Einwohner je Gebiet importieren oder die "
                "Eingangsdaten unverändert verwenden."
            )
            % {"year": inputs.base_year}
        )
    years = [inputs.base_year, *inputs.observed]
    population = {year: _series(observed, "population", ids, year) for year in years}
    return with_observed_totals(
        inputs,
        population,
        _series(observed, "households", ids, inputs.base_year),
        _series(observed, "dwellings", ids, inputs.base_year),
    )
