"""Number formatting of the monitoring pages: the indicator's decimals, German grouping."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def number(value, decimals=1):
    """``1234.5|number:1`` → "1.234,5" in German; empty for a missing value."""
    if value is None or value == "":
        return "–"
    return floatformat(value, f"{int(decimals)}g")


@register.filter
def signed(value, decimals=1):
    """A change with its sign: "+1,2", "−0,4"."""
    if value is None:
        return "–"
    text = floatformat(abs(value), f"{int(decimals)}g")
    return ("+" if value > 0 else "−" if value < 0 else "±") + text
