"""The self-commitment and its signatories are public; the progress statements are not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.concept.models import CommitmentReport, CommitmentSignature

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def test_the_public_sees_who_signed_when(client, demo_alliance):
    response = client.get(reverse("concept:signatories", args=[demo_alliance.slug]))
    assert response.status_code == 200
    signatures = CommitmentSignature.objects.filter(commitment__alliance=demo_alliance)
    assert signatures.exists()
    for signature in signatures.select_related("organisation"):
        assert signature.organisation.name in response.text
        assert signature.signed_on.strftime("%d.%m.%Y") in response.text
    for report in CommitmentReport.objects.all()[:5]:
        assert report.text not in response.text
    page = client.get(reverse("site:alliance", args=[demo_alliance.slug])).text
    assert reverse("concept:signatories", args=[demo_alliance.slug]) in page
    assert reverse("api:oparl_body", args=[demo_alliance.slug]) in page
