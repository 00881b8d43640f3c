"""The busiest pages make a fixed number of queries, none of them from a template.

Their data are read in the apps' queries modules (``select_related`` / ``prefetch_related``,
lists); a template that starts following a relation again, or a loop that queries per row, fails
here with the query and where it came from. The counts are of a second request (the cache holds
what never changes: a finished run's results, the barometer's series); they include the
session, the user, the role check and the second-factor gate.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.forecast.models import ForecastRun
from wohnbuendnis.lib.query_counting import page_queries

pytestmark = pytest.mark.demo_parts("process", "allocation", "monitoring", "forecast")

#: page → (persona or None for the public, queries of a second request)
PAGES = {
    "monitoring:dashboard": ("fachamt", 12),
    "monitoring:public_barometer": (None, 3),
    "forecast:run": ("fachamt", 8),  # the assumptions are cached with their generation
    # 18: goal values in three indexed lookups (one query over "own or below" read every
    # observation: 15 ms on PostgreSQL)
    "concept:overview": ("koordination", 18),
    "allocation:households": ("wohnungsamt", 10),
    "start (koordination)": ("koordination", 7),
    "start (wohnungsamt)": ("wohnungsamt", 5),
    "start (public)": (None, 1),
    "site:alliance": (None, 1),  # the alliance; its page is kept (PUBLIC_PAGE_SECONDS)
}


def _url(name: str, alliance) -> str:
    if name.startswith("start"):
        return reverse("start")
    if name == "forecast:run":
        run = ForecastRun.objects.filter(alliance=alliance).order_by("pk").first()
        return reverse(name, args=[alliance.slug, run.pk])
    return reverse(name, args=[alliance.slug])


def test_the_busiest_pages_make_a_fixed_number_of_queries_none_from_templates(
    client, settings, demo_alliance
):
    """One test for all pages: the demo data set is built once."""
    from wohnbuendnis.accounts.models import User

    settings.PUBLIC_PAGE_SECONDS = 60  # as in production (the tests build it on every visit)

    wrong = []
    for page, (persona, expected) in PAGES.items():
        client.logout()
        if persona is not None:
            client.force_login(User.objects.get(username=persona))
        url = _url(page, demo_alliance)
        assert client.get(url).status_code == 200  # fills the cache, moves the session's end
        with page_queries() as recorded:
            response = client.get(url)
        assert response.status_code == 200, page
        if recorded.from_templates or len(recorded) != expected:
            wrong.append(
                f"{page}: {len(recorded)} queries, {expected} expected\n" + recorded.describe()
            )
    assert not wrong, "\n\n".join(wrong)
