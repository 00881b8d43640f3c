"""Adapter between the register (database rows) and the pure engine ``analytics.allocation``."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    CostCoverageStatus,
    Flat,
    Household,
    HouseholdCriterion,
    PriorityScheme,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.analytics import allocation as engine
from wohnbuendnis.analytics.allocation import (
    IncomeLimits,
    Nomination,
    OccupancyRules,
    Preference,
    Scheme,
    SizeRules,
    audit,
    is_eligible,
    optimal,
    scheme_hash,
    segregation,  # the places page and statistics
    shortlist,
)
from wohnbuendnis.analytics.allocation.eligibility import (
    MAX_AREA,
    MIN_AREA,
    MIN_ROOMS,
    base_rules_hold,
    fit_checks,
)
from wohnbuendnis.analytics.allocation.places import (  # N nominees per flat
    deferred_acceptance_nominations,
    optimal_nominations,
)
from wohnbuendnis.analytics.allocation.ranking import Band, RankChange, bands, rank_changes
from wohnbuendnis.analytics.io import allocation_scheme as scheme_file  # limits of the forms
from wohnbuendnis.analytics.io import register_file  # the register import's reader
from wohnbuendnis.analytics.io.allocation_scheme import format_scheme, parse_scheme
from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.lib import input_errors


def parse(toml: str) -> engine.Scheme:
    """The scheme of a TOML text; invalid rules become a ValidationError with the position."""
    try:
        return parse_scheme(toml, _("Prioritätenliste"))
    except InputError as error:
        raise ValidationError(
            _("Die Regeln sind ungültig: %(error)s") % {"error": input_errors.message(error)}
        ) from None
    except ValueError as error:
        raise ValidationError(_("Die Regeln sind ungültig: %(error)s") % {"error": error}) from None


def current_scheme(alliance: Alliance) -> PriorityScheme | None:
    return PriorityScheme.objects.filter(alliance=alliance).order_by("-version").first()


def scheme_on(version: PriorityScheme, reference_date: datetime.date) -> engine.Scheme:
    """The stored version with the day on which the entitlement must be valid."""
    return dataclasses.replace(parse(version.toml), reference_date=reference_date)


def checked_criteria(households: Iterable[int]) -> dict[int, frozenset[str]]:
    """Criteria the housing office has checked and confirmed, per household id (unchecked or
    unconfirmed ones give 0)."""
    found: dict[int, set[str]] = defaultdict(set)
    rows = HouseholdCriterion.objects.filter(
        household__in=households, checked_at__isnull=False, confirmed=True
    )
    for household_id, criterion in rows.values_list("household_id", "criterion"):
        found[household_id].add(criterion)
    return {key: frozenset(value) for key, value in found.items()}


def rent_caps(households: Iterable[int], on: datetime.date) -> dict[int, Decimal]:
    """Monthly caps of approved cost-coverage cases valid on ``on`` (the highest one)."""
    caps: dict[int, Decimal] = {}
    rows = CostCoverageCase.objects.filter(
        household__in=households, status=CostCoverageStatus.APPROVED, valid_until__gte=on
    ).values_list("household_id", "monthly_cap_eur")
    for household_id, cap in rows:
        caps[household_id] = max(cap, caps.get(household_id, cap))
    return caps


def to_household(
    row: Household, criteria: frozenset[str], rent_cap: Decimal | None
) -> engine.Household:
    return engine.Household(
        household_id=str(row.pk),
        registered_on=row.registered_on,
        persons=row.persons,
        children=row.children,
        income_eur=row.income_eur,
        entitlement_valid_until=row.entitlement_valid_until,
        rent_cap_eur=rent_cap,
        needs_step_free=row.needs_step_free or row.needs_wheelchair,
        needs_wheelchair=row.needs_wheelchair,
        criteria=criteria,
    )


def to_flat(flat: Flat, available_from: datetime.date, flat_id: str) -> engine.Flat:
    return engine.Flat(
        flat_id=flat_id,
        landlord_id=str(flat.landlord_id),
        rooms=flat.rooms,
        area_m2=flat.area_m2,
        rent_gross_eur=flat.rent_gross_eur,
        step_free=flat.step_free or flat.wheelchair,
        wheelchair=flat.wheelchair,
        funding_path=flat.funding_path,
        available_from=available_from,
    )


def points_of(criteria: frozenset[str], scheme: engine.Scheme) -> int:
    """Urgency points as the engine computes them (never typed in)."""
    probe = engine.Household("probe", datetime.date.min, 1, 0, Decimal(0), None, None)
    return engine.points(dataclasses.replace(probe, criteria=criteria), scheme)


def needs_exception(household: Household, vacancy: Vacancy, day: datetime.date) -> bool:
    """The flat meets every rule for the household except the approved rent cap (rule 5)."""
    version = current_scheme(household.alliance)
    if version is None or vacancy.flat.alliance_id != household.alliance_id:
        return False
    reference = max(day, vacancy.available_from)
    cap = rent_caps([household.pk], reference).get(household.pk)
    if cap is None or vacancy.flat.rent_gross_eur <= cap:
        return False
    row = to_household(
        household, checked_criteria([household.pk]).get(household.pk, frozenset()), cap
    )
    flat = to_flat(vacancy.flat, vacancy.available_from, str(vacancy.pk))
    return base_rules_hold(row, flat, scheme_on(version, reference))


def exception_vacancies(household: Household, day: datetime.date) -> list[Vacancy]:
    """Open vacancies above the household's approved cap that it would otherwise be eligible
    for: shown as "Kostenübernahme-Ausnahme nötig"."""
    rows = Vacancy.objects.filter(
        flat__alliance_id=household.alliance_id,
        status__in=(VacancyStatus.REPORTED, VacancyStatus.NOMINATED),
    ).select_related("flat", "flat__landlord")
    return [v for v in rows.order_by("available_from", "pk") if needs_exception(household, v, day)]


# --- fit of household and flat (rule 3: size limit and occupancy rules) ------------------------

LARGEST_HOUSEHOLD = 20  # the register's plausible range (check_household)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def fit_lines(scheme: engine.Scheme, persons: int, flat: Flat) -> list[str]:
    """What rule 3 checked for a household of ``persons`` in ``flat``, one German line per
    rule of the priority list (largest area, and the occupancy rules where it has them)."""
    probe = to_flat(flat, datetime.date.min, "probe")
    rules = scheme.occupancy_rules
    lines = []
    for check in fit_checks(persons, probe, scheme):
        values = {
            "actual": _number(check.actual), "limit": _number(check.limit), "persons": persons,
        }  # fmt: skip
        if check.rule == MAX_AREA:
            text = _("Wohnfläche %(actual)s m², höchstens %(limit)s m² für %(persons)s Personen")
        elif check.rule == MIN_ROOMS:
            values["k"] = rules.rooms_at_least_persons_minus if rules else 0
            text = _(
                "%(actual)s Zimmer, mindestens %(limit)s für %(persons)s Personen "
                "(Personen minus %(k)s)"
            )
        else:
            assert check.rule == MIN_AREA
            values["per"] = (
                _number(rules.min_m2_per_person) if rules and rules.min_m2_per_person else ""
            )
            text = _(
                "Wohnfläche %(actual)s m², mindestens %(limit)s m² für %(persons)s Personen "
                "(%(per)s m² je Person)"
            )
        mark = _("erfüllt") if check.holds else _("nicht erfüllt")
        lines.append(f"{text % values}: {mark}")
    return lines


def fitting_sizes(scheme: engine.Scheme, flat: Flat) -> tuple[int, int] | None:
    """The smallest and largest household (persons) that rule 3 lets into ``flat``."""
    probe = to_flat(flat, datetime.date.min, "probe")
    sizes = [
        p
        for p in range(1, LARGEST_HOUSEHOLD + 1)
        if all(check.holds for check in fit_checks(p, probe, scheme))
    ]
    return (sizes[0], sizes[-1]) if sizes else None


def example_scheme() -> str:
    """The example priority list that ships with the engine (the demo's rules, a template)."""
    return (Path(engine.__file__).parent / "example_scheme.toml").read_text("utf-8")


__all__ = [
    "Band",
    "Code",
    "IncomeLimits",
    "InputError",
    "Nomination",
    "OccupancyRules",
    "Preference",
    "RankChange",
    "Scheme",
    "SizeRules",
    "audit",
    "bands",
    "deferred_acceptance_nominations",
    "format_scheme",
    "is_eligible",
    "optimal",
    "optimal_nominations",
    "rank_changes",
    "register_file",
    "scheme_file",
    "scheme_hash",
    "segregation",
    "shortlist",
]
