"""GeoJSON area boundaries: one feature per area with a key, a name and a (Multi)Polygon in
WGS84 (RFC 7946). Used for Köln's 86 Stadtteile and for the areas of any alliance."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from wohnbuendnis.analytics.io.csv_checks import decode_utf8
from wohnbuendnis.analytics.io.errors import InputError

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def parse_boundaries(
    data: bytes | str,
    file: str = "boundaries.geojson",
    *,
    key_property: str,
    name_property: str,
) -> pl.DataFrame:
    """Parse a GeoJSON FeatureCollection of area boundaries.

    ``key_property``/``name_property``: the feature properties holding the area key and name
    (e.g. ``STT_NR``/``STT_NAME`` for Köln). Returns a frame ``key, name, geometry`` (geometry
    as compact GeoJSON text) in file order. Raises :class:`InputError` for invalid JSON (with
    its line), a missing or duplicate key, or a geometry that is not a (Multi)Polygon of
    closed rings with longitude/latitude coordinates; the message names the feature number.
    """
    text = decode_utf8(data, file) if isinstance(data, bytes) else data
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(file, f"valid JSON expected ({error.msg})", line=error.lineno) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or document.get("type") != "FeatureCollection":
        raise InputError(file, "a GeoJSON FeatureCollection expected")
    keys: dict[str, int] = {}
    rows = []
    for number, feature in enumerate(features, start=1):
        key, name, geometry = _feature(feature, number, file, key_property, name_property)
        if key in keys:
            raise InputError(
                file,
                f"feature {number}: duplicate key {key!r} (also feature {keys[key]})",
                column=key_property,
            )
        keys[key] = number
        rows.append((key, name, json.dumps(geometry, separators=(",", ":"))))
    return pl.DataFrame(rows, schema=["key", "name", "geometry"], orient="row")


def _feature(
    feature: Any, number: int, file: str, key_property: str, name_property: str
) -> tuple[str, str, dict[str, Any]]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        raise InputError(file, f"feature {number}: an object with 'properties' expected")
    values = []
    for prop in (key_property, name_property):
        value = properties.get(prop)
        if value is None or str(value).strip() == "":
            raise InputError(file, f"feature {number}: property {prop!r} expected", column=prop)
        values.append(str(value).strip())
    geometry = feature.get("geometry")
    _check_geometry(geometry, number, file)
    return values[0], values[1], geometry


def _check_geometry(geometry: Any, number: int, file: str) -> None:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        raise InputError(
            file, f"feature {number}: a Polygon or MultiPolygon expected, found {kind}"
        )
    polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
    for ring in _rings(polygons, number, file):
        if len(ring) < 4 or ring[0] != ring[-1]:
            raise InputError(file, f"feature {number}: closed rings of ≥ 4 positions expected")
        for position in ring:
            if not _is_lon_lat(position):
                raise InputError(
                    file,
                    f"feature {number}: WGS84 [longitude, latitude] expected, found {position}",
                )


def _rings(polygons: Any, number: int, file: str) -> Iterator[Sequence[Any]]:
    if not isinstance(polygons, list) or not polygons:
        raise InputError(file, f"feature {number}: polygon coordinates expected")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise InputError(file, f"feature {number}: polygon rings expected")
        yield from polygon


def _is_lon_lat(position: Any) -> bool:
    if not isinstance(position, list) or len(position) < 2:
        return False
    lon, lat = position[0], position[1]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat))
    return numbers and -180 <= lon <= 180 and -90 <= lat <= 90


def read_boundaries(path: str | Path, *, key_property: str, name_property: str) -> pl.DataFrame:
    """Read a GeoJSON file of area boundaries; see :func:`parse_boundaries`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"a readable file expected ({error.strerror})") from None
    return parse_boundaries(data, str(path), key_property=key_property, name_property=name_property)
