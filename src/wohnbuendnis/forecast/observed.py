"""The forecast's base year against the monitoring: one source of truth for the alliance's
picture. Per district and for the city, the base population, households and dwelling stock of
a run beside the monitoring's observations of the base year, with the difference in per cent;
the run page warns when a difference exceeds :data:`TOLERANCE`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wohnbuendnis.forecast.models import CITY, ForecastRun
from wohnbuendnis.monitoring.queries import observed_values

TOLERANCE = 0.5  # per cent
# monitoring indicator → (ResultRow field, label)
MEASURES = {
    "population": ("population", _("Einwohner")),
    "households": ("households", _("Haushalte")),
    "dwellings": ("stock", _("Wohnungen")),
}


@dataclass
class BaseCheck:
    area: str
    measure: str
    forecast: float
    observed: float

    @property
    def difference(self) -> float:
        """Forecast base − monitoring, in % of the monitoring's value."""
        return 100.0 * (self.forecast - self.observed) / self.observed

    @property
    def off(self) -> bool:
        return abs(self.difference) > TOLERANCE


def base_checks(run: ForecastRun) -> list[BaseCheck]:
    """Every comparable (area, measure) of the run's base year, the city first; areas or
    measures the monitoring has no value for are left out."""
    city = run.inputs.area
    areas = {CITY: city} | {a.key: a for a in city.children.all()}
    year = run.inputs.base_year
    first = run.rows.filter(year=year).order_by("scenario").values_list("scenario", flat=True)
    scenario = first.first()
    if scenario is None:
        return []
    rows = {r.area_key: r for r in run.rows.filter(year=year, scenario=scenario)}
    keys = [(indicator, area.pk) for indicator in MEASURES for area in areas.values()]
    observed = observed_values(keys)
    checks = []
    for key in sorted(rows, key=lambda k: (k != CITY, k)):
        if key not in areas:
            continue
        for indicator, (field, label) in MEASURES.items():
            value = observed.get((indicator, areas[key].pk), {}).get(year)
            forecast = getattr(rows[key], field)
            if value and forecast is not None:
                checks.append(BaseCheck(areas[key].name, str(label), forecast, value[0]))
    return checks
