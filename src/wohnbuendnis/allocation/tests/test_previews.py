"""The preview of nominations: the three mechanisms from the web (deferred acceptance equals
the command on the same data, optimal with three nominees per flat), a swap with a reason
that is stored and counted, and sending once, all or nothing."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.allocation import engine, services
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdStatus,
    HousingPreference,
    Nomination,
    PreviewEntry,
    PreviewStatus,
    Vacancy,
)
from wohnbuendnis.allocation.services import preferences, previews

FLAT = {
    "rooms": Decimal(2), "area_m2": Decimal(50), "step_free": True, "wheelchair": False,
    "funding_path": "1", "bound_until": datetime.date(2045, 12, 31),
}  # fmt: skip


def _vacancies(city, user, rents=(450, 520, 600)) -> list[Vacancy]:
    landlord = Organisation.objects.get(short_name="GWM")
    day = timezone.localdate() + datetime.timedelta(days=30)
    return [
        services.report_vacancy(
            city,
            user,
            landlord,
            {**FLAT, "label": f"Vorschauweg {i}", "rent_gross_eur": Decimal(rent), "floor": i},
            day,
        )
        for i, rent in enumerate(rents)
    ]


def _free(city) -> list[Household]:
    return list(
        Household.objects.filter(
            alliance=city, status=HouseholdStatus.ACTIVE, verified_at__isnull=False,
            anonymised_at__isnull=True,
        ).order_by("pk")
    )  # fmt: skip


def _write_inputs(tmp_path, city, vacancies, wishes):
    """The register, the flats and the ranked wishes as the command's files."""
    reference = max(timezone.localdate(), *(v.available_from for v in vacancies))
    version = engine.current_scheme(city)
    scheme = dataclasses.replace(engine.parse(version.toml), reference_date=reference)
    (tmp_path / "scheme.toml").write_text(engine.format_scheme(scheme), "utf-8")
    rows = _free(city)
    ids = [r.pk for r in rows]
    criteria, caps = engine.checked_criteria(ids), engine.rent_caps(ids, reference)
    with open(tmp_path / "applicants.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([
            "household_id", "registered_on", "persons", "children", "income_eur",
            "entitlement_valid_until", "rent_cap_eur", "needs_step_free", "needs_wheelchair",
            *scheme.criteria,
        ])  # fmt: skip
        for r in rows:
            valid = r.entitlement_valid_until.isoformat() if r.entitlement_valid_until else ""
            writer.writerow([
                r.pk, r.registered_on.isoformat(), r.persons, r.children, r.income_eur, valid,
                caps.get(r.pk, ""), int(r.needs_step_free or r.needs_wheelchair),
                int(r.needs_wheelchair),
                *(int(c in criteria.get(r.pk, ())) for c in scheme.criteria),
            ])  # fmt: skip
    with open(tmp_path / "flats.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([
            "flat_id", "landlord_id", "rooms", "area_m2", "rent_gross_eur", "step_free",
            "wheelchair", "funding_path", "available_from",
        ])  # fmt: skip
        for v in vacancies:
            f = v.flat
            writer.writerow([
                v.pk, f.landlord_id, f.rooms, f.area_m2, f.rent_gross_eur,
                int(f.step_free or f.wheelchair), int(f.wheelchair), f.funding_path,
                v.available_from.isoformat(),
            ])  # fmt: skip
    with open(tmp_path / "preferences.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["household_id", "flat_id", "rank"])
        for household, max_rent in wishes.items():  # by hand: cheapest acceptable first
            wanted = [v for v in sorted(vacancies, key=lambda v: v.flat.rent_gross_eur)
                      if v.flat.rent_gross_eur <= max_rent]  # fmt: skip
            for rank, v in enumerate(wanted, start=1):
                writer.writerow([household.pk, v.pk, rank])
    return tmp_path


def test_deferred_acceptance_from_the_web_equals_the_command(city, wohnungsamt, tmp_path):
    vacancies = _vacancies(city, wohnungsamt)
    # only the wishes below (the demo's own, with districts, would need ranking by hand too)
    HousingPreference.objects.filter(household__alliance=city).delete()
    wishes = {}
    for i, household in enumerate(_free(city)[:12]):
        max_rent = Decimal((480, 530, 700)[i % 3])
        preferences.state_preference(household, wohnungsamt, max_rent_eur=max_rent)
        wishes[household] = max_rent
    preview = previews.prepare_preview(city, vacancies, wohnungsamt, "deferred-acceptance", 1)
    web = {(e.vacancy_id, e.household_id) for e in preview.entries.all()}
    assert len(web) == 3  # not vacuous: every flat is taken

    folder = _write_inputs(tmp_path, city, vacancies, wishes)
    command_line = shutil.which("wohnbuendnis", path=str(Path(sys.executable).parent))
    code = subprocess.run([
        command_line, "allocate", "--applicants", str(folder / "applicants.csv"),
        "--flats", str(folder / "flats.csv"), "--scheme", str(folder / "scheme.toml"),
        "--preferences", str(folder / "preferences.csv"), "--mechanism", "deferred-acceptance",
        "--seed", str(city.pk), "--out", str(folder / "out"),
    ], check=False).returncode  # fmt: skip
    assert code == 0
    with open(folder / "out" / "assignment.csv", encoding="utf-8") as rows:
        command = {(int(r["flat_id"]), int(r["household_id"])) for r in csv.DictReader(rows)}
    assert web == command


def test_optimal_with_three_gives_every_flat_three_eligible_nominees(city, wohnungsamt):
    vacancies = _vacancies(city, wohnungsamt)
    preview = previews.prepare_preview(city, vacancies, wohnungsamt, "optimal", 3)
    reference = max(timezone.localdate(), *(v.available_from for v in vacancies))
    scheme = engine.scheme_on(preview.scheme, reference)
    criteria = engine.checked_criteria([h.pk for h in _free(city)])
    named = set()
    for vacancy in vacancies:
        entries = list(preview.entries.filter(vacancy=vacancy).select_related("household"))
        assert [e.rank for e in entries] == [1, 2, 3]
        flat = engine.to_flat(vacancy.flat, vacancy.available_from, str(vacancy.pk))
        for e in entries:
            record = engine.to_household(
                e.household, criteria.get(e.household_id, frozenset()), None
            )
            assert engine.is_eligible(record, flat, scheme)
            named.add(e.household_id)
    assert len(named) == 9  # nobody on two lists
    with pytest.raises(ValidationError):  # the Benennungsrecht needs a choice of three
        previews.prepare_preview(city, vacancies, wohnungsamt, "optimal", 2)


def test_a_swap_is_recorded_with_its_reason_counted_and_sent_once(city, wohnungsamt, client):
    vacancy = _vacancies(city, wohnungsamt)[0]
    preview = previews.prepare_preview(city, [vacancy], wohnungsamt, "shortlist", 3)
    entry = preview.entries.get(rank=2)
    proposed = entry.household
    other = Household.objects.get(pk=int(previews.swap_candidates(entry)[0].household_id))
    with pytest.raises(ValidationError):  # a reason is required
        previews.swap_nominee(entry, wohnungsamt, other, "  ")
    with pytest.raises(ValidationError):  # only an eligible, free household
        previews.swap_nominee(entry, wohnungsamt, preview.entries.get(rank=1).household, "x" * 20)
    before = previews.deviations(city)
    previews.swap_nominee(entry, wohnungsamt, other, "Rollstuhl passt laut Besichtigung nicht")
    entry.refresh_from_db()
    assert entry.household == other and entry.proposed == proposed
    assert entry.swap_reason == "Rollstuhl passt laut Besichtigung nicht"
    assert previews.deviations(city) == before  # counted once sent

    client.force_login(wohnungsamt)
    url = reverse("allocation:preview_send", args=[preview.public_id])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a double click sends once
    nominations = Nomination.objects.filter(vacancy=vacancy)
    assert nominations.count() == 3
    assert set(nominations.values_list("household_id", flat=True)) == set(
        preview.entries.values_list("household_id", flat=True)
    )
    assert other.pk in set(nominations.values_list("household_id", flat=True))
    assert proposed.pk not in set(nominations.values_list("household_id", flat=True))
    preview.refresh_from_db()
    assert preview.status == PreviewStatus.SENT
    year = preview.sent_at.year
    assert previews.deviations(city) == {**before, year: before.get(year, 0) + 1}
    audit = client.get(reverse("allocation:audit", args=[city.slug])).content.decode()
    assert "Abweichungen vom Vorschlag" in audit


def test_two_clerks_previewing_the_same_flat_give_one_result(city, wohnungsamt):
    vacancy = _vacancies(city, wohnungsamt)[0]
    first = previews.prepare_preview(city, [vacancy], wohnungsamt, "shortlist", 3)
    second = previews.prepare_preview(city, [vacancy], wohnungsamt, "optimal", 3)
    made = previews.send_preview(first, wohnungsamt)
    with pytest.raises(ValidationError):
        previews.send_preview(second, wohnungsamt)
    assert Nomination.objects.filter(vacancy=vacancy).count() == len(made) == 3
    second.refresh_from_db()
    assert second.status == PreviewStatus.OPEN
    assert not PreviewEntry.objects.filter(preview=second, nomination__isnull=False).exists()


STALE = "sind inzwischen Haushalte benannt oder die Wohnung ist vergeben"


def test_a_swap_in_an_older_preview_is_refused_once_the_flat_is_named_for_or_let(
    city, wohnungsamt, vermieter
):
    vacancy = _vacancies(city, wohnungsamt)[0]
    older = previews.prepare_preview(city, [vacancy], wohnungsamt, "shortlist", 3)
    sent = previews.prepare_preview(city, [vacancy], wohnungsamt, "shortlist", 3)
    entry = older.entries.get(rank=1)
    other = Household.objects.get(pk=int(previews.swap_candidates(entry)[0].household_id))
    named = previews.send_preview(sent, wohnungsamt)[0]
    reason = "Rollstuhl passt laut Besichtigung nicht"
    with pytest.raises(ValidationError, match=STALE):  # named for: the older preview is dead
        previews.swap_nominee(entry, wohnungsamt, other, reason)
    services.record_landlord_decision(named, vermieter, accept=True)
    with pytest.raises(ValidationError, match=STALE):  # let
        previews.swap_nominee(entry, wohnungsamt, other, reason)
    entry.refresh_from_db()
    assert (entry.proposed_id, entry.swap_reason) == (None, "")


def test_a_batch_with_a_household_named_elsewhere_meanwhile_sends_nothing(city, wohnungsamt):
    vacancies = _vacancies(city, wohnungsamt)
    batch = previews.prepare_preview(city, vacancies[:2], wohnungsamt, "shortlist", 3)
    taken = batch.entries.filter(vacancy=vacancies[1]).first().household
    services.nominate_candidates(vacancies[2], wohnungsamt)  # may or may not take it
    if not Nomination.objects.filter(vacancy=vacancies[2], household=taken).exists():
        services.set_household_status(taken, wohnungsamt, HouseholdStatus.DORMANT, "Test")
    with pytest.raises(ValidationError):
        previews.send_preview(batch, wohnungsamt)
    assert not Nomination.objects.filter(vacancy__in=vacancies[:2]).exists()


def test_wishes_keep_their_history_and_implausible_values_are_refused(
    city, client, sozialtraeger, wohnungsamt
):
    own = Household.objects.filter(
        agency__short_name="Diakonie", anonymised_at=None, status=HouseholdStatus.ACTIVE
    ).first()
    district = preferences.district_choices(city).first()
    client.force_login(sozialtraeger)
    url = reverse("allocation:household_preferences", args=[own.public_id])
    for bad in ({"max_rent_eur": "5"}, {"max_floor": "99"},
                {"ground_floor_only": "on", "max_floor": "3"}):  # fmt: skip
        refused = client.post(url, bad)
        assert refused.status_code == 200 and "kern-error" in refused.content.decode()
    assert not own.preferences.exists()
    first = {"max_rent_eur": "650", "step_free": "on"}
    if district is not None:
        first["districts"] = [district.pk]
    assert client.post(url, first).status_code == 302
    assert client.post(url, first).status_code == 200  # nothing changed: said so, no new row
    client.force_login(wohnungsamt)
    assert client.post(url, {"max_rent_eur": "700", "max_floor": "2"}).status_code == 302
    rows = list(own.preferences.all())
    assert [r.max_rent_eur for r in rows] == [Decimal(700), Decimal(650)]  # newest first
    assert rows[1].step_free and rows[1].stated_by == sozialtraeger
    html = client.get(url).content.decode()
    assert "höchstens 2" in html and "650" in html


def test_a_flat_is_acceptable_only_when_it_meets_every_wish(city, wohnungsamt):
    cheap, middle, dear = _vacancies(city, wohnungsamt)  # floors 0, 1, 2; 450, 520, 600 €
    household = _free(city)[0]
    wish = preferences.state_preference(
        household, wohnungsamt, max_floor=1, max_rent_eur=Decimal(550)
    )
    assert [preferences.acceptable(wish, v, set()) for v in (cheap, middle, dear)] == [
        True, True, False,
    ]  # fmt: skip
    ground = preferences.state_preference(household, wohnungsamt, ground_floor_only=True)
    assert [preferences.acceptable(ground, v, set()) for v in (cheap, middle, dear)] == [
        True, False, False,
    ]  # fmt: skip
    ranked = preferences.engine_preferences([household.pk], [dear, middle, cheap])
    assert [(p.flat_id, p.rank) for p in ranked] == [(str(cheap.pk), 1)]
