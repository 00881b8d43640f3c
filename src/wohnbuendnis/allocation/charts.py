"""Vega-Lite specs (built with Altair) of the allocation audit: pure functions of plain rows,
data inline; the page embeds them with vega-embed (``static/wohnbuendnis/charts.js``) and the
exports render the same specs (vl-convert). The table beside each chart holds its numbers."""

from __future__ import annotations

import math
from typing import Any

import altair as alt

RATE_COLOUR, FLAGGED_COLOUR = "#0b3d91", "#b35900"
Z95 = 1.959963984540054


def wilson(accepted: int, decided: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (95 %) of the share ``accepted / decided``."""
    if decided <= 0:
        return 0.0, 1.0
    p = accepted / decided
    denominator = 1 + z * z / decided
    centre = (p + z * z / (2 * decided)) / denominator
    half = z * math.sqrt(p * (1 - p) / decided + z * z / (4 * decided * decided)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def audit_rows(cells: list[Any]) -> list[dict[str, Any]]:
    """The cells of one audit table (``label``, ``accepted``, ``decided``, ``rate``,
    ``flagged``) that are shown – cells of fewer than the minimum count are left out – with
    the share placed and its 95 % interval."""
    rows = []
    for cell in cells:
        if cell.rate is None:
            continue
        low, high = wilson(cell.accepted, cell.decided)
        rows.append(
            {"Gruppe": cell.label, "Quote": round(cell.rate, 4), "von": round(low, 4),
             "bis": round(high, 4), "Entscheidungen": cell.decided,
             "Bewertung": "auffällig" if cell.flagged else "unauffällig"}
        )  # fmt: skip
    return rows


def audit_chart(rows: list[dict[str, Any]], title: str, threshold: float = 0.8) -> dict[str, Any]:
    """Share of nominations accepted per group (bar) with its 95 % interval (error bar) and
    the four-fifths line: ``threshold`` × the best group's share (dashed)."""
    data = alt.Data(values=rows)
    y = alt.Y("Gruppe:N", title=None, sort=[r["Gruppe"] for r in rows])
    x = alt.X("Quote:Q", title="Annahmequote", scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format="%"))  # fmt: skip
    bars = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.6})
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "Bewertung:N",
                title="Vier-Fünftel-Regel",
                scale=alt.Scale(
                    domain=["unauffällig", "auffällig"], range=[RATE_COLOUR, FLAGGED_COLOUR]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("Gruppe:N", title="Gruppe"),
                alt.Tooltip("Quote:Q", title="Annahmequote", format=".0%"),
                alt.Tooltip("von:Q", title="95-%-Intervall von", format=".0%"),
                alt.Tooltip("bis:Q", title="bis", format=".0%"),
                alt.Tooltip("Entscheidungen:Q", title="Entscheidungen"),
            ],
        )
    )
    errors = (
        alt.Chart(data)
        .mark_rule(color="#1a1a1a", strokeWidth=1.5)
        .encode(x="von:Q", x2="bis:Q", y=y)
    )
    ticks = [
        alt.Chart(data).mark_tick(color="#1a1a1a", thickness=1.5).encode(x=f"{end}:Q", y=y)
        for end in ("von", "bis")
    ]
    layers: list[Any] = [bars, errors, *ticks]
    best = max((r["Quote"] for r in rows), default=0)
    if best > 0 and len(rows) > 1:
        layers.append(
            alt.Chart(alt.Data(values=[{"Grenze": threshold * best}]))
            .mark_rule(color=FLAGGED_COLOUR, strokeDash=[5, 3])
            .encode(x="Grenze:Q", tooltip=[alt.Tooltip("Grenze:Q", format=".0%",
                                                       title="80 % der besten Quote")])
        )  # fmt: skip
    description = (
        f"{title}: Annahmequote je Gruppe mit 95-%-Intervall und der Vier-Fünftel-Grenze. "
        "Die Werte stehen in der Tabelle."
    )
    return (
        alt.layer(*layers)
        .properties(
            title=title,
            description=description,
            width="container",
            height=max(80, 34 * len(rows)),
        )
        .to_dict(validate=False)
    )
