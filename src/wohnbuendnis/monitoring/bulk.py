"""Set-based comparison and writing of large observation imports, used by
``services.preview_import`` and ``services.commit_import`` (the state change stays there).

The file's rows and the stored values are compared as polars frames (no model instance per
row). On PostgreSQL new rows go in with ``COPY``, changed values with one ``UPDATE … FROM`` a
temporary table, their revisions with ``INSERT … SELECT`` from the locked rows; other databases
(SQLite in development and tests) use ``bulk_create`` and ``executemany``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import polars as pl
from django.db import connection
from django.utils import timezone

from wohnbuendnis.monitoring.models import Observation, ObservationRevision

KEY_IDS = ["indicator_id", "area_id", "year"]
CHUNK = 100_000  # rows per COPY write: bounds the size of the CSV text held at once
STORED_SCHEMA = {
    "id": pl.Int64,
    "indicator_id": pl.Int64,
    "area_id": pl.Int64,
    "year": pl.Int64,
    "old_value": pl.Float64,
}


@dataclass
class Diff:
    """New rows (``indicator_id, area_id, year, value, source``), changed rows (``id,
    indicator_id, area_id, year, old_value, value``) and how many rows equal the stored
    value."""

    new: pl.DataFrame
    changed: pl.DataFrame
    unchanged: int


def with_ids(
    frame: pl.DataFrame, area_ids: Mapping[str, int] | None, indicator_ids: Mapping[str, int]
) -> pl.DataFrame:
    """The frame with ``indicator_id`` and ``area_id`` columns (keys must all be known; without
    ``area_ids`` the frame brings its ``area_id``)."""
    area = (
        pl.col("area_id").cast(pl.Int64)
        if area_ids is None
        else pl.col("area").replace_strict(dict(area_ids), return_dtype=pl.Int64)
    )
    return frame.with_columns(
        pl.col("indicator")
        .cast(pl.String)  # an empty frame's column may have the type Null
        .replace_strict(dict(indicator_ids), return_dtype=pl.Int64)
        .alias("indicator_id"),
        area.alias("area_id"),
        pl.col("year").cast(pl.Int64),
    )


def stored(frame: pl.DataFrame) -> pl.DataFrame:
    """``id, indicator_id, area_id, year, old_value`` of the stored observations that share
    indicator, area and year with ``frame`` (a frame with ids, see :func:`with_ids`)."""
    if frame.is_empty():
        return pl.DataFrame(schema=STORED_SCHEMA)
    keys = [frame[c].unique().to_list() for c in KEY_IDS]
    if connection.vendor == "postgresql":
        return _stored_postgresql(*keys)
    indicators, areas, years = keys
    rows = Observation.objects.filter(
        indicator_id__in=indicators, area_id__in=areas, year__in=years
    ).values_list("id", "indicator_id", "area_id", "year", "value")
    return pl.DataFrame(list(rows.iterator(chunk_size=20_000)), schema=STORED_SCHEMA, orient="row")


def _stored_postgresql(indicators: list[int], areas: list[int], years: list[int]) -> pl.DataFrame:
    """The same through ``COPY … TO STDOUT`` read by polars (no Python object per row)."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        statement = (
            f"COPY (SELECT id, indicator_id, area_id, year, value FROM {table} "  # noqa: S608
            "WHERE indicator_id = ANY(%s) AND area_id = ANY(%s) AND year = ANY(%s)) "
            "TO STDOUT WITH (FORMAT csv)"
        )
        with cursor.cursor.copy(statement, [indicators, areas, years]) as copy:
            for block in copy:
                buffer.write(block)
    if not buffer.getbuffer().nbytes:
        return pl.DataFrame(schema=STORED_SCHEMA)
    buffer.seek(0)
    return pl.read_csv(
        buffer, has_header=False, new_columns=list(STORED_SCHEMA), schema=STORED_SCHEMA
    )


def diff(
    frame: pl.DataFrame,
    existing: pl.DataFrame,
    default_source: str,
    decimals: Mapping[int, int] | None = None,
) -> Diff:
    """Compare the file's rows with the stored ones; values within 1e-12 (relative or absolute,
    as ``math.isclose``) count as equal, so that re-importing a file changes nothing.

    ``decimals`` (indicator id → the indicator's decimals): a file value that has no more
    decimals than its indicator and lies within half a step of the stored value is the stored
    value as every page and download shows it, rounded; it counts as equal too, so that a
    download uploaded again changes nothing. A value with more decimals, or one that moves the
    shown value, is a change."""
    source = pl.col("source") if "source" in frame.columns else pl.lit(None, pl.String)
    joined = frame.select(
        *KEY_IDS,
        pl.col("value").cast(pl.Float64),
        pl.when(source.is_null() | (source == ""))
        .then(pl.lit(default_source))
        .otherwise(source)
        .alias("source"),
    ).join(existing, on=KEY_IDS, how="left")
    new = joined.filter(pl.col("id").is_null()).select(*KEY_IDS, "value", "source")
    known = joined.filter(pl.col("id").is_not_null())
    difference = (pl.col("value") - pl.col("old_value")).abs()
    scale = pl.max_horizontal(pl.col("value").abs(), pl.col("old_value").abs())
    same = difference <= pl.max_horizontal(1e-12 * scale, pl.lit(1e-12))
    if decimals:
        same = same | _shown_as_stored(difference, dict(decimals))
    changed = known.filter(~same).select("id", *KEY_IDS, "old_value", "value")
    return Diff(new=new, changed=changed, unchanged=known.height - changed.height)


