"""Non-discrimination audit of landlord decisions and the yearly statistics: only aggregates,
small counts suppressed. (The reports' yearly allocation statistics read this module and
``charts`` only: nothing here returns a household, a name or a file number.)

Acceptance rate of a group = accepted / nominations the landlord decided on (accepted, declined
for a landlord-side reason, or released because the landlord chose another named household).
Declines for applicant-side reasons and expired deadlines do not count against the landlord.
Each group is compared with all other nominees of the same landlord (``engine.audit``):
flagged only where its rate is below 80 % of the others' rate (four-fifths rule, US EEOC
Uniform Guidelines, 29 CFR 1607.4 D) and Fisher's exact test, Holm-adjusted within the table,
is significant at 5 %. A cell with fewer than ``MIN_COUNT`` decisions (or with fewer
than ``MIN_COUNT`` other decisions) is shown as "< 5" or left uncompared and never flagged, so
that no individual can be singled out.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.engine import audit
from wohnbuendnis.allocation.models import (
    AUDIT_MEASURES,
    CLOSED_STATUSES,
    CostCoverageCase,
    DeclineReason,
    Household,
    HouseholdCriterion,
    HouseholdStatus,
    HouseholdType,
    NationalityGroup,
    Nomination,
    NominationStatus,
    RetainedMeasure,
    RetainedStatistic,
    Vacancy,
    VacancyStatus,
    district_choices,
)

MIN_COUNT = audit.MIN_COUNT
FOUR_FIFTHS = audit.FOUR_FIFTHS
SIGNIFICANCE = audit.ALPHA
YES, NO = "ja", "nein"
YES_NO = {YES: _("ja"), NO: _("nein")}


def _yes_no(value: bool) -> str:
    return YES if value else NO


# dimension key → (label, group of a row, labels of the groups); groups are strings so that
# the counts kept after anonymisation (RetainedStatistic.group) use the same keys.
DIMENSIONS: dict[str, tuple] = {
    "nationality": (_("Staatsangehörigkeit"), lambda r: r["household__nationality_group"],
                    dict(NationalityGroup.choices)),
    "household_type": (_("Haushaltsform"), lambda r: r["household__household_type"],
                       dict(HouseholdType.choices)),
    "disability": (_("Behinderung (Bedarf an Barrierefreiheit)"),
                   lambda r: _yes_no(r["household__needs_step_free"]
                                     or r["household__needs_wheelchair"]),
                   YES_NO),
    "single_parent": (_("alleinerziehend"),
                      lambda r: _yes_no(r["household__household_type"]
                                        == HouseholdType.SINGLE_PARENT),
                      YES_NO),
}  # fmt: skip

# (measure, year, landlord, dimension, group) → count
Counts = Counter[tuple[str, int, str, str, str]]


@dataclass
class Cell:
    label: str
    decided: int
    accepted: int
    ratio: float | None = None  # the group's rate / the rate of all other nominees
    other_rate: float | None = None  # acceptance rate of all other nominees of the landlord
    p_value: float | None = None  # Fisher's exact test, Holm-adjusted within the table
    flagged: bool = False  # ratio below four fifths and p_value below 5 %

    @property
    def suppressed(self) -> bool:
        return self.decided < MIN_COUNT

    @property
    def rate(self) -> float | None:
        return None if self.suppressed else self.accepted / self.decided

    @property
    def large(self) -> bool:
        """The difference is large: below four fifths of the others' rate."""
        return self.ratio is not None and self.ratio < FOUR_FIFTHS


@dataclass
class Table:
    landlord: str
    dimension: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(cell.flagged for cell in self.cells)


def decided_nominations(alliance: Alliance, households=None):
    """The nominations the audit counts: of live (not anonymised) cases, or of ``households``."""
    landlord_side = [c for c in DeclineReason.values if DeclineReason.side(c) == "landlord"]
    decided = Nomination.objects.filter(vacancy__flat__alliance=alliance).filter(
        Q(status__in=[NominationStatus.ACCEPTED, NominationStatus.RELEASED])
        | Q(status=NominationStatus.DECLINED, reason__in=landlord_side)
    )
    if households is None:
        return decided.filter(household__anonymised_at__isnull=True)
    return decided.filter(household__in=households)


