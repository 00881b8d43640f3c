"""The allocation's figures for the monitoring: placements and emergency cases housed per
district and for the alliance's area, written as observations with the register as their
source (``queries.place_figures``; only aggregates, small counts suppressed).

The monitoring indicators (``monitoring.catalogue``, topic "Geförderter Wohnungsbau"):

- ``allocation_placements``: households housed through an accepted nomination in the year;
- ``emergency_cases_housed``: emergency cases (a checked and confirmed priority-list
  criterion that marks a Wohnungsnotfall, ``queries.EMERGENCY_CRITERIA``) housed in the year;
- ``days_to_housing``: their median days from registration to housing (the day the status
  became "versorgt");
- ``emergency_housed_within_target``: the share of them housed within
  ``queries.EMERGENCY_TARGET_DAYS`` days, in per cent.

A count of 1–4 households is not written, nor a median or a share of fewer than 5 cases (as
the yearly statistics show them). Writing the same figures again changes nothing; a changed
figure is a correction with a revision naming the source (the monitoring's history).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import queries
from wohnbuendnis.allocation.models import district_choices
from wohnbuendnis.monitoring import services as monitoring
from wohnbuendnis.monitoring.catalogue import ALLOCATION

PLACEMENTS = "allocation_placements"
EMERGENCY_HOUSED = "emergency_cases_housed"
EMERGENCY_DAYS = "days_to_housing"
EMERGENCY_WITHIN = "emergency_housed_within_target"
KEYS = (PLACEMENTS, EMERGENCY_HOUSED, EMERGENCY_DAYS, EMERGENCY_WITHIN)


def indicator_values(figures: queries.DistrictYear, year: int) -> dict[tuple[str, int], float]:
    """The observations of one area and year (suppressed figures left out)."""
    values: dict[tuple[str, int], float] = {}
    if not figures.placements_suppressed:
        values[(PLACEMENTS, year)] = figures.placements
    if not figures.emergency_suppressed:
        values[(EMERGENCY_HOUSED, year)] = figures.emergency_housed
    if figures.emergency_median is not None:
        values[(EMERGENCY_DAYS, year)] = figures.emergency_median
    if figures.emergency_share is not None:
        values[(EMERGENCY_WITHIN, year)] = round(100 * figures.emergency_share, 1)
    return values


@transaction.atomic
def publish_indicators(alliance: Alliance, year: int, by=None) -> monitoring.Recorded:
    """Write the allocation's figures of ``year`` for the alliance's area and each of its
    districts (see the module doc); idempotent."""
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError(_("Bitte wählen Sie ein Jahr bis zum laufenden."))
    figures = queries.place_figures(alliance)
    if (None, year) not in figures:
        raise ValidationError(
            _("Für %(year)s gibt es keine Vermittlungen und keine gemeldeten Wohnungen.")
            % {"year": year}
        )
    areas = [(alliance.area, figures[(None, year)])]
    areas += [
        (district, figures.get((district.pk, year), queries.DistrictYear()))
        for district in district_choices(alliance)
    ]
    done = [
        monitoring.record_observations(
            alliance, area, indicator_values(values, year), ALLOCATION, by
        )
        for area, values in areas
    ]
    return monitoring.Recorded(
        sum(d.created for d in done), sum(d.updated for d in done), sum(d.unchanged for d in done)
    )
