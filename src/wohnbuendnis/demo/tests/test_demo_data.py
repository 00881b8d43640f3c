"""The demo alliance Musterstadt is complete, deterministic and generated only once."""

import pytest

from wohnbuendnis import demo
from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Body, BodyKind, Organisation, Person, Sector
from wohnbuendnis.areas.models import Area, AreaLevel

PERSONAS = list(Role.values)  # the demo logins are named after the roles

pytestmark = pytest.mark.django_db


def test_musterstadt_has_about_twenty_districts_in_a_region(demo_alliance):
    city = demo_alliance.area
    assert city.name == "Musterstadt" and city.level == AreaLevel.MUNICIPALITY
    assert city.parent.level == AreaLevel.REGION
    assert city.children.count() == 20
    assert Area.objects.filter(level=AreaLevel.QUARTER, parent__parent=city).count() == 60
    assert city.parent.children.count() == 16  # the city and 15 neighbours
    assert all(d.geometry["type"] == "Polygon" for d in city.children.all())


def test_the_alliance_is_modelled_on_kassel(demo_alliance):
    bodies = list(demo_alliance.bodies.order_by("position"))
    assert [b.kind for b in bodies] == [
        BodyKind.PLENUM,
        *[BodyKind.WORKING_GROUP] * 5,
        BodyKind.STEERING_GROUP,
    ]
    assert [b.name for b in bodies[1:6]] == [
        "Innenentwicklung",
        "Wohnkosten",
        "Zugang zu Wohnraum/Diskriminierungsfreiheit",
        "Kooperative Wohnungsvermittlung",
        "Umbau des Wohnungsbestandes",
    ]
    steering = bodies[-1]
    assert {c for b in bodies[1:6] for c in b.chairs.all()} <= set(steering.members.all())
    assert bodies[0].chairs.count() == 2


def test_about_forty_organisations_of_every_sector(demo_alliance):
    members = demo_alliance.member_organisations.active()
    assert 38 <= members.count() <= 45
    assert {m.organisation.sector for m in members} == set(Sector.values)


def test_every_role_has_a_person_and_a_demo_login(demo_alliance):
    roles = set(demo_alliance.memberships.values_list("role", flat=True))
    assert roles == set(Role.values)
    for username in PERSONAS:
        user = User.objects.get(username=username)
        assert user.check_password("wohnen-musterstadt")
        assert user.person.memberships.filter(alliance=demo_alliance).exists()
    assert User.objects.get(username="admin").is_superuser


def test_a_second_run_changes_nothing(demo_alliance):
    models = (Area, Organisation, Person, Body, User, Alliance)
    demo.generate()  # adds every module's part to the base
    counts = [m.objects.count() for m in models]
    assert demo.generate() is False
    assert [m.objects.count() for m in models] == counts
    # the city, the region, a neighbour's own alliance and the state alliance above (issue 15)
    assert counts[-1] == 4


def test_the_same_seed_gives_the_same_people(demo_alliance):
    first = sorted(Person.objects.values_list("first_name", "last_name"))
    Alliance.objects.all().delete()
    Body.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()
    Area.objects.filter(level=AreaLevel.QUARTER).delete()
    Area.objects.filter(level=AreaLevel.DISTRICT).delete()
    Area.objects.filter(level=AreaLevel.MUNICIPALITY).delete()
    Area.objects.filter(level=AreaLevel.REGION).delete()
    Area.objects.all().delete()
    assert demo.generate(parts=()) is True  # the base again (the region part adds people)
    assert sorted(Person.objects.values_list("first_name", "last_name")) == first


@pytest.mark.demo_parts("allocation")
def test_nobody_is_nominated_before_registering(demo_alliance):
    """Waiting times count from registration: a nomination before it made them 0 days."""
    from django.db.models import F

    from wohnbuendnis.allocation.models import Nomination

    nominations = Nomination.objects.filter(household__alliance=demo_alliance)
    assert nominations.exists()
    early = nominations.filter(nominated_on__lt=F("household__registered_on"))
    assert not early.exists(), early.count()