def audit_counts(nominations) -> Counts:
    """Decisions and acceptances per year, landlord, dimension and group."""
    counts: Counts = Counter()
    rows = nominations.values(
        "status", "decided_at", "nominated_on", "vacancy__flat__landlord__name",
        "household__nationality_group", "household__household_type",
        "household__needs_step_free", "household__needs_wheelchair",
    )  # fmt: skip
    for row in rows:
        year = (row["decided_at"] or row["nominated_on"]).year
        landlord = row["vacancy__flat__landlord__name"]
        for dimension, (_label, group_of, _labels) in DIMENSIONS.items():
            key = (year, landlord, dimension, str(group_of(row)))
            counts[(RetainedMeasure.AUDIT_DECIDED, *key)] += 1
            if row["status"] == NominationStatus.ACCEPTED:
                counts[(RetainedMeasure.AUDIT_ACCEPTED, *key)] += 1
    return counts


def _retained(alliance: Alliance, measures) -> Counts:
    rows = RetainedStatistic.objects.filter(alliance=alliance, measure__in=measures)
    counts: Counts = Counter()
    for row in rows.values_list("measure", "year", "landlord", "dimension", "group", "value"):
        counts[row[:5]] += row[5]
    return counts


def _table(landlord: str, dimension: str, decided: Counter, accepted: Counter) -> Table:
    """Each group of the landlord against all its other nominees (see the module doc)."""
    labels = DIMENSIONS[dimension][2]
    groups = [g for g in labels if decided[g]]
    tests = audit.compare_groups({g: (accepted[g], decided[g]) for g in groups})
    cells = [
        Cell(
            str(labels[g]),
            decided[g],
            accepted[g],
            ratio=test.ratio,
            other_rate=test.other_rate,
            p_value=test.p_value,
            flagged=test.flagged,
        )
        for g, test in zip(groups, tests, strict=True)
    ]
    return Table(landlord, dimension, cells)


def acceptance_tables(alliance: Alliance, year: int | None = None) -> dict[str, list[Table]]:
    """Per dimension: one table overall (landlord "") and one per landlord; live cases and
    the counts kept from anonymised ones together; of the decisions of ``year`` (None: all)."""
    counts = audit_counts(decided_nominations(alliance)) + _retained(alliance, AUDIT_MEASURES)
    if year is not None:
        counts = Counter({key: n for key, n in counts.items() if key[1] == year})
    # (measure, landlord, dimension) → group → count, over all years; landlord "" = overall
    by: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for (measure, _year, landlord, dimension, group), n in counts.items():
        by[(measure, landlord, dimension)][group] += n
        by[(measure, "", dimension)][group] += n
    landlords = sorted({landlord for (_m, _y, landlord, _d, _g) in counts})
    decided, accepted = RetainedMeasure.AUDIT_DECIDED, RetainedMeasure.AUDIT_ACCEPTED
    return {
        dimension: [
            _table(name, dimension, by[(decided, name, dimension)], by[(accepted, name, dimension)])
            for name in ["", *landlords]
        ]
        for dimension in DIMENSIONS
    }


def closing_counts(households) -> Counts:
    """Housed and deregistered cases and the housed ones' waiting days, per year of closing."""
    counts: Counts = Counter()
    rows = households.filter(status__in=CLOSED_STATUSES).values_list(
        "status", "status_changed_at", "registered_on"
    )
    for status, closed_at, registered_on in rows:
        closed_on = timezone.localdate(closed_at)
        if status == HouseholdStatus.HOUSED:
            counts[(RetainedMeasure.HOUSED, closed_on.year, "", "", "")] += 1
            waiting = max(0, (closed_on - registered_on).days)
            counts[(RetainedMeasure.WAITING_DAYS, closed_on.year, "", "", "")] += waiting
        else:
            counts[(RetainedMeasure.DEREGISTERED, closed_on.year, "", "", "")] += 1
    return counts


def yearly_closings(alliance: Alliance) -> list[dict]:
    """Per year: households housed (with their mean waiting time in days) and deregistered,
    live cases and anonymised ones together. Counts below 5 are suppressed, and so is the
    mean of fewer than 5 housed households."""
    live = Household.objects.filter(alliance=alliance, anonymised_at__isnull=True)
    counts = closing_counts(live) + _retained(
        alliance,
        (RetainedMeasure.HOUSED, RetainedMeasure.WAITING_DAYS, RetainedMeasure.DEREGISTERED),
    )
    years: dict[int, Counter] = defaultdict(Counter)
    for (measure, year, *_rest), n in counts.items():
        years[year][measure] += n
    rows = []
    for year, c in sorted(years.items()):
        housed, waiting = c[RetainedMeasure.HOUSED], c[RetainedMeasure.WAITING_DAYS]
        rows.append(
            {"year": year, "housed": housed, "deregistered": c[RetainedMeasure.DEREGISTERED],
             "housed_suppressed": 0 < housed < MIN_COUNT,
             "deregistered_suppressed": 0 < c[RetainedMeasure.DEREGISTERED] < MIN_COUNT,
             "mean_waiting_days": round(waiting / housed) if housed >= MIN_COUNT else None}
        )  # fmt: skip
    return rows


