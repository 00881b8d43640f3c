"""The building projects of the action concept as a run's planned completions.

The concept writes its projects' dwellings per district into the monitoring (finished ones
as ``project_completions`` in their completion year, the others as ``planned_completions`` in
their expected year); a run can take those figures instead of the uploaded
``completions_plan.csv``. The forecast reads the monitoring, never the concept itself."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast.engine import ForecastInputs
from wohnbuendnis.monitoring.models import Observation
from wohnbuendnis.monitoring.queries import observed_values

# Monitoring indicators fed by the building projects (monitoring/catalogue.py).
PROJECT_KEYS = ("project_completions", "planned_completions")


def project_completions(inputs: ForecastInputs, area: Area) -> np.ndarray:
    """Dwellings of the building projects ``[forecast area, projected year]``: the sum of both
    indicators in the sub-area whose key is the forecast area's key."""
    years = np.arange(inputs.base_year + 1, inputs.horizon + 1)
    ids = dict(Area.objects.filter(parent=area, key__in=inputs.areas).values_list("key", "pk"))
    observed = observed_values((key, pk) for pk in ids.values() for key in PROJECT_KEYS)
    array = np.zeros((len(inputs.areas), len(years)))
    for row, key in enumerate(inputs.areas):
        for indicator in PROJECT_KEYS:
            for year, (value, _source) in observed.get((indicator, ids.get(key, 0)), {}).items():
                if years[0] <= year <= years[-1]:
                    array[row, year - years[0]] += value
    return array


def with_project_completions(inputs: ForecastInputs, area: Area) -> ForecastInputs:
    """``inputs`` with the building projects as the planned completions (replacing the
    uploaded plan); the stock and the other dwelling parameters stay those uploaded."""
    if inputs.dwellings is None:
        raise ValidationError(
            _(
                "Die Eingangsdaten enthalten keinen Wohnungsbestand (dwellings.csv); ohne ihn "
                "lassen sich die Bauvorhaben nicht als Fertigstellungen einrechnen."
            )
        )
    dwellings = replace(inputs.dwellings, completions=project_completions(inputs, area))
    return replace(inputs, dwellings=dwellings)


def has_project_figures(area: Area) -> bool:
    """Whether the concept has published building projects for sub-areas of ``area``."""
    children = Area.objects.filter(parent=area).values_list("pk", flat=True)
    return Observation.objects.filter(
        area_id__in=children, indicator__key__in=PROJECT_KEYS
    ).exists()
