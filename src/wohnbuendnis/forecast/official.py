"""The alliance's own forecast beside an official projection on the run page (read-only):
the city total of the chosen scenario and the projection's totals per common year, the
difference absolute and in % (``analytics.forecast.official``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from wohnbuendnis.forecast import charts
from wohnbuendnis.forecast.engine import compare
from wohnbuendnis.forecast.models import CITY, ForecastRun, ProjectionComparison
from wohnbuendnis.forecast.queries import Selection


def comparison_context(run: ForecastRun, sel: Selection, params: Any) -> dict[str, Any] | None:
    """The comparison with the projection ``?amtlich=<pk>`` (default the latest import) for
    the whole area of the run; None when the alliance has imported none."""
    projections = list(run.alliance.official_projections.all())
    if not projections:
        return None
    wanted = str(params.get("amtlich", ""))
    chosen = next((p for p in projections if str(p.pk) == wanted), projections[0])
    own = list(
        run.rows.filter(scenario=sel.scenario, area_key=CITY)
        .order_by("year")
        .values_list("year", "population")
    )
    result = compare(
        np.array([y for y, _p in own]),
        np.array([p for _y, p in own]),
        np.array([y for y, _p in chosen.values]),
        np.array([p for _y, p in chosen.values]),
        as_index=chosen.comparison == ProjectionComparison.INDEX,
    )
    rows = [
        {
            "year": int(year),
            "own": float(result.own[i]),
            "official": float(result.official[i]),
            "difference": float(result.difference[i]),
            "percent": None if np.isnan(result.percent[i]) else float(result.percent[i]),
        }
        for i, year in enumerate(result.years)
    ]
    own_label = f"Eigene Prognose ({sel.scenario})"
    series = [{"Reihe": own_label, "Jahr": r["year"], "Anzahl": r["own"]} for r in rows] + [
        {"Reihe": chosen.title, "Jahr": r["year"], "Anzahl": r["official"]} for r in rows
    ]
    chart = charts.need_and_stock(
        series,
        f"Eigene Prognose und {chosen.title}, {run.inputs.area.name}",
        "Einwohnerinnen und Einwohner",
    )
    return {
        "projections": projections,
        "chosen": chosen,
        "rows": rows,
        "chart": chart,
        "factor": result.factor,
        "as_index": chosen.comparison == ProjectionComparison.INDEX,
    }
