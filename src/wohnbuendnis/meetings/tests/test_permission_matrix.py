"""Which persona may open which meetings page or change which minutes (demo data set).

One test walks every persona (the demo is generated once): more refusals than permissions.
Every role's demo login (named after the role, ``Role.values``) and the public; the regional
and the state coordinator (``region``, ``land``) in a test of their own (they need the region's
part of the demo). The allowed sets follow ``meetings/rules.py`` and the demo's bodies
(``demo/organisations.py``): who chairs or sits in which body.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import AgendaDocument, MeetingStatus, Minutes, MinutesStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]

K, F, W, V, S, P, M, PUB = (
    "koordination",
    "fachamt",
    "wohnungsamt",
    "vermieter",
    "sozialtraeger",
    "politik",
    "mitglied",
    "oeffentlichkeit",
)
# Jobcenter and Sozialamt sit in the plenum and AG 2 (the Jobcenter in AG 4 too); the
# data-protection officer's organisation was admitted later and sits in no body.
JC, SA, DS = "jobcenter", "sozialamt", "datenschutz"
# ``region`` (the regional alliance's Koordination) works in the city's planning office: Fachamt,
# in the plenum, chairs AG 1 and so sits in the steering group. ``land`` (the state alliance's
# Koordination) holds no role in the city.
REGION, LAND = "region", "land"
ROLES = list(Role.values)  # the demo logins are named after the roles
ALL = [*ROLES, PUB]
MEMBERS = [*ROLES, REGION]  # of the city's alliance
PLENUM = set(MEMBERS) - {DS}
EVERYBODY = {*ALL, REGION, LAND}


def _minutes(alliance, short_name: str, status: str) -> Minutes:
    return (
        Minutes.objects.filter(meeting__body__alliance=alliance, status=status)
        .filter(meeting__body__short_name=short_name)
        .select_related("meeting")
        .latest("meeting__starts_at")
    )


def _pages(alliance) -> dict[str, tuple[str, set[str]]]:
    """page → (url, personas that get 200); members get 403 and the public 302 otherwise."""
    plenum_draft = Minutes.objects.get(
        meeting__body__alliance=alliance,
        meeting__body__kind="plenum",
        status=MinutesStatus.DRAFTED,
    )
    ag3 = _minutes(alliance, "AG 3", MinutesStatus.PUBLISHED)
    ag1 = _minutes(alliance, "AG 1", MinutesStatus.CIRCULATED)
    item = ag1.items.first()
    return {
        "list": (reverse("meetings:list", args=[alliance.slug]), set(MEMBERS)),
        "schedule": (reverse("meetings:schedule", args=[alliance.slug]), {K}),
        "plenum": (reverse("meetings:meeting", args=[plenum_draft.meeting_id]), PLENUM),
        "plenum_ics": (reverse("meetings:meeting_ics", args=[plenum_draft.meeting_id]), PLENUM),
        "plenum_draft": (reverse("meetings:minutes", args=[plenum_draft.pk]), {K}),
        "plenum_draft_edit": (reverse("meetings:edit_minutes", args=[plenum_draft.pk]), {K}),
        "plenum_attendance": (
            reverse("meetings:attendance", args=[plenum_draft.meeting_id]),
            {K},
        ),
        "ag3_attendance": (
            reverse("meetings:attendance", args=[ag3.meeting_id]),
            {K, S},
        ),  # S chairs
        "ag3_meeting": (reverse("meetings:meeting", args=[ag3.meeting_id]), {K, S}),
        "ag3_minutes": (reverse("meetings:minutes", args=[ag3.pk]), {K, S}),
        "ag1_minutes": (reverse("meetings:minutes", args=[ag1.pk]), {K, V, REGION}),
        # attendees propose; REGION chairs and took these minutes but was excused
        "ag1_propose": (reverse("meetings:propose", args=[ag1.pk, item.pk]), {K, V}),
        "my_tasks": (reverse("meetings:my_tasks", args=[alliance.slug]), set(MEMBERS)),
        "overdue": (  # the steering group
            reverse("meetings:overdue", args=[alliance.slug]),
            {K, S, M, REGION},
        ),
        "public_list": (reverse("meetings:public_summaries", args=[alliance.slug]), EVERYBODY),
        "public_summary": (reverse("meetings:public_summary", args=[ag3.pk]), EVERYBODY),
    }


def _login(client, name: str) -> None:
    client.logout()
    if name != PUB:
        client.force_login(User.objects.get(username=name))


def _change_pages(alliance) -> dict[str, tuple[str, set[str]]]:
    """The change pages of an upcoming invited AG 2 meeting (M chairs AG 2; V, JC, SA sit in
    it)."""
    meeting = _upcoming_ag2_meeting(alliance)
    item = meeting.agenda_items.first()
    return {
        "ag2_move": (reverse("meetings:move", args=[meeting.pk]), {K, M}),
        "ag2_cancel": (reverse("meetings:cancel", args=[meeting.pk]), {K, M}),
        "ag2_add_item": (reverse("meetings:add_agenda_item", args=[meeting.pk]), {K, M}),
        "ag2_edit_item": (
            reverse("meetings:edit_agenda_item", args=[meeting.pk, item.pk]),
            {K, M},
        ),
        "ag2_meeting": (reverse("meetings:meeting", args=[meeting.pk]), {K, M, V, JC, SA}),
    }


def test_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance):
    pages = _pages(demo_alliance) | _change_pages(demo_alliance)
    for name in ALL:
        _login(client, name)
        for page, (url, allowed) in pages.items():
            status = client.get(url).status_code
            expected = 200 if name in allowed else (302 if name == PUB else 403)
            assert status == expected, (name, page, url)
    # Unpublished minutes have no public summary; non-public items never reach the public.
    client.logout()
    ag1 = _minutes(demo_alliance, "AG 1", MinutesStatus.CIRCULATED)
    assert client.get(reverse("meetings:public_summary", args=[ag1.pk])).status_code == 404
    html = client.get(reverse("meetings:public_summaries", args=[demo_alliance.slug])).text
    assert "Personalien" not in html and "Fallbeispiele" not in html


@pytest.mark.demo_parts("process", "region")
def test_the_regional_and_state_coordinators_see_what_their_city_role_allows(client, demo_alliance):
    """``region`` opens the city's pages as Fachamt, plenum member and chair of AG 1; ``land``
    only the public ones. The meeting lists of the regional and the state alliance open to
    those with a role there."""
    pages = _pages(demo_alliance) | _change_pages(demo_alliance)
    for name in (REGION, LAND):
        _login(client, name)
        for page, (url, allowed) in pages.items():
            expected = 200 if name in allowed else 403
            assert client.get(url).status_code == expected, (name, page, url)
    # roles there (demo/alliance.py, demo/region.py): koordination is a Mitglied of both,
    # fachamt, vermieter and mitglied hold their role in the region too
    readers = {"region-musterland": {REGION, K, F, V, M}, "land-musterland": {LAND, K}}
    for name in [*ALL, REGION, LAND]:
        _login(client, name)
        for slug, allowed in readers.items():
            expected = 200 if name in allowed else (302 if name == PUB else 403)
            url = reverse("meetings:list", args=[Alliance.objects.get(slug=slug).slug])
            assert client.get(url).status_code == expected, (name, slug)


def test_only_coordination_and_chairs_change_the_status(client, demo_alliance):
    """One demo data set for all changes (generating it is the slow part)."""
    ag1 = _minutes(demo_alliance, "AG 1", MinutesStatus.CIRCULATED)
    approve = reverse("meetings:approve", args=[ag1.pk])
    for name in sorted(set(ROLES) - {K}):  # the chair of AG 1 has no role's login
        _login(client, name)
        assert client.post(approve).status_code == 403, name
    _login(client, PUB)
    assert client.post(approve).status_code == 302
    ag1.refresh_from_db()
    assert ag1.status == MinutesStatus.CIRCULATED
    # An attendee proposes, only the coordinator (or chair, minute-taker) decides.
    item = ag1.items.exclude(results="").first()
    _login(client, V)
    response = client.post(
        reverse("meetings:propose", args=[ag1.pk, item.pk]),
        {"field": "results", "passage": item.results[:10], "proposal": "Neu:"},
    )
    assert response.status_code == 302
    amendment = item.amendments.get()
    decide = reverse("meetings:decide", args=[ag1.pk, amendment.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    _login(client, K)
    client.post(decide, {"decision": "accept", "reply": "Gern."})
    item.refresh_from_db()
    assert item.results.startswith("Neu:")
    assert client.post(approve).status_code == 302
    ag1.refresh_from_db()
    assert ag1.status == MinutesStatus.APPROVED


def _document(item, by) -> AgendaDocument:
    upload = SimpleUploadedFile("anlage.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    return services.add_document(item, by, upload)


def test_only_coordination_and_chairs_delete_documents(client, demo_alliance):
    """Who may upload to a meeting may delete its documents; POST only; published public items
    keep theirs even for the Koordination."""
    plenum = Minutes.objects.get(
        meeting__body__alliance=demo_alliance,
        meeting__body__kind="plenum",
        status=MinutesStatus.DRAFTED,
    ).meeting
    ag3 = _minutes(demo_alliance, "AG 3", MinutesStatus.PUBLISHED).meeting
    cases = [
        (plenum.agenda_items.first(), {K}),
        (ag3.agenda_items.get(public=False), {K, S}),  # S chairs AG 3
    ]
    uploader = User.objects.get(username=K)
    for name in ALL:
        _login(client, name)
        for item, allowed in cases:
            document = _document(item, uploader)
            url = reverse("meetings:delete_document", args=[document.pk])
            assert client.get(url).status_code == 405, (name, item)
            response = client.post(url)
            deleted = not AgendaDocument.objects.filter(pk=document.pk).exists()
            if name in allowed:
                assert response.status_code == 302, (name, item)
                assert response.url == reverse("meetings:meeting", args=[item.meeting_id])
                assert deleted, (name, item)
            else:
                assert response.status_code == (302 if name == PUB else 403), (name, item)
                assert not deleted, (name, item)
    kept = _document(ag3.agenda_items.filter(public=True).first(), uploader)
    _login(client, K)
    client.post(reverse("meetings:delete_document", args=[kept.pk]))
    assert AgendaDocument.objects.filter(pk=kept.pk).exists()
    unknown = reverse("meetings:delete_document", args=[kept.pk + 1000])
    assert client.post(unknown).status_code == 404


def _upcoming_ag2_meeting(alliance):
    """An invited meeting of AG 2 (members: mitglied, who chairs, and vermieter)."""
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    meeting = services.schedule_meeting(
        alliance.bodies.get(short_name="AG 2"),
        User.objects.get(username=K),
        title="Sondersitzung",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Rathaus",
        agenda=[{"title": "Bericht"}, {"title": "Personalien", "public": False}],
    )
    services.send_invitations(meeting, User.objects.get(username=K), notify=False)
    return meeting


def test_change_pages_of_a_past_meeting_send_the_manager_back(client, demo_alliance):
    """Held meetings (with minutes) are not moved or edited: the managers get a message, the
    others still a refusal."""
    ag3 = _minutes(demo_alliance, "AG 3", MinutesStatus.PUBLISHED).meeting
    item = ag3.agenda_items.first()
    urls = [
        reverse("meetings:move", args=[ag3.pk]),
        reverse("meetings:cancel", args=[ag3.pk]),
        reverse("meetings:add_agenda_item", args=[ag3.pk]),
        reverse("meetings:edit_agenda_item", args=[ag3.pk, item.pk]),
    ]
    for name in ALL:
        _login(client, name)
        for url in urls:
            response = client.get(url)
            if name in {K, S}:  # S chairs AG 3
                assert response.status_code == 302, (name, url)
                assert response.url == reverse("meetings:meeting", args=[ag3.pk])
            else:
                assert response.status_code == (302 if name == PUB else 403), (name, url)
    _login(client, K)
    page = client.get(urls[0], follow=True).text
    assert "Diese Sitzung ist abgesagt, vorbei oder hat ein Protokoll." in page
    other = _upcoming_ag2_meeting(demo_alliance)
    foreign = reverse("meetings:edit_agenda_item", args=[other.pk, item.pk])
    assert client.get(foreign).status_code == 404  # an item of another meeting


def test_only_coordination_and_chairs_change_the_agenda_move_or_cancel(client, demo_alliance):
    """POST views: refusals change nothing and send nothing; M chairs AG 2."""
    meeting = _upcoming_ag2_meeting(demo_alliance)
    allowed = {K, M}
    day = timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=1)
    for name in ALL:
        _login(client, name)
        first = meeting.agenda_items.get(position=1)
        expected = 302 if name in allowed or name == PUB else 403
        posts = [
            (
                reverse("meetings:move_agenda_item", args=[meeting.pk, first.pk]),
                {"direction": "down"},
            ),
            (
                reverse("meetings:edit_agenda_item", args=[meeting.pk, first.pk]),
                {"title": f"Bericht {name}", "duration_minutes": 20, "public": "on"},
            ),
            (
                reverse("meetings:move", args=[meeting.pk]),
                {"day": day.isoformat(), "start": "10:00", "end": "12:00", "place": name},
            ),
        ]
        for url, data in posts:
            assert client.post(url, data).status_code == expected, (name, url)
        meeting.refresh_from_db()
        if name not in allowed:
            assert meeting.place != name and meeting.agenda_items.get(position=1).pk == first.pk
            assert not meeting.agenda_items.filter(title=f"Bericht {name}").exists()
        else:
            assert meeting.place == name and meeting.agenda_items.get(position=2).pk == first.pk
            day += datetime.timedelta(days=1)
    # Removing and cancelling: refused for all but K and M; M removes, K cancels.
    remove = reverse("meetings:remove_agenda_item", args=[meeting.pk, first.pk])
    cancel = reverse("meetings:cancel", args=[meeting.pk])
    for name in sorted(set(ROLES) - allowed):
        _login(client, name)
        assert client.post(remove).status_code == 403, name
        assert client.post(cancel, {"note": "Nein"}).status_code == 403, name
    assert meeting.agenda_items.count() == 2
    _login(client, M)
    assert client.post(remove).status_code == 302
    assert meeting.agenda_items.count() == 1
    _login(client, K)
    assert client.post(cancel, {"note": "Fällt aus."}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_only_the_invitees_answer(client, demo_alliance):
    """The members of AG 2 (M, V, JC, SA) answer; the Koordination (not a member) and others
    may not."""
    meeting = _upcoming_ag2_meeting(demo_alliance)
    url = reverse("meetings:answer", args=[meeting.pk])
    for name in ALL:
        _login(client, name)
        response = client.post(url, {"answer": "absage"})
        if name in {M, V, JC, SA}:
            assert response.status_code == 302, name
        else:
            assert response.status_code == (302 if name == PUB else 403), name
    answered = sorted(meeting.replies.values_list("person__user__username", flat=True))
    assert answered == sorted([M, V, JC, SA])
    _login(client, K)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).text
    invited = meeting.body.members.count()  # people without a login are invited too
    assert f"Zusagen: 0 · entschuldigt: 4 · ohne Antwort: {invited - 4}" in page
    _login(client, V)
    assert client.get(url).status_code == 405
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).text
    assert "Ihre Antwort: entschuldigt" in page and "ohne Antwort:" not in page


def test_the_coordinator_schedules_a_meeting_with_agenda(client, db):
    from wohnbuendnis.meetings.tests.factories import make_setting

    setting = make_setting()
    url = reverse("meetings:schedule", args=[setting.alliance.slug])
    form = {
        "body": setting.body.pk,
        "title": "Sitzung 2",
        "day": "2026-05-06",
        "start": "10:00",
        "end": "09:00",
        "place": "Rathaus",
        "agenda": "Bericht\nPersonalien [nicht öffentlich]\n",
        "submission_token": str(uuid.uuid4()),
    }
    client.force_login(setting.member.user)
    assert client.post(url, form).status_code == 403
    client.force_login(setting.coordinator.user)
    assert "Das Ende muss nach dem Beginn liegen." in client.post(url, form).text
    response = client.post(url, {**form, "end": "12:00"})
    meeting = setting.body.meetings.get(title="Sitzung 2")
    assert response.url == reverse("meetings:meeting", args=[meeting.pk])
    assert list(meeting.agenda_items.values_list("title", "public")) == [
        ("Bericht", True),
        ("Personalien", False),
    ]


def test_the_calendar_feed_needs_the_secret_token(client, db):
    from wohnbuendnis.meetings.tests.factories import make_setting

    setting = make_setting()
    client.force_login(setting.member.user)
    client.post(reverse("meetings:calendar_token", args=[setting.alliance.slug]))
    token = setting.member.calendar_token.token
    client.logout()
    feed = client.get(reverse("meetings:feed", args=[token]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert feed.text.count("BEGIN:VEVENT") == 1 and "AG Test: Sitzung 1" in feed.text
    assert client.get(reverse("meetings:feed", args=["falsch"])).status_code == 404
    client.force_login(setting.member.user)
    client.post(reverse("meetings:calendar_token", args=[setting.alliance.slug]), {"renew": "1"})
    client.logout()
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404
