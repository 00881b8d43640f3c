"""A create form of the concept sent twice (double click, reload) creates one record; the
second submission leads to what the first created (issue 12, lib/idempotency)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.tests.factories import MembershipFactory, OrganisationFactory
from wohnbuendnis.concept import services
from wohnbuendnis.concept.models import BuildingProject, Guideline, Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    membership = MembershipFactory(role=Role.COORDINATION)
    client.force_login(membership.person.user)
    return membership


PROJECT = {
    "name": "Jordan-Areal", "dwellings": "230", "social_dwellings": "69", "binding_years": "25",
    "accessible_dwellings": "40", "rooms_1": "0", "rooms_2": "0", "rooms_3": "0", "rooms_4": "0",
    "rent_segment": "gemischt", "quota_percent": "30", "quota_note": "",
    "expected_completion": "2028",
}  # fmt: skip


def test_bauvorhaben_anlegen_sent_twice_creates_one_project(client, coordinator):
    url = reverse("concept:project_create", args=[coordinator.alliance.slug])
    page = client.get(url).text
    assert 'name="submission_token"' in page
    data = {**PROJECT, "submission_token": str(uuid.uuid4())}
    first = client.post(url, data)
    assert first.status_code == 302, first.text
    project = BuildingProject.objects.get(name="Jordan-Areal")
    assert first.url == reverse("concept:project", args=[project.pk])
    second = client.post(url, data)
    assert second.status_code == 302 and second.url == first.url
    assert BuildingProject.objects.filter(name="Jordan-Areal").count() == 1
    # a new rendering of the form (a new token) creates a second one, as intended
    client.post(url, {**data, "submission_token": str(uuid.uuid4()), "name": "Salzmann-Areal"})
    assert BuildingProject.objects.count() == 2


def test_a_refused_create_form_keeps_its_token_and_can_be_sent_again(client, coordinator):
    url = reverse("concept:guideline_create", args=[coordinator.alliance.slug])
    data = {"name": "Quantität", "text": "", "position": "1", "submission_token": str(uuid.uuid4())}
    services.create_guideline(coordinator.alliance, "Quantität")
    refused = client.post(url, data)
    assert refused.status_code == 200 and data["submission_token"] in refused.text
    assert client.post(url, {**data, "name": "Qualität"}).status_code == 302
    assert Guideline.objects.filter(alliance=coordinator.alliance).count() == 2


def test_a_milestone_sent_twice_is_added_once(client, coordinator):
    alliance = coordinator.alliance
    guideline = services.create_guideline(alliance, "Quantität")
    lead = OrganisationFactory()
    alliance_services.admit_organisation(alliance, lead, datetime.date(2020, 1, 1))
    measure = services.create_measure(guideline, None, number=1, title="Bauland", lead=lead)
    url = reverse("concept:milestone_add", args=[measure.pk])
    data = {"milestone-title": "Beschluss", "milestone-due": "2030-01-01",
            "milestone-submission_token": str(uuid.uuid4())}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).url == reverse("concept:measure", args=[measure.pk])
    assert Milestone.objects.filter(measure=measure).count() == 1
