"""``scheme.toml``: the alliance's priority list and allocation rules (allocation.md).

Errors name the file, the line of the offending key (found in the text, since ``tomllib`` does
not keep positions) and the key path as the column, e.g. ``income_limits.paths.2``.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from wohnbuendnis.analytics.allocation.model import (
    TIE_BREAK_TOKENS,
    IncomeLimits,
    Scheme,
    SizeRules,
)
from wohnbuendnis.analytics.io.allocation_csv import read_text
from wohnbuendnis.analytics.io.allocation_files import APPLICANT_COLUMNS
from wohnbuendnis.analytics.io.errors import InputError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TABLE = re.compile(r"\s*\[([^\[\]]+)\]\s*(#.*)?$")
_POSITION = re.compile(r"at line (\d+), column (\d+)")


class _Doc:
    """The parsed TOML with its text, to report the line of a key path."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = _POSITION.search(str(error))
            line = int(found.group(1)) if found else None
            raise InputError(file, f"valid TOML ({error})", line=line) from None
        except RecursionError:  # tomllib recurses once per level of nested arrays/tables
            raise InputError(file, "TOML without arrays or tables nested this deep") from None

    def line_of(self, path: tuple[str, ...]) -> int | None:
        """Physical line that defines ``path`` (or its nearest parent), if found."""
        for depth in range(len(path), 0, -1):
            table, key = ".".join(path[: depth - 1]), path[depth - 1]
            assignment = re.compile(rf"\s*(\"{re.escape(key)}\"|{re.escape(key)})\s*=")
            current = ""
            for number, line in enumerate(self.text.splitlines(), start=1):
                header = _TABLE.match(line)
                if header:
                    current = header.group(1).strip().replace('"', "")
                    if current == ".".join(path[:depth]):
                        return number
                elif current == table and assignment.match(line):
                    return number
        return None

    def fail(self, path: tuple[str, ...], expected: str) -> InputError:
        return InputError(self.file, expected, line=self.line_of(path), column=".".join(path))

    def get(self, path: tuple[str, ...], default: Any = None) -> Any:
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                if default is not None:
                    return default
                raise self.fail(path, "this key (required)")
            node = node[key]
        return node


# Plausible ranges beyond the spec's minimums: they keep a typo (10^20 nominees, a date in 1800,
# 60000 points) from being adopted as the alliance's rules.
NOMINEES_PER_FLAT = (3, 20)
MAX_POINTS = 1000
REFERENCE_DATES = (date(2000, 1, 1), date(2099, 12, 31))
MAX_AMOUNT = Decimal(10_000_000)  # income limits in EUR/year, areas in m², multipliers


def _integer(doc: _Doc, path: tuple[str, ...], minimum: int, maximum: int) -> int:
    value = doc.get(path)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise doc.fail(path, f"a whole number from {minimum} to {maximum}, found {value!r}")
    return value


def _number(doc: _Doc, path: tuple[str, ...], *, positive: bool = False) -> Decimal:
    value = doc.get(path)
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    number = Decimal(str(value)) if ok else Decimal(-1)
    if not number.is_finite() or number < 0 or (positive and number == 0) or number > MAX_AMOUNT:
        raise doc.fail(
            path, f"a number {'> 0' if positive else '≥ 0'} up to {MAX_AMOUNT}, found {value!r}"
        )
    return number


def _table(doc: _Doc, path: tuple[str, ...]) -> dict[str, Any]:
    value = doc.get(path)
    if not isinstance(value, dict) or not value:
        raise doc.fail(path, "a non-empty table")
    return value


def _reference_date(doc: _Doc) -> date:
    value = doc.get(("reference_date",))
    first, last = REFERENCE_DATES
    try:
        found = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        found = None
    if found is None or not first <= found <= last:
        raise doc.fail(
            ("reference_date",), f"an ISO date YYYY-MM-DD from {first} to {last}, found {value!r}"
        )
    return found


def _criteria(doc: _Doc) -> dict[str, int]:
    names = _table(doc, ("criteria",))
    for name in names:
        if not _NAME.fullmatch(name) or name in (*APPLICANT_COLUMNS, "lottery"):
            raise doc.fail(("criteria", name), "a criterion column name (letters, digits, _)")
    return {name: _integer(doc, ("criteria", name), 0, MAX_POINTS) for name in names}


def _tie_break(doc: _Doc) -> tuple[str, ...]:
    value = doc.get(("tie_break",), default=["points_desc", "registered_on_asc", "lottery_asc"])
    if (
        not isinstance(value, list)
        or not value
        or any(token not in TIE_BREAK_TOKENS for token in value)
        or len(set(value)) != len(value)
    ):
        raise doc.fail(
            ("tie_break",), f"a non-empty list without repeats of {', '.join(TIE_BREAK_TOKENS)}"
        )
    return tuple(value)


def _income_limits(doc: _Doc) -> IncomeLimits:
    base = ("income_limits",)
    paths = _table(doc, (*base, "paths"))
    return IncomeLimits(
        base_1=_number(doc, (*base, "base_1")),
        base_2=_number(doc, (*base, "base_2")),
        per_further_person=_number(doc, (*base, "per_further_person")),
        per_child=_number(doc, (*base, "per_child")),
        paths={key: _number(doc, (*base, "paths", key), positive=True) for key in paths},
    )


def _size_rules(doc: _Doc) -> SizeRules:
    base = ("size_rules", "max_m2")
    sizes = _table(doc, base)
    if sorted(sizes) != sorted(str(n) for n in range(1, len(sizes) + 1)):
        raise doc.fail(base, "household sizes 1, 2, … without gaps as keys")
    return SizeRules(
        max_m2={int(key): _number(doc, (*base, key), positive=True) for key in sizes},
        per_further_person_m2=_number(doc, ("size_rules", "per_further_person_m2")),
    )


def parse_scheme(text: str, file: str) -> Scheme:
    """``scheme.toml`` text → :class:`Scheme`; every rule of the spec's example is required
    except ``tie_break`` (default: points desc, registration date asc, lottery asc)."""
    doc = _Doc(text, file)
    return Scheme(
        nominees_per_flat=_integer(doc, ("nominees_per_flat",), *NOMINEES_PER_FLAT),
        reference_date=_reference_date(doc),
        max_points=_integer(doc, ("max_points",), 0, MAX_POINTS),
        criteria=_criteria(doc),
        income_limits=_income_limits(doc),
        size_rules=_size_rules(doc),
        tie_break=_tie_break(doc),
    )


def read_scheme(path: str | Path) -> Scheme:
    """Read ``scheme.toml`` (see :func:`parse_scheme`)."""
    return parse_scheme(read_text(path), str(path))
