"""The alliance's own indicators: defined by an alliance for its goals, next to the catalogue
(the catalogue's entries have no alliance; they are edited with ``settings.update_indicator``).

An own indicator's key is unique among all indicators, so a goal, an observation or an import
names it as plainly as a catalogue entry; once created, the key stays (goals refer to it).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.monitoring import catalogue
from wohnbuendnis.monitoring.models import Aggregation, Indicator, Topic

# What an own indicator's definition may set (the ratio aggregation needs a numerator and a
# denominator of the catalogue and is left to the catalogue).
OWN_FIELDS = ("name", "topic", "definition", "unit", "source", "direction", "aggregation",
              "reading_aid")  # fmt: skip
OWN_AGGREGATIONS = (Aggregation.SUM, Aggregation.WEIGHTED_MEAN, Aggregation.NONE)


@transaction.atomic
def ensure_catalogue() -> int:
    """Create the entries of the common catalogue that are missing; returns how many.

    The data migrations seed the catalogue, but a database emptied since (``manage flush``,
    a restore of only the alliance data) has lost it although it counts as migrated; then a
    goal could choose no indicator. ``wohnbuendnis init`` calls this after migrating."""
    return catalogue.seed(Indicator)


def indicators_for(alliance: Alliance):
    """The indicators an alliance may choose for a goal: the catalogue and its own."""
    return Indicator.objects.filter(Q(alliance__isnull=True) | Q(alliance=alliance))


def _check(indicator: Indicator) -> None:
    for name in ("name", "definition", "unit", "reading_aid"):
        setattr(indicator, name, (getattr(indicator, name) or "").strip())
    if not (indicator.name and indicator.definition and indicator.unit and indicator.reading_aid):
        raise ValidationError(
            _("Ein Indikator braucht Name, Definition, Einheit und eine Lesehilfe.")
        )
    if indicator.topic not in Topic.values:
        raise ValidationError(_("Bitte wählen Sie ein Themenfeld."))
    if indicator.aggregation not in OWN_AGGREGATIONS:
        raise ValidationError(
            _("Ein eigener Indikator wird summiert, gewichtet gemittelt oder nicht aggregiert.")
        )
    indicator.full_clean(exclude=["alliance"])


@transaction.atomic
def create_own_indicator(alliance: Alliance, key: str, **fields) -> Indicator:
    """Define an indicator of the alliance; refused if its key is taken (by the catalogue or
    any alliance)."""
    key = slugify(key).replace("-", "_")
    if not key:
        raise ValidationError(_("Bitte geben Sie einen Schlüssel an (Buchstaben, Ziffern, _)."))
    if Indicator.objects.filter(key=key).exists():
        raise ValidationError(
            _("Den Schlüssel „%(key)s“ trägt schon ein anderer Indikator.") % {"key": key}
        )
    unknown = set(fields) - set(OWN_FIELDS)
    if unknown:
        raise ValueError(f"not settable: {sorted(unknown)}")
    fields.setdefault("source", "")
    if not fields["source"].strip():
        fields["source"] = in_site_language(
            gettext_noop("festgelegt vom Bündnis %(name)s"), name=alliance.name
        )
    indicator = Indicator(alliance=alliance, key=key, position=1000, **fields)
    _check(indicator)
    indicator.save()
    return indicator


@transaction.atomic
def update_own_indicator(indicator: Indicator, **fields) -> Indicator:
    """Change an own indicator's texts, unit, direction or aggregation (the key stays)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.alliance_id is None:
        raise ValidationError(_("Indikatoren des Katalogs werden im Monitoring gepflegt."))
    unknown = set(fields) - set(OWN_FIELDS)
    if unknown:
        raise ValueError(f"not settable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(indicator, name, value)
    _check(indicator)
    indicator.save()
    return indicator
