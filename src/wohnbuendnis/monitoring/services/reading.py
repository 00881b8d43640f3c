"""Reading an import file into a frame of observations or boundaries, with every problem
found (line, column, what was expected). Files are read only by the readers in
``analytics/io`` and ``monitoring.engine.city_tables``; nothing here writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib import input_errors
from wohnbuendnis.monitoring.engine import (
    Code,
    InputError,
    city_tables,
    english,
    parse_boundaries,
    parse_observations,
    parse_regional_table,
)
from wohnbuendnis.monitoring.models import ImportKind, Indicator, Observation, ValueRange
from wohnbuendnis.monitoring.queries import alliance_areas
from wohnbuendnis.monitoring.services.shared import _catalogue

MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One problem of an import file: physical line (header = 1), column, and what was
    expected as the reader's code with its values (see ``lib.input_errors``)."""

    line: int | None
    column: str | None
    code: Code
    params: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, error: InputError, line: int | None = None) -> Problem:
        return cls(line if line is not None else error.line, error.column, error.code, error.params)

    @property
    def text(self) -> str:
        """What was expected, in the active language (German by default)."""
        return input_errors.describe(self.code, self.params)

    @property
    def expected(self) -> str:
        """What was expected, in English (the readers' wording, for logs and tests)."""
        return english(self.code, self.params)


def _bounds(indicator: Indicator | None) -> tuple[float | None, float | None]:
    """The values an indicator allows (its value range in the catalogue)."""
    if indicator is None:
        return None, None
    if indicator.value_range == ValueRange.NON_NEGATIVE:
        return 0.0, None
    if indicator.value_range == ValueRange.PERCENT:
        return 0.0, 100.0
    return None, None


def _max_length(model: type, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


#: Text columns of an observations file and the longest text their database column holds:
#: checked in the preview so that a file it accepts is never refused at the commit.
def _observation_lengths() -> dict[str, int]:
    return {"source": _max_length(Observation, "source")}


def _boundary_lengths() -> dict[str, int]:
    return {"key": _max_length(Area, "key"), "name": _max_length(Area, "name")}


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
        "max_lengths": _observation_lengths(),
    }
    try:  # a clean file is read once, without splitting it into lines
        return parse_observations(data, name, **checks), []
    except InputError:
        pass
    if b"\r" in data and b"\n" not in data:  # carriage returns only, as the reader reads it
        data = data.replace(b"\r", b"\n")
    lines = data.split(b"\n")
    original = list(range(1, len(lines) + 1))  # physical line of each remaining line
    problems: list[Problem] = []
    while True:
        try:
            frame = parse_observations(b"\n".join(lines), name, **checks)
            return frame, _by_line(problems)
        except InputError as error:
            if error.line is not None and error.line > len(lines):
                problems.append(Problem.of(error))  # a line the split cannot see: stop here
                return pl.DataFrame(), _by_line(problems)
            line = original[error.line - 1] if error.line else None
            problems.append(Problem.of(error, line))
            if not error.line or error.line <= 1 or len(problems) >= MAX_PROBLEMS:
                return pl.DataFrame(), _by_line(problems)
            del lines[error.line - 1], original[error.line - 1]


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))


def _read(
    alliance: Alliance, path: Path, kind: str, options: Mapping[str, str]
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """(frame, problems, skipped area keys) of one file."""
    name = path.name
    areas = alliance_areas(alliance)
    catalogue = _catalogue()
    try:
        if kind == ImportKind.OBSERVATIONS:
            frame, problems = _parse_all_observations(path.read_bytes(), name, areas, catalogue)
            return frame, problems, []
        if kind == ImportKind.BOUNDARIES:
            frame = parse_boundaries(
                path.read_bytes(),
                name,
                key_property=options.get("key_property") or "key",
                name_property=options.get("name_property") or "name",
                max_lengths=_boundary_lengths(),
            )
            return frame, [], []
        if kind == ImportKind.GENESIS:
            indicator = options.get("indicator", "")
            if indicator not in catalogue:
                problem = Problem(None, None, Code.UNKNOWN_INDICATOR, {"found": indicator})
                return pl.DataFrame(), [problem], []
            frame = parse_regional_table(
                path.read_bytes(),
                name,
                indicator=indicator,
                bounds=_bounds(catalogue[indicator]),
                with_lines=True,
            )
        elif kind in city_tables.READERS:
            frame = city_tables.READERS[kind](path, areas, alliance.area)
        else:
            allowed = ", ".join(ImportKind.values)
            problem = Problem(None, None, Code.UNKNOWN_VALUE, {"allowed": allowed, "found": kind})
            return pl.DataFrame(), [problem], []
    except InputError as error:
        return pl.DataFrame(), [Problem.of(error)], []
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
        rows = frame.filter(~pl.col("area").is_in(list(areas))).head(MAX_PROBLEMS)
        problems = [
            Problem(line, "area", Code.UNKNOWN_AREA, {"found": key})
            for key, line in rows.select("area", "line").iter_rows()
        ]
        return frame, problems, []
    frame = frame.drop("line") if "line" in frame.columns else frame
    return frame.filter(pl.col("area").is_in(list(areas))), [], unknown
