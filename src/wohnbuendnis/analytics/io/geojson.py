"""GeoJSON area boundaries: one feature per area with a key, a name and a (Multi)Polygon in
WGS84 (RFC 7946). Used for Köln's 86 Stadtteile and for the areas of any alliance."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from wohnbuendnis.analytics.io.csv_checks import decode_utf8
from wohnbuendnis.analytics.io.errors import Code, InputError, unreadable

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def parse_boundaries(
    data: bytes | str,
    file: str = "boundaries.geojson",
    *,
    key_property: str,
    name_property: str,
    max_lengths: Mapping[str, int] | None = None,
) -> pl.DataFrame:
    """Parse a GeoJSON FeatureCollection of area boundaries.

    ``key_property``/``name_property``: the feature properties holding the area key and name
    (e.g. ``STT_NR``/``STT_NAME`` for Köln). ``max_lengths``: ``key``/``name`` → most
    characters (the database's columns). Returns a frame ``key, name, geometry`` (geometry
    as compact GeoJSON text) in file order. Raises :class:`InputError` for invalid JSON (with
    its line and column), nesting deeper than Python's recursion limit, a missing, too long or
    duplicate key, or a geometry that is not a (Multi)Polygon of closed rings with
    longitude/latitude coordinates; the message names the feature number.
    """
    text = decode_utf8(data, file) if isinstance(data, bytes) else data.lstrip("\ufeff")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(file, Code.NOT_JSON, line=error.lineno, column=str(error.colno)) from None
    except RecursionError:  # the C parser stops at the interpreter's recursion limit
        raise InputError(
            file, Code.JSON_TOO_DEEP, params={"limit": sys.getrecursionlimit()}
        ) from None
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise InputError(file, Code.NOT_JSON) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or document.get("type") != "FeatureCollection":
        raise InputError(file, Code.NOT_FEATURE_COLLECTION)
    limits = dict(max_lengths or {})
    keys: dict[str, int] = {}
    rows = []
    for number, feature in enumerate(features, start=1):
        key, name, geometry = _feature(feature, number, file, key_property, name_property)
        for value, prop, field in ((key, key_property, "key"), (name, name_property, "name")):
            if field in limits and len(value) > limits[field]:
                raise InputError(
                    file,
                    Code.TEXT_TOO_LONG,
                    column=prop,
                    params={"limit": limits[field], "length": len(value), "feature": number},
                )
        if key in keys:
            raise InputError(
                file,
                Code.FEATURE_DUPLICATE_KEY,
                column=key_property,
                params={"feature": number, "key": key, "other": keys[key]},
            )
        keys[key] = number
        rows.append((key, name, json.dumps(geometry, separators=(",", ":"))))
    return pl.DataFrame(rows, schema=["key", "name", "geometry"], orient="row")


def _feature(
    feature: Any, number: int, file: str, key_property: str, name_property: str
) -> tuple[str, str, dict[str, Any]]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        raise InputError(file, Code.FEATURE_NOT_OBJECT, params={"feature": number})
    values = []
    for prop in (key_property, name_property):
        value = properties.get(prop)
        if value is None or isinstance(value, dict | list) or str(value).strip() == "":
            raise InputError(
                file,
                Code.FEATURE_PROPERTY_MISSING,
                column=prop,
                params={"feature": number, "name": prop},
            )
        values.append(str(value).strip())
    geometry = feature.get("geometry")
    _check_geometry(geometry, number, file)
    return values[0], values[1], geometry


def _check_geometry(geometry: Any, number: int, file: str) -> None:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        raise InputError(file, Code.GEOMETRY_TYPE, params={"feature": number, "found": str(kind)})
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise InputError(file, Code.GEOMETRY_COORDINATES, params={"feature": number})
    polygons = [coordinates] if kind == "Polygon" else coordinates
    for ring in _rings(polygons, number, file):
        if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
            raise InputError(file, Code.GEOMETRY_RING_CLOSED, params={"feature": number})
        for position in ring:
            if not _is_lon_lat(position):
                raise InputError(
                    file,
                    Code.GEOMETRY_POSITION,
                    params={"feature": number, "found": str(position)[:40]},
                )


def _rings(polygons: Any, number: int, file: str) -> Iterator[Any]:
    if not isinstance(polygons, list) or not polygons:
        raise InputError(file, Code.GEOMETRY_COORDINATES, params={"feature": number})
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise InputError(file, Code.GEOMETRY_RINGS, params={"feature": number})
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
        raise unreadable(str(path), error) from None
    return parse_boundaries(data, str(path), key_property=key_property, name_property=name_property)
