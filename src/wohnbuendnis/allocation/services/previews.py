"""The preview of nominations: the engine's proposal for one vacancy or a batch (shortlist,
optimal with N nominees per flat, deferred acceptance on the households' wishes), the clerk's
swaps with a recorded reason, and sending it – one call, all or nothing, once.

Lock order (as in ``services``): preview → vacancy → household. Two clerks sending previews
for the same flat: the first creates the nominations, the second finds the flat with open
nominations and is refused as a whole. A double click sends once (the second call finds the
preview sent and returns its nominations). A swap locks the flat too and is refused once the
flat was named for (another preview sent) or let: a landlord accepting a nominee while a clerk
swaps in an older preview of the same flat leaves the acceptance standing, the swap refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.engine import (
    deferred_acceptance_nominations,
    optimal_nominations,
)
from wohnbuendnis.allocation.engine import shortlist as run_shortlist
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdStatus,
    Mechanism,
    Nomination,
    NominationPreview,
    NominationStatus,
    PreviewEntry,
    PreviewStatus,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.allocation.services.nominations import (
    _candidates,
    _create_nominations,
    _lock_batch,
)
from wohnbuendnis.allocation.services.preferences import engine_preferences

MAX_NOMINEES = 20
SWAP_CHOICES = 20  # how many further eligible households the swap offers
REASON_LENGTH = (10, 2000)


class Pick(NamedTuple):
    household_id: str
    rank: int
    points: int


def _check_size(mechanism: str, n: int) -> None:
    lowest = 1 if mechanism == Mechanism.DEFERRED else 3
    if not lowest <= n <= MAX_NOMINEES:
        raise ValidationError(
            {"nominees": _("Benannte je Wohnung: zwischen %(a)d und %(b)d.")
             % {"a": lowest, "b": MAX_NOMINEES}}
        )  # fmt: skip


def run_mechanism(
    alliance: Alliance, vacancies: list[Vacancy], mechanism: str, n: int, day: datetime.date,
    exclude: set[int],
) -> tuple[dict[int, list], object]:  # fmt: skip
    """One engine run over the vacancies with the free, checked households; returns the
    engine's nominations per vacancy id and the applied priority-list version. The
    entitlement must be valid on the latest "free from" day of the batch."""
    reference = max(day, *(v.available_from for v in vacancies))
    households, version, scheme = _candidates(alliance, reference, exclude)
    flats = [engine.to_flat(v.flat, v.available_from, str(v.pk)) for v in vacancies]
    seed = alliance.pk
    if mechanism == Mechanism.SHORTLIST:
        result = run_shortlist(households, flats, scheme, n, seed=seed)
    elif mechanism == Mechanism.OPTIMAL:
        result = optimal_nominations(households, flats, scheme, n, seed=seed)
    elif mechanism == Mechanism.DEFERRED:
        wishes = engine_preferences([int(h.household_id) for h in households], vacancies)
        result = deferred_acceptance_nominations(households, flats, scheme, wishes, n, seed=seed)
    else:
        raise ValidationError(_("Unbekanntes Verfahren."))
    picks: dict[int, list] = {v.pk: [] for v in vacancies}
    for row in result.nominations:
        picks[int(row.flat_id)].append(row)
    return picks, version


@transaction.atomic
def prepare_preview(
    alliance: Alliance, vacancies: Iterable[Vacancy], user: User | None, mechanism: str,
    nominees: int, today: datetime.date | None = None,
) -> NominationPreview:  # fmt: skip
    """Compute and store the proposal; nothing is sent and no household is reserved yet."""
    if mechanism not in Mechanism.values:
        raise ValidationError(_("Unbekanntes Verfahren."))
    _check_size(mechanism, nominees)
    day = today or timezone.localdate()
    locked = _lock_batch(alliance, vacancies)
    exclude = set(
        Nomination.objects.filter(vacancy__in=locked).values_list("household_id", flat=True)
    )
    picks, version = run_mechanism(alliance, locked, mechanism, nominees, day, exclude)
    preview = NominationPreview.objects.create(
        alliance=alliance, mechanism=mechanism, nominees_per_flat=nominees, scheme=version,
        created_by=user,
    )  # fmt: skip
    preview.vacancies.set(locked)
    PreviewEntry.objects.bulk_create(
        PreviewEntry(
            preview=preview,
            vacancy_id=vacancy_id,
            household_id=int(row.household_id),
            rank=row.rank,
            points=row.points,
        )
        for vacancy_id, rows in picks.items()
        for row in rows
    )
    return preview


def swap_candidates(entry: PreviewEntry, today: datetime.date | None = None) -> list:
    """Further households eligible for the entry's flat, most urgent first (engine
    nominations), that are in no entry of the preview and were not named for the flat."""
    day = today or timezone.localdate()
    vacancy = entry.vacancy
    taken = set(entry.preview.entries.values_list("household_id", flat=True))
    taken |= set(vacancy.nominations.values_list("household_id", flat=True))
    picks, _version = run_mechanism(
        entry.preview.alliance, [vacancy], Mechanism.SHORTLIST, SWAP_CHOICES, day, taken
    )
    return picks[vacancy.pk]


def _lock_open_vacancy(vacancy_id: int) -> Vacancy:
    """Lock the flat of a swap (after the preview, as ``send_preview`` does) and refuse when it
    was named for or let meanwhile: another preview sent, a landlord deciding on those
    nominations. The lock makes a concurrent sending or nominating for the flat wait, so a
    swap never lands on a flat that is no longer open for this preview."""
    vacancy = Vacancy.objects.select_for_update().select_related("flat").get(pk=vacancy_id)
    taken = vacancy.nominations.filter(status=NominationStatus.OPEN).exists()
    if taken or vacancy.status not in (VacancyStatus.REPORTED, VacancyStatus.NOMINATED):
        raise ValidationError(
            _(
                "Für %(flat)s sind inzwischen Haushalte benannt oder die Wohnung ist vergeben; "
                "bitte berechnen Sie die Vorschau neu."
            )
            % {"flat": vacancy.flat}
        )
    return vacancy


@transaction.atomic
def swap_nominee(
    entry: PreviewEntry, user: User, household: Household, reason: str,
    today: datetime.date | None = None,
) -> PreviewEntry:  # fmt: skip
    """Put ``household`` in the entry's place instead of the proposed one, with a reason.

    The household must be eligible for the flat and free; the engine's original proposal is
    kept (``proposed``), so the deviation is counted in the statistics."""
    preview = NominationPreview.objects.select_for_update().get(pk=entry.preview_id)
    if preview.status != PreviewStatus.OPEN:
        raise ValidationError(_("Diese Vorschau ist schon gesendet."))
    _lock_open_vacancy(entry.vacancy_id)
    reason = (reason or "").strip()
    if len(reason) < REASON_LENGTH[0]:
        raise ValidationError(
            {"reason": _("Bitte begründen Sie die Abweichung (mindestens 10 Zeichen).")}
        )
    if len(reason) > REASON_LENGTH[1]:
        raise ValidationError({"reason": _("Die Begründung ist zu lang.")})
    locked = PreviewEntry.objects.get(pk=entry.pk, preview=preview)
    allowed = {int(row.household_id): row for row in swap_candidates(locked, today)}
    if household.pk not in allowed:
        raise ValidationError(
            {
                "household": _(
                    "Dieser Haushalt ist für die Wohnung nicht berechtigt oder nicht frei."
                )
            }
        )
    if locked.proposed_id is None:
        locked.proposed_id = locked.household_id
    locked.household, locked.points = household, allowed[household.pk].points
    locked.swap_reason, locked.swapped_by, locked.swapped_at = reason, user, timezone.now()
    locked.save()
    return locked


@transaction.atomic
def send_preview(
    preview: NominationPreview, user: User, today: datetime.date | None = None
) -> list[Nomination]:
    """Send the preview's nominations: all or nothing, once.

    Refused as a whole when a flat got nominations meanwhile (another clerk) or a household
    was named elsewhere; a preview already sent returns its nominations unchanged."""
    locked = NominationPreview.objects.select_for_update().get(pk=preview.pk)
    if locked.status == PreviewStatus.SENT:
        return list(Nomination.objects.filter(preview_entry__preview=locked).order_by("pk"))
    day = today or timezone.localdate()
    vacancies = _lock_batch(locked.alliance, locked.vacancies.all())
    entries = list(locked.entries.select_related("household").order_by("vacancy", "rank"))
    ids = {e.household_id for e in entries}
    free = set(
        Household.objects.select_for_update()
        .filter(pk__in=ids, status=HouseholdStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    if free != ids:
        gone = sorted(e.household.reference for e in entries if e.household_id not in free)
        raise ValidationError(
            _("Inzwischen anderweitig benannt: %(refs)s. Bitte berechnen Sie die Vorschau neu.")
            % {"refs": ", ".join(gone)}
        )
    created: list[Nomination] = []
    for vacancy in vacancies:
        mine = [e for e in entries if e.vacancy_id == vacancy.pk]
        picks = [Pick(str(e.household_id), e.rank, e.points) for e in mine]
        made = _create_nominations(vacancy, user, picks, locked.scheme, day)
        for entry, nomination in zip(mine, made, strict=True):
            entry.nomination = nomination
        PreviewEntry.objects.bulk_update(mine, ["nomination"])
        created += made
    locked.status, locked.sent_at, locked.sent_by = PreviewStatus.SENT, timezone.now(), user
    locked.save(update_fields=["status", "sent_at", "sent_by"])
    return created


def deviations(alliance: Alliance, year: int | None = None) -> dict[int, int]:
    """Sent nominations where the clerk swapped the proposed household, per year sent."""
    rows = PreviewEntry.objects.filter(
        preview__alliance=alliance, preview__status=PreviewStatus.SENT, proposed__isnull=False
    )
    if year is not None:
        rows = rows.filter(preview__sent_at__year=year)
    found: dict[int, int] = {}
    for sent in rows.values_list("preview__sent_at", flat=True):
        found[sent.year] = found.get(sent.year, 0) + 1
    return dict(sorted(found.items()))


def preview_rows(user: User, preview: NominationPreview) -> list[tuple[Vacancy, list]]:
    """The preview per vacancy (entries by rank) for the housing office; one access-log row per
    household shown (file number, size, points; the swapped-out proposal included)."""
    from django.core.exceptions import PermissionDenied

    from wohnbuendnis.accounts.models import AccessAction
    from wohnbuendnis.accounts.services import record_personal_data_accesses

    if not user.has_perm("allocation.preview_nominations", preview):
        raise PermissionDenied
    entries = list(
        preview.entries.select_related("household", "proposed", "vacancy__flat__landlord").order_by(
            "vacancy__available_from", "vacancy_id", "rank"
        )
    )
    vacancies = list(
        preview.vacancies.select_related("flat__landlord").order_by("available_from", "pk")
    )
    shown = [e.household for e in entries] + [e.proposed for e in entries if e.proposed]
    if shown:
        record_personal_data_accesses(
            user, AccessAction.VIEW, shown, gettext_lazy("Vorschau der Benennungen angesehen")
        )
    return [(v, [e for e in entries if e.vacancy_id == v.pk]) for v in vacancies]
