"""The demo's invented forecast rates look like a German city's (checked against Destatis)."""

from __future__ import annotations

import numpy as np

from wohnbuendnis.analytics.io import genesis
from wohnbuendnis.demo import forecast


def test_life_expectancy_is_that_of_the_destatis_life_table(real_data):
    table = genesis.read_life_table_12621_0001(
        real_data / "destatis-sterbetafeln" / "12621-0001_sterbetafel_2022-2024.csv"
    )
    demo = forecast.life_expectancy(forecast._schedules()["qx"])
    assert np.abs(demo - table["ex"][:, 0]).max() < 0.5, (demo, table["ex"][:, 0])  # f, m
    assert demo[0] - demo[1] > 4  # women live longer


def test_immigrants_are_mostly_young_adults():
    moves = forecast._schedules()["moves"]
    assert abs(moves.sum() - 1) < 1e-12
    assert moves[18:36].sum() > 0.6  # 18–35
    assert moves[65:].sum() < 0.03
    leave = forecast._schedules()["leave"]
    assert leave.argmax() in range(25, 36)  # moving out: first jobs, young families
    assert leave[0] > 2 * leave[50]  # children leave with their parents


def test_baby_boomers_are_the_largest_cohorts_as_in_germany(real_data):
    """The demo's age shape before raking has its largest cohorts where Germany's are (born
    1955–1969, aged 52–66 on 31.12.2021 in 12411-0006), shifted by the three years to 2024."""
    germany = genesis.read_population_12411_0006(
        real_data
        / "destatis-vorausberechnung-15"
        / "12411-0006_bevoelkerung_geschlecht_altersjahre_1970-2021.csv"
    )[2021].sum(axis=0)
    shape = forecast._shape(np.random.default_rng(1), 1, forecast._schedules()["qx"])[0].sum(0)
    peak_germany = 40 + int(np.argmax(germany[40:80]))
    peak_demo = 40 + int(np.argmax(shape[40:80]))
    assert abs(peak_demo - (peak_germany + 3)) <= 3, (peak_demo, peak_germany)
    share = shape[55:65].sum() / shape[65:75].sum()
    share_germany = germany[52:62].sum() / germany[62:72].sum()
    assert abs(share - share_germany) < 0.15, (share, share_germany)
