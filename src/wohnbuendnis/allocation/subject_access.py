"""The information a data subject gets under GDPR Art. 15: the data stored about the household,
the purposes, the recipients (which landlords received it, when; the benefit offices asked;
the registering agency), the reads of the file and the retention dates.

One builder (``information``) serves both forms: the letter (PDF, ``letters.art15_letter``)
and the machine-readable export (JSON). Keys and values are German, times local, and no
internal id appears (no database key, no uuid, no user name of the staff). Under CJEU
C-579/21 the reads are named by the reading organisation and its role, with time, kind and
purpose, not by the employee.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wohnbuendnis.accounts.models import AccessAction, User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.accounts.services import record_personal_data_access
from wohnbuendnis.alliance.models import Membership
from wohnbuendnis.allocation.access_log import entries_for_households
from wohnbuendnis.allocation.forms import CRITERION_LABELS
from wohnbuendnis.allocation.models import CLOSED_STATUSES, Household
from wohnbuendnis.allocation.services.settings import settings_of

MONTH_DAYS = 365.25 / 12


def day(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d.%m.%Y}"


def moment(value: datetime.datetime | None) -> str:
    """A local time as people read it (e.g. 05.12.2026, 13:05 Uhr)."""
    if value is None:
        return "–"
    return f"{timezone.localtime(value):%d.%m.%Y, %H:%M} Uhr"


def euro(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} €"


def yes_no(value: bool) -> str:
    return _("ja") if value else _("nein")


def _readers(users: set[int], alliance) -> dict[int, str]:
    """Each reading account as its organisation and role in the alliance (no employee name)."""
    rows = (
        Membership.objects.filter(alliance=alliance, person__user__in=users)
        .select_related("organisation", "person")
        .order_by("-since", "pk")
    )
    found: dict[int, str] = {}
    for row in rows:
        user_id = row.person.user_id
        if user_id in found:
            continue
        role = Role(row.role).label if row.role in Role.values else row.role
        organisation = row.organisation.name if row.organisation else ""
        found[user_id] = f"{organisation} ({role})" if organisation else str(role)
    return found


def _retention(household: Household) -> list[str]:
    months = settings_of(household.alliance).retention_months
    if household.anonymised_at is not None:
        return [
            _("Der Fall ist anonymisiert seit dem %(day)s.") % {"day": day(household.anonymised_at)}
        ]
    lines = []
    if household.status in CLOSED_STATUSES:
        due = household.status_changed_at + datetime.timedelta(days=round(months * MONTH_DAYS))
        lines.append(
            _(
                "Ihr Fall ist seit dem %(closed)s abgeschlossen (%(status)s). Ihre Daten werden "
                "am %(due)s anonymisiert: Name, Kontakt, Einkommen, Kriterien und Nachweise "
                "werden gelöscht; nur Zählungen ohne Bezug zu Ihnen bleiben für die Statistik."
            )
            % {
                "closed": day(household.status_changed_at),
                "status": household.get_status_display(),
                "due": day(due),
            }
        )
    else:
        lines.append(
            _(
                "Ihre Daten werden gespeichert, solange Sie als wohnungssuchend registriert "
                "sind. Nach dem Abschluss des Falls (versorgt oder abgemeldet) werden sie nach "
                "%(months)d Monaten anonymisiert."
            )
            % {"months": months}
        )
    lines.append(
        _(
            "Die Aufzeichnungen, wer Ihre Akte gelesen hat, bleiben zum Nachweis der "
            "Rechtmäßigkeit der Verarbeitung erhalten (Art. 5 Abs. 2 DSGVO); sie nennen nur "
            "das Aktenzeichen."
        )
    )
    return lines


def information(user: User, household: Household) -> dict[str, Any]:
    """Everything stored about one household, in German, for the data subject (Art. 15).
    The housing office or the registering agency asks for it; one access-log row."""
    if not user.has_perm("allocation.export_applicant", household):
        raise PermissionDenied
    record_personal_data_access(
        user, AccessAction.EXPORT, household, gettext_lazy("Auskunft nach Art. 15 DSGVO")
    )
    alliance = household.alliance
    nominations = list(
        household.nominations.select_related("vacancy__flat__landlord", "scheme").order_by(
            "nominated_on", "pk"
        )
    )
    cases = list(household.cost_coverage_cases.order_by("requested_on", "pk"))
    recipients = []
    if household.agency is not None:
        recipients.append(
            {
                "Empfänger": household.agency.name,
                "seit": day(household.registered_on),
                "Daten": _("alle Angaben der Akte"),
                "Zweck": _("Ihre Anmeldung und Begleitung durch die meldende Stelle"),
            }
        )
    for n in nominations:
        recipients.append(
            {
                "Empfänger": n.vacancy.flat.landlord.name,
                "seit": day(n.nominated_on),
                "Daten": _("Name, Kontakt, Zahl der Personen und Kinder, Ergebnis der Prüfung"),
                "Zweck": _("Benennung für die Wohnung %(flat)s") % {"flat": n.vacancy.flat.label},
            }
        )
    for c in cases:
        recipients.append(
            {
                "Empfänger": c.get_agency_display(),
                "seit": day(c.requested_on),
                "Daten": _("Name, Aktenzeichen, Zahl der Personen, Miete der Wohnung"),
                "Zweck": _("Entscheidung über die Übernahme der Wohnkosten"),
            }
        )
    log = list(
        entries_for_households(Household.objects.filter(pk=household.pk)).order_by("at", "pk")
    )
    readers = _readers({r.user_id for r in log if r.user_id}, alliance)
    return {
        "Auskunft nach Art. 15 DSGVO": {
            "erstellt am": moment(timezone.now()),
            "Verantwortliche Stelle": alliance.name,
            "Aktenzeichen": household.reference,
        },
        "Gespeicherte Daten": {
            "Name": household.name,
            "Kontakt": household.contact or "–",
            "registriert am": day(household.registered_on),
            "gemeldet durch": household.agency.name if household.agency else _("Wohnungsamt"),
            "Personen im Haushalt": household.persons,
            "davon Kinder unter 18": household.children,
            "Jahreseinkommen": euro(household.income_eur),
            "Wohnberechtigungsschein gültig bis": day(household.entitlement_valid_until),
            "braucht stufenlosen Zugang": yes_no(household.needs_step_free),
            "braucht rollstuhlgerechte Wohnung": yes_no(household.needs_wheelchair),
            "Haushaltsform": household.get_household_type_display(),
            "Staatsangehörigkeit (Gruppe, freiwillig)": household.get_nationality_group_display(),
            "Dringlichkeitspunkte": household.points,
            "Status": household.get_status_display(),
            "Angaben geprüft am": day(household.verified_at),
            "Einwilligung erteilt am": moment(household.consent_at)
            if household.consent_at
            else "–",
            "Einwilligung (Wortlaut)": household.consent_text or "–",
        },
        "Kriterien der Prioritätenliste": [
            {
                "Kriterium": str(CRITERION_LABELS.get(c.criterion, c.criterion)),
                "angegebener Nachweis": c.evidence or "–",
                "gesehene Nachweise": c.checked_evidence or "–",
                "Prüfung": (yes_no(c.confirmed) if c.checked_at else _("noch nicht geprüft")),
                "geprüft am": day(c.checked_at),
            }
            for c in household.criteria.order_by("criterion")
        ],
        "Verlauf": [
            {
                "Zeitpunkt": moment(h.at),
                "von": h.get_from_status_display() or "–",
                "zu": h.get_to_status_display(),
                "Vermerk": h.note or "–",
            }
            for h in household.history.order_by("at", "pk")
        ],
        "Kostenübernahme": [
            {
                "Leistungsträger": c.get_agency_display(),
                "Status": c.get_status_display(),
                "beantragt am": day(c.requested_on),
                "entschieden am": day(c.decided_on),
                "bewilligte Obergrenze (€/Monat)": euro(c.monthly_cap_eur),
                "gültig bis": day(c.valid_until),
                "Miete der Wohnung (€/Monat)": euro(c.requested_rent_eur),
                "Begründung": c.decision_reason or "–",
            }
            for c in cases
        ],
        "Benennungen": [
            {
                "benannt am": day(n.nominated_on),
                "Vermieter": n.vacancy.flat.landlord.name,
                "Wohnung": n.vacancy.flat.label,
                "Rang": n.rank,
                "Status": n.get_status_display(),
                "Grund": n.get_reason_display() or "–",
                "Prioritätenliste": _("Version %(v)d") % {"v": n.scheme.version},
            }
            for n in nominations
        ],
        "Zwecke": [
            _(
                "Vermittlung einer geförderten Wohnung nach sozialer Dringlichkeit "
                "(Prioritätenliste des Bündnisses, Benennungsrecht der Stadt)"
            ),
            _("Abstimmung der Kostenübernahme mit Jobcenter oder Sozialamt"),
            _(
                "Prüfung der Vermietungsentscheidungen auf Diskriminierung (nur in Zählungen, "
                "ohne Bezug zu Ihnen)"
            ),
        ],
        "Empfänger": recipients,
        "Zugriffe auf Ihre Akte": [
            {
                "Zeitpunkt": moment(r.at),
                "Stelle": readers.get(r.user_id, _("nicht mehr im Bündnis")),
                "Vorgang": r.get_action_display(),
                "Zweck": r.reason,
            }
            for r in log
        ],
        "Speicherdauer": _retention(household),
    }
