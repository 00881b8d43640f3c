"""The editions' pages (issue 12.5): who may open and use them, the public concept page shows
the adopted edition and never the draft, and two adoptions at once adopt once."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.concept import queries, services
from wohnbuendnis.concept.models import ConceptEdition, EditionStatus, Measure
from wohnbuendnis.concept.tests.test_permission_matrix import (
    ALL,
    FA,
    KO,
    MEMBERS,
    MI,
    PO,
    PUB,
    SO,
    VE,
    WA,
    _expected,
    _login,
)
from wohnbuendnis.lib.race_testing import at_once

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def _decision() -> dict:
    day = timezone.localdate() - datetime.timedelta(days=2)
    return {"decided_on": day.isoformat(), "printed_matter": "DS 2026/0100"}


def test_the_edition_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance):
    slug = demo_alliance.slug
    adopted = queries.adopted_edition(demo_alliance)
    draft = services.start_edition(
        demo_alliance, User.objects.get(username=KO), title="1. Fortschreibung"
    )
    pages = {
        "editions": (reverse("concept:editions", args=[slug]), MEMBERS),
        "adopted": (reverse("concept:edition", args=[adopted.pk]), MEMBERS),
        "draft": (reverse("concept:edition", args=[draft.pk]), MEMBERS),
        "compare": (
            reverse("concept:editions_compare", args=[slug]) + f"?a={adopted.pk}&b=entwurf",
            MEMBERS,
        ),
        "public": (reverse("concept:public", args=[slug]), set(ALL)),
    }
    for name in ALL:
        _login(client, name)
        for page, (url, allowed) in pages.items():
            assert client.get(url).status_code == _expected(name, allowed), (name, page)
        html = client.get(pages["draft"][0]).text if name in MEMBERS else ""
        assert ("Fassung beschließen" in html) == (name == KO), name
        html = client.get(pages["editions"][0]).text if name in MEMBERS else ""
        assert ("Fassung anlegen" in html) == (name == KO), name
    # the adopt page is POST only
    _login(client, KO)
    assert client.get(reverse("concept:edition_adopt", args=[draft.pk])).status_code == 405


def test_only_koordination_starts_and_adopts(client, demo_alliance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    slug = demo_alliance.slug
    start_url = reverse("concept:editions", args=[slug])
    for name in [FA, WA, VE, SO, PO, MI, PUB]:
        _login(client, name)
        start = {"title": "x", "submission_token": str(uuid.uuid4())}
        assert client.post(start_url, start).status_code == (302 if name == PUB else 403)
    assert not ConceptEdition.objects.filter(status=EditionStatus.DRAFT).exists()
    _login(client, KO)
    token = str(uuid.uuid4())
    response = client.post(start_url, {"title": "1. Fortschreibung", "submission_token": token})
    draft = ConceptEdition.objects.get(alliance=demo_alliance, status=EditionStatus.DRAFT)
    assert response.status_code == 302 and response.url == reverse(
        "concept:edition", args=[draft.pk]
    )
    # sent again: still one draft, redirected to it
    again = client.post(start_url, {"title": "1. Fortschreibung", "submission_token": token})
    assert (
        again.status_code == 302
        and ConceptEdition.objects.filter(alliance=demo_alliance).count() == 2
    )
    adopt_url = reverse("concept:edition_adopt", args=[draft.pk])
    for name in [FA, WA, VE, SO, PO, MI, PUB]:
        _login(client, name)
        assert client.post(adopt_url, _decision()).status_code == (302 if name == PUB else 403)
    draft.refresh_from_db()
    assert draft.status == EditionStatus.DRAFT
    _login(client, KO)
    refused = client.post(adopt_url, {**_decision(), "decided_on": "1970-01-01"})
    assert refused.status_code == 200 and "Ratsbeschlusses muss zwischen" in refused.text
    assert 'value="DS 2026/0100"' in refused.text  # what was typed stays
    pdf = SimpleUploadedFile("Beschluss.pdf", b"%PDF-1.4 x", "application/pdf")
    response = client.post(adopt_url, {**_decision(), "document": pdf})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == EditionStatus.ADOPTED and draft.decision_name == "Beschluss.pdf"
    # the decision of an adopted edition is public
    client.logout()
    download = client.get(reverse("concept:edition_decision", args=[draft.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"


def test_the_public_page_shows_the_adopted_content_not_the_draft(client, demo_alliance):
    adopted = queries.adopted_edition(demo_alliance)
    by = User.objects.get(username=KO)
    measure = Measure.objects.filter(alliance=demo_alliance).order_by("number").first()
    old_title = measure.title
    services.start_edition(demo_alliance, by, title="1. Fortschreibung")
    services.update_measure(
        measure, by, measure.version, partners=list(measure.partners.all()),
        goals=list(measure.goals.all()), areas=[], title="Entwurfstitel der Maßnahme",
    )  # fmt: skip
    services.create_measure(
        measure.guideline, by, number=88, title="Ganz neue Entwurfsmaßnahme", lead=measure.lead
    )
    url = reverse("concept:public", args=[demo_alliance.slug])
    html = client.get(url).text
    assert old_title in html and adopted.printed_matter in html
    assert adopted.decided_on.strftime("%d.%m.%Y") in html
    assert "Entwurfstitel" not in html and "Ganz neue Entwurfsmaßnahme" not in html
    # members see the draft's difference on the compare page
    _login(client, MI)
    compare = client.get(
        reverse("concept:editions_compare", args=[demo_alliance.slug])
        + f"?a={adopted.pk}&b=entwurf"
    ).text
    assert "Ganz neue Entwurfsmaßnahme" in compare and "Entwurfstitel der Maßnahme" in compare
    assert old_title in compare
    # without an adopted edition the page says so and shows no draft content
    ConceptEdition.objects.filter(alliance=demo_alliance).delete()
    client.logout()
    html = client.get(url).text
    assert "noch keine Fassung des Handlungskonzepts beschlossen" in html
    assert old_title not in html and "Entwurfstitel" not in html


@pytest.mark.django_db(transaction=True)
def test_two_adoptions_at_once_adopt_once(demo_alliance):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")
    by = User.objects.get(username=KO)
    draft = services.start_edition(demo_alliance, by, title="1. Fortschreibung")
    day = timezone.localdate() - datetime.timedelta(days=1)

    def adopt(ref: str):
        return lambda: services.adopt_edition(
            ConceptEdition.objects.get(pk=draft.pk), User.objects.get(pk=by.pk),
            decided_on=day, printed_matter=ref,
        )  # fmt: skip

    outcomes = at_once(adopt("DS A"), adopt("DS B"))
    assert sorted(map(str, outcomes)) == ["ok", "refused"]
    editions = ConceptEdition.objects.filter(alliance=demo_alliance)
    assert editions.filter(status=EditionStatus.ADOPTED).count() == 1
    assert editions.filter(status=EditionStatus.SUPERSEDED).count() == 1
    draft.refresh_from_db()
    assert draft.history.filter(to_status=EditionStatus.ADOPTED).count() == 1
