"""Reading an import file into a frame of observations or boundaries, with every problem
found (line, column, what was expected). Files are read only by the readers in
``analytics/io`` and ``monitoring.engine``; nothing here writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.io.genesis_regional import parse_regional_table
from wohnbuendnis.analytics.io.geojson import parse_boundaries
from wohnbuendnis.analytics.io.observations import parse_observations
from wohnbuendnis.areas.models import Area
from wohnbuendnis.monitoring import engine
from wohnbuendnis.monitoring.models import ImportKind, Indicator, ValueRange
from wohnbuendnis.monitoring.queries import alliance_areas
from wohnbuendnis.monitoring.services.shared import _catalogue

MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One problem of an import file: physical line (header = 1), column, what was expected."""

    line: int | None
    column: str | None
    expected: str


def _parse_all_observations(
    data: bytes, name: str, areas: Mapping[str, Area], catalogue: Mapping[str, Indicator]
) -> tuple[pl.DataFrame, list[Problem]]:
    """The reader stops at the first problem: drop that line and read again, until the file is
    clean, so that the preview lists every problem (up to ``MAX_PROBLEMS``)."""
    counts = [k for k, i in catalogue.items() if i.value_range == ValueRange.NON_NEGATIVE]
    percents = [k for k, i in catalogue.items() if i.value_range == ValueRange.PERCENT]
    checks = {
        "known_areas": list(areas),
        "known_indicators": list(catalogue),
        "count_indicators": counts,
        "percent_indicators": percents,
    }
    try:  # a clean file is read once, without splitting it into lines
        return parse_observations(data, name, **checks), []
    except InputError:
        pass
    lines = data.split(b"\n")
    original = list(range(1, len(lines) + 1))  # physical line of each remaining line
    problems: list[Problem] = []
    while True:
        try:
            frame = parse_observations(b"\n".join(lines), name, **checks)
            return frame, _by_line(problems)
        except InputError as error:
            line = original[error.line - 1] if error.line else None
            problems.append(Problem(line, error.column, error.expected))
            if not error.line or error.line <= 1 or len(problems) >= MAX_PROBLEMS:
                return pl.DataFrame(), _by_line(problems)
            del lines[error.line - 1], original[error.line - 1]


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))


def _read(
    alliance: Alliance, path: Path, kind: str, options: Mapping[str, str]
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """(frame, problems, skipped area keys) of one file."""
    data = path.read_bytes()
    name = path.name
    areas = alliance_areas(alliance)
    catalogue = _catalogue()
    try:
        if kind == ImportKind.OBSERVATIONS:
            frame, problems = _parse_all_observations(data, name, areas, catalogue)
            return frame, problems, []
        if kind == ImportKind.BOUNDARIES:
            frame = parse_boundaries(
                data,
                name,
                key_property=options.get("key_property") or "key",
                name_property=options.get("name_property") or "name",
            )
            return frame, [], []
        if kind == ImportKind.GENESIS:
            indicator = options.get("indicator", "")
            if indicator not in catalogue:
                return pl.DataFrame(), [Problem(None, None, _("einen Indikator des Katalogs"))], []
            frame = parse_regional_table(data, name, indicator=indicator)
        elif kind in engine.READERS:
            frame = engine.READERS[kind](path, areas, alliance.area)
        else:
            return pl.DataFrame(), [Problem(None, None, _("eine bekannte Importart"))], []
    except InputError as error:
        return pl.DataFrame(), [Problem(error.line, error.column, error.expected)], []
    frame, problems, skipped = _known_areas_only(frame, areas, strict=kind == ImportKind.GENESIS)
    # Indicators a city publishes beyond the catalogue are left out (the catalogue is agreed).
    return frame.filter(pl.col("indicator").is_in(list(catalogue))), problems, skipped


def _known_areas_only(
    frame: pl.DataFrame, areas: Mapping[str, Area], *, strict: bool
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """City tables cover several levels (city, boroughs, districts): rows of areas outside the
    alliance's hierarchy are listed and left out; for GENESIS tables they are problems."""
    unknown = sorted(set(frame["area"].unique()) - set(areas))
    if strict and unknown:
        problems = [
            Problem(None, "area", _("bekannter Gebietsschlüssel statt %(key)s") % {"key": key})
            for key in unknown[:MAX_PROBLEMS]
        ]
        return frame, problems, []
    return frame.filter(pl.col("area").is_in(list(areas))), [], unknown
