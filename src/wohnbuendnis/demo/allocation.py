"""Cooperative allocation in Musterstadt: 3,000 invented applicant households, 8 landlords,
150 vacancies a year with two years of decisions, cost-coverage cases, and open nominations
today. One landlord (Nordwohnen) prefers households without a third-country nationality, so
that the non-discrimination audit has something to find. Bulk inserts keep it fast.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Membership
from wohnbuendnis.allocation import engine, queries, services
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    CostCoverageStatus,
    Flat,
    Household,
    HouseholdCriterion,
    HouseholdStatus,
    HouseholdStatusChange,
    HouseholdType,
    NationalityGroup,
    Nomination,
    NominationStatus,
    Vacancy,
    VacancyStatus,
    district_choices,
)
from wohnbuendnis.demo.names import FIRST_NAMES

# Applicants get last names of their own, so that no applicant household bears the name of
# a person of the alliance (staff, landlords, agencies are drawn from LAST_NAMES).
APPLICANT_LAST_NAMES = [
    "Adler", "Baumann", "Berger", "Dorn", "Eckert", "Fuchs", "Gerlach", "Haas", "Heller", "Kern",
    "Kraus", "Lindner", "Marquardt", "Neumann", "Pohl", "Roth", "Seidel", "Stein", "Voigt",
    "Winkler", "Haddad", "Kowalski", "Nguyen", "Osei", "Popescu", "Rossi", "Santos", "Öztürk",
    "Petrović", "Mahmoud", "Horvat", "Ferreira", "Kılıç", "Mensah", "Sokolova", "Bianchi",
]  # fmt: skip

HOUSEHOLDS = 3000
VACANCIES_PER_YEAR = 150
BIASED_LANDLORD = "Nordwohnen Immobilien AG"
STREETS = ["Lindenstraße", "Am Mühlgraben", "Gartenweg", "Bahnhofstraße", "Kirchplatz",
           "Nordstadtring", "Wiesenweg", "Schulstraße", "Am Hang", "Ahornallee"]  # fmt: skip
NATIONALITY = [(NationalityGroup.GERMAN, 58), (NationalityGroup.EU, 12),
               (NationalityGroup.THIRD_COUNTRY, 25), (NationalityGroup.UNKNOWN, 5)]  # fmt: skip


def _scheme_text() -> str:
    return engine.example_scheme()


def _household_type(rng: random.Random, persons: int) -> tuple[str, int]:
    if persons == 1:
        return HouseholdType.SINGLE, 0
    children = rng.randint(1, persons - 1) if rng.random() < 0.7 else 0
    if children == 0:
        return (HouseholdType.COUPLE if persons == 2 else HouseholdType.OTHER), 0
    if persons - children == 1:
        return HouseholdType.SINGLE_PARENT, children
    return HouseholdType.FAMILY, children


def _households(rng, alliance, registrars, agencies, criteria, scheme, today) -> list[Household]:
    rows = []
    names = list(criteria)
    for i in range(HOUSEHOLDS):
        persons = rng.choices([1, 2, 3, 4, 5, 6], [34, 24, 17, 14, 7, 4])[0]
        kind, children = _household_type(rng, persons)
        registered = today - datetime.timedelta(days=rng.randint(20, 1100))
        agency = rng.choice(agencies) if rng.random() < 0.3 else None
        claimed = frozenset(rng.sample(names, rng.choices([0, 1, 2, 3], [30, 40, 22, 8])[0]))
        needs_wheelchair = rng.random() < 0.03
        row = Household(
            alliance=alliance, reference=f"M-{i + 1:06d}",
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(APPLICANT_LAST_NAMES)}",
            contact=f"Telefon 0561 {rng.randint(100000, 999999)}", registered_on=registered,
            registered_by=rng.choice(registrars), agency=agency,
            persons=persons, children=children,
            income_eur=Decimal(rng.randint(9000, 15000 + 7000 * persons)),
            entitlement_valid_until=registered + datetime.timedelta(days=rng.choice([365, 730, 1095])),
            needs_step_free=needs_wheelchair or rng.random() < 0.08,
            needs_wheelchair=needs_wheelchair, household_type=kind,
            nationality_group=rng.choices([n for n, _w in NATIONALITY], [w for _n, w in NATIONALITY])[0],
            points=engine.points_of(claimed, scheme), status=HouseholdStatus.ACTIVE,
            status_changed_at=_moment(registered), verified_at=_moment(registered),
        )  # fmt: skip
        if agency is not None:
            row.consent_text = "Einwilligung zur Übermittlung an das Wohnungsamt (Demo)."
            row.consent_at = row.status_changed_at
        row.claimed = claimed
        rows.append(row)
    return rows


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _flat(rng, alliance, landlord, index, districts) -> Flat:
    rooms = rng.choice([1, 2, 2, 3, 3, 4, 5])
    area = Decimal(rng.randint(28, 38) + 16 * (rooms - 1))
    wheelchair = rng.random() < 0.05
    street, number, floor = rng.choice(STREETS), rng.randint(1, 120), rng.randint(0, 5)
    # the district follows from the address (no draw of the generator: the demo stays as it
    # was): each street runs through two districts, the low numbers in one, the high in the other
    place = (2 * STREETS.index(street) + (number > 60) + index // 100) % max(1, len(districts))
    return Flat(
        alliance=alliance, landlord=landlord,
        label=f"{street} {number}, {floor}. OG", street=street, house_number=str(number),
        postcode=f"99{101 + place:03d}", district=districts[place] if districts else None,
        rooms=Decimal(rooms), area_m2=area, rent_gross_eur=(area * Decimal("10.4")).quantize(Decimal(1)),
        step_free=wheelchair or rng.random() < 0.25, wheelchair=wheelchair,
        funding_path=rng.choice(["1", "1", "2"]),
        bound_until=datetime.date(2040 + index % 10, 12, 31),
    )  # fmt: skip


def _chooses(rng: random.Random, landlord_name: str, household: Household) -> float:
    """How likely the landlord takes this named household (the biased one avoids a group)."""
    if (
        landlord_name == BIASED_LANDLORD
        and household.nationality_group == NationalityGroup.THIRD_COUNTRY
    ):
        return 0.05
    return 1.0


class _History:
    """Two years of nominations and decisions, simulated in memory."""

    def __init__(self, rng, households, version, office) -> None:
        self.rng, self.version, self.office = rng, version, office
        self.pool = sorted(households, key=lambda h: -h.points)
        self.nominations: list[tuple] = []  # (vacancy, household, round, rank, status, reason, day)
        self.changes: list[HouseholdStatusChange] = []

    def _pick(self, flat: Flat, used: set[int], day: datetime.date) -> list[Household]:
        # only households registered (and checked) at least two weeks before the nomination:
        # a household housed before it registered made the waiting times 0 days
        found = []
        for index in self.rng.sample(range(min(900, len(self.pool))), 60):
            h = self.pool[index]
            if (
                h.status == HouseholdStatus.ACTIVE
                and id(h) not in used
                and h.persons <= flat.rooms + 1
                and h.registered_on + datetime.timedelta(days=14) <= day
            ):
                found.append(h)
                used.add(id(h))
            if len(found) == 3:
                break
        return found

    def decide(self, vacancy: Vacancy, landlord_name: str, start: datetime.date) -> None:
        used: set[int] = set()
        for round_ in (1, 2, 3):
            day = start + datetime.timedelta(days=7 * round_)
            named = self._pick(vacancy.flat, used, day)
            if self._round(vacancy, landlord_name, named, round_, day):
                return
        vacancy.status = VacancyStatus.WITHDRAWN

    def _round(self, vacancy, landlord_name, named, round_, day) -> bool:
        rng = self.rng
        willing = [h for h in named if rng.random() > 0.12]  # the others decline themselves
        weights = [_chooses(rng, landlord_name, h) for h in willing]
        chosen = None
        if willing and rng.random() < sum(weights) / len(weights):
            chosen = rng.choices(willing, weights)[0]
        for rank, h in enumerate(named, start=1):
            if h is chosen:
                status, reason = NominationStatus.ACCEPTED, ""
            elif h not in willing:
                status, reason = (
                    NominationStatus.DECLINED,
                    rng.choice(["a_kein_interesse", "a_nicht_erreichbar", "a_anderweitig"]),
                )
            elif chosen is not None and rng.random() < 0.6:
                status, reason = NominationStatus.RELEASED, ""
            else:
                status, reason = (
                    NominationStatus.DECLINED,
                    rng.choice(["v_unterlagen", "v_mietschulden", "v_belegung", "v_sonstiges"]),
                )
            self.nominations.append((vacancy, h, round_, rank, status, reason, day))
        if chosen is not None:
            chosen.status, chosen.status_changed_at = HouseholdStatus.HOUSED, _moment(day)
            vacancy.status, vacancy.let_on = (
                VacancyStatus.LET,
                day + datetime.timedelta(days=rng.randint(3, 40)),
            )
            self.changes.append(
                HouseholdStatusChange(
                    household=chosen,
                    by=self.office,
                    from_status=HouseholdStatus.ACTIVE,
                    to_status=HouseholdStatus.HOUSED,
                    note="Mietvertrag",
                )
            )
            return True
        return False  # fmt: skip


def _vacancies(rng, alliance, landlords, today, history, districts) -> list[Vacancy]:
    vacancies = []
    for i in range(2 * VACANCIES_PER_YEAR):
        landlord = landlords[i % len(landlords)]
        start = today - datetime.timedelta(days=rng.randint(45, 730))
        vacancy = Vacancy(
            flat=_flat(rng, alliance, landlord, i, districts), available_from=start,
            reported_on=start,
            status=VacancyStatus.NOMINATED, rounds=1, deadline=start + datetime.timedelta(days=10),
        )  # fmt: skip
        history.decide(vacancy, landlord.name, start)
        vacancies.append(vacancy)
    return vacancies


def _cost_coverage(rng, households, today) -> list[CostCoverageCase]:
    cases = []
    for h in rng.sample(households, 600):
        status = rng.choices(list(CostCoverageStatus.values), [15, 65, 10, 10])[0]
        requested = h.registered_on + datetime.timedelta(days=rng.randint(0, 15))
        case = CostCoverageCase(
            household=h, agency=rng.choice(["jobcenter", "sozialamt"]), status=status,
            requested_on=requested,
        )  # fmt: skip
        if status != CostCoverageStatus.REQUESTED:
            case.decided_on = requested + datetime.timedelta(days=rng.randint(10, 70))
        if status in (CostCoverageStatus.APPROVED, CostCoverageStatus.EXPIRED):
            case.monthly_cap_eur = Decimal(rng.randint(420, 780))
            days = (
                rng.randint(180, 900)
                if status == CostCoverageStatus.APPROVED
                else -rng.randint(1, 200)
            )
            case.valid_until = max(today + datetime.timedelta(days=days), case.decided_on)
        cases.append(case)
    return cases  # fmt: skip


def _exceptions(rng, households, history, vacancies, today) -> list[CostCoverageCase]:
    """Cost-coverage exceptions requested for let flats by other named households: decided in
    time for some, after the lease for the others (the flats lost to late decisions)."""
    winners = {
        id(v): h for v, h, _r, _k, s, _c, _d in history.nominations
        if s == NominationStatus.ACCEPTED
    }  # fmt: skip
    cases = []
    for vacancy in vacancies:
        household = rng.choice(households)
        if (
            vacancy.status != VacancyStatus.LET
            or rng.random() >= 0.7
            or household is winners.get(id(vacancy))
        ):
            continue
        requested = vacancy.available_from + datetime.timedelta(days=rng.randint(0, 5))
        if rng.random() < 0.65:  # the decision comes after the lease
            decided = vacancy.let_on + datetime.timedelta(days=rng.randint(1, 30))
        else:
            wait = rng.randint(1, (vacancy.let_on - requested).days)
            decided = requested + datetime.timedelta(days=wait)
        decided = min(decided, today)
        approved = rng.random() < 0.8
        valid_until = decided + datetime.timedelta(days=180)
        status = CostCoverageStatus.REFUSED
        if approved:
            expired = valid_until < today
            status = CostCoverageStatus.EXPIRED if expired else CostCoverageStatus.APPROVED
        cases.append(
            CostCoverageCase(
                household=household, agency=rng.choice(["jobcenter", "sozialamt"]),
                status=status, requested_on=requested, decided_on=decided, vacancy=vacancy,
                requested_rent_eur=vacancy.flat.rent_gross_eur,
                monthly_cap_eur=vacancy.flat.rent_gross_eur if approved else None,
                valid_until=valid_until if approved else None,
            )
        )  # fmt: skip
    return cases


def _save(households, vacancies, history, cases, version) -> None:
    Household.objects.bulk_create(households, batch_size=500)
    HouseholdCriterion.objects.bulk_create(
        [HouseholdCriterion(household=h, criterion=c, evidence="Nachweis gesehen (Demo)",
                            checked_at=h.verified_at) for h in households for c in sorted(h.claimed)],
        batch_size=1000,
    )  # fmt: skip
    registered = [
        HouseholdStatusChange(household=h, by=h.registered_by, to_status=HouseholdStatus.ACTIVE,
                              note="registriert") for h in households
    ]  # fmt: skip
    HouseholdStatusChange.objects.bulk_create(registered + history.changes, batch_size=1000)
    Flat.objects.bulk_create([v.flat for v in vacancies], batch_size=500)
    Vacancy.objects.bulk_create(vacancies, batch_size=500)
    Nomination.objects.bulk_create(
        [Nomination(vacancy=v, household=h, round=r, rank=k, points=h.points, scheme=version,
                    nominated_on=day, deadline=day + datetime.timedelta(days=10), status=s,
                    reason=reason, decided_at=_moment(day + datetime.timedelta(days=5)))
         for v, h, r, k, s, reason, day in history.nominations],
        batch_size=1000,
    )  # fmt: skip
    CostCoverageCase.objects.bulk_create(cases, batch_size=500)


def _today_vacancies(rng, alliance, landlords, office, today, districts) -> None:
    """Vacancies reported in the last days; two of GWM's with nominations awaiting a decision."""
    for i, landlord in enumerate([landlords[0], landlords[0], *landlords[1:4]]):
        flat = _flat(rng, alliance, landlord, i, districts)
        fields = {f: getattr(flat, f) for f in ("label", "street", "house_number", "postcode",
                  "district", "rooms", "area_m2", "rent_gross_eur", "step_free", "wheelchair",
                  "funding_path", "bound_until")}  # fmt: skip
        vacancy = services.report_vacancy(
            alliance, office, landlord, fields, today + datetime.timedelta(days=14 + i)
        )
        if i < 2:
            named = services.nominate_candidates(vacancy, office, today)
            _ask_office(named[:2], office, ["jobcenter", "sozialamt"][i])


