"""Helpers the monitoring services share: the indicators an alliance may write by key, and when
two values count as equal (so that writing the same value again changes nothing)."""

from __future__ import annotations

import math

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.services.indicators import indicators_for


def _catalogue(alliance: Alliance) -> dict[str, Indicator]:
    """The common catalogue and the alliance's own indicators by key: another alliance's own
    indicator is unknown here, so no import or entry can write values for it."""
    return {indicator.key: indicator for indicator in indicators_for(alliance)}


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
