"""Köln's 86 Stadtteile through the import service: boundaries from GeoJSON, populations
2005–2012 from the city's table; they render on the map and match the source file."""

from __future__ import annotations

import pytest

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring import charts, services
from wohnbuendnis.monitoring.models import ImportKind, Indicator, Observation
from wohnbuendnis.monitoring.queries import pages

pytestmark = pytest.mark.django_db


def test_koeln_86_stadtteile_with_boundaries_and_populations(real_data):
    folder = real_data / "koeln-stadtteile"
    city = Area.objects.create(level=AreaLevel.MUNICIPALITY, key="05315000", name="Köln")
    alliance = Alliance.objects.create(name="Kölner Wohnbündnis", slug="koeln", area=city)
    options = {"key_property": "STT_NR", "name_property": "STT_NAME"}
    boundaries = folder / "stadtteile.geojson"
    batch = services.commit_import(alliance, boundaries, ImportKind.BOUNDARIES, None, options)
    assert batch.created == 86
    stadtteile = list(city.children.order_by("key"))
    assert len(stadtteile) == 86 and all(a.level == AreaLevel.DISTRICT for a in stadtteile)
    assert city.children.get(key="909").name == "Flittard"

    population_file = folder / "bevoelkerung_2005-2012.csv"
    preview = services.preview_import(alliance, population_file, ImportKind.KOELN)
    assert preview.ok
    # The city (000) and its 9 Stadtbezirke (001–009) are no areas of this alliance.
    assert preview.skipped_areas == ["000", *[f"00{n}" for n in range(1, 10)]]
    services.commit_import(alliance, population_file, ImportKind.KOELN)
    population = Observation.objects.filter(indicator__key="population", area__parent=city)
    assert population.count() == 86 * 8
    # Source file: Stadtteil 101 (Altstadt/Süd) 2012 = 27,515; the Stadtteile add up to the
    # city's totals 2005 = 1,023,101, 2010 = 1,027,504 and 2012 = 1,044,555.
    assert population.get(area__key="101", year=2012).value == 27_515
    for year, total in ((2005, 1_023_101), (2010, 1_027_504), (2012, 1_044_555)):
        assert sum(population.filter(year=year).values_list("value", flat=True)) == total

    geojson = pages.map_geojson(Indicator.objects.get(key="population"), 2012, stadtteile)
    assert len(geojson["features"]) == 86
    assert all(f["properties"]["color"] != charts.NO_VALUE for f in geojson["features"])
    # Re-importing both files changes nothing.
    assert services.commit_import(alliance, population_file, ImportKind.KOELN) is None
    assert (
        services.commit_import(alliance, boundaries, ImportKind.BOUNDARIES, None, options) is None
    )
