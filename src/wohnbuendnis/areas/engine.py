"""The areas' one adapter to ``analytics``: the reader of district and quarter tables."""

from wohnbuendnis.analytics.io.area_tables import AreaRow, parse_area_table
from wohnbuendnis.analytics.io.errors import InputError

__all__ = ["AreaRow", "InputError", "parse_area_table"]
