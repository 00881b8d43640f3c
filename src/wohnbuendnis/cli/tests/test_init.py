"""``wohnbuendnis init`` on an empty database: one alliance, its area chain, a coordinator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Membership, Person
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.cli import main

pytestmark = pytest.mark.django_db(transaction=True)

KASSEL = [
    "init",
    "--alliance-name", "Kasseler Bündnis für bezahlbares Wohnen",
    "--slug", "kassel",
    "--kind", "city",
    "--ags", "06611000",
    "--email", "koordination@kassel.example",
    "--area-name", "Kassel",
    "--base-url", "http://testserver",
]  # fmt: skip


def _state() -> tuple:
    return (
        list(Alliance.objects.values_list("slug", "area__key")),
        list(Area.objects.order_by("key").values_list("key", "level", "name")),
        list(User.objects.values_list("username", flat=True)),
        list(Membership.objects.values_list("role", flat=True)),
        Person.objects.count(),
    )


def _link(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("http://testserver/"))


def test_init_creates_the_alliance_its_area_chain_and_a_coordinator(capsys):
    assert main(KASSEL) == 0
    alliance = Alliance.objects.get()
    assert (alliance.name, alliance.slug) == ("Kasseler Bündnis für bezahlbares Wohnen", "kassel")
    chain = [*alliance.area.ancestors(), alliance.area]
    assert [(a.key, a.level, a.name) for a in chain] == [
        ("06", AreaLevel.STATE, "Hessen"),
        ("06611", AreaLevel.REGION, "Kassel"),  # a kreisfreie Stadt is its own Kreis
        ("06611000", AreaLevel.MUNICIPALITY, "Kassel"),
    ]
    assert Area.objects.count() == 3
    user = User.objects.get()
    assert user.email == "koordination@kassel.example"
    assert not user.has_usable_password()
    assert user.has_perm("alliance.manage_members", alliance)
    membership = Membership.objects.get()
    assert (membership.role, membership.person.user, membership.until) == (
        Role.COORDINATION, user, None,
    )  # fmt: skip
    assert "/konto/passwort-neu/" in _link(capsys.readouterr().out)


def test_the_printed_link_sets_the_password_once_and_the_coordinator_signs_in(client, capsys):
    assert main([*KASSEL, "--username", "lkiepe"]) == 0
    link = _link(capsys.readouterr().out).removeprefix("http://testserver")
    response = client.get(link, follow=True)
    assert "Neues Passwort setzen" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    password = "Wohnen in Kassel 2025!"
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    assert client.get(reverse("alliance:people", args=["kassel"])).status_code == 302
    signed_in = client.post(reverse("login"), {"username": "lkiepe", "password": password})
    assert signed_in.status_code == 302
    assert client.get(reverse("alliance:people", args=["kassel"])).status_code == 200
    client.logout()
    used = client.get(link, follow=True).content.decode()
    assert "ungültig" in used  # one-time: the link is void once the password is set


def test_a_second_run_with_the_same_slug_is_refused_and_changes_nothing(capsys):
    assert main(KASSEL) == 0
    before = _state()
    again = [*KASSEL]
    again[again.index("--email") + 1] = "zweite@kassel.example"
    assert main(again) == 2
    assert "Kurznamen „kassel“ gibt es bereits" in capsys.readouterr().err
    assert _state() == before


@pytest.mark.parametrize(
    ("ags", "message"),
    [("0661100", "ungültig"), ("06611000x", "ungültig"), ("17611000", "kein Land")],
)
def test_a_bad_official_key_is_refused_with_exit_2(capsys, ags, message):
    args = [*KASSEL]
    args[args.index("--ags") + 1] = ags
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert _state() == ([], [], [], [], 0)


def test_an_ars_and_a_regional_alliance_use_the_kreis():
    args = [*KASSEL]
    args[args.index("--ags") + 1] = "066330011011"  # ARS of a municipality in Landkreis Kassel
    args[args.index("--kind") + 1] = "region"
    args[args.index("--area-name") + 1] = "Baunatal"
    assert main(args) == 0
    alliance = Alliance.objects.get()
    assert (alliance.area.key, alliance.area.level) == ("06633", AreaLevel.REGION)
    assert Area.objects.get(level=AreaLevel.MUNICIPALITY).key == "06633011"


def test_init_restores_the_indicator_catalogue_of_an_emptied_database(client, capsys):
    """A database emptied after its migration (manage flush) has no catalogue although it
    counts as migrated: init restores it, so the first goal can choose an indicator."""
    from wohnbuendnis.monitoring.catalogue import INDICATORS
    from wohnbuendnis.monitoring.models import Indicator

    Indicator.objects.all().delete()
    assert main(KASSEL) == 0
    keys = set(Indicator.objects.filter(alliance=None).values_list("key", flat=True))
    assert keys == {row["key"] for row in INDICATORS}
    client.force_login(User.objects.get())
    page = client.get(reverse("concept:goal_create", args=["kassel"])).content.decode()
    assert "Mietbelastungsquote" in page


def test_a_state_alliance_from_init_works_as_a_citys(client):
    """Issue 15, item 5: ``init --kind state`` gives the Land's alliance; its coordinator
    creates its plenum, plans a meeting, names the service desk and opens the overview."""
    import datetime
    import uuid

    from django.utils import timezone

    from wohnbuendnis.alliance.models import Body, BodyKind
    from wohnbuendnis.meetings import services as meetings

    args = [*KASSEL]
    args[args.index("--kind") + 1] = "state"
    args[args.index("--slug") + 1] = "allianz-hessen"
    args[args.index("--alliance-name") + 1] = "Allianz für Wohnen in Hessen"
    assert main(args) == 0
    alliance = Alliance.objects.get()
    assert (alliance.area.key, alliance.area.level) == ("06", AreaLevel.STATE)
    user = User.objects.get()
    client.force_login(user)
    body_form = {"kind": BodyKind.PLENUM, "name": "Plenum der Allianz",
                 "submission_token": str(uuid.uuid4())}  # fmt: skip
    created = client.post(reverse("alliance:body_create", args=[alliance.slug]), body_form)
    assert created.status_code == 302
    body = Body.objects.get(alliance=alliance)
    starts = timezone.now() + datetime.timedelta(days=14)
    meeting = meetings.schedule_meeting(
        body, user, title="1. Plenum", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), place="Wiesbaden",
    )  # fmt: skip
    assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:list", args=[alliance.slug])).status_code == 200
    desk = {"contact": "Servicestelle der Allianz", "email": "service@hessen.example", "phone": ""}
    desk_url = reverse("alliance:service_desk", args=[alliance.slug])
    assert client.post(desk_url, desk).status_code == 302
    public = client.get(reverse("site:alliance", args=[alliance.slug])).content.decode()
    assert "service@hessen.example" in public and "Plenum der Allianz" in public
    overview = client.get(reverse("site:overview", args=[alliance.slug]))
    assert overview.status_code == 200 and "Kassel" in overview.content.decode()