def _shown_as_stored(difference: pl.Expr, decimals: dict[int, int]) -> pl.Expr:
    """The file's value is the stored one rounded to the indicator's decimals: it has no more
    decimals (up to float noise) and lies within half a step (either way at a tie, as half up
    and half even may round it)."""
    places = pl.col("indicator_id").replace_strict(decimals, default=None, return_dtype=pl.Int64)
    step = pl.lit(10.0).pow(-places.cast(pl.Float64))
    scaled = pl.col("value") / step
    on_grid = (scaled - scaled.round()).abs() <= pl.max_horizontal(1e-9 * scaled.abs(), 1e-6)
    return (on_grid & (difference <= step * (0.5 + 1e-9))).fill_null(False)


def insert_new(new: pl.DataFrame, *, batch_id: int, user_id: int | None) -> None:
    """Insert the new observations of an import batch."""
    if new.is_empty():
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        Observation.objects.bulk_create(
            (
                Observation(
                    indicator_id=indicator,
                    area_id=area,
                    year=year,
                    value=value,
                    source=source,
                    batch_id=batch_id,
                    recorded_by_id=user_id,
                )
                for indicator, area, year, value, source in new.iter_rows()
            ),
            batch_size=1000,
        )
        return
    rows = new.with_columns(
        batch_id=pl.lit(batch_id, pl.Int64),
        recorded_by_id=pl.lit(user_id, pl.Int64),
        recorded_at=pl.lit(now.isoformat()),
    )
    _copy(Observation._meta.db_table, rows)


def apply_changes(
    changed: pl.DataFrame, *, batch_id: int, user_id: int | None, reason: str
) -> None:
    """Set the changed values and keep each old value as an ``ObservationRevision``."""
    if changed.is_empty():
        return
    now = timezone.now()
    if connection.vendor == "postgresql":
        _apply_changes_postgresql(changed, batch_id, user_id, reason, now)
        return
    current = {
        pk: (value, batch)
        for pk, value, batch in Observation.objects.filter(
            pk__in=changed["id"].to_list()
        ).values_list("id", "value", "batch_id")
    }
    ObservationRevision.objects.bulk_create(
        (
            ObservationRevision(
                observation_id=pk,
                old_value=current[pk][0],
                new_value=value,
                reason=reason,
                batch_id=batch_id,
                previous_batch_id=current[pk][1],
                changed_by_id=user_id,
            )
            for pk, value in changed.select("id", "value").iter_rows()
        ),
        batch_size=1000,
    )
    table = connection.ops.quote_name(Observation._meta.db_table)
    values = changed.select("id", "value").iter_rows()
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET value = %s, batch_id = %s, recorded_by_id = %s, "  # noqa: S608
            "recorded_at = %s WHERE id = %s",
            [(value, batch_id, user_id, now, pk) for pk, value in values],
        )


def _apply_changes_postgresql(
    changed: pl.DataFrame, batch_id: int, user_id: int | None, reason: str, now: datetime
) -> None:
    q = connection.ops.quote_name
    observations = q(Observation._meta.db_table)
    revisions = q(ObservationRevision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE monitoring_changed (id bigint PRIMARY KEY, value double "
            "precision NOT NULL)"
        )
        _copy("monitoring_changed", changed.select("id", "value"), cursor=cursor)
        # Lock the rows first: a concurrent correction (select_for_update) waits, so the
        # revisions hold the value each row had just before this import changed it.
        cursor.execute(
            f"SELECT o.id FROM {observations} o JOIN monitoring_changed c ON o.id = c.id "  # noqa: S608
            "FOR UPDATE OF o"
        )
        cursor.execute(
            f"INSERT INTO {revisions} (observation_id, old_value, new_value, reason, batch_id, "  # noqa: S608
            "previous_batch_id, changed_by_id, changed_at) "
            "SELECT o.id, o.value, c.value, %s, %s, o.batch_id, %s, %s "
            f"FROM {observations} o JOIN monitoring_changed c ON o.id = c.id",
            [reason, batch_id, user_id, now],
        )
        cursor.execute(
            f"UPDATE {observations} o SET value = c.value, batch_id = %s, recorded_by_id = %s, "  # noqa: S608
            "recorded_at = %s FROM monitoring_changed c WHERE o.id = c.id",
            [batch_id, user_id, now],
        )
        cursor.execute("DROP TABLE monitoring_changed")


def _copy(table: str, frame: pl.DataFrame, *, cursor=None) -> None:
    """``COPY table (columns of frame) FROM STDIN`` as CSV, ``CHUNK`` rows at a time."""
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in frame.columns)
    statement = f"COPY {q(table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
    if cursor is None:
        with connection.cursor() as own:
            _copy_chunks(own, statement, frame)
    else:
        _copy_chunks(cursor, statement, frame)


def _copy_chunks(cursor, statement: str, frame: pl.DataFrame) -> None:
    with cursor.cursor.copy(statement) as copy:
        for chunk in _chunks(frame):
            buffer = io.BytesIO()
            chunk.write_csv(buffer, include_header=False)
            copy.write(buffer.getvalue())


def _chunks(frame: pl.DataFrame) -> Iterable[pl.DataFrame]:
    for offset in range(0, frame.height, CHUNK):
        yield frame.slice(offset, CHUNK)
