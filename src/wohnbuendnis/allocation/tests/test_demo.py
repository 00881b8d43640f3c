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


def test_no_applicant_household_bears_the_name_of_a_person_of_the_alliance(city):
    from wohnbuendnis.alliance.models import Person

    demo = _demo()
    assert not set(demo.allocation.APPLICANT_LAST_NAMES) & set(demo.names.LAST_NAMES)
    people = {f"{first} {last}" for first, last in Person.objects.values_list(
        "first_name", "last_name")}  # fmt: skip
    assert people
    applicants = set(Household.objects.values_list("name", flat=True))
    assert len(applicants) > 500
    assert not applicants & people
    staff_last = set(Person.objects.values_list("last_name", flat=True))
    assert not {name.rsplit(" ", 1)[1] for name in applicants} & staff_last
