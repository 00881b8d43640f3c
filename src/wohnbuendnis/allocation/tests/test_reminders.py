"""Reminders before a housing entitlement (WBS) expires: once per entitlement, by e-mail to the
registering agency (or the housing office) with an opaque case link only; and the list of
entitlements expiring in the next 60 days on the register page."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import AccessLogEntry
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Membership, Organisation
from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.models import EntitlementReminder, Household, HouseholdStatus

TODAY = datetime.date(2027, 3, 1)
BASE = "https://wohnen.example.org"
DATA = {
    "name": "Erika Erinnerung", "contact": "0561 999999", "persons": 2, "children": 1,
    "income_eur": Decimal(15000), "entitlement_valid_until": TODAY + datetime.timedelta(days=30),
    "needs_step_free": False, "needs_wheelchair": False, "household_type": "alleinerziehend",
    "nationality_group": "eu",
}  # fmt: skip


@pytest.fixture
def frozen():
    moment = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield


def _emails(alliance, role, organisation=None) -> set[str]:
    rows = Membership.objects.active().filter(alliance=alliance, role=role)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return set(rows.exclude(person__email="").values_list("person__email", flat=True))


def _mails_for(outbox, household):
    return [m for m in outbox if str(household.public_id) in m.body]


def _client(city, sozialtraeger, **changes):
    return services.register_household(
        city, sozialtraeger, DATA | changes, agency=Organisation.objects.get(short_name="Diakonie"),
        consent_text="Ja.",
    )  # fmt: skip


def test_the_registering_agency_is_reminded_once_with_a_case_link_only(
    city, sozialtraeger, frozen, mailoutbox
):
    household = _client(city, sozialtraeger)
    call_command("send_entitlement_reminders", "--base-url", BASE, stdout=io.StringIO())
    mails = _mails_for(mailoutbox, household)
    agency = Organisation.objects.get(short_name="Diakonie")
    assert {m.to[0] for m in mails} == _emails(city, Role.SOCIAL_AGENCY, agency)
    assert mails and all(len(m.to) == 1 for m in mails)
    link = BASE + reverse("allocation:household", args=[household.public_id])
    for mail in mails:
        assert link in mail.body
        for secret in ("Erika", "Erinnerung", household.reference, "0561", "15000", "01.04.2027"):
            assert secret not in mail.body and secret not in mail.subject
    reminder = EntitlementReminder.objects.get(household=household)
    assert reminder.valid_until == DATA["entitlement_valid_until"]
    assert reminder.recipients == len(mails)

    mailoutbox.clear()
    assert services.send_entitlement_reminders() == 0  # idempotent
    assert mailoutbox == []
    with time_machine.travel(datetime.datetime(2027, 3, 20, 9, tzinfo=datetime.UTC), tick=False):
        services.send_entitlement_reminders()  # a later run (other cases come into the window)
    assert not _mails_for(mailoutbox, household)
    assert EntitlementReminder.objects.filter(household=household).count() == 1


def test_a_renewed_entitlement_is_reminded_again_and_far_or_past_dates_not(
    city, sozialtraeger, frozen, mailoutbox
):
    far = _client(city, sozialtraeger, entitlement_valid_until=TODAY + datetime.timedelta(61))
    past = _client(city, sozialtraeger, entitlement_valid_until=TODAY - datetime.timedelta(1))
    edge = _client(city, sozialtraeger, entitlement_valid_until=TODAY + datetime.timedelta(60))
    services.send_entitlement_reminders()
    assert not _mails_for(mailoutbox, far) and not _mails_for(mailoutbox, past)
    assert _mails_for(mailoutbox, edge)
    Household.objects.filter(pk=edge.pk).update(
        entitlement_valid_until=TODAY + datetime.timedelta(days=40)
    )
    mailoutbox.clear()
    services.send_entitlement_reminders()
    assert _mails_for(mailoutbox, edge)
    assert EntitlementReminder.objects.filter(household=edge).count() == 2


def test_the_housing_office_is_reminded_of_its_own_cases_and_closed_cases_are_skipped(
    city, wohnungsamt, sozialtraeger, frozen, mailoutbox
):
    own = services.register_household(city, wohnungsamt, DATA)
    closed = _client(city, sozialtraeger)
    services.set_household_status(closed, wohnungsamt, HouseholdStatus.DEREGISTERED)
    services.send_entitlement_reminders()
    assert {m.to[0] for m in _mails_for(mailoutbox, own)} == _emails(city, Role.HOUSING_OFFICE)
    assert not _mails_for(mailoutbox, closed)
    assert not EntitlementReminder.objects.filter(household=closed).exists()


def test_the_register_lists_entitlements_expiring_within_60_days_and_logs_the_view(
    client, city, wohnungsamt, sozialtraeger, frozen
):
    soon = _client(city, sozialtraeger)
    later = _client(city, sozialtraeger, entitlement_valid_until=TODAY + datetime.timedelta(90))
    office = services.register_household(city, wohnungsamt, DATA)
    services.send_entitlement_reminders()
    register = reverse("allocation:households", args=[city.slug])
    url = reverse("allocation:expiring", args=[city.slug])
    reason = "Ablaufende Wohnberechtigungsscheine"

    client.force_login(sozialtraeger)
    # the register names how many and links the list, without reading the households
    page = client.get(register).content.decode()
    summary = page.split('id="expiring-heading"')[1].split("</section>")[0]
    assert url in summary and soon.reference not in summary
    assert not AccessLogEntry.objects.filter(user=sozialtraeger, reason=reason).exists()
    response = client.get(url)
    count = len(response.context["expiring"])
    assert f"{count} Haushalte mit ablaufendem Wohnberechtigungsschein ansehen" in summary
    page = response.content.decode()
    section = page.split('id="expiring-heading"')[1].split("</table>")[0]
    assert soon.reference in section and "01.03.2027" in section  # reminder sent today
    assert later.reference not in section
    assert office.reference not in section  # not the agency's client
    # one access-log row per household listed
    logged = AccessLogEntry.objects.filter(user=sozialtraeger, reason=reason)
    assert sorted(logged.values_list("subject_id", flat=True)) == sorted(
        str(h.pk) for h in response.context["expiring"]
    )
    assert logged.filter(subject_id=str(soon.pk)).count() == 1

    client.force_login(wohnungsamt)
    section = client.get(url).content.decode().split('id="expiring-heading"')[1]
    section = section.split("</table>")[0]
    assert soon.reference in section and office.reference in section
    logged = AccessLogEntry.objects.filter(user=wohnungsamt, reason=reason)
    assert {str(soon.pk), str(office.pk)} <= set(logged.values_list("subject_id", flat=True))
    assert timezone.localdate() == TODAY
