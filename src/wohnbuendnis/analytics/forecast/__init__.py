"""Population, household and housing-demand projection (contract: ../shared/spec/forecast.md).

Public API::

    from wohnbuendnis.analytics.forecast import read_inputs, project
    inputs = read_inputs("input-folder")
    result = project(inputs, scenario="mittel", draws=0, seed=0, scheduler=None)
    result.population  # polars DataFrame
    result.write("out-folder")
"""

from wohnbuendnis.analytics.forecast.engine import project
from wohnbuendnis.analytics.forecast.model import ForecastInputs
from wohnbuendnis.analytics.forecast.result import ForecastResult
from wohnbuendnis.analytics.io.forecast_inputs import read_inputs

__all__ = ["ForecastInputs", "ForecastResult", "project", "read_inputs"]