def time_to_lease(alliance: Alliance, year: int | None = None) -> list[dict]:
    """Days from "free from" to lease, per landlord and overall (median and mean); of the
    flats let in ``year`` (None: all)."""
    let = Vacancy.objects.filter(flat__alliance=alliance, status=VacancyStatus.LET)
    if year is not None:
        let = let.filter(let_on__year=year)
    days: dict[str, list[int]] = defaultdict(list)
    for name, start, end in let.values_list("flat__landlord__name", "available_from", "let_on"):
        value = max(0, (end - start).days)
        days[name].append(value)
        days[""].append(value)
    return [_summary(name, values) for name, values in sorted(days.items())]


def _summary(name: str, values: list[int]) -> dict:
    shown = len(values) >= MIN_COUNT
    return {
        "landlord": name,
        "count": len(values),
        "median": statistics.median(values) if shown else None,
        "mean": round(statistics.fmean(values), 1) if shown else None,
    }


def declines_by_reason(alliance: Alliance, year: int | None = None) -> list[dict]:
    """Declines per coded reason (and side), overall or of the decisions of ``year`` (the
    year as the audit counts it: of the decision, else of the nomination); counts below 5 are
    suppressed."""
    rows = Nomination.objects.filter(
        vacancy__flat__alliance=alliance, status=NominationStatus.DECLINED
    ).values_list("reason", "decided_at", "nominated_on")
    counts = Counter(
        reason
        for reason, decided_at, nominated_on in rows
        if year is None or (decided_at or nominated_on).year == year
    )
    return [
        {"label": label, "side": DeclineReason.side(code), "count": counts[code],
         "suppressed": 0 < counts[code] < MIN_COUNT}
        for code, label in DeclineReason.choices
    ]  # fmt: skip


def dimension_label(dimension: str) -> str:
    label: Callable | str = DIMENSIONS[dimension][0]
    return str(label)


def flats_lost_to_late_cost_coverage(alliance: Alliance, year: int | None = None) -> list[dict]:
    """Flats lost because the cost-coverage decision came too late, per month.

    A cost-coverage request for a flat (an exception, or a request raised when the household
    was named for it) counts as lost when the flat went to another household or was withdrawn
    and the benefit office decided after the deadline that mattered, or not at all: the
    landlord's deadline for the household when the request was raised at its nomination
    (``landlord_deadline``), else the lease (or, for a withdrawn flat, the nomination
    deadline). A refusal in time is no loss. Each flat counts once, in the month of that
    deadline. Monthly counts below 5 are suppressed; the last row is the total (of the months
    of ``year`` when given).
    """
    cases = CostCoverageCase.objects.filter(
        household__alliance=alliance, vacancy__isnull=False,
        vacancy__status__in=(VacancyStatus.LET, VacancyStatus.WITHDRAWN),
    ).values_list("vacancy_id", "household_id", "decided_on", "landlord_deadline",
                  "vacancy__let_on", "vacancy__deadline")  # fmt: skip
    winners = set(
        Nomination.objects.filter(
            vacancy__flat__alliance=alliance, status=NominationStatus.ACCEPTED
        ).values_list("vacancy_id", "household_id")
    )
    lost: dict[int, datetime.date] = {}
    for vacancy, household, decided_on, landlord_deadline, let_on, deadline in cases:
        cutoff = landlord_deadline or let_on or deadline
        if cutoff is None or (vacancy, household) in winners:
            continue
        if decided_on is None or decided_on > cutoff:
            lost[vacancy] = min(cutoff, lost.get(vacancy, cutoff))
    months = Counter(f"{cutoff:%Y-%m}" for cutoff in lost.values() if year in (None, cutoff.year))
    rows = [
        {"month": month, "count": count, "suppressed": count < MIN_COUNT}
        for month, count in sorted(months.items())
    ]
    total = sum(months.values())
    rows.append({"month": "", "count": total, "suppressed": 0 < total < MIN_COUNT})
    return rows


