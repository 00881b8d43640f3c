"""Regional and state alliances fed from the official statistics (issue 15, item 2), with the
real files of ``../shared/data/real``: the Wetteraukreis (06440, 25 municipalities) gets its
municipalities from the municipal boundaries and their population, dwelling stock,
completions, permits, age structure and sexes from the Regionaldatenbank and the Zensus 2022;
a row of another Kreis or an unknown key is refused with its line; the Land Hessen gets all its
municipalities."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.engine import Code
from wohnbuendnis.monitoring.models import ImportKind, Observation

pytestmark = pytest.mark.django_db

BOUNDARIES = {"key_property": "ags", "name_property": "name"}
TABLES = {
    "population": "12411-01-01-5_00_NW_HE.csv",
    "dwellings": "31231-01-02-5_00_NW_HE.csv",
    "completions": "31121-03-02-5_00_NW_HE.csv",
    "permits": "31111-01-02-5_00_NW_HE.csv",
}
#: Bevölkerung nach Geschlecht und Altersgruppen (17), 31.12.2015.
AGE_TABLE = "12411-02-03-5_00_NW_HE.csv"


def _key_of(line: str) -> str | None:
    """The area key of a data line of a Regionaldatenbank table (``key;…`` or
    ``date;key;…``), None for title, header and footer lines."""
    fields = line.split(";")
    for field in fields[:2]:
        if field.isdigit() and 2 <= len(field) <= 8 and len(field) != 4:
            return field
    return None


def cut(real: Path, name: str, tmp: Path, keep, extra: str | None = None) -> Path:
    """The real table as the Regionaldatenbank gives it for a selection of areas: every title,
    header and footer line, the data lines whose key ``keep`` accepts (written to ``tmp``, the
    shared file is read in place). ``extra``: key of one more row to keep (e.g. another
    Kreis's municipality)."""
    text = (real / "regionalstatistik-gemeinden-nw-he" / "raw" / name).read_text("utf-8")
    lines = [
        line
        for line in text.splitlines()
        if (key := _key_of(line)) is None or keep(key) or key == extra
    ]
    path = tmp / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def in_wetterau(key: str) -> bool:
    return key in {"06", "064"} or key.startswith("06440")


@pytest.fixture
def wetterau(real_data) -> Alliance:
    hessen = Area.objects.create(level=AreaLevel.STATE, key="06", name="Hessen")
    kreis = Area.objects.create(
        parent=hessen, level=AreaLevel.REGION, key="06440", name="Wetteraukreis"
    )
    alliance = Alliance.objects.create(name="Wohnbündnis Wetterau", slug="wetterau", area=kreis)
    boundaries = real_data / "boundaries-gemeinden-nw-he" / "gemeinden_he_2022.geojson"
    preview = services.preview_import(alliance, boundaries, ImportKind.BOUNDARIES, None, BOUNDARIES)
    assert preview.ok and preview.created == 25
    assert len(preview.skipped_areas) == 426 - 25  # the rest of Hessen is left out, listed
    services.commit_import(alliance, boundaries, ImportKind.BOUNDARIES, None, BOUNDARIES)
    return alliance


def _values(key: str, area_filter: dict) -> dict[tuple[str, int], float]:
    rows = Observation.objects.filter(indicator__key=key, **area_filter)
    return {(o.area.key, o.year): o.value for o in rows.select_related("area")}


def test_wetteraukreis_gets_its_25_municipalities_and_their_official_figures(
    real_data, wetterau, tmp_path
):
    kreis = wetterau.area
    municipalities = list(kreis.children.order_by("key"))
    assert len(municipalities) == 25
    assert all(m.level == AreaLevel.MUNICIPALITY and m.geometry for m in municipalities)
    assert municipalities[13].key == "06440014" and municipalities[13].name == "Limeshain"

    for name in TABLES.values():
        path = cut(real_data, name, tmp_path, in_wetterau)
        preview = services.preview_import(wetterau, path, ImportKind.GENESIS)
        assert preview.ok, [p.text for p in preview.problems]
        # Land and Regierungsbezirk are the office's sums, no areas of this alliance.
        assert preview.skipped_areas == ["06", "064"]
        services.commit_import(wetterau, path, ImportKind.GENESIS)

    below = {"area__parent": kreis}
    population = _values("population", below)
    assert len(population) == 25 * 8  # 31.12.2008 … 31.12.2015
    assert population["06440014", 2015] == 5_480  # Limeshain
    assert population["06440002", 2008] == 31_017  # Bad Nauheim (tidy file of the finder)
    # The Kreis row of the file is the Kreis's value; its municipalities add up to it.
    kreis_population = Observation.objects.get(indicator__key="population", area=kreis, year=2015)
    assert kreis_population.value == 301_931
    assert sum(v for (_k, y), v in population.items() if y == 2015) == 301_931
    dwellings = _values("dwellings", below)
    assert len(dwellings) == 25 * 3
    assert sum(v for (_k, y), v in dwellings.items() if y == 2010) == 128_313
    completions = _values("completions", below)
    assert completions["06440014", 2015] == 15
    assert sum(completions.values()) == 697  # all dwellings completed 2015, incl. conversions
    assert sum(_values("permits", below).values()) == 967

    rent_file = (
        real_data
        / "zensus2022-miete-gemeinden-nw-he"
        / "zensus2022_nettokaltmiete_gemeinden_nw_he.csv"
    )
    preview = services.preview_import(wetterau, rent_file, ImportKind.ZENSUS_RENT)
    assert preview.ok and preview.created == 25
    services.commit_import(wetterau, rent_file, ImportKind.ZENSUS_RENT)
    rents = _values("existing_rent_eur_m2", below)
    assert len(rents) == 25 and rents["06440002", 2022] == pytest.approx(8.22)

    # Importing the same tables again changes nothing.
    again = cut(real_data, TABLES["population"], tmp_path, in_wetterau)
    assert services.commit_import(wetterau, again, ImportKind.GENESIS) is None


def test_a_row_of_another_kreis_or_an_unknown_key_is_refused_with_its_line(
    real_data, wetterau, tmp_path
):
    # Bad Soden-Salmünster (06435002) lies in the Main-Kinzig-Kreis.
    path = cut(real_data, TABLES["population"], tmp_path, in_wetterau, extra="06435002")
    line = next(
        number
        for number, text in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if text.startswith("06435002;")
    )
    preview = services.preview_import(wetterau, path, ImportKind.GENESIS)
    assert not preview.ok
    [problem] = preview.problems
    assert (problem.line, problem.column, problem.code) == (line, "area", Code.OUTSIDE_AREA)
    assert problem.text == (
        "„06435002“ (Bad Soden-Salmünster) liegt nicht in Wetteraukreis (06440); "
        "erwartet werden nur dessen Gemeinden"
    )
    with pytest.raises(Exception, match="nichts importiert"):
        services.commit_import(wetterau, path, ImportKind.GENESIS)
    assert not Observation.objects.filter(indicator__key="population").exists()

    # A key inside the Kreis that is no municipality of it (a typo, a dissolved one).
    text = path.read_text("utf-8").replace("06435002;", "06440099;")
    typo = tmp_path / "typo.csv"
    typo.write_text(text, encoding="utf-8")
    [problem] = services.preview_import(wetterau, typo, ImportKind.GENESIS).problems
    assert (problem.line, problem.code, problem.params) == (
        line,
        Code.UNKNOWN_AREA,
        {"found": "06440099"},
    )


def test_the_land_hessen_gets_all_its_municipalities(real_data, tmp_path):
    hessen = Area.objects.create(level=AreaLevel.STATE, key="06", name="Hessen")
    alliance = Alliance.objects.create(name="Allianz für Wohnen", slug="hessen", area=hessen)
    boundaries = real_data / "boundaries-gemeinden-nw-he" / "gemeinden_he_2022.geojson"
    batch = services.commit_import(alliance, boundaries, ImportKind.BOUNDARIES, None, BOUNDARIES)
    # 422 municipalities and 4 uninhabited gemeindefreie Gebiete, each under its Kreis.
    assert batch.created == 426
    kreise = Area.objects.filter(parent=hessen)
    assert kreise.count() == 26 and set(kreise.values_list("level", flat=True)) == {"region"}
    assert Area.objects.get(key="06440014").parent.key == "06440"
    assert Area.objects.get(key="06611000").parent.key == "06611"  # Kassel, kreisfrei

    zensus = (
        real_data / "zensus2022-gemeinden" / "1000A-0000_bevoelkerung_gemeinden_zensus2022_flat.csv"
    )
    services.commit_import(alliance, zensus, ImportKind.ZENSUS)
    population = Observation.objects.filter(
        indicator__key="population", area__level=AreaLevel.MUNICIPALITY, year=2022
    )
    assert population.count() == 422
    rent_file = (
        real_data
        / "zensus2022-miete-gemeinden-nw-he"
        / "zensus2022_nettokaltmiete_gemeinden_nw_he.csv"
    )
    services.commit_import(alliance, rent_file, ImportKind.ZENSUS_RENT)
    assert Observation.objects.filter(indicator__key="existing_rent_eur_m2").count() == 422

    # The Regionaldatenbank table of 2015 is on the keys of 2015: Beerfelden (06437002), merged
    # into Oberzent in 2018, is no municipality of today's Hessen and is refused by its line.
    path = cut(real_data, TABLES["population"], tmp_path, lambda key: key.startswith("06"))
    preview = services.preview_import(alliance, path, ImportKind.GENESIS)
    assert {p.params["found"] for p in preview.problems} >= {"06437002", "06633021"}
    assert all(p.code == Code.UNKNOWN_AREA and p.line for p in preview.problems)


def test_the_kreis_is_the_sum_of_its_municipalities_with_its_coverage(
    real_data, wetterau, tmp_path
):
    from wohnbuendnis.monitoring.queries.regional import roll_up

    kreis = wetterau.area
    path = cut(
        real_data, TABLES["population"], tmp_path, lambda k: k.startswith("06440") and len(k) == 8
    )
    # Limeshain's value of 31.12.2015 is secret ("."), as the office marks it: no value.
    text = path.read_text("utf-8").replace("Limeshain;5480;", "Limeshain;.;")
    path.write_text(text, encoding="utf-8")
    services.commit_import(wetterau, path, ImportKind.GENESIS)
    zensus = (
        real_data / "zensus2022-gemeinden" / "1000A-0000_bevoelkerung_gemeinden_zensus2022_flat.csv"
    )
    services.commit_import(wetterau, zensus, ImportKind.ZENSUS)
    rent_file = (
        real_data
        / "zensus2022-miete-gemeinden-nw-he"
        / "zensus2022_nettokaltmiete_gemeinden_nw_he.csv"
    )
    services.commit_import(wetterau, rent_file, ImportKind.ZENSUS_RENT)

    services.aggregate_up(wetterau)
    stored = _values("population", {"area": kreis})
    # A total only where all 25 report, and then exactly their sum.
    assert sorted(y for _k, y in stored) == [2008, 2009, 2010, 2011, 2012, 2013, 2014, 2022]
    assert stored["06440", 2014] == 297_369
    municipal = _values("population", {"area__parent": kreis})
    assert stored["06440", 2022] == sum(v for (_k, y), v in municipal.items() if y == 2022)

    rolled = {(r.indicator.key, r.year): r for r in roll_up(wetterau)}
    partial = rolled["population", 2015]
    assert (partial.reporting, partial.municipalities, partial.complete) == (24, 25, False)
    assert partial.value == 301_931 - 5_480 and partial.coverage == 96.0
    assert rolled["population", 2014].complete and rolled["population", 2014].value == 297_369
    # The rent of the Kreis is the population-weighted mean of its municipalities' rents.
    rents = _values("existing_rent_eur_m2", {"area__parent": kreis})
    weights = {k: v for (k, y), v in municipal.items() if y == 2022}
    expected = sum(rents[k, 2022] * weights[k] for k in weights) / sum(weights.values())
    rent = rolled["existing_rent_eur_m2", 2022]
    assert rent.complete and rent.value == pytest.approx(expected, rel=1e-12)
    assert 6 < rent.value < 9


def _coordinator(alliance: Alliance):
    from django.utils import timezone

    from wohnbuendnis.accounts.roles import Role
    from wohnbuendnis.alliance import services as alliance_services

    person = alliance_services.create_person(
        first_name="Koordination", last_name="Wetterau", email="k@wetterau.example"
    )
    user = alliance_services.create_account(person, "wetterau")
    alliance_services.grant_role(alliance, person, Role.COORDINATION, timezone.localdate())
    return user


def test_the_comparison_page_lists_every_municipality_with_its_size_class(
    real_data, wetterau, tmp_path, client
):
    import re

    from django.urls import reverse

    for name in (TABLES["population"], TABLES["completions"]):
        path = cut(real_data, name, tmp_path, lambda k: k.startswith("06440") and len(k) == 8)
        services.commit_import(wetterau, path, ImportKind.GENESIS)
    client.force_login(_coordinator(wetterau))
    url = reverse("monitoring:comparison", args=[wetterau.slug])
    limeshain = Area.objects.get(key="06440014")
    page = client.get(
        url,
        {"indikator": "completions", "jahr": 2015, "je_1000": "on", "gemeinde": limeshain.pk,
         "gemeinden": [limeshain.pk, Area.objects.get(key="06440002").pk]},
    )  # fmt: skip
    assert page.status_code == 200
    html = page.content.decode()
    ranking = html.split("Rangfolge der Gemeinden")[1].split("Zeitverlauf")[0]
    keys = re.findall(r"<code>(\d{8})</code>", ranking)
    assert len(keys) == 25 and set(keys) == {f"06440{n:03d}" for n in range(1, 26)}
    # Size classes from the population of 2015: Limeshain 5,480, Bad Vilbel 33,020,
    # Hirzenhain 2,828; nobody in the Wetteraukreis has 50,000.
    row = ranking.split("06440014")[1].split("</tr>")[0]
    assert "5.000 bis unter 20.000 Einwohner" in row
    assert "20.000 bis unter 50.000 Einwohner" in ranking.split("06440003")[1].split("</tr>")[0]
    assert "unter 5.000 Einwohner" in ranking.split("06440011")[1].split("</tr>")[0]
    # Limeshain: 15 completions for 5,480 inhabitants = 2.7 per 1,000.
    assert "2,7" in row
    # The Kreis from its 25 municipalities: 697 completions, all reporting.
    assert "697" in html and "25 von 25 Gemeinden (100 %)" in html
    # Limeshain against its Kreis (697 / 301,931 × 1,000 = 2.3) and its size class.
    profile = html.split("Limeshain im Vergleich")[1]
    assert "Wetteraukreis" in profile and "2,3" in profile
    assert "Gemeinden mit 5.000 bis unter 20.000 Einwohner" in profile
    # The chart has the two chosen municipalities.
    spec = html.split('id="chart-comparison"')[1].split("</script>")[0]
    assert "Limeshain" in spec and "Bad Nauheim" in spec and "Bad Vilbel" not in spec

    # The map by municipality draws all 25 with their boundaries.
    data = client.get(
        reverse("monitoring:map_data", args=[wetterau.slug]),
        {"indikator": "population", "jahr": 2015, "ebene": "gemeinden"},
    ).json()
    assert len(data["features"]) == 25


def test_a_municipality_given_twice_is_refused_with_both_lines(real_data, wetterau, tmp_path):
    path = cut(real_data, TABLES["completions"], tmp_path, lambda k: k.startswith("06440"))
    lines = path.read_text("utf-8").splitlines()
    row = next(number for number, text in enumerate(lines) if text.startswith("06440014;"))
    lines.insert(row + 1, lines[row].replace(";15;", ";16;"))
    path.write_text("\n".join(lines), encoding="utf-8")
    [problem] = services.preview_import(wetterau, path, ImportKind.GENESIS).problems
    assert (problem.line, problem.code) == (row + 2, Code.DUPLICATE_KEY)
    assert problem.params == {"key": "06440014, 2015", "first": row + 1}
    with pytest.raises(Exception, match="nichts importiert"):
        services.commit_import(wetterau, path, ImportKind.GENESIS)


def tidy_age_groups(real: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(AGS, sex) → row of the finder's tidy file derived from 12411-02-03-5 (PROVENANCE.md)."""
    path = real / "regionalstatistik-gemeinden-nw-he" / "population_agegroups_2015.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return {(row["ags"], row["sex"]): row for row in csv.DictReader(file)}


def _share(row: dict[str, str], groups: tuple[str, ...]) -> float:
    return 100 * sum(int(row[g]) for g in groups) / int(row["total"])


UNDER_18 = ("age_00_03", "age_03_06", "age_06_10", "age_10_15", "age_15_18")
FROM_75 = ("age_75_plus",)
FROM_65 = ("age_65_75", *FROM_75)


def test_the_age_groups_give_every_municipality_its_age_structure_and_sexes(
    real_data, wetterau, tmp_path
):
    kreis = wetterau.area
    path = cut(real_data, AGE_TABLE, tmp_path, in_wetterau)
    preview = services.preview_import(wetterau, path, ImportKind.GENESIS)
    assert preview.ok, [p.text for p in preview.problems]
    assert preview.skipped_areas == ["06", "064"]
    # The 25 municipalities and the Kreis: women, men, under 18, 65+ and 75+ on 31.12.2015.
    assert preview.created == 26 * 5
    services.commit_import(wetterau, path, ImportKind.GENESIS)

    tidy = tidy_age_groups(real_data)
    below = {"area__parent": kreis}
    old = _values("share_65_plus", below)
    young = _values("share_under_18", below)
    oldest = _values("share_75_plus", below)
    women, men = _values("population_female", below), _values("population_male", below)
    assert len(old) == len(young) == len(oldest) == len(women) == len(men) == 25
    for (key, year), value in old.items():
        total = tidy[key, "total"]
        assert year == 2015
        assert value == pytest.approx(_share(total, FROM_65), rel=1e-12)
        assert young[key, 2015] == pytest.approx(_share(total, UNDER_18), rel=1e-12)
        assert oldest[key, 2015] == pytest.approx(_share(total, FROM_75), rel=1e-12)
        assert women[key, 2015] == int(tidy[key, "female"]["total"])
        assert men[key, 2015] + women[key, 2015] == int(total["total"])
    # By hand: Bad Nauheim has 31,630 inhabitants, 3,624 aged 65 to under 75 and 4,183 aged 75
    # and more (24.7 %), 767 + 780 + 1,126 + 1,405 + 838 under 18 (15.5 %); Limeshain 5,480.
    assert old["06440002", 2015] == pytest.approx(100 * (3_624 + 4_183) / 31_630)
    assert young["06440002", 2015] == pytest.approx(100 * 4_916 / 31_630)
    assert oldest["06440002", 2015] == pytest.approx(100 * 4_183 / 31_630)  # 13.2 %
    assert (women["06440002", 2015], men["06440002", 2015]) == (16_728, 14_902)
    assert old["06440014", 2015] == pytest.approx(_share(tidy["06440014", "total"], FROM_65))
    # The Kreis row is the Kreis's value: (30,523 + 31,605) of 301,931.
    kreis_old = Observation.objects.get(indicator__key="share_65_plus", area=kreis, year=2015)
    assert kreis_old.value == pytest.approx(100 * (30_523 + 31_605) / 301_931)
    # 80+ is not in the table (its oldest group is 75 and more, stored as the share of 75+):
    # nothing is made up.
    assert not Observation.objects.filter(indicator__key="share_80_plus").exists()


def test_the_age_groups_of_another_kreis_or_an_unknown_key_are_refused_with_the_row(
    real_data, wetterau, tmp_path
):
    # Bad Soden-Salmünster (06435002) lies in the Main-Kinzig-Kreis.
    path = cut(real_data, AGE_TABLE, tmp_path, in_wetterau, extra="06435002")
    lines = path.read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("06435002;"))
    preview = services.preview_import(wetterau, path, ImportKind.GENESIS)
    [problem] = preview.problems
    assert (problem.line, problem.column, problem.code) == (line, "area", Code.OUTSIDE_AREA)
    assert problem.text == (
        "„06435002“ (Bad Soden-Salmünster) liegt nicht in Wetteraukreis (06440); "
        "erwartet werden nur dessen Gemeinden"
    )
    with pytest.raises(Exception, match="nichts importiert"):
        services.commit_import(wetterau, path, ImportKind.GENESIS)
    typo = tmp_path / "typo.csv"
    typo.write_text(path.read_text("utf-8").replace("06435002;", "06440099;"), encoding="utf-8")
    [problem] = services.preview_import(wetterau, typo, ImportKind.GENESIS).problems
    assert (problem.line, problem.code, problem.params) == (
        line, Code.UNKNOWN_AREA, {"found": "06440099"}
    )  # fmt: skip
    # 65+ larger than the whole population of Bad Nauheim: refused with its line.
    text = cut(real_data, AGE_TABLE, tmp_path, in_wetterau).read_text("utf-8")
    nauheim = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith("06440002;"))
    broken = tmp_path / "broken.csv"
    broken.write_text(text.replace(";4183;31630;", ";4183;7000;"), encoding="utf-8")
    [problem] = services.preview_import(wetterau, broken, ImportKind.GENESIS).problems
    assert (problem.line, problem.code) == (nauheim, Code.PARTS_EXCEED_TOTAL)
    assert problem.text == (
        "die Gruppen „65 Jahre und mehr“ ergeben zusammen 7807, mehr als „Insgesamt“ (7000)"
    )
    assert not Observation.objects.filter(indicator__key__startswith="share").exists()
