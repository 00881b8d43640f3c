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


def comparison_rows(tables: list[Any]) -> list[dict[str, Any]]:
    """Every compared group of every landlord (tables with ``landlord`` and ``cells`` having
    ``ratio``, ``p_value``, ``flagged``): its rate relative to all other nominees of the
    landlord. Uncompared cells (too few decisions) are left out."""
    rows = []
    for table in tables:
        if not table.landlord:
            continue
        for cell in table.cells:
            if cell.ratio is None or cell.p_value is None:
                continue
            rows.append(
                {"Vergleich": f"{table.landlord} – {cell.label}", "Vermieter": table.landlord,
                 "Gruppe": cell.label, "Verhältnis": round(cell.ratio, 4),
                 "p": round(cell.p_value, 4), "Entscheidungen": cell.decided,
                 "Bewertung": "auffällig" if cell.flagged else "unauffällig"}
            )  # fmt: skip
    return rows


def comparison_chart(
    rows: list[dict[str, Any]], title: str, threshold: float = 0.8
) -> dict[str, Any]:
    """Per landlord and group: the group's acceptance rate as a share of the rate of all other
    nominees of the landlord (point; 1 = equal), the line of equal rates and the four-fifths
    line (dashed); flagged points (large and significant) in the warning colour."""
    data = alt.Data(values=rows)
    y = alt.Y("Vergleich:N", title=None, sort=[r["Vergleich"] for r in rows])
    top = max([1.5, *(r["Verhältnis"] for r in rows)])
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("Verhältnis:Q", title="Quote der Gruppe / Quote aller anderen Benannten",
                    scale=alt.Scale(domain=[0, top])),
            y=y,
            color=alt.Color(
                "Bewertung:N", title="Vier-Fünftel-Regel und Fisher-Test",
                scale=alt.Scale(domain=["unauffällig", "auffällig"],
                                range=[RATE_COLOUR, FLAGGED_COLOUR]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("Vermieter:N", title="Vermieter"),
                alt.Tooltip("Gruppe:N", title="Gruppe"),
                alt.Tooltip("Verhältnis:Q", title="Verhältnis", format=".2f"),
                alt.Tooltip("p:Q", title="p-Wert (Holm)", format=".3f"),
                alt.Tooltip("Entscheidungen:Q", title="Entscheidungen"),
            ],
        )
    )  # fmt: skip
    lines = [
        alt.Chart(alt.Data(values=[{"Grenze": value}]))
        .mark_rule(color=colour, strokeDash=dash)
        .encode(x="Grenze:Q", tooltip=[alt.Tooltip("Grenze:Q", format=".0%", title=label)])
        for value, colour, dash, label in (
            (1.0, "#1a1a1a", [1, 0], "gleiche Quote"),
            (threshold, FLAGGED_COLOUR, [5, 3], "Vier-Fünftel-Grenze"),
        )
    ]
    return (
        alt.layer(points, *lines)
        .properties(
            title=title,
            description=(
                f"{title}: Quote jeder Gruppe im Verhältnis zur Quote aller anderen Benannten "
                "desselben Vermieters, mit der Linie gleicher Quoten und der "
                "Vier-Fünftel-Grenze. Die Werte stehen in der Tabelle."
            ),
            width="container",
            height=max(80, 22 * len(rows)),
        )
        .to_dict(validate=False)
    )


def audit_chart(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """Share of nominations accepted per group (bar) with its 95 % interval (error bar),
    coloured where the group is flagged against all other nominees (see ``comparison_chart``
    for the four-fifths line of each comparison)."""
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
                title="Vier-Fünftel-Regel und Fisher-Test",
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
    description = (
        f"{title}: Annahmequote je Gruppe mit 95-%-Intervall. Die Werte stehen in der Tabelle."
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