# --- the yearly statistics (reports: ``allocation``) -------------------------------------------

# "Wohnungsnotfälle" (Deutscher Städtetag; BAG Wohnungslosenhilfe): households that are
# homeless, threatened with losing their home, or living in unacceptable conditions (here:
# domestic violence) – the criteria of the priority list that mark such a case, when the housing
# office has checked and confirmed them.
EMERGENCY_CRITERIA = {
    "homeless": _("wohnungslos"),
    "threatened_with_eviction": _("von Wohnungsverlust bedroht"),
    "domestic_violence": _("häusliche Gewalt"),
}
EMERGENCY_TARGET_DAYS = 90  # days from registration to housing (the alliance's target)


def quartiles(values: list[int]) -> tuple[float, float, float] | None:
    """First quartile, median and third quartile (None for fewer than ``MIN_COUNT`` values:
    a quartile of four cases is nearly a case)."""
    if len(values) < MIN_COUNT:
        return None
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def housed_waiting_days(alliance: Alliance, year: int) -> dict[int, int]:
    """Waiting days (registration to housing) of the live households housed in ``year``, by
    household id; counted as ``closing_counts`` counts them (anonymised cases keep only the
    sum of their days, so they are in the mean of ``yearly_closings`` but not here)."""
    rows = Household.objects.filter(
        alliance=alliance, anonymised_at__isnull=True, status=HouseholdStatus.HOUSED
    ).values_list("pk", "status_changed_at", "registered_on")
    days = {}
    for pk, closed_at, registered_on in rows:
        closed_on = timezone.localdate(closed_at)
        if closed_on.year == year:
            days[pk] = max(0, (closed_on - registered_on).days)
    return days


def emergency_placements(alliance: Alliance, year: int) -> dict:
    """Emergency cases (``EMERGENCY_CRITERIA``, checked and confirmed) housed in ``year``, and
    how many of them within ``EMERGENCY_TARGET_DAYS`` of their registration; both counts are
    suppressed below ``MIN_COUNT`` (and the share with them)."""
    waiting = housed_waiting_days(alliance, year)
    emergency = set(
        HouseholdCriterion.objects.filter(
            household__in=list(waiting), criterion__in=list(EMERGENCY_CRITERIA),
            checked_at__isnull=False, confirmed=True,
        ).values_list("household_id", flat=True)
    )  # fmt: skip
    days = [waiting[pk] for pk in emergency]
    within = sum(1 for d in days if d <= EMERGENCY_TARGET_DAYS)
    shown = len(days) >= MIN_COUNT
    return {
        "housed": len(days), "within": within, "target_days": EMERGENCY_TARGET_DAYS,
        "housed_suppressed": 0 < len(days) < MIN_COUNT,
        "within_suppressed": not shown or 0 < within < MIN_COUNT,
        "share": within / len(days) if shown and within >= MIN_COUNT else None,
        "quartiles": quartiles(days),
    }  # fmt: skip


def vacancies_of_year(alliance: Alliance, year: int) -> list[dict]:
    """Vacancies reported in ``year`` per landlord and overall (landlord ""): reported, let,
    withdrawn, still open (flats, no household in them: no suppression)."""
    rows = Vacancy.objects.filter(flat__alliance=alliance, reported_on__year=year).values_list(
        "flat__landlord__name", "status"
    )
    by: dict[str, Counter] = defaultdict(Counter)
    for landlord, status in rows:
        for name in (landlord, ""):
            by[name]["reported"] += 1
            by[name][status] += 1
    return [
        {"landlord": name, "reported": c["reported"], "let": c[VacancyStatus.LET],
         "withdrawn": c[VacancyStatus.WITHDRAWN],
         "open": c[VacancyStatus.REPORTED] + c[VacancyStatus.NOMINATED]}
        for name, c in sorted(by.items())
    ]  # fmt: skip


def nominations_of_year(alliance: Alliance, year: int) -> dict:
    """Nominations made in ``year``: in all, by status, the flats and the households named
    (households counted once, however often named)."""
    rows = Nomination.objects.filter(vacancy__flat__alliance=alliance, nominated_on__year=year)
    statuses = Counter(rows.values_list("status", flat=True))
    return {
        "total": sum(statuses.values()),
        "by_status": [(label, statuses[code]) for code, label in NominationStatus.choices],
        "vacancies": rows.values("vacancy").distinct().count(),
        "households": rows.values("household").distinct().count(),
    }


