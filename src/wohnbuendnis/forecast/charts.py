"""Vega-Lite specs (built with Altair) of the result pages; data inline, rendered by
``static/forecast/charts.js`` without eval. Every chart has a table beside it on the page."""

from __future__ import annotations

from typing import Any

import altair as alt

# Colour-blind-safe (Okabe–Ito): women, men; and one colour per scenario.
SEX_COLOURS = ["#b35900", "#0b3d91"]
SCENARIO_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]


#: Colour of the base year's outline over the projection year's bars.
OUTLINE_COLOUR = "#1a1a1a"


def _pyramid_values(rows: list[tuple[int, float, float]], year: str) -> list[dict[str, Any]]:
    """One row per age and sex: persons, the signed value on the axis (men negative) and the
    upper edge of the age band (``Alter`` + 1) for bars and the outline's steps."""
    return [
        {
            "Alter": age,
            "Alter bis": age + 1,
            "Geschlecht": sex,
            "Personen": count,
            "Achse": sign * count,
            "Jahr": year,
        }
        for age, women, men in rows
        for sex, count, sign in (("Männer", men, -1), ("Frauen", women, 1))
    ]


def _outline_values(rows: list[tuple[int, float, float]], year: str) -> list[dict[str, Any]]:
    """Corner points of the base year's outline: each age's value at the lower edge of its band
    and, after the oldest age, once more at its upper edge (drawn as a ``step-before`` line, so
    each age's value runs straight up its band and steps sideways to the next age)."""
    values = _pyramid_values(rows, year)
    if rows:
        oldest = rows[-1][0]
        values += [
            {**row, "Alter": oldest + 1, "Personen": None}
            for row in values
            if row["Alter"] == oldest
        ]
    return values


def pyramid_chart(
    rows: list[tuple[int, float, float]],
    title: str,
    base_rows: list[tuple[int, float, float]] | None = None,
    *,
    year: int | None = None,
    base_year: int | None = None,
) -> dict[str, Any]:
    """Population pyramid as horizontal bars by single age: men to the left of the axis
    (negative values, labelled without sign), women to the right, age upwards from 0.

    ``rows``: (age, women, men) of the projection year, drawn as filled bars; ``base_rows``:
    the same of the base year, drawn as an outline over them (left out when absent or when
    the year shown is the base year itself). The last age is the open class (100+)."""
    label = str(year) if year is not None else "Prognose"
    base_label = f"Basisjahr {base_year}" if base_year is not None else "Basisjahr"
    base_rows = base_rows if base_rows and year != base_year else []
    largest = max([max(women, men) for _age, women, men in [*rows, *base_rows]] or [1.0]) or 1.0
    oldest = max([age for age, _w, _m in [*rows, *base_rows]] or [100])
    x = alt.X(
        "Achse:Q",
        title="Personen (Männer links, Frauen rechts)",
        scale=alt.Scale(domain=[-largest * 1.05, largest * 1.05], nice=False),
        axis=alt.Axis(labelExpr="format(abs(datum.value), ',')", tickCount=6, grid=True),
    )
    y = alt.Y(
        "Alter:Q",
        title="Alter",
        scale=alt.Scale(domain=[0, oldest + 1], nice=False, zero=True),
        axis=alt.Axis(values=list(range(0, oldest + 2, 10)), grid=False),
    )
    bars = (
        alt.Chart(alt.Data(values=_pyramid_values(rows, label)))
        .mark_bar(orient="horizontal", stroke="#ffffff", strokeWidth=0.2)
        .encode(
            x=x,
            x2=alt.datum(0),
            y=y,
            y2="Alter bis:Q",
            color=alt.Color(
                "Geschlecht:N",
                scale=alt.Scale(domain=["Männer", "Frauen"], range=SEX_COLOURS[::-1]),
                legend=alt.Legend(orient="bottom", title=label),
            ),
            tooltip=[
                alt.Tooltip("Jahr:N", title="Jahr"),
                alt.Tooltip("Geschlecht:N", title="Geschlecht"),
                alt.Tooltip("Alter:Q", title="Alter"),
                alt.Tooltip("Personen:Q", title="Personen", format=",.0f"),
            ],
        )
    )
    names = [
        alt.Chart(alt.Data(values=[{"Seite": side, "Achse": sign * largest, "Alter": oldest - 3}]))
        .mark_text(align=align, fontWeight="bold", fontSize=13)
        .encode(x=alt.X("Achse:Q"), y=alt.Y("Alter:Q"), text="Seite:N")
        for side, sign, align in (("Männer", -1, "left"), ("Frauen", 1, "right"))
    ]
    layers: list[Any] = [bars]
    if base_rows:
        layers.append(
            alt.Chart(alt.Data(values=_outline_values(base_rows, base_label)))
            .mark_line(interpolate="step-before", strokeWidth=1.2)
            .encode(
                x=x,
                y=y,
                detail="Geschlecht:N",
                order=alt.Order("Alter:Q"),
                stroke=alt.Stroke(
                    "Jahr:N",
                    scale=alt.Scale(domain=[base_label], range=[OUTLINE_COLOUR]),
                    legend=alt.Legend(orient="bottom", title="Umriss", symbolType="stroke"),
                ),
            )
        )
    layers.extend(names)
    description = (
        f"Bevölkerungspyramide {title}: Personen nach Alter, Männer links, Frauen rechts"
        + (f"; Umriss: {base_label}" if base_rows else "")
        + ". Die Werte stehen in der Tabelle."
    )
    return (
        alt.layer(*layers)
        .properties(title=title, description=description, width="container", height=420)
        .to_dict(validate=False)
    )


