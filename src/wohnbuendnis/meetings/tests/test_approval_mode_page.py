"""The page on which the Koordination or the body's chair sets how its minutes are approved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.models import BodyKind
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import ApprovalMode, BodyMinutesPolicy
from wohnbuendnis.meetings.tests.factories import make_setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    return make_setting()


def test_only_the_chair_and_the_coordination_set_the_approval_mode(client, setting):
    url = reverse("meetings:approval_mode", args=[setting.body.pk])
    tacit = {"approval_mode": ApprovalMode.TACIT}
    assert client.post(url, tacit).status_code == 302  # the public: to the login
    other = alliance_services.create_body(
        setting.alliance, BodyKind.WORKING_GROUP, "AG Andere", chairs=[setting.outsider]
    )
    for person in (setting.member, setting.outsider):  # a member; another body's chair
        client.force_login(person.user)
        assert client.get(url).status_code == 403
        assert client.post(url, tacit).status_code == 403
    assert not BodyMinutesPolicy.objects.filter(body=setting.body).exists()
    assert services.approval_mode(setting.body) == ApprovalMode.EXPLICIT

    client.force_login(setting.chair.user)
    page = client.get(url).text
    assert 'value="explizit"' in page and 'value="stillschweigend"' in page
    assert client.post(url, tacit).status_code == 302
    policy = BodyMinutesPolicy.objects.get(body=setting.body)
    assert (policy.approval_mode, policy.changed_by) == (ApprovalMode.TACIT, setting.chair.user)
    assert services.approval_mode(other) == ApprovalMode.EXPLICIT

    client.force_login(setting.coordinator.user)
    assert client.post(url, {"approval_mode": "irgendwie"}).status_code == 200  # form error
    assert services.approval_mode(setting.body) == ApprovalMode.TACIT
    client.post(url, {"approval_mode": ApprovalMode.EXPLICIT})
    assert services.approval_mode(setting.body) == ApprovalMode.EXPLICIT


def test_the_meeting_page_links_to_it_for_those_who_may(client, setting):
    meeting = reverse("meetings:meeting", args=[setting.meeting.pk])
    url = reverse("meetings:approval_mode", args=[setting.body.pk])
    client.force_login(setting.member.user)
    assert url not in client.get(meeting).text
    client.force_login(setting.chair.user)
    assert url in client.get(meeting).text
