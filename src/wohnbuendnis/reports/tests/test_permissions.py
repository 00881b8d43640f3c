"""Who may open the reports pages, request, download and publish reports (demo personas); a
report with non-public content is never published, whoever asks."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from wohnbuendnis.accounts.models import User
from wohnbuendnis.concept.tests.test_permission_matrix import ALL, FA, KO, PO, PUB, _login
from wohnbuendnis.meetings.models import Minutes
from wohnbuendnis.reports import services
from wohnbuendnis.reports.models import Audience, Report, ReportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]
READERS = {KO, FA, PO}
GENERATORS = {KO, FA}


def _expected(name: str, allowed: set[str]) -> int:
    return 200 if name in allowed else (302 if name == PUB else 403)


@pytest.fixture
def finished(demo_alliance, settings):
    """A built public invitation and a built internal one (tasks run inline in tests)."""
    meeting = Minutes.objects.filter(meeting__body__alliance=demo_alliance).first().meeting
    koordination = User.objects.get(username=KO)
    made = {}
    for audience in Audience.values:
        report = services.request_report(
            demo_alliance, koordination, kind="invitation", fmt="html",
            audience=audience, meeting=meeting,
        )  # fmt: skip
        made[audience] = services.execute_report(report.pk)
        assert made[audience].status == ReportStatus.DONE
    return made


def test_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance, finished):
    slug = demo_alliance.slug
    report = finished[Audience.PUBLIC]
    pages = {
        "index": (reverse("reports:index", args=[slug]), READERS),
        "report": (reverse("reports:report", args=[slug, report.pk]), READERS),
        "status": (reverse("reports:report_status", args=[slug, report.pk]), READERS),
        "download": (reverse("reports:download", args=[slug, report.pk]), READERS),
        "published": (reverse("reports:published", args=[slug]), set(ALL)),
    }
    for name in ALL:
        _login(client, name)
        for page, (url, allowed) in pages.items():
            assert client.get(url).status_code == _expected(name, allowed), (name, page)


def test_history_notes_are_german_when_written_from_an_english_page(finished):
    """The history is read later on German pages: written in the site's language."""
    report, koordination = finished[Audience.PUBLIC], User.objects.get(username=KO)
    with translation.override("en"):
        services.publish_report(report, koordination)
        services.publish_report(report, koordination, published=False)
    notes = list(report.history.values_list("note", flat=True))
    assert notes[-2:] == ["veröffentlicht", "zurückgezogen"]


def test_only_koordination_and_fachamt_request_a_report(client, demo_alliance):
    url = reverse("reports:index", args=[demo_alliance.slug])
    for name in ALL:
        _login(client, name)
        before = Report.objects.count()
        data = {"kind": "concept", "fmt": "html", "audience": Audience.PUBLIC}
        response = client.post(url, data | {"submission_token": str(uuid.uuid4())})
        if name in GENERATORS:
            assert response.status_code == 302, name
            report = Report.objects.latest("pk")
            assert report.author.username == name and report.status == ReportStatus.DONE
        else:
            assert response.status_code == (302 if name == PUB else 403), name
            assert Report.objects.count() == before, name


def test_only_koordination_publishes_and_never_a_non_public_report(client, demo_alliance, finished):
    slug = demo_alliance.slug
    public, internal = finished[Audience.PUBLIC], finished[Audience.INTERNAL]
    assert internal.contains_non_public and not public.contains_non_public
    for name in ALL:
        _login(client, name)
        url = reverse("reports:publish", args=[slug, public.pk])
        response = client.post(url, {"published": "1"})
        public.refresh_from_db()
        assert public.published is (name == KO), name
        if name != KO:
            assert response.status_code in (302, 403)
        public.published = False
        public.save()
    _login(client, KO)
    client.post(reverse("reports:publish", args=[slug, internal.pk]), {"published": "1"})
    internal.refresh_from_db()
    assert not internal.published
    with pytest.raises(ValidationError, match="nichtöffentliche"):
        services.publish_report(internal, User.objects.get(username=KO))
    # published: the public sees and downloads it, an unpublished one stays closed
    services.publish_report(public, User.objects.get(username=KO))
    client.logout()
    listing = client.get(reverse("reports:published", args=[slug])).text
    assert reverse("reports:download", args=[slug, public.pk]) in listing
    assert client.get(reverse("reports:download", args=[slug, public.pk])).status_code == 200
    assert client.get(reverse("reports:download", args=[slug, internal.pk])).status_code == 302
    assert [h.note for h in public.history.all()][-1] == "veröffentlicht"