def _ask_office(named, office, agency: str) -> None:
    """The first nominees need the job centre's or the social welfare office's cost coverage:
    requested at the nomination, so due before the landlord's deadline."""
    for nomination in named:
        household = nomination.household
        if not household.cost_coverage_cases.filter(status=CostCoverageStatus.REQUESTED).exists():
            services.request_cost_coverage(household, office, agency)


def generate(rng: random.Random, alliance: Alliance) -> None:
    today = timezone.localdate()
    office = User.objects.get(username="wohnungsamt")
    settings = services.settings_of(alliance)
    settings.audit_bodies.set(
        alliance.bodies.filter(short_name__in=["AG 3", "AG 4"])
        | alliance.bodies.filter(kind="steuerungsgruppe")
    )
    version = services.create_scheme_version(
        alliance, office, toml=_scheme_text(), decided_on=datetime.date(2025, 6, 26),
        decided_by="Plenum", resolution="Das Plenum beschließt die überarbeitete Prioritätenliste "
        "zur direkten Vermittlung nach dem Benennungsrecht ab 1. September 2025.",
    )  # fmt: skip
    scheme = engine.parse(version.toml)
    memberships = Membership.objects.active().filter(alliance=alliance)
    agency_ids = memberships.filter(role=Role.SOCIAL_AGENCY).values_list("organisation", flat=True)
    agencies = list(alliance.member_organisations.filter(organisation__in=agency_ids))
    agencies = [m.organisation for m in agencies]
    landlord_ids = memberships.filter(role=Role.LANDLORD).values_list("organisation", flat=True)
    landlords = [m.organisation for m in alliance.member_organisations.filter(
        organisation__in=landlord_ids, organisation__sector="wohnungswirtschaft"
    ).select_related("organisation").order_by("organisation_id")][:8]  # fmt: skip
    registrars = [office, *User.objects.filter(username="sozialtraeger")]
    households = _households(rng, alliance, registrars, agencies, scheme.criteria, scheme, today)
    history = _History(rng, households, version, office)
    districts = list(district_choices(alliance))
    vacancies = _vacancies(rng, alliance, landlords, today, history, districts)
    for h in rng.sample(households, 250):
        if h.status == HouseholdStatus.ACTIVE:
            h.status = rng.choice([HouseholdStatus.DORMANT, HouseholdStatus.DEREGISTERED])
            history.changes.append(HouseholdStatusChange(
                household=h, by=office, from_status=HouseholdStatus.ACTIVE, to_status=h.status))  # fmt: skip
    cases = _cost_coverage(rng, households, today)
    cases += _exceptions(rng, households, history, vacancies, today)
    _save(households, vacancies, history, cases, version)
    _today_vacancies(rng, alliance, landlords, office, today, districts)
    # the register's figures in the monitoring (measuring the goal "Wohnungsnotfälle in
    # höchstens 90 Tagen versorgen"): every year with placements or vacancies
    for year in sorted(y for y in queries.place_years(queries.place_figures(alliance))):
        services.publish_indicators(alliance, year, office)
    _wishes(alliance, office)


def _wishes(alliance: Alliance, office: User) -> None:
    """A few households state wishes (maximum rent, step-free, a district), for the
    deferred-acceptance mechanism; an own generator, so the shared one's draws stay as they
    were for the parts generated after this one."""
    from wohnbuendnis.allocation.services import preferences

    local = random.Random(16)
    districts = list(preferences.district_choices(alliance)[:6])
    free = Household.objects.filter(
        alliance=alliance, status=HouseholdStatus.ACTIVE, verified_at__isnull=False
    ).order_by("pk")[:40]
    for household in local.sample(list(free), min(8, len(free))):
        preferences.state_preference(
            household, office, max_rent_eur=Decimal(local.choice((550, 650, 800))),
            step_free=local.random() < 0.25,
            districts=local.sample(districts, min(2, len(districts))) if districts else (),
        )  # fmt: skip
