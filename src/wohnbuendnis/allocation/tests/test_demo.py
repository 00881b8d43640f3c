"""The demo data set of the allocation: sizes, consistency and the biased landlord."""

from __future__ import annotations

from wohnbuendnis.allocation.models import (
    Household,
    HouseholdStatus,
    Nomination,
    NominationStatus,
    Vacancy,
    VacancyStatus,
)


def test_demo_generates_the_register_quickly(db):
    demo = _demo()

    demo.generate(
        parts=("allocation",)
    )  # speed: measured by hand (allocation part ≈ 2 s), not in a timed test
    assert Household.objects.count() == 3000
    assert Vacancy.objects.count() == 2 * 150 + 5
    assert Nomination.objects.filter(status=NominationStatus.ACCEPTED).count() == (
        Vacancy.objects.filter(status=VacancyStatus.LET).count()
    )
    open_ones = Nomination.objects.filter(status=NominationStatus.OPEN)
    assert open_ones.count() == 6
    assert set(open_ones.values_list("household__status", flat=True)) == {HouseholdStatus.RESERVED}
    assert Household.objects.filter(status=HouseholdStatus.RESERVED).count() == 6


def _demo():
    """The demo package (tests may build the demo data set; see the import-linter contracts)."""
    from wohnbuendnis import demo

    return demo
