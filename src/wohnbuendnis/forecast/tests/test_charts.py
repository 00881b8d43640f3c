"""The forecast's chart specs: the pyramid as horizontal bars, men left, the base year as an
outline; rendered by vl-convert (as the exports do) to check the marks themselves."""

from __future__ import annotations

import re

import vl_convert as vlc

from wohnbuendnis.forecast import charts

AGES = [(age, 1000.0 - 5 * age, 1100.0 - 6 * age) for age in range(101)]
BASE = [(age, 1200.0 - 8 * age, 1250.0 - 9 * age) for age in range(101)]


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


def _bars(spec: dict) -> dict:
    return next(layer for layer in _layers(spec) if layer["mark"]["type"] == "bar")


def test_pyramid_bars_run_sideways_from_the_axis_with_men_negative() -> None:
    spec = charts.pyramid_chart(AGES, "Musterstadt 2045", BASE, year=2045, base_year=2024)
    bars = _bars(spec)
    assert bars["mark"]["orient"] == "horizontal"
    enc = bars["encoding"]
    assert enc["x"]["field"] == "Achse" and enc["x"]["type"] == "quantitative"
    assert enc["x2"] == {"datum": 0}  # every bar starts at the centre line
    assert enc["y"]["field"] == "Alter" and enc["y2"]["field"] == "Alter bis"
    assert enc["y"]["scale"]["domain"][0] == 0  # age 0 at the bottom
    assert "abs(datum.value)" in enc["x"]["axis"]["labelExpr"]  # positive labels both sides
    values = bars["data"]["values"]
    men = [v["Achse"] for v in values if v["Geschlecht"] == "Männer"]
    women = [v["Achse"] for v in values if v["Geschlecht"] == "Frauen"]
    assert all(x < 0 for x in men) and all(x > 0 for x in women)
    assert {v["Personen"] for v in values} >= {1100.0, 1000.0}  # persons stay positive
    domain = enc["x"]["scale"]["domain"]
    assert domain[0] == -domain[1]  # the axis is centred


def test_pyramid_has_the_base_year_as_an_outline_layer() -> None:
    spec = charts.pyramid_chart(AGES, "Musterstadt 2045", BASE, year=2045, base_year=2024)
    lines = [layer for layer in _layers(spec) if layer["mark"]["type"] == "line"]
    assert len(lines) == 1
    outline = lines[0]
    assert outline["mark"]["interpolate"] == "step-before"
    assert outline["encoding"]["x"]["field"] == "Achse"
    assert outline["encoding"]["y"]["field"] == "Alter"
    points = outline["data"]["values"]
    assert {p["Jahr"] for p in points} == {"Basisjahr 2024"}
    men = {p["Alter"]: p["Achse"] for p in points if p["Geschlecht"] == "Männer"}
    assert men[0] == -1250.0 and men[101] == men[100]  # closed at the top of the open class
    texts = [layer["data"]["values"][0] for layer in _layers(spec)
             if layer["mark"]["type"] == "text"]  # fmt: skip
    assert {t["Seite"]: t["Achse"] < 0 for t in texts} == {"Männer": True, "Frauen": False}


def test_pyramid_of_the_base_year_itself_has_no_outline() -> None:
    spec = charts.pyramid_chart(AGES, "Musterstadt 2024", AGES, year=2024, base_year=2024)
    assert [layer["mark"]["type"] for layer in _layers(spec)] == ["bar", "text", "text"]
    assert charts.pyramid(AGES, "alt")["layer"][0]["mark"]["type"] == "bar"  # former name


def test_pyramid_carries_a_description_and_german_labels() -> None:
    spec = charts.pyramid_chart(AGES, "Musterstadt 2045", BASE, year=2045, base_year=2024)
    assert "Männer links, Frauen rechts" in spec["description"]
    assert "Basisjahr 2024" in spec["description"]
    bars = _bars(spec)["encoding"]
    assert bars["y"]["title"] == "Alter"
    assert bars["x"]["title"].startswith("Personen")


def test_rendered_pyramid_bars_are_horizontal_and_men_left_of_the_axis() -> None:
    """The export path: vl-convert draws the spec; most bars are wider than high, the men's
    bars end left of the centre line and the axis labels carry German thousands separators."""
    spec = charts.pyramid_chart(AGES, "Musterstadt 2045", BASE, year=2045, base_year=2024)
    spec["width"] = 600
    svg = vlc.vegalite_to_svg(spec, format_locale="de-DE")
    rects = [
        tuple(float(n) for n in m.groups())
        for m in re.finditer(
            r'<path aria-label="[^"]*" role="graphics-symbol" aria-roledescription="bar" '
            r'd="M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)h',
            svg,
        )
    ]
    assert len(rects) == 2 * 101
    wide = sum(1 for _x, _y, w, h in rects if abs(w) > abs(h))
    assert wide >= 0.9 * len(rects)
    centre = 300  # width 600, domain symmetric around 0
    lefts = [x + min(w, 0) for x, _y, w, _h in rects]
    assert sum(1 for left in lefts if left < centre - 1) == 101  # one per age: the men
    assert "1.000" in svg  # German thousands separator on the axis
