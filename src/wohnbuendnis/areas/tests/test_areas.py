import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from wohnbuendnis.areas.models import Area, AreaLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    state = Area.objects.create(level=AreaLevel.STATE, key="06", name="Hessen")
    region = Area.objects.create(parent=state, level=AreaLevel.REGION, key="06611", name="Kassel")
    return Area.objects.create(
        parent=region, level=AreaLevel.MUNICIPALITY, key="06611000", name="Kassel, Stadt"
    )


def test_ancestors_run_from_the_root_down(city):
    assert [a.key for a in city.ancestors()] == ["06", "06611"]


def test_descendants_cover_every_level_below(city):
    district = Area.objects.create(parent=city, level=AreaLevel.DISTRICT, key="01", name="Mitte")
    quarter = Area.objects.create(parent=district, level=AreaLevel.QUARTER, key="011", name="A")
    state = city.ancestors()[0]
    assert set(state.descendant_ids()) == {city.parent_id, city.pk, district.pk, quarter.pk}


def test_a_child_must_lie_on_a_lower_level(city):
    wrong = Area(parent=city, level=AreaLevel.REGION, key="X", name="falsch")
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "tieferen Ebene" in str(error.value)


def test_keys_are_unique_among_siblings_but_may_repeat_elsewhere(city):
    other = Area.objects.create(
        parent=city.parent, level=AreaLevel.MUNICIPALITY, key="06611001", name="Nachbar"
    )
    Area.objects.create(parent=city, level=AreaLevel.DISTRICT, key="01", name="Mitte")
    Area.objects.create(parent=other, level=AreaLevel.DISTRICT, key="01", name="Dorf")
    with pytest.raises(IntegrityError):
        Area.objects.create(parent=city, level=AreaLevel.DISTRICT, key="01", name="doppelt")


def test_root_keys_are_unique(city):
    with pytest.raises(IntegrityError):
        Area.objects.create(level=AreaLevel.STATE, key="06", name="noch einmal Hessen")


def test_area_pages_are_public(client, city):
    response = client.get(f"/gebiete/{city.pk}/")
    assert response.status_code == 200
    assert "06611000" in response.content.decode()
