"""Plausible values at the boundary: the ranges that every entry point (form, service, import)
checks, so a typo (a meeting in the year 9999, a flat of −50 m²) never reaches the database."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

YEARS_AROUND_TODAY = 10


def date_window(years: int = YEARS_AROUND_TODAY) -> tuple[datetime.date, datetime.date]:
    """The dates from ``years`` years before today to ``years`` years after (29 Feb → 28)."""
    today = timezone.localdate()
    day = min(today.day, 28) if today.month == 2 else today.day
    return today.replace(year=today.year - years, day=day), today.replace(
        year=today.year + years, day=day
    )


def check_date_near_today(
    value: datetime.date | datetime.datetime, label: str, years: int = YEARS_AROUND_TODAY
) -> None:
    """Refuse a date more than ``years`` years from today (``label`` names the field)."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    first, last = date_window(years)
    if not first <= day <= last:
        raise ValidationError(
            _("%(label)s muss zwischen dem %(first)s und dem %(last)s liegen.")
            % {"label": label, "first": f"{first:%d.%m.%Y}", "last": f"{last:%d.%m.%Y}"}
        )


def check_range(
    value: int | float | Decimal | None, label: str, minimum: int | Decimal,
    maximum: int | Decimal,
) -> None:  # fmt: skip
    """Refuse a missing, infinite or NaN number or one outside [minimum, maximum]."""
    finite = value is not None and (
        value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    )
    if not finite or not minimum <= value <= maximum:
        raise ValidationError(
            _("%(label)s muss zwischen %(min)s und %(max)s liegen.")
            % {"label": label, "min": _number(minimum), "max": _number(maximum)}
        )


def _number(value: int | Decimal) -> str:
    """German digits: 1.000.000 and 0,5."""
    return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")


def check_all(*checks) -> None:
    """Run ``(field, check, args…)`` tuples; raise one ValidationError keyed by field, so a
    form shows every message at its field."""
    errors: dict[str, list[ValidationError]] = {}
    for field, check, *args in checks:
        try:
            check(*args)
        except ValidationError as error:
            errors.setdefault(field, []).append(error)
    if errors:
        raise ValidationError(errors)
