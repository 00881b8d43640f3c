"""The alliance's allocation settings: decision deadline, retention period, audit bodies."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance, Body
from wohnbuendnis.allocation.models import AllocationSettings, AllocationSettingsChange
from wohnbuendnis.lib.site_language import in_site_language


def settings_of(alliance: Alliance) -> AllocationSettings:
    found, _created = AllocationSettings.objects.get_or_create(alliance=alliance)
    return found


DECISION_DAYS = (3, 60)
RETENTION_MONTHS = (6, 120)
LEAD_DAYS = (0, 20)  # working days the cost-coverage decision is due before the landlord's


@transaction.atomic
def update_allocation_settings(
    alliance: Alliance, user: User, *, audit_bodies: Iterable[Body], decision_days: int,
    retention_months: int, cost_coverage_lead_days: int | None = None,
) -> AllocationSettings:  # fmt: skip
    """Change the alliance's allocation settings; the change is written to their history.
    ``cost_coverage_lead_days`` None keeps the current value."""
    settings_of(alliance)
    locked = AllocationSettings.objects.select_for_update().get(alliance=alliance)
    bodies = sorted(set(audit_bodies), key=lambda b: (b.position, b.pk))
    if any(b.alliance_id != alliance.pk for b in bodies):
        raise ValidationError(_("Nur Gremien dieses Bündnisses können Einsicht erhalten."))
    if not DECISION_DAYS[0] <= decision_days <= DECISION_DAYS[1]:
        raise ValidationError(
            _("Die Entscheidungsfrist liegt zwischen %(a)d und %(b)d Tagen.")
            % {"a": DECISION_DAYS[0], "b": DECISION_DAYS[1]}
        )
    if not RETENTION_MONTHS[0] <= retention_months <= RETENTION_MONTHS[1]:
        raise ValidationError(
            _("Die Aufbewahrung liegt zwischen %(a)d und %(b)d Monaten.")
            % {"a": RETENTION_MONTHS[0], "b": RETENTION_MONTHS[1]}
        )
    lead = (
        locked.cost_coverage_lead_days
        if cost_coverage_lead_days is None
        else cost_coverage_lead_days
    )
    if not LEAD_DAYS[0] <= lead <= LEAD_DAYS[1]:
        raise ValidationError(
            _("Die Kostenübernahme ist zwischen %(a)d und %(b)d Arbeitstagen vor der Frist des "
              "Vermieters zu entscheiden.") % {"a": LEAD_DAYS[0], "b": LEAD_DAYS[1]}
        )  # fmt: skip
    old_bodies = sorted(locked.audit_bodies.all(), key=lambda b: (b.position, b.pk))
    changes = []
    if locked.decision_days != decision_days:
        changes.append(
            in_site_language(
                gettext_noop("Entscheidungsfrist %(a)d → %(b)d Tage"),
                a=locked.decision_days,
                b=decision_days,
            )
        )
    if locked.retention_months != retention_months:
        changes.append(
            in_site_language(
                gettext_noop("Aufbewahrung %(a)d → %(b)d Monate"),
                a=locked.retention_months,
                b=retention_months,
            )
        )
    if locked.cost_coverage_lead_days != lead:
        changes.append(
            in_site_language(
                gettext_noop(
                    "Kostenübernahme %(a)d → %(b)d Arbeitstage vor der Frist des Vermieters"
                ),
                a=locked.cost_coverage_lead_days,
                b=lead,
            )
        )
    if old_bodies != bodies:
        names = ", ".join(b.short_name or b.name for b in bodies) or "–"
        changes.append(
            in_site_language(gettext_noop("Gremien mit Einsicht: %(names)s"), names=names)
        )
    if not changes:
        raise ValidationError(_("Es wurde nichts geändert."))
    locked.decision_days, locked.retention_months = decision_days, retention_months
    locked.cost_coverage_lead_days = lead
    locked.save(update_fields=["decision_days", "retention_months", "cost_coverage_lead_days"])
    locked.audit_bodies.set(bodies)
    AllocationSettingsChange.objects.create(
        settings=locked, by=user, summary="; ".join(str(c) for c in changes)[:500]
    )
    return locked
