"""The chart of a priority-list draft's effect: how many households move up or down by how
many places (Vega-Lite through Altair, data inline; the table beside it holds the numbers)."""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.translation import gettext as _

UP_COLOUR, DOWN_COLOUR = "#0b3d91", "#b35900"


def band_label(low: int, high: int | None) -> str:
    if high is None:
        return _("mehr als %(n)d Plätze") % {"n": low - 1}
    return _("%(a)d–%(b)d Plätze") % {"a": low, "b": high}


def rank_change_chart(bands: list[Any]) -> dict[str, Any]:
    """Diverging bars per band: households moving up (right) and down (left)."""
    up, down = _("aufgestiegen"), _("abgestiegen")
    rows = []
    for band in bands:
        label = band_label(band.low, band.high)
        rows.append({"Verschiebung": label, "Richtung": up, "Haushalte": band.up})
        rows.append({"Verschiebung": label, "Richtung": down, "Haushalte": -band.down})
    order = [band_label(b.low, b.high) for b in bands]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("Verschiebung:N", title=_("Verschiebung in der Rangfolge"), sort=order),
            x=alt.X("Haushalte:Q", title=_("Haushalte (links: abgestiegen, rechts: aufgestiegen)")),
            color=alt.Color(
                "Richtung:N",
                title=_("Richtung"),
                scale=alt.Scale(domain=[up, down], range=[UP_COLOUR, DOWN_COLOUR]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("Verschiebung:N", title=_("Verschiebung")),
                alt.Tooltip("Richtung:N", title=_("Richtung")),
                alt.Tooltip("Haushalte:Q", title=_("Haushalte")),
            ],
        )
        .properties(
            width="container", height=160, title=_("Wirkung des Entwurfs auf die Rangfolge")
        )
        .to_dict(validate=False)
    )
