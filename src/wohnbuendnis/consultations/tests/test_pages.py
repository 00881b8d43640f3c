"""The forms of the consultation pages: create once, sections as a list, a statement and its
revision, the refusal after the deadline kept in the form, responses all at once."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.consultations.models import (
    Consultation,
    ConsultationStatus,
    Response,
    StatementVersion,
)
from wohnbuendnis.consultations.tests.factories import make_setting

pytestmark = pytest.mark.django_db


def test_koordination_creates_once_enters_sections_and_opens(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    setting = make_setting()
    client.force_login(setting.coordinator)
    url = reverse("consultations:create", args=[setting.alliance.slug])
    form = {
        "title": "Entwurf Vorrangliste", "kind": "vorrangliste",
        "deadline": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "organisations": [o.pk for o in setting.organisations],
        "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    first, again = client.post(url, form), client.post(url, form)
    assert Consultation.objects.filter(title="Entwurf Vorrangliste").count() == 1
    consultation = Consultation.objects.get(title="Entwurf Vorrangliste")
    sections = reverse("consultations:sections", args=[consultation.pk])
    assert first.url == sections and again.url == sections
    too_late = client.post(
        url, {**form, "deadline": "2001-01-01", "submission_token": str(uuid.uuid4())}
    )
    assert "muss zwischen dem" in too_late.text  # the field's German message, form kept
    rows = {
        "abschnitt-TOTAL_FORMS": "3", "abschnitt-INITIAL_FORMS": "0",
        "abschnitt-0-number": "1", "abschnitt-0-title": "Punkte", "abschnitt-0-text": "…",
        "abschnitt-1-number": "2", "abschnitt-1-title": "Ausnahmen",
    }  # fmt: skip
    assert client.post(sections, rows).status_code == 302
    assert [s.title for s in consultation.sections.all()] == ["Punkte", "Ausnahmen"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("consultations:open", args=[consultation.pk])).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    assert len(mailoutbox) == 3  # the three people of the two invited organisations


def test_a_statement_its_revision_and_the_refusal_after_the_deadline(client):
    setting = make_setting(deadline_days=2)
    section = setting.sections[0]
    client.force_login(setting.people[0])
    url = reverse("consultations:statement", args=[setting.consultation.pk])
    page = client.get(url)
    assert "Stellungnahme von Baugenossenschaft A" in page.text
    form = {
        "organisation": setting.organisations[0].pk, "based_on": 0, "general": "",
        f"section_{section.pk}": "Zum Neubau.", "public": "on",
        "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    assert client.post(url, form).status_code == 302
    revised = {**form, "based_on": 1, "general": "Ergänzt.", "submission_token": str(uuid.uuid4())}
    assert client.post(url, revised).status_code == 302
    assert list(StatementVersion.objects.values_list("number", "general")) == [
        (1, ""), (2, "Ergänzt."),
    ]  # fmt: skip
    assert "Bisherige Fassungen" in client.get(url).text
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Consultation.objects.filter(pk=setting.consultation.pk).update(deadline=yesterday)
    late = {**form, "based_on": 2, "general": "Zu spät.", "submission_token": str(uuid.uuid4())}
    refused = client.post(url, late)
    assert refused.status_code == 200
    assert "abgelaufen; es werden keine Stellungnahmen mehr angenommen" in refused.text
    assert "Zu spät." in refused.text  # what was typed stays in the form
    assert StatementVersion.objects.count() == 2


def test_responses_are_entered_in_one_form(client):
    setting = make_setting()
    client.force_login(setting.people[0])
    url = reverse("consultations:statement", args=[setting.consultation.pk])
    client.post(url, {
        "organisation": setting.organisations[0].pk, "based_on": 0, "general": "Gut.",
        "submission_token": str(uuid.uuid4()),
    })  # fmt: skip
    client.force_login(setting.coordinator)
    client.post(reverse("consultations:close", args=[setting.consultation.pk]))
    synopsis = reverse("consultations:synopsis", args=[setting.consultation.pk])
    page = client.get(synopsis)
    assert "Ergebnis zu Baugenossenschaft A" in page.text
    key = f"{StatementVersion.objects.get().statement_id}_0"
    post = {f"verdict_{key}": "teilweise", f"reason_{key}": "Weil.",
            f"shown_verdict_{key}": "", f"shown_reason_{key}": ""}  # fmt: skip
    assert client.post(synopsis, post).status_code == 302
    assert Response.objects.get().verdict == "teilweise"
    stale = client.post(synopsis, {**post, f"verdict_{key}": "nicht"})
    assert "Inzwischen hat jemand anderes Antworten gespeichert" in stale.text
    assert Response.objects.get().verdict == "teilweise"
    xlsx = client.get(reverse("consultations:download", args=[setting.consultation.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
