"""Files of the allocation engine (contract: ../shared/spec/allocation.md).

``parse_*`` turns text into engine records (pure), ``read_*`` reads a file, ``write_*`` writes
an output. Invalid input raises :class:`InputError` with file, physical line, column, expected.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from wohnbuendnis.analytics.allocation.model import Flat, Household, Preference, Scheme
from wohnbuendnis.analytics.allocation.outcome import AllocationResult
from wohnbuendnis.analytics.io.allocation_csv import (
    CsvTable,
    date_cells,
    decimal_cells,
    flag_cells,
    integer_cells,
    parse_csv,
    read_text,
    required_dates,
    required_decimals,
    text_cells,
)

APPLICANT_COLUMNS = (
    "household_id",
    "registered_on",
    "persons",
    "children",
    "income_eur",
    "entitlement_valid_until",
    "rent_cap_eur",
    "needs_step_free",
    "needs_wheelchair",
)
FLAT_COLUMNS = (
    "flat_id",
    "landlord_id",
    "rooms",
    "area_m2",
    "rent_gross_eur",
    "step_free",
    "wheelchair",
    "funding_path",
    "available_from",
)
PREFERENCE_COLUMNS = ("household_id", "flat_id", "rank")


def _children(table: CsvTable, persons: list[int]) -> list[int]:
    children: list[int] = integer_cells(table, "children", 0)
    for row, (p, c) in enumerate(zip(persons, children, strict=True)):
        if c > p:
            table.fail(row, "children", f"at most the number of persons ({p}), found {c}")
    return children


def _lottery(table: CsvTable) -> list[float | None]:
    if "lottery" not in table.header:
        return [None] * len(table.rows)
    values = decimal_cells(table, "lottery", optional=True)
    seen: dict[float, int] = {}
    draws: list[float | None] = []
    for row, value in enumerate(values):
        number = None if value is None else float(value)
        if value is not None and value >= 1:
            table.fail(row, "lottery", f"a number in [0, 1) or empty, found '{value}'")
        if number is not None and number in seen:
            first = table.lines[seen[number]]
            table.fail(row, "lottery", f"a value not used before (equal to line {first})")
        if number is not None:
            seen[number] = row
        draws.append(number)
    return draws


def _criteria(table: CsvTable, scheme: Scheme) -> list[frozenset[str]]:
    flags = {name: flag_cells(table, name) for name in scheme.criteria}
    return [
        frozenset(name for name, column in flags.items() if column[row])
        for row in range(len(table.rows))
    ]


def parse_applicants(text: str, file: str, scheme: Scheme) -> list[Household]:
    """``applicants.csv`` text → households; the scheme names the criterion columns."""
    table = parse_csv(text, file, (*APPLICANT_COLUMNS, *scheme.criteria))
    persons = integer_cells(table, "persons", 1)
    columns = zip(
        text_cells(table, "household_id", unique=True),
        required_dates(table, "registered_on"),
        persons,
        _children(table, persons),
        required_decimals(table, "income_eur"),
        date_cells(table, "entitlement_valid_until", optional=True),
        decimal_cells(table, "rent_cap_eur", optional=True),
        flag_cells(table, "needs_step_free"),
        flag_cells(table, "needs_wheelchair"),
        _criteria(table, scheme),
        _lottery(table),
        strict=True,
    )
    return [Household(*values) for values in columns]


def read_applicants(path: str | Path, scheme: Scheme) -> list[Household]:
    """Read ``applicants.csv`` (see :func:`parse_applicants`)."""
    return parse_applicants(read_text(path), str(path), scheme)


def _flags(table: CsvTable) -> tuple[list[bool], list[bool]]:
    step_free, wheelchair = flag_cells(table, "step_free"), flag_cells(table, "wheelchair")
    for row, (sf, wc) in enumerate(zip(step_free, wheelchair, strict=True)):
        if wc and not sf:
            table.fail(row, "wheelchair", "0 when step_free is 0 (a wheelchair flat is step-free)")
    return step_free, wheelchair


def _paths(table: CsvTable, scheme: Scheme) -> list[str]:
    known = sorted(scheme.income_limits.paths)
    values: list[str] = text_cells(table, "funding_path")
    for row, value in enumerate(values):
        if value not in scheme.income_limits.paths:
            table.fail(
                row, "funding_path", f"a funding path of the scheme {known}, found '{value}'"
            )
    return values


def parse_flats(text: str, file: str, scheme: Scheme) -> list[Flat]:
    """``flats.csv`` text → flats; funding paths must be keys of the scheme's income limits."""
    table = parse_csv(text, file, FLAT_COLUMNS)
    step_free, wheelchair = _flags(table)
    columns = zip(
        text_cells(table, "flat_id", unique=True),
        text_cells(table, "landlord_id"),
        required_decimals(table, "rooms", positive=True),
        required_decimals(table, "area_m2", positive=True),
        required_decimals(table, "rent_gross_eur"),
        step_free,
        wheelchair,
        _paths(table, scheme),
        required_dates(table, "available_from"),
        strict=True,
    )
    return [Flat(*values) for values in columns]