def pyramid(rows: list[tuple[int, float, float]], title: str, *args: Any, **kw: Any) -> dict:
    """Former name of :func:`pyramid_chart`."""
    return pyramid_chart(rows, title, *args, **kw)


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


def households(rows: list[dict[str, Any]], scenarios: list[str], title: str) -> dict[str, Any]:
    """Private households per scenario (``rows``: ``Szenario``, ``Jahr``, ``Haushalte``); the
    table beside it on the page holds the same numbers."""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("Jahr:O", title="Jahr", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("Haushalte:Q", title="Haushalte", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "Szenario:N",
                scale=alt.Scale(domain=scenarios, range=SCENARIO_COLOURS[: len(scenarios)]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("Szenario:N", legend=None, sort=scenarios),
            tooltip=["Szenario:N", "Jahr:O", alt.Tooltip("Haushalte:Q", format=",.0f")],
        )
        .properties(title=title, width="container", height=260)
    )
    return chart.to_dict(validate=False)


def need_and_stock(
    rows: list[dict[str, Any]], title: str, y_title: str = "Wohnungen bzw. Haushalte"
) -> dict[str, Any]:
    """Two series per year, one line each: a target group's need against the stock that serves
    it, or the own forecast beside an official projection (``rows``: ``Reihe``, ``Jahr``,
    ``Anzahl``; years without a known value are left out)."""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("Jahr:O", title="Jahr", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("Anzahl:Q", title=y_title, scale=alt.Scale(zero=True)),
            color=alt.Color(
                "Reihe:N",
                title=None,
                scale=alt.Scale(range=SCENARIO_COLOURS[:2]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("Reihe:N", legend=None),
            tooltip=["Reihe:N", "Jahr:O", alt.Tooltip("Anzahl:Q", format=",.0f")],
        )
        .properties(title=title, width="container", height=260)
    )
    return chart.to_dict(validate=False)


def by_municipality(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """New-construction need, of it small flats, and planned completions per municipality
    (``rows``: ``Gemeinde``, ``Reihe``, ``Wohnungen``), one bar per series; the table on the
    page holds the same numbers."""
    names = list(dict.fromkeys(r["Gemeinde"] for r in rows))
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("Gemeinde:N", title=None, sort=names),
            yOffset=alt.YOffset("Reihe:N"),
            x=alt.X("Wohnungen:Q", title="Wohnungen"),
            color=alt.Color(
                "Reihe:N",
                title=None,
                scale=alt.Scale(range=SCENARIO_COLOURS[:3]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["Gemeinde:N", "Reihe:N", alt.Tooltip("Wohnungen:Q", format=",.0f")],
        )
        .properties(title=title, width="container", height=max(200, 36 * len(names)))
    )
    return chart.to_dict(validate=False)
