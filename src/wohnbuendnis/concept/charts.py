"""Vega-Lite specs (built with Altair) of the action concept's pages: goal trends and the
building project pipeline. Pure functions of plain rows, data inline: the page embeds them
with vega-embed (``static/wohnbuendnis/charts.js``) and every export renders the same spec
(vl-convert). Every chart has its table beside it on the page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import altair as alt

ACTUAL_COLOUR, TARGET_COLOUR = "#0b3d91", "#b35900"
# Okabe–Ito, one colour per project status in the order of the pipeline.
STATUS_COLOURS = ["#e69f00", "#56b4e9", "#009e73", "#0072b2"]


def goal_trend_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """The evaluation rows of one goal (``year``, ``actual``, ``target`` or ``low``/``high``)
    as the chart's rows."""
    return [
        {"Jahr": r.year, "Istwert": r.actual, "Soll": r.target, "Soll von": r.low,
         "Soll bis": r.high}
        for r in rows
    ]  # fmt: skip


def goal_trend_chart(rows: list[dict[str, Any]], title: str, unit: str) -> dict[str, Any]:
    """A goal's actual values over the years (line with points) against its target: a dashed
    target line, or the target corridor as a band (``Soll von``–``Soll bis``)."""
    data = alt.Data(values=rows)
    x = alt.X("Jahr:O", title="Jahr", axis=alt.Axis(labelAngle=0, labelOverlap=True))
    series = alt.Color(
        "Reihe:N",
        title=None,
        scale=alt.Scale(domain=["Istwert", "Soll"], range=[ACTUAL_COLOUR, TARGET_COLOUR]),
        legend=alt.Legend(orient="bottom"),
    )
    layers: list[Any] = []
    if any(r.get("Soll von") is not None for r in rows):
        layers.append(
            alt.Chart(data)
            .transform_filter("datum['Soll von'] != null")
            .transform_calculate(Reihe="'Soll'")
            .mark_area(opacity=0.2)
            .encode(x=x, y=alt.Y("Soll von:Q", title=unit), y2="Soll bis:Q", color=series)
        )
    if any(r.get("Soll") is not None for r in rows):
        layers.append(
            alt.Chart(data)
            .transform_filter("datum.Soll != null")
            .transform_calculate(Reihe="'Soll'")
            .mark_line(strokeDash=[6, 3], point=alt.OverlayMarkDef(shape="square", filled=False))
            .encode(
                x=x,
                y=alt.Y("Soll:Q", title=unit),
                color=series,
                tooltip=["Jahr:O", alt.Tooltip("Soll:Q", format=",.2~f")],
            )
        )
    layers.append(
        alt.Chart(data)
        .transform_calculate(Reihe="'Istwert'")
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=50))
        .encode(
            x=x,
            y=alt.Y("Istwert:Q", title=unit, scale=alt.Scale(zero=False)),
            color=series,
            tooltip=["Jahr:O", alt.Tooltip("Istwert:Q", format=",.2~f")],
        )
    )
    description = f"{title}: Istwerte je Jahr gegen das Soll. Die Werte stehen in der Zielmatrix."
    return (
        alt.layer(*layers)
        .properties(title=title, description=description, width="container", height=200)
        .to_dict(validate=False)
    )


def pipeline_rows(
    projects: Iterable[tuple[str, int, int]], statuses: list[str]
) -> list[dict[str, Any]]:
    """(status label, expected completion year, dwellings) of each project → dwellings per
    year and status (statuses in pipeline order, years ascending; empty cells left out)."""
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for status, year, dwellings in projects:
        sums[(year, status)] += dwellings
    return [
        {"Jahr": year, "Status": status, "Wohneinheiten": sums[(year, status)],
         "Reihenfolge": statuses.index(status)}
        for year in sorted({y for y, _s in sums})
        for status in statuses
        if sums.get((year, status))
    ]  # fmt: skip


def pipeline_chart(rows: list[dict[str, Any]], statuses: list[str], title: str) -> dict[str, Any]:
    """Dwellings of the building projects by expected completion year, stacked by status
    (planning at the top, completed at the bottom)."""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("Jahr:O", title="Fertigstellung (erwartet)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(Wohneinheiten):Q", title="Wohneinheiten", stack="zero"),
            color=alt.Color(
                "Status:N",
                title="Status",
                sort=statuses,
                scale=alt.Scale(domain=statuses, range=STATUS_COLOURS[: len(statuses)]),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("Reihenfolge:Q", sort="descending"),
            tooltip=[
                alt.Tooltip("Jahr:O", title="Jahr"),
                alt.Tooltip("Status:N", title="Status"),
                alt.Tooltip("sum(Wohneinheiten):Q", title="Wohneinheiten", format=",.0f"),
            ],
        )
        .properties(
            title=title,
            description=f"{title}: Wohneinheiten je erwartetem Fertigstellungsjahr, nach "
            "Status gestapelt. Die Werte stehen in der Tabelle.",
            width="container",
            height=260,
        )
    )
    return chart.to_dict(validate=False)