def statistics_years(alliance: Alliance) -> list[int]:
    """The years with any vacancy, nomination or closed case (newest first)."""
    years = {row["year"] for row in yearly_closings(alliance)}
    years |= {
        d.year for d in Vacancy.objects.filter(flat__alliance=alliance).dates("reported_on", "year")
    }
    return sorted(years, reverse=True)


def latest_decision(alliance: Alliance):
    """When a landlord or household last decided on a nomination (the statistics' data state)."""
    return Nomination.objects.filter(vacancy__flat__alliance=alliance).aggregate(
        at=Max("decided_at")
    )["at"]


# --- places: placements and vacancies by district (the page "Vermittlungen nach Stadtteil",
# the monitoring indicators ``services.places.publish_indicators`` writes, the segregation index)
#
# A placement (Vermittlung) is a household housed ("versorgt") through an accepted nomination;
# it counts in the year it was housed (the day its status became "versorgt", the landlord's
# acceptance) and in the district of the flat. An emergency case housed counts as
# ``emergency_placements`` counts it (the same cases, days from registration to housing), in
# the district of the flat of its accepted nomination; one housed outside the allocation (the
# status set by hand) counts for the city only. Counts of households below ``MIN_COUNT`` are
# suppressed, and so are the median and the share of fewer cases.

NO_DISTRICT = 0  # the key of the row of flats without a district


@dataclass
class DistrictYear:
    """The figures of one district (or the city: ``district`` None) in one year."""

    placements: int = 0
    vacancies: int = 0
    let: int = 0
    emergency_days: list[int] = field(default_factory=list)

    @property
    def placements_suppressed(self) -> bool:
        return 0 < self.placements < MIN_COUNT

    @property
    def emergency_housed(self) -> int:
        return len(self.emergency_days)

    @property
    def emergency_suppressed(self) -> bool:
        return 0 < self.emergency_housed < MIN_COUNT

    @property
    def emergency_within(self) -> int:
        return sum(1 for d in self.emergency_days if d <= EMERGENCY_TARGET_DAYS)

    @property
    def emergency_median(self) -> float | None:
        if self.emergency_housed < MIN_COUNT:
            return None
        return float(statistics.median(self.emergency_days))

    @property
    def emergency_share(self) -> float | None:
        """Share (0–1) housed within the target days; shown as ``emergency_placements`` shows
        it: of at least 5 cases, with at least 5 of them within the target."""
        within = self.emergency_within
        if self.emergency_housed < MIN_COUNT or within < MIN_COUNT:
            return None
        return within / self.emergency_housed


def emergency_household_ids(households) -> set[int]:
    """The households (ids) with a checked and confirmed emergency criterion."""
    return set(
        HouseholdCriterion.objects.filter(
            household__in=households, criterion__in=list(EMERGENCY_CRITERIA),
            checked_at__isnull=False, confirmed=True,
        ).values_list("household_id", flat=True)
    )  # fmt: skip


def _placed_districts(alliance: Alliance) -> dict[int, int]:
    """Household id → district id (``NO_DISTRICT`` without) of the flat of its accepted
    nomination (the latest, should a household have been housed twice)."""
    rows = (
        Nomination.objects.filter(
            vacancy__flat__alliance=alliance, status=NominationStatus.ACCEPTED
        )
        .order_by("nominated_on", "pk")
        .values_list("household_id", "vacancy__flat__district_id")
    )
    return {household: district or NO_DISTRICT for household, district in rows}


