"""The monitoring's one adapter to ``analytics``: every name the monitoring takes from the pure
core comes through here (import-linter refuses the other modules a direct import).

``city_tables`` holds the registry of the city and census readers (it needs the monitoring's
models, so it is imported as ``monitoring.engine.city_tables`` and not from here: the models
themselves take the aggregation rule from this module).
"""

from wohnbuendnis.analytics.io.city_tables import Municipality, normalise_name
from wohnbuendnis.analytics.io.csv_checks import MAX_MAGNITUDE
from wohnbuendnis.analytics.io.errors import Code, InputError, english
from wohnbuendnis.analytics.io.genesis_regional import (
    REGIONAL_TABLES,
    parse_regional_columns,
    parse_regional_table,
    regional_table_code,
)
from wohnbuendnis.analytics.io.geojson import parse_boundaries
from wohnbuendnis.analytics.io.observations import parse_observations
from wohnbuendnis.analytics.io.office_observations import GERMAN_HEADERS, office_observations
from wohnbuendnis.analytics.monitoring import (
    AggregationRule,
    IndexConfig,
    RuleKind,
    aggregate_observations,
    compare_editions,
    compute_index,
)

__all__ = [
    "GERMAN_HEADERS",
    "MAX_MAGNITUDE",
    "REGIONAL_TABLES",
    "AggregationRule",
    "Code",
    "IndexConfig",
    "InputError",
    "Municipality",
    "RuleKind",
    "aggregate_observations",
    "compare_editions",
    "compute_index",
    "english",
    "normalise_name",
    "office_observations",
    "parse_boundaries",
    "parse_observations",
    "parse_regional_columns",
    "parse_regional_table",
    "regional_table_code",
]
