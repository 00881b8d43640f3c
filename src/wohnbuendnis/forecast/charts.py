"""Vega-Lite specs (built with Altair) of the result pages; data inline, rendered by
``static/forecast/charts.js`` without eval. Every chart has a table beside it on the page."""

from __future__ import annotations

from typing import Any

import altair as alt

# Colour-blind-safe (Okabe–Ito): women, men; and one colour per scenario.
SEX_COLOURS = ["#b35900", "#0b3d91"]
SCENARIO_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]


def pyramid(rows: list[tuple[int, float, float]], title: str) -> dict[str, Any]:
    """Population pyramid: men to the left, women to the right, by single age."""
    values = [
        {"Alter": age, "Geschlecht": sex, "Personen": count, "Achse": sign * count}
        for age, women, men in rows
        for sex, count, sign in (("Frauen", women, 1), ("Männer", men, -1))
    ]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(size=3)
        .encode(
            y=alt.Y("Alter:Q", title="Alter", scale=alt.Scale(domain=[0, 100])),
            x=alt.X(
                "Achse:Q",
                title="Personen (Männer links, Frauen rechts)",
                axis=alt.Axis(labelExpr="format(abs(datum.value), ',')"),
            ),
            color=alt.Color(
                "Geschlecht:N",
                scale=alt.Scale(domain=["Frauen", "Männer"], range=SEX_COLOURS),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=["Geschlecht:N", "Alter:Q", alt.Tooltip("Personen:Q", format=",.0f")],
        )
        .properties(title=title, width="container", height=360)
    )
    return chart.to_dict(validate=False)


def fan(rows: list[dict[str, Any]], scenarios: list[str], title: str) -> dict[str, Any]:
    """Population per scenario (line) with the bandwidth of the draws (p05–p95, p25–p75)."""
    colour = alt.Color(
        "Szenario:N",
        scale=alt.Scale(domain=scenarios, range=SCENARIO_COLOURS[: len(scenarios)]),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("Jahr:O", title="Jahr", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        color=colour,
    )
    outer = base.mark_area(opacity=0.15).encode(
        y=alt.Y("p05:Q", title="Einwohnerinnen und Einwohner", scale=alt.Scale(zero=False)),
        y2="p95:Q",
    )
    inner = base.mark_area(opacity=0.3).encode(y="p25:Q", y2="p75:Q")
    line = base.mark_line(point=True).encode(
        y="Bevölkerung:Q",
        strokeDash=alt.StrokeDash("Szenario:N", legend=None, sort=scenarios),
        tooltip=["Szenario:N", "Jahr:O", alt.Tooltip("Bevölkerung:Q", format=",.0f")],
    )
    layers = [outer, inner, line] if any(r.get("p05") is not None for r in rows) else [line]
    return (
        alt.layer(*layers)
        .properties(title=title, width="container", height=300)
        .to_dict(validate=False)
    )


def demand(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """Needed stock (households + fluctuation reserve) per scenario against the stock with
    the planned completions."""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("Jahr:O", title="Jahr", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("Wohnungen:Q", title="Wohnungen", scale=alt.Scale(zero=False)),
            color=alt.Color("Reihe:N", title=None, legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("Reihe:N", legend=None),
            tooltip=["Reihe:N", "Jahr:O", alt.Tooltip("Wohnungen:Q", format=",.0f")],
        )
        .properties(title=title, width="container", height=280)
    )
    return chart.to_dict(validate=False)
