"""Every allocation page carries ``Cache-Control: no-store``: applicant data must not stay in a
browser's or proxy's cache after the person has left the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.allocation import urls
from wohnbuendnis.allocation.models import Household, NominationStatus, Vacancy
from wohnbuendnis.allocation.tests.test_permissions import _urls


def test_every_allocation_view_is_marked_no_store():
    unmarked = [p.name for p in urls.urlpatterns if not getattr(p.callback, "no_store", False)]
    assert unmarked == []


@pytest.mark.parametrize("persona", ["wohnungsamt", "sozialtraeger", "vermieter"], indirect=True)
def test_every_page_with_applicant_data_says_no_store(client, persona, city):
    client.force_login(persona)
    pages = _urls(city)
    household = Household.objects.filter(alliance=city, anonymised_at=None).first()
    pages["export_any"] = reverse("allocation:household_export", args=[household.public_id])
    landlord_vacancy = Vacancy.objects.filter(
        flat__landlord__short_name="GWM", nominations__status=NominationStatus.OPEN
    ).first()
    pages["nominees"] = reverse("allocation:vacancy", args=[landlord_vacancy.public_id])
    opened = 0
    for page, url in pages.items():
        response = client.get(url)
        if response.status_code != 200:
            continue
        opened += 1
        cache_control = response.headers.get("Cache-Control", "")
        assert "no-store" in cache_control, (page, cache_control)
        assert "private" in cache_control, (page, cache_control)
    assert opened >= 5