def place_figures(alliance: Alliance) -> dict[tuple[int | None, int], DistrictYear]:
    """(district id, ``NO_DISTRICT`` or None for the city, year) → figures: placements (live and
    anonymised cases), vacancies reported and let (flats), emergency cases housed with their
    days from registration to housing (live cases, as ``emergency_placements``)."""
    figures: dict[tuple[int | None, int], DistrictYear] = defaultdict(DistrictYear)
    placed = _placed_districts(alliance)
    housed = Household.objects.filter(alliance=alliance, status=HouseholdStatus.HOUSED).values_list(
        "pk", "status_changed_at", "registered_on", "anonymised_at"
    )
    live: dict[int, tuple[int, int]] = {}
    for pk, closed_at, registered_on, anonymised_at in housed:
        closed_on = timezone.localdate(closed_at)
        if pk in placed:
            figures[(placed[pk], closed_on.year)].placements += 1
            figures[(None, closed_on.year)].placements += 1
        if anonymised_at is None:
            live[pk] = (closed_on.year, max(0, (closed_on - registered_on).days))
    for pk in emergency_household_ids(list(live)):
        year, days = live[pk]
        figures[(None, year)].emergency_days.append(days)
        figures[(placed.get(pk, NO_DISTRICT), year)].emergency_days.append(days)
    vacancies = Vacancy.objects.filter(flat__alliance=alliance).values_list(
        "flat__district_id", "reported_on", "status"
    )
    for district, reported_on, status in vacancies:
        for key in ((district or NO_DISTRICT, reported_on.year), (None, reported_on.year)):
            figures[key].vacancies += 1
            figures[key].let += status == VacancyStatus.LET
    return dict(figures)


def district_rows(
    alliance: Alliance, figures: dict[tuple[int | None, int], DistrictYear], year: int
) -> list[tuple[str, DistrictYear]]:
    """(name, figures) of every district of the alliance in ``year``, then of the flats
    without a district (only when there are any)."""
    rows = [(d.name, figures.get((d.pk, year), DistrictYear())) for d in district_choices(alliance)]
    if (NO_DISTRICT, year) in figures:
        rows.append((str(_("ohne Stadtteil")), figures[(NO_DISTRICT, year)]))
    return rows


def place_years(figures: dict[tuple[int | None, int], DistrictYear]) -> list[int]:
    """The years with any placement or vacancy (newest first)."""
    return sorted({year for _district, year in figures}, reverse=True)


# Groups compared by the segregation index: dimension → (label, label of group A, of group B,
# group of a placed household's row: "a", "b" or None when it belongs to neither).
SEGREGATION_GROUPS: dict[str, tuple] = {
    "nationality": (
        _("Staatsangehörigkeit"), _("nichtdeutsch (EU-Staat, Drittstaat)"), _("deutsch"),
        lambda row, emergency: {NationalityGroup.GERMAN: "b", NationalityGroup.EU: "a",
                                NationalityGroup.THIRD_COUNTRY: "a"}.get(row[1]),
    ),
    "emergency": (
        _("Wohnungsnotfall"), _("Wohnungsnotfälle"), _("übrige Haushalte"),
        lambda row, emergency: "a" if row[0] in emergency else "b",
    ),
}  # fmt: skip


@dataclass
class Segregation:
    dimension: str
    label: str
    group_a: str
    group_b: str
    count_a: int
    count_b: int
    districts: int
    index: float | None  # Duncan's D, None where a group has fewer than MIN_COUNT placements


def segregation(alliance: Alliance, year: int) -> list[Segregation]:
    """Duncan's index of dissimilarity of the households placed in ``year`` in flats with a
    district, per dimension of ``SEGREGATION_GROUPS`` (live cases: anonymised ones have lost
    their groups). Shown only where both groups have at least ``MIN_COUNT`` placements."""
    placed = {pk: d for pk, d in _placed_districts(alliance).items() if d != NO_DISTRICT}
    rows = [
        (pk, nationality)
        for pk, nationality, closed_at in Household.objects.filter(
            pk__in=list(placed), status=HouseholdStatus.HOUSED, anonymised_at__isnull=True
        ).values_list("pk", "nationality_group", "status_changed_at")
        if timezone.localdate(closed_at).year == year
    ]
    emergency = emergency_household_ids([pk for pk, _n in rows])
    districts = sorted({placed[pk] for pk, _n in rows})
    result = []
    for dimension, (label, label_a, label_b, group_of) in SEGREGATION_GROUPS.items():
        counts: dict[str, Counter] = {"a": Counter(), "b": Counter()}
        for row in rows:
            group = group_of(row, emergency)
            if group is not None:
                counts[group][placed[row[0]]] += 1
        a = [counts["a"][d] for d in districts]
        b = [counts["b"][d] for d in districts]
        shown = sum(a) >= MIN_COUNT and sum(b) >= MIN_COUNT
        result.append(
            Segregation(
                dimension, str(label), str(label_a), str(label_b), sum(a), sum(b),
                len(districts), engine.segregation.dissimilarity(a, b) if shown else None,
            )
        )  # fmt: skip
    return result
