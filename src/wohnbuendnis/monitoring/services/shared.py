"""Helpers the monitoring services share: the indicator catalogue by key, and when two
values count as equal (so that writing the same value again changes nothing)."""

from __future__ import annotations

import math

from wohnbuendnis.monitoring.models import Indicator


def _catalogue() -> dict[str, Indicator]:
    return {indicator.key: indicator for indicator in Indicator.objects.all()}


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