def read_flats(path: str | Path, scheme: Scheme) -> list[Flat]:
    """Read ``flats.csv`` (see :func:`parse_flats`)."""
    return parse_flats(read_text(path), str(path), scheme)


def _known(table: CsvTable, column: str, known: set[str], what: str) -> list[str]:
    values: list[str] = text_cells(table, column)
    for row, value in enumerate(values):
        if value not in known:
            table.fail(row, column, f"the id of a {what} in the input, found '{value}'")
    return values


def parse_preferences(
    text: str, file: str, households: Iterable[str], flats: Iterable[str]
) -> list[Preference]:
    """``preferences.csv`` text → preferences; ids must exist, each (household, flat) and
    each (household, rank) at most once, rank a whole number ≥ 1."""
    table = parse_csv(text, file, PREFERENCE_COLUMNS)
    hids = _known(table, "household_id", set(households), "household")
    fids = _known(table, "flat_id", set(flats), "flat")
    ranks = integer_cells(table, "rank", 1)
    pairs: set[tuple[str, str]] = set()
    places: set[tuple[str, int]] = set()
    for row, (h, f, r) in enumerate(zip(hids, fids, ranks, strict=True)):
        if (h, f) in pairs:
            table.fail(row, "flat_id", f"each flat once per household ('{f}' repeats for '{h}')")
        if (h, r) in places:
            table.fail(row, "rank", f"each rank once per household ({r} repeats for '{h}')")
        pairs.add((h, f))
        places.add((h, r))
    return [Preference(h, f, r) for h, f, r in zip(hids, fids, ranks, strict=True)]


def read_preferences(
    path: str | Path, households: Sequence[Household], flats: Sequence[Flat]
) -> list[Preference]:
    """Read ``preferences.csv`` (see :func:`parse_preferences`)."""
    return parse_preferences(
        read_text(path),
        str(path),
        (h.household_id for h in households),
        (f.flat_id for f in flats),
    )


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def write_allocation(out_dir: str | Path, result: AllocationResult) -> list[Path]:
    """Write ``nominations.csv`` (shortlist) or ``assignment.csv``, ``unplaced.csv`` and
    ``audit.json`` into ``out_dir``; returns the paths written. Deterministic bytes."""
    out = Path(out_dir)
    paths = [out / "unplaced.csv", out / "audit.json"]
    if result.mechanism == "shortlist":
        paths.insert(0, out / "nominations.csv")
        rows = ((n.flat_id, n.rank, n.household_id, n.points, n.key) for n in result.nominations)
        _write_csv(paths[0], ("flat_id", "rank", "household_id", "points", "key"), rows)
    else:
        paths.insert(0, out / "assignment.csv")
        pairs = ((a.flat_id, a.household_id, a.points) for a in result.assignments)
        _write_csv(paths[0], ("flat_id", "household_id", "points"), pairs)
    left = ((u.household_id, u.reason, u.flat_id or "") for u in result.unplaced)
    _write_csv(paths[1], ("household_id", "reason", "flat_id"), left)
    text = json.dumps(result.audit, indent=2, ensure_ascii=False, default=_plain)
    paths[2].write_text(text + "\n", encoding="utf-8")
    return paths
