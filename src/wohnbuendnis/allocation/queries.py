"""Non-discrimination audit of landlord decisions: only aggregates, small counts suppressed.

Acceptance rate of a group = accepted / nominations the landlord decided on (accepted, declined
for a landlord-side reason, or released because the landlord chose another named household).
Declines for applicant-side reasons and expired deadlines do not count against the landlord.
Four-fifths rule (US EEOC Uniform Guidelines, 29 CFR 1607.4 D): a group whose rate is below 80 %
of the best group's rate is flagged. A cell with fewer than ``MIN_COUNT`` decisions is shown as
"< 5" and neither compared nor flagged, so that no individual can be singled out.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    DeclineReason,
    HouseholdType,
    NationalityGroup,
    Nomination,
    NominationStatus,
    Vacancy,
    VacancyStatus,
)

MIN_COUNT = 5
FOUR_FIFTHS = 0.8
YES_NO = {True: _("ja"), False: _("nein")}

# dimension key → (label, group of a row, labels of the groups)
DIMENSIONS: dict[str, tuple] = {
    "nationality": (_("Staatsangehörigkeit"), lambda r: r["household__nationality_group"],
                    dict(NationalityGroup.choices)),
    "household_type": (_("Haushaltsform"), lambda r: r["household__household_type"],
                       dict(HouseholdType.choices)),
    "disability": (_("Behinderung (Bedarf an Barrierefreiheit)"),
                   lambda r: r["household__needs_step_free"] or r["household__needs_wheelchair"],
                   YES_NO),
    "single_parent": (_("alleinerziehend"),
                      lambda r: r["household__household_type"] == HouseholdType.SINGLE_PARENT,
                      YES_NO),
}  # fmt: skip


@dataclass
class Cell:
    label: str
    decided: int
    accepted: int
    ratio: float | None = None  # to the best group's rate

    @property
    def suppressed(self) -> bool:
        return self.decided < MIN_COUNT

    @property
    def rate(self) -> float | None:
        return None if self.suppressed else self.accepted / self.decided

    @property
    def flagged(self) -> bool:
        return self.ratio is not None and self.ratio < FOUR_FIFTHS


@dataclass
class Table:
    landlord: str
    dimension: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(cell.flagged for cell in self.cells)


def _decided_rows(alliance: Alliance) -> list[dict]:
    landlord_side = [c for c in DeclineReason.values if DeclineReason.side(c) == "landlord"]
    decided = Nomination.objects.filter(vacancy__flat__alliance=alliance).filter(
        status__in=[NominationStatus.ACCEPTED, NominationStatus.RELEASED]
    ) | Nomination.objects.filter(
        vacancy__flat__alliance=alliance, status=NominationStatus.DECLINED, reason__in=landlord_side
    )
    return list(
        decided.values(
            "status", "vacancy__flat__landlord__name", "household__nationality_group",
            "household__household_type", "household__needs_step_free",
            "household__needs_wheelchair",
        )
    )  # fmt: skip


def _table(landlord: str, dimension: str, rows: list[dict]) -> Table:
    _label, group_of, labels = DIMENSIONS[dimension]
    decided: Counter = Counter()
    accepted: Counter = Counter()
    for row in rows:
        group = group_of(row)
        decided[group] += 1
        accepted[group] += row["status"] == NominationStatus.ACCEPTED
    cells = [Cell(str(labels[g]), decided[g], accepted[g]) for g in labels if decided[g]]
    rates = [cell.rate for cell in cells if cell.rate is not None]
    best = max(rates, default=0)
    if best > 0 and len(rates) > 1:
        for cell in cells:
            if cell.rate is not None:
                cell.ratio = cell.rate / best
    return Table(landlord, dimension, cells)


def acceptance_tables(alliance: Alliance) -> dict[str, list[Table]]:
    """Per dimension: one table overall (landlord "") and one per landlord."""
    rows = _decided_rows(alliance)
    by_landlord: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_landlord[row["vacancy__flat__landlord__name"]].append(row)
    return {
        dimension: [
            _table("", dimension, rows),
            *(_table(name, dimension, by_landlord[name]) for name in sorted(by_landlord)),
        ]
        for dimension in DIMENSIONS
    }


def time_to_lease(alliance: Alliance) -> list[dict]:
    """Days from "free from" to lease, per landlord and overall (median and mean)."""
    let = Vacancy.objects.filter(flat__alliance=alliance, status=VacancyStatus.LET)
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


def declines_by_reason(alliance: Alliance) -> list[dict]:
    """Declines per coded reason (and side), overall; counts below 5 are suppressed."""
    counts = Counter(
        Nomination.objects.filter(
            vacancy__flat__alliance=alliance, status=NominationStatus.DECLINED
        ).values_list("reason", flat=True)
    )
    return [
        {"label": label, "side": DeclineReason.side(code), "count": counts[code],
         "suppressed": 0 < counts[code] < MIN_COUNT}
        for code, label in DeclineReason.choices
    ]  # fmt: skip


def dimension_label(dimension: str) -> str:
    label: Callable | str = DIMENSIONS[dimension][0]
    return str(label)


def flats_lost_to_late_cost_coverage(alliance: Alliance) -> list[dict]:
    """Flats lost because the cost-coverage decision came too late, per month.

    A cost-coverage exception requested for a flat counts as lost when the flat went to
    another household or was withdrawn, and the benefit agency decided after the lease (or,
    for a withdrawn flat, after the nomination deadline) or not at all. Each flat counts once,
    in the month of the lease/deadline. Monthly counts below 5 are suppressed; the last row
    is the total.
    """
    cases = CostCoverageCase.objects.filter(
        household__alliance=alliance, vacancy__isnull=False,
        vacancy__status__in=(VacancyStatus.LET, VacancyStatus.WITHDRAWN),
    ).values_list("vacancy_id", "household_id", "decided_on", "vacancy__let_on",
                  "vacancy__deadline")  # fmt: skip
    winners = set(
        Nomination.objects.filter(
            vacancy__flat__alliance=alliance, status=NominationStatus.ACCEPTED
        ).values_list("vacancy_id", "household_id")
    )
    lost: dict[int, str] = {}
    for vacancy, household, decided_on, let_on, deadline in cases:
        cutoff = let_on or deadline
        if cutoff is None or (vacancy, household) in winners:
            continue
        if decided_on is None or decided_on > cutoff:
            lost[vacancy] = f"{cutoff:%Y-%m}"
    months = Counter(lost.values())
    rows = [
        {"month": month, "count": count, "suppressed": count < MIN_COUNT}
        for month, count in sorted(months.items())
    ]
    total = len(lost)
    rows.append({"month": "", "count": total, "suppressed": 0 < total < MIN_COUNT})
    return rows
