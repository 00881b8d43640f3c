"""Number formatting of the monitoring pages: the indicator's decimals, the active language's
separators (German: "1.234,5")."""

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats, translation

from wohnbuendnis.monitoring.engine import MAX_MAGNITUDE

register = template.Library()
_STEPS = {d: Decimal(1).scaleb(-d) for d in range(10)}


def _grouped(value: float, decimals: int) -> str:
    """``value`` rounded to ``decimals`` with thousands grouping in the active language.

    Plain string formatting: the dashboard shows some 2,000 numbers, and ``floatformat`` (via
    ``Decimal``) took a third of its server time."""
    separators = _separators(translation.get_language())
    # Half up on the shortest decimal representation, as floatformat rounds (12.25 → 12,3).
    rounded = Decimal(repr(value)).quantize(_STEPS[decimals], ROUND_HALF_UP) + 0
    return f"{rounded:,.{decimals}f}".translate(separators)


@functools.lru_cache(maxsize=16)
def _separators(language: str | None) -> dict[int, str]:
    return {
        ord(","): formats.get_format("THOUSAND_SEPARATOR", language),
        ord("."): formats.get_format("DECIMAL_SEPARATOR", language),
    }


def _shown(value) -> bool:
    """False for a stored value no page can show (NaN, infinite, 1e308): shown as missing."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE
    return True


@register.filter
def number(value, decimals=1):
    """``1234.5|number:1`` → "1.234,5" in German; "–" for a missing value."""
    if value is None or value == "" or not _shown(value):
        return "–"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _grouped(float(value), int(decimals))
    return floatformat(value, f"{int(decimals)}g")


@register.filter
def signed(value, decimals=1):
    """A change with its sign: "+1,2", "−0,4"."""
    if value is None or not _shown(value):
        return "–"
    text = _grouped(abs(float(value)), int(decimals))
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@register.filter
def index_class(key):
    """A class of the social monitoring's index (``sehr_niedrig``) as people read it."""
    from wohnbuendnis.monitoring.queries.pages import class_label

    return class_label(key)
