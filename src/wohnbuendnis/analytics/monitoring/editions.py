"""Comparison of two editions of the small-area index: which areas changed class."""

from __future__ import annotations

from enum import StrEnum

import polars as pl


class Change(StrEnum):
    """How an area's index result changed from the previous edition to the current one."""

    SAME = "same"  # scored in both, same group
    STATUS = "status"  # status class changed (dynamics may have changed too)
    DYNAMICS = "dynamics"  # only the dynamics class changed
    NEW = "new"  # scored now, not scored (or absent) before
    DROPPED = "dropped"  # scored before, not scored (or absent) now
    UNSCORED = "unscored"  # scored in neither edition


def compare_editions(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Compare two results of :func:`~wohnbuendnis.analytics.monitoring.compute_index`.

    Returns one row per area of either edition (sorted by area) with ``area,
    previous_status_class, status_class, previous_dynamics_class, dynamics_class,
    previous_group, group, previous_conspicuous, conspicuous, change`` where ``change`` is a
    :class:`Change` value; ``became_conspicuous`` marks areas conspicuous now but not before.
    """
    columns = ["status_class", "dynamics_class", "group", "conspicuous", "scored"]
    before = previous.select("area", *columns).rename({c: f"previous_{c}" for c in columns})
    joined = before.join(
        current.select("area", *columns), on="area", how="full", coalesce=True
    ).sort("area")
    was, now = (
        pl.col("previous_scored").fill_null(False),
        pl.col("scored").fill_null(False),
    )
    change = (
        pl.when(was & now & (pl.col("previous_status_class") != pl.col("status_class")))
        .then(pl.lit(Change.STATUS.value))
        .when(was & now & (pl.col("previous_dynamics_class") != pl.col("dynamics_class")))
        .then(pl.lit(Change.DYNAMICS.value))
        .when(was & now)
        .then(pl.lit(Change.SAME.value))
        .when(now)
        .then(pl.lit(Change.NEW.value))
        .when(was)
        .then(pl.lit(Change.DROPPED.value))
        .otherwise(pl.lit(Change.UNSCORED.value))
    )
    return joined.with_columns(
        pl.col("previous_conspicuous", "conspicuous").fill_null(False),
        change.alias("change"),
        (
            pl.col("conspicuous").fill_null(False)
            & ~pl.col("previous_conspicuous").fill_null(False)
        ).alias("became_conspicuous"),
    ).drop("previous_scored", "scored")
