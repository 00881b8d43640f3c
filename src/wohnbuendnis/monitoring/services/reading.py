"""Reading an import file into a frame of observations or boundaries, with every problem
found (line, column, what was expected). Files are read only by the readers in
``analytics/io`` and ``monitoring.engine.city_tables``; nothing here writes."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.lib import input_errors
from wohnbuendnis.monitoring.engine import (
    GERMAN_HEADERS,
    REGIONAL_TABLES,
    Code,
    InputError,
    city_tables,
    english,
    office_observations,
    parse_boundaries,
    parse_observations,
    parse_regional_columns,
    parse_regional_table,
    regional_table_code,
)
from wohnbuendnis.monitoring.models import ImportKind, Indicator, Observation, ValueRange
from wohnbuendnis.monitoring.services import matching
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
    # the names people know the file's columns by (observations: the German ones)
    column_names: Mapping[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def of(
        cls,
        error: InputError,
        line: int | None = None,
        column_names: Mapping[str, str] | None = None,
    ) -> Problem:
        line = line if line is not None else error.line
        return cls(line, error.column, error.code, error.params, column_names or {})

    @property
    def column_label(self) -> str | None:
        """The column as people know it (``Wert`` for the reader's ``value``)."""
        return self.column_names.get(self.column, self.column) if self.column else None

    @property
    def text(self) -> str:
        """What was expected, in the active language (German by default)."""
        params = {
            key: self.column_names.get(value, value) if key == "name" else value
            for key, value in self.params.items()
        }
        return input_errors.describe(self.code, params)

    @property
    def expected(self) -> str:
        """What was expected, in English (the readers' wording, for logs and tests)."""
        return english(self.code, self.params)


#: The German name of each column of an observations file (the first German name the
#: import accepts for it, as in the template and the download: ``value`` → ``Wert``).
GERMAN_COLUMNS = GERMAN_HEADERS


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
    data: bytes, name: str, known_areas: Collection[str] | None, catalogue: Mapping[str, Indicator]
) -> tuple[pl.DataFrame, list[Problem]]:
    """The reader stops at the first problem: drop that line and read again, until the file is
    clean, so that the preview lists every problem (up to ``MAX_PROBLEMS``)."""
    counts = [k for k, i in catalogue.items() if i.value_range == ValueRange.NON_NEGATIVE]
    percents = [k for k, i in catalogue.items() if i.value_range == ValueRange.PERCENT]
    checks = {
        "known_areas": known_areas,
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
                # a line the split cannot see: stop here
                problems.append(Problem.of(error, column_names=GERMAN_COLUMNS))
                return pl.DataFrame(), _by_line(problems)
            line = original[error.line - 1] if error.line else None
            problems.append(Problem.of(error, line, GERMAN_COLUMNS))
            if not error.line or error.line <= 1 or len(problems) >= MAX_PROBLEMS:
                return pl.DataFrame(), _by_line(problems)
            del lines[error.line - 1], original[error.line - 1]


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))


EMPTY = pl.DataFrame()


