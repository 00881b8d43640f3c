"""An alliance's own indicators stay with it: another alliance never sees them listed,
offered in a form, drawn on its map or its barometer, nor opens their page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.monitoring.models import Aggregation, Direction, Topic
from wohnbuendnis.monitoring.services import indicators

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("monitoring")]


@pytest.fixture
def foreign_indicator(demo_alliance):
    other = Alliance.objects.exclude(pk=demo_alliance.pk).first()
    own = indicators.create_own_indicator(
        other, "leerstand_partner", name="Leerstand bei den Partnern der Region",
        topic=Topic.STOCK, definition="Leer stehende Wohnungen am 31.12.", unit="%",
        direction=Direction.HIGHER_WORSE, aggregation=Aggregation.WEIGHTED_MEAN,
        reading_aid="Lesehilfe",
    )  # fmt: skip
    # marked a key figure of its own barometer (the catalogue page's edit form can do that)
    type(own).objects.filter(pk=own.pk).update(is_key_figure=True, is_public=True)
    return own


def test_another_alliances_indicator_is_nowhere_in_the_city(client, fachamt, foreign_indicator):
    city = foreign_indicator.alliance.__class__.objects.get(slug="musterstadt")
    client.force_login(fachamt)
    name = foreign_indicator.name
    for page in ("catalogue", "map", "import", "index_settings", "dashboard"):
        response = client.get(reverse(f"monitoring:{page}", args=[city.slug]))
        assert response.status_code == 200, page
        assert name not in response.text, page
    detail = reverse("monitoring:indicator", args=[city.slug, foreign_indicator.key])
    assert client.get(detail).status_code == 404
    chosen = client.get(
        reverse("monitoring:map", args=[city.slug]), {"indikator": "leerstand_partner"}
    )
    assert name not in chosen.text


def test_no_import_or_entry_writes_values_for_another_alliances_indicator(
    tmp_path, demo_alliance, fachamt, foreign_indicator
):
    from django.core.exceptions import ValidationError

    from wohnbuendnis.areas.models import Area
    from wohnbuendnis.monitoring import services
    from wohnbuendnis.monitoring.models import ImportKind, Observation

    area = Area.objects.get(pk=demo_alliance.area_id)
    path = tmp_path / "fremd.csv"
    path.write_text(f"indicator,area,year,value,source\nleerstand_partner,{area.key},2024,3.5,x\n")
    preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert not preview.ok
    assert any("leerstand_partner" in str(problem) for problem in preview.problems)
    with pytest.raises(ValidationError):
        services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    with pytest.raises(ValidationError, match="Unbekannte Indikatoren"):
        services.record_observations(
            demo_alliance, area, {("leerstand_partner", 2024): 3.5}, "Eingabe", fachamt
        )
    assert not Observation.objects.filter(indicator=foreign_indicator).exists()
