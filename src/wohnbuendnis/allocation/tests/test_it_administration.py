"""The IT administration (Django superuser ``admin``) administers accounts, not cases.

Django lets an active superuser pass every permission check; the role matrix gives the IT
administration no right in the alliances' work. These tests walk the applicant pages and every
rule of the case apps as the demo's ``admin``.
"""

from __future__ import annotations

import pytest
import rules
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.permissions import is_case_permission
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    Household,
    Nomination,
    NominationStatus,
    Vacancy,
)


@pytest.fixture
def admin(city):
    user = User.objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    return user


def _applicant_pages(city) -> dict[str, str]:
    household = Household.objects.filter(alliance=city, anonymised_at=None).first()
    vacancy = Vacancy.objects.filter(nominations__status=NominationStatus.OPEN).first()
    case = CostCoverageCase.objects.filter(household__alliance=city).first()
    return {
        "register": reverse("allocation:households", args=[city.slug]),
        "register_form": reverse("allocation:household_register", args=[city.slug]),
        "household": reverse("allocation:household", args=[household.public_id]),
        "art15_export": reverse("allocation:household_export", args=[household.public_id]),
        "cost_coverage": reverse("allocation:cost_coverage", args=[city.slug]),
        "vacancies": reverse("allocation:vacancies", args=[city.slug]),
        "nominations": reverse("allocation:vacancy", args=[vacancy.public_id]),
        "settings": reverse("allocation:settings", args=[city.slug]),
        "audit": reverse("allocation:audit", args=[city.slug]),
        "case_decision": reverse("allocation:cost_coverage_decide", args=[case.public_id]),
        "cost_coverage_case": reverse("allocation:cost_coverage_case", args=[case.public_id]),
        "art15_letter": reverse("allocation:household_letter", args=[household.public_id]),
        "access_log": reverse("allocation:access_log", args=[city.slug]),
    }


def test_the_it_administration_sees_no_applicant_page(client, admin, city):
    client.force_login(admin)
    for page, url in _applicant_pages(city).items():
        response = client.get(url)
        assert response.status_code in (403, 404, 405), (page, response.status_code)
        if response.status_code == 200:  # pragma: no cover - the assertion above failed
            break
    assert client.get(reverse("admin:index")).status_code == 200  # accounts stay its work


def test_the_it_administration_cannot_decide_a_nomination(client, admin, city):
    nomination = Nomination.objects.filter(status=NominationStatus.OPEN).first()
    client.force_login(admin)
    response = client.post(
        reverse("allocation:nomination_decide", args=[nomination.public_id]),
        {"decision": "annehmen", "reason": "", "note": ""},
    )
    assert response.status_code in (403, 404)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.OPEN
    assert nomination.decided_by is None


def test_the_it_administration_cannot_change_a_household(client, admin, city):
    household = Household.objects.filter(alliance=city, anonymised_at=None).first()
    status = household.status
    client.force_login(admin)
    url = reverse("allocation:household_status", args=[household.public_id])
    assert client.post(url, {"status": "abgemeldet", "note": "x"}).status_code == 403
    household.refresh_from_db()
    assert household.status == status


def test_no_rule_of_a_case_app_holds_for_a_superuser_without_a_role(admin, city):
    """Every registered rule of the case apps, on the objects the views pass to them: the
    superuser gets exactly what a signed-in person without any role gets (public pages)."""
    nobody = User.objects.create_user("ohne-rolle")
    objects = [
        None,
        city,
        Household.objects.filter(alliance=city).first(),
        Vacancy.objects.filter(nominations__status=NominationStatus.OPEN).first(),
        Nomination.objects.filter(status=NominationStatus.OPEN).first(),
        CostCoverageCase.objects.first(),
    ]
    checked = [name for name in rules.permissions.permissions if is_case_permission(name)]
    assert {"allocation.view_register", "meetings.view_minutes", "forecast.run"} <= set(checked)
    extra = [
        (name, type(obj).__name__)
        for name in checked
        for obj in objects
        if _allowed(admin, name, obj) and not _allowed(nobody, name, obj)
    ]
    assert extra == []


def _allowed(user, name, obj) -> bool:
    try:
        return user.has_perm(name, obj)
    except AttributeError:  # a predicate that needs another kind of object: not granted
        return False


def test_django_model_permissions_of_case_apps_count_for_nobody(admin, city):
    assert not admin.has_perm("allocation.view_household")
    assert not admin.has_perm("allocation.change_nomination")
    assert not admin.has_module_perms("allocation")
    assert admin.has_perm("accounts.change_user")
    assert admin.has_perm("alliance.change_membership")