def _read(  # noqa: PLR0911 (one return per kind of file)
    alliance: Alliance, path: Path, kind: str, options: Mapping[str, str]
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """(frame, problems, skipped area keys) of one file. An observations frame has the area's
    key as files and the preview write it (``label``) in ``area`` and its id in ``area_id``."""
    name = path.name
    catalogue = _catalogue(alliance)
    try:
        if kind == ImportKind.BOUNDARIES:
            frame = parse_boundaries(
                path.read_bytes(),
                name,
                key_property=options.get("key_property") or "key",
                name_property=options.get("name_property") or "name",
                max_lengths=_boundary_lengths(),
            )
            return _within_alliance(frame, alliance.area)
        index = matching.AreaIndex.of(alliance)
        if kind == ImportKind.OBSERVATIONS:
            data = office_observations(path, name)
            frame, problems = _parse_all_observations(data, name, index.tokens(), catalogue)
            if problems:
                return EMPTY, problems, []
            return _resolved(frame, index, strict=True)
        if kind == ImportKind.GENESIS:
            data = path.read_bytes()
            table = regional_table_code(data)
            if table in REGIONAL_TABLES:
                columns = {k: v for k, v in REGIONAL_TABLES[table].items() if k in catalogue}
                bounds = {k: _bounds(catalogue[k]) for k in columns}
                frame = parse_regional_columns(data, name, columns=columns, bounds=bounds)
                return _resolved_official(frame, index)
            indicator = options.get("indicator", "")
            if indicator not in catalogue:
                problem = Problem(None, None, Code.UNKNOWN_INDICATOR, {"found": indicator})
                return EMPTY, [problem], []
            frame = parse_regional_table(
                data,
                name,
                indicator=indicator,
                bounds=_bounds(catalogue[indicator]),
                with_lines=True,
            )
            return _resolved(frame, index, strict=True)
        if kind in city_tables.READERS:
            return _read_city(city_tables.READERS[kind], path, index, catalogue)
        allowed = ", ".join(ImportKind.values)
        problem = Problem(None, None, Code.UNKNOWN_VALUE, {"allowed": allowed, "found": kind})
        return EMPTY, [problem], []
    except InputError as error:
        return EMPTY, [Problem.of(error)], []


def _read_city(
    reader: city_tables.Reader,
    path: Path,
    index: matching.AreaIndex,
    catalogue: Mapping[str, Indicator],
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """A city's table: refused unless the alliance holds the city; its own area numbers are
    looked up under the city alone."""
    top = None
    if reader.municipality is not None:
        top = index.municipality(reader.municipality.key)
        if top is None:
            params = matching.other_municipality(index, reader.municipality)
            return EMPTY, [Problem(None, None, Code.OTHER_MUNICIPALITY, params)], []
    frame = reader.read(path, index.below.get(top.pk, {}) if top else {}, top or index.root)
    # Indicators a city publishes beyond the catalogue are left out (the catalogue is agreed).
    frame = frame.filter(pl.col("indicator").is_in(list(catalogue)))
    return _resolved(frame, index, strict=False, top=top)


def _resolved(
    frame: pl.DataFrame, index: matching.AreaIndex, *, strict: bool, top=None
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """The frame with each row's area found (see ``matching``): ``area`` as the key files use,
    ``area_id``. Strict (observations, GENESIS): every area not found is a problem with its
    line; else areas outside the alliance are listed and left out, and only a key whose name
    disagrees is a problem."""
    found: dict[str, tuple[int, str]] = {}
    bad: list[tuple[str, matching.Found]] = []
    skipped: list[str] = []
    for key, name in matching.pairs(frame):
        if top is not None and key.strip() == top.key:
            result = matching.Found(area=top)
        elif top is not None:
            result = matching.find_in(index, top, key, name)
        else:
            result = matching.find(index, key, name)
        if result.area is not None and key not in found:
            found[key] = (result.area.pk, index.label(result.area))
        elif result.code == Code.UNKNOWN_AREA and not strict:
            skipped.append(key)
        elif result.area is None:
            bad.append((key, result))
    if bad:
        return EMPTY, _problems_at(frame, bad, lines=top is None), []
    frame = frame.filter(pl.col("area").is_in(list(found)))
    frame = frame.with_columns(
        pl.col("area").replace_strict({k: v[0] for k, v in found.items()}).alias("area_id"),
        pl.col("area").replace_strict({k: v[1] for k, v in found.items()}).alias("area"),
    )
    if "line" in frame.columns and (twice := _duplicates(frame)):
        return EMPTY, twice, []
    frame = frame.drop([c for c in ("line", "area_name") if c in frame.columns])
    return frame, [], sorted(set(skipped))


def _problems_at(
    frame: pl.DataFrame, bad: list[tuple[str, matching.Found]], *, lines: bool
) -> list[Problem]:
    """One problem per bad area (and name), on the line of its first row (``lines``: the
    frame's rows are the file's lines, or it has a ``line`` column; a city table's rows are
    not, and its problems name the area only)."""
    numbered = frame if "line" in frame.columns else frame.with_row_index("line", offset=2)
    problems = []
    for key, result in bad[:MAX_PROBLEMS]:
        rows = numbered.filter(pl.col("area") == key)
        if "area_name" in frame.columns and "name" in result.params:
            rows = rows.filter(pl.col("area_name").cast(pl.String) == result.params["name"])
        line = int(rows["line"][0]) if rows.height and lines else None
        code = result.code or Code.UNKNOWN_AREA
        problems.append(Problem(line, "area", code, result.params))
    return _by_line(problems)


_OFFICIAL_ROOTS = (AreaLevel.STATE, AreaLevel.REGION)


def _within_alliance(
    frame: pl.DataFrame, root: Area
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """Boundaries of a Kreis's or a Land's alliance by official key: the features of other
    Kreise or Länder (a file for the whole Land) are left out and listed; a 12-digit ARS is
    stored as the 8-digit AGS."""
    if root.level not in _OFFICIAL_ROOTS or not frame.height:
        return frame, [], []
    keys = [matching.ags(key) or key for key in frame["key"].to_list()]
    frame = frame.with_columns(pl.Series("key", keys, dtype=pl.String))
    inside = frame["key"].str.starts_with(root.key) & (frame["key"] != root.key)
    skipped = sorted(frame.filter(~inside)["key"].to_list())
    return frame.filter(inside), [], skipped


def _resolved_official(
    frame: pl.DataFrame, index: matching.AreaIndex
) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """The rows of a Regionaldatenbank table by official key. The rows of the Land or the
    Regierungsbezirk above or around the alliance's area are sums of the office and are left
    out (listed); a kreisfreie Stadt's Kreis row (``06411``) is its municipality
    (``06411000``) when the alliance has it. A key that is no area of the alliance is refused
    with its line and name: a municipality of another Kreis or Land, or an unknown one."""
    root = index.root
    found: dict[str, Area] = {}
    skipped: set[str] = set()
    problems: list[Problem] = []
    rows = frame.group_by("area").agg(pl.col("line").min(), pl.col("area_name").first())
    for key, line, name in rows.sort("line").iter_rows():
        area = index.official.get(key) or index.official.get(matching.ags(key) or "")
        if len(key) == 5 and (city := index.official.get(key + "000")) is not None:
            area = city
        if area is not None:
            found[key] = area
        elif root.key.startswith(key) or (len(key) == 3 and key.startswith(root.key)):
            skipped.add(key)
        elif not key.startswith(root.key):
            params = {
                "found": key,
                "name": name,
                "alliance_name": root.name,
                "alliance_key": root.key,
            }
            problems.append(Problem(line, "area", Code.OUTSIDE_AREA, params))
        else:
            problems.append(Problem(line, "area", Code.UNKNOWN_AREA, {"found": key}))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        return EMPTY, problems, []
    frame = frame.filter(pl.col("area").is_in(list(found)))
    frame = frame.with_columns(
        pl.col("area").replace_strict({k: a.pk for k, a in found.items()}).alias("area_id"),
        pl.col("area").replace_strict({k: index.label(a) for k, a in found.items()}),
    )
    if twice := _duplicates(frame):
        return EMPTY, twice, []
    return frame.drop("line", "area_name"), [], sorted(skipped)


def _duplicates(frame: pl.DataFrame) -> list[Problem]:
    """A second value of one indicator for one area and year (a row given twice, or a
    kreisfreie Stadt as Kreis and as municipality), on its line with the first one's."""
    keys = ["indicator", "area_id", "year"]
    numbered = frame.sort("line")
    first = numbered.unique(keys, keep="first", maintain_order=True)
    later = numbered.join(first.select(*keys, pl.col("line").alias("first")), on=keys)
    later = later.filter(pl.col("line") != pl.col("first"))
    problems = [
        Problem(line, "area", Code.DUPLICATE_KEY, {"key": f"{area}, {year}", "first": start})
        for area, year, line, start in later.select("area", "year", "line", "first")
        .head(MAX_PROBLEMS)
        .iter_rows()
    ]
    return _by_line(problems)
