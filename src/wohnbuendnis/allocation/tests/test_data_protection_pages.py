"""Data protection for the people who need it: the housing office and the data-protection
officer read the access log by file and by person (filters: file number or name, reader,
period, purpose); the Art. 15 information is a German letter (PDF) with the recipients and
the reads of the file, and a machine-readable file with German keys and local times, both
without internal ids."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import AccessLogEntry
from wohnbuendnis.allocation.models import CostCoverageCase, Household, Nomination

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _nominated() -> Household:
    """A household the housing office named for a landlord's flat and that asked for cost
    coverage."""
    with_case = CostCoverageCase.objects.values("household_id")
    return (
        Nomination.objects.filter(household__in=with_case, household__anonymised_at=None)
        .select_related("household", "vacancy__flat__landlord")
        .first()
        .household
    )


def _filter(client, city, **data) -> list:
    fields = {"akte": "", "person": "", "von": "", "bis": "", "zweck": ""} | data
    response = client.post(reverse("allocation:access_log", args=[city.slug]), fields)
    assert response.status_code == 200
    return response


def test_the_access_log_is_filtered_by_file_person_period_and_purpose(
    client, city, wohnungsamt, datenschutz, jobcenter
):
    household = _nominated()
    client.force_login(wohnungsamt)
    client.get(reverse("allocation:household", args=[household.public_id]))
    case = CostCoverageCase.objects.filter(
        agency="jobcenter", household__anonymised_at=None
    ).first()
    client.force_login(jobcenter)
    client.get(reverse("allocation:cost_coverage_case", args=[case.public_id]))

    client.force_login(datenschutz)
    page = client.get(reverse("allocation:access_log", args=[city.slug]))
    assert page.context["count"] >= 2
    # by file: only that household's reads, the reader named, the content not shown
    response = _filter(client, city, akte=household.reference)
    rows = response.context["rows"]
    assert rows and {r.reference for r in rows} == {household.reference}
    assert (
        response.context["count"]
        == AccessLogEntry.objects.filter(
            subject_type="allocation.household", subject_id=str(household.pk)
        ).count()
    )
    html = response.content.decode()
    assert wohnungsamt.get_full_name() in html and household.name not in html
    # the same by the data subject's name (the name is sent by POST, never in the address)
    assert _filter(client, city, akte=household.name).context["count"] == response.context["count"]
    # by person: only the job centre's reads
    rows = _filter(client, city, person=jobcenter.last_name).context["rows"]
    assert rows and {r.reader for r in rows} == {jobcenter.get_full_name()}
    assert {r.reason for r in rows} == {"Antrag auf Kostenübernahme prüfen"}
    # by period and purpose
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert _filter(client, city, von=tomorrow.isoformat()).context["count"] == 0
    assert _filter(client, city, von=today.isoformat(), bis=today.isoformat()).context["count"] >= 2
    rows = _filter(client, city, zweck="Kostenübernahme prüfen").context["rows"]
    assert rows and all("Kostenübernahme prüfen" in r.reason for r in rows)
    # a period that ends before it starts is refused at the field
    response = _filter(
        client, city, von=today.isoformat(), bis=(today - datetime.timedelta(days=3)).isoformat()
    )
    assert "„bis“ liegt vor „von“." in response.content.decode() and response.context["count"] == 0
    # the officer reads the log, not the file
    assert (
        client.get(reverse("allocation:household", args=[household.public_id])).status_code == 403
    )


def test_the_art15_letter_names_the_recipients_and_the_reads_and_no_internal_id(
    client, city, wohnungsamt, jobcenter
):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    household = _nominated()
    nominations = list(household.nominations.select_related("vacancy__flat__landlord"))
    case = household.cost_coverage_cases.first()
    client.force_login(wohnungsamt)
    client.get(reverse("allocation:household", args=[household.public_id]))
    response = client.get(reverse("allocation:household_letter", args=[household.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert str(household.public_id) not in response["Content-Disposition"]
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=response.content,
        capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    flat = " ".join(text.split())
    assert "Auskunft nach Art. 15 DSGVO" in flat and household.name in flat
    assert household.reference in flat
    # recipients: every landlord that received the data, with the day; the office asked
    for nomination in nominations:
        assert nomination.vacancy.flat.landlord.name[:25] in flat
        assert f"{nomination.nominated_on:%d.%m.%Y}" in flat
    assert case.get_agency_display() in flat
    # the reads of the file: when, by which organisation, why (the read above and this letter)
    assert "Zugriffe auf Ihre Akte" in flat
    assert "Amt für Bauverwaltung" in flat and "Auskunft nach Art. 15 DSGVO" in flat
    now = timezone.localtime()
    assert f"{now:%d.%m.%Y}" in flat
    # retention, purposes
    assert "Speicherdauer" in flat and "anonymisiert" in flat and "Zwecke" in flat
    # no internal ids: no uuid, no database key, no user name of the staff, no model key
    assert not UUID.search(text)
    assert "allocation.household" not in flat and "wohnungsamt" not in flat
    assert f"#{household.pk}" not in flat
    row = AccessLogEntry.objects.filter(user=wohnungsamt).first()
    assert (row.action, row.reason) == ("export", "Auskunft nach Art. 15 DSGVO")


def test_the_machine_readable_information_is_german_local_and_without_ids(
    client, city, wohnungsamt
):
    household = _nominated()
    client.force_login(wohnungsamt)
    response = client.get(reverse("allocation:household_export", args=[household.public_id]))
    data = json.loads(response.content)
    assert set(data) >= {
        "Gespeicherte Daten",
        "Empfänger",
        "Zugriffe auf Ihre Akte",
        "Speicherdauer",
        "Zwecke",
    }
    assert data["Gespeicherte Daten"]["Name"] == household.name
    landlords = {n.vacancy.flat.landlord.name for n in household.nominations.all()}
    assert landlords <= {r["Empfänger"] for r in data["Empfänger"]}
    raw = response.content.decode()
    assert not UUID.search(raw) and "T" not in "".join(
        r["Zeitpunkt"] for r in data["Zugriffe auf Ihre Akte"]
    )
    assert all(r["Zeitpunkt"].endswith("Uhr") for r in data["Zugriffe auf Ihre Akte"])
    # no English key anywhere, no stored enum key as value
    keys = re.findall(r'"([^"]+)":', raw)
    assert not {"household", "status", "reference", "criteria", "nominations"} & set(keys)
    assert '"beantragt"' not in raw or "Status" in raw
    assert str(household.public_id) not in response["Content-Disposition"]
