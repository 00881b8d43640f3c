"""``scheme.toml``: the alliance's priority list and allocation rules (allocation.md).

Errors name the file, the line of the offending key (found in the text, since ``tomllib`` does
not keep positions) and the key path as the column, e.g. ``income_limits.paths.2``.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from wohnbuendnis.analytics.allocation.model import (
    TIE_BREAK_TOKENS,
    IncomeLimits,
    OccupancyRules,
    Scheme,
    SizeRules,
)
from wohnbuendnis.analytics.io.allocation_csv import read_text
from wohnbuendnis.analytics.io.allocation_files import APPLICANT_COLUMNS
from wohnbuendnis.analytics.io.errors import Code, InputError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TABLE = re.compile(r"\s*\[([^\[\]]+)\]\s*(#.*)?$")
_POSITION = re.compile(r"at line (\d+), column (\d+)")
#: Plausible ranges beyond the spec's minimums: they keep a typo (10^20 nominees, a date in
#: 1800, 60000 points) from being adopted as the alliance's rules.
MAX_NOMINEES = 20
MAX_POINTS = 1000
MAX_AMOUNT = Decimal(10_000_000)  # income limits in EUR/year, areas in m², multipliers
DATE_RANGE = (date(2000, 1, 1), date(2099, 12, 31))


class _Doc:
    """The parsed TOML with its text, to report the line of a key path."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = _POSITION.search(str(error))
            line = int(found.group(1)) if found else None
            raise InputError(file, Code.NOT_TOML, line=line) from None
        except RecursionError:  # arrays nested deeper than the interpreter allows
            raise InputError(file, Code.NOT_TOML) from None

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

    def fail(
        self, path: tuple[str, ...], code: Code, params: dict[str, object] | None = None
    ) -> InputError:
        return InputError(
            self.file, code, line=self.line_of(path), column=".".join(path), params=params
        )

    def get(self, path: tuple[str, ...], default: Any = None) -> Any:
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                if default is not None:
                    return default
                raise self.fail(path, Code.KEY_REQUIRED)
            node = node[key]
        return node


def _integer(doc: _Doc, path: tuple[str, ...], minimum: int, maximum: int) -> int:
    value = doc.get(path)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise doc.fail(
            path,
            Code.TOML_INTEGER_RANGE,
            {"low": minimum, "high": maximum, "found": _shown(value)},
        )
    return value


def _shown(value: Any) -> str:
    """A value found in the file for a message (cut: a list can be long)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _number(doc: _Doc, path: tuple[str, ...], *, positive: bool = False) -> Decimal:
    value = doc.get(path)
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    number = Decimal(str(value)) if ok else Decimal(-1)
    if not number.is_finite() or number < 0 or (positive and number == 0) or number > MAX_AMOUNT:
        raise doc.fail(
            path,
            Code.TOML_NUMBER_RANGE,
            {
                "low": "0" if not positive else "> 0",
                "high": f"{MAX_AMOUNT:f}",
                "found": _shown(value),
            },
        )
    return number


def _table(doc: _Doc, path: tuple[str, ...]) -> dict[str, Any]:
    value = doc.get(path)
    if not isinstance(value, dict) or not value:
        raise doc.fail(path, Code.TOML_TABLE)
    return value


def _reference_date(doc: _Doc) -> date:
    value = doc.get(("reference_date",))
    if isinstance(value, date):
        day = value.date() if hasattr(value, "date") and callable(value.date) else value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise doc.fail(("reference_date",), Code.TOML_DATE, {"found": _shown(value)}) from None
    low, high = DATE_RANGE
    if not low <= day <= high:
        raise doc.fail(
            ("reference_date",),
            Code.TOML_DATE_RANGE,
            {"low": low.isoformat(), "high": high.isoformat(), "found": day.isoformat()},
        )
    return day


def _criteria(doc: _Doc) -> dict[str, int]:
    names = _table(doc, ("criteria",))
    for name in names:
        if not _NAME.fullmatch(name) or name in (*APPLICANT_COLUMNS, "lottery"):
            raise doc.fail(("criteria", name), Code.TOML_NAME)
    return {name: _integer(doc, ("criteria", name), 0, MAX_POINTS) for name in names}


def _tie_break(doc: _Doc) -> tuple[str, ...]:
    value = doc.get(("tie_break",), default=["points_desc", "registered_on_asc", "lottery_asc"])
    if (
        not isinstance(value, list)
        or not value
        or any(not isinstance(token, str) or token not in TIE_BREAK_TOKENS for token in value)
        or len(set(value)) != len(value)
    ):
        raise doc.fail(("tie_break",), Code.TOML_LIST_OF, {"allowed": ", ".join(TIE_BREAK_TOKENS)})
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
        raise doc.fail(base, Code.TOML_SIZES)
    return SizeRules(
        max_m2={int(key): _number(doc, (*base, key), positive=True) for key in sizes},
        per_further_person_m2=_number(doc, ("size_rules", "per_further_person_m2")),
    )


#: Keys of the optional ``[occupancy_rules]`` section (allocation.md, rule 3).
OCCUPANCY_KEYS = ("rooms_at_least_persons_minus", "min_m2_per_person")
MAX_ROOMS_BELOW = 10
MAX_M2_PER_PERSON = 100


def _occupancy_rules(doc: _Doc) -> OccupancyRules | None:
    """The optional ``[occupancy_rules]``: absent = only the largest size is checked (old
    schemes stay valid); present, it holds one or both keys and nothing else."""
    if "occupancy_rules" not in doc.data:
        return None
    base = ("occupancy_rules",)
    section = _table(doc, base)
    unknown = [key for key in section if key not in OCCUPANCY_KEYS]
    if unknown:
        raise doc.fail(
            (*base, unknown[0]), Code.KEY_UNKNOWN, {"allowed": ", ".join(OCCUPANCY_KEYS)}
        )
    rooms = (
        _integer(doc, (*base, "rooms_at_least_persons_minus"), 0, MAX_ROOMS_BELOW)
        if "rooms_at_least_persons_minus" in section
        else None
    )
    area = None
    if "min_m2_per_person" in section:
        area = _number(doc, (*base, "min_m2_per_person"), positive=True)
        if area > MAX_M2_PER_PERSON:
            raise doc.fail(
                (*base, "min_m2_per_person"),
                Code.TOML_NUMBER_RANGE,
                {"low": "> 0", "high": MAX_M2_PER_PERSON, "found": _shown(area)},
            )
    return OccupancyRules(rooms_at_least_persons_minus=rooms, min_m2_per_person=area)


def parse_scheme(text: str, file: str) -> Scheme:
    """``scheme.toml`` text → :class:`Scheme`; every rule of the spec's example is required
    except ``tie_break`` (default: points desc, registration date asc, lottery asc) and the
    optional ``[occupancy_rules]``."""
    doc = _Doc(text, file)
    return Scheme(
        nominees_per_flat=_integer(doc, ("nominees_per_flat",), 3, MAX_NOMINEES),
        reference_date=_reference_date(doc),
        max_points=_integer(doc, ("max_points",), 0, MAX_POINTS),
        criteria=_criteria(doc),
        income_limits=_income_limits(doc),
        size_rules=_size_rules(doc),
        tie_break=_tie_break(doc),
        occupancy_rules=_occupancy_rules(doc),
    )


def read_scheme(path: str | Path) -> Scheme:
    """Read ``scheme.toml`` (see :func:`parse_scheme`)."""
    return parse_scheme(read_text(path), str(path))


def _toml_number(value: Decimal) -> str:
    """A decimal as TOML writes it: a whole number without point, else the shortest decimal."""
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def format_scheme(scheme: Scheme) -> str:
    """:class:`Scheme` → ``scheme.toml`` text (the exchange format; the web's forms generate
    it). ``parse_scheme(format_scheme(s)) == s`` for every valid scheme. German comments say
    what each part means; the keys stay as the spec has them."""
    limits, sizes = scheme.income_limits, scheme.size_rules
    lines = [
        "# Prioritätenliste und Regeln der Wohnungsvermittlung (Vertrag: allocation.md)",
        f"nominees_per_flat = {scheme.nominees_per_flat}  # Benannte je Wohnung (mindestens 3)",
        f'reference_date = "{scheme.reference_date.isoformat()}"  # Stichtag Wohnberechtigung',
        f"max_points = {scheme.max_points}  # höchste Punktzahl",
        "tie_break = [" + ", ".join(f'"{token}"' for token in scheme.tie_break) + "]",
        "",
        "[criteria]  # Punkte je Kriterium",
        *(f"{name} = {points}" for name, points in scheme.criteria.items()),
        "",
        "[income_limits]  # Einkommensgrenzen (€/Jahr)",
        f"base_1 = {_toml_number(limits.base_1)}",
        f"base_2 = {_toml_number(limits.base_2)}",
        f"per_further_person = {_toml_number(limits.per_further_person)}",
        f"per_child = {_toml_number(limits.per_child)}",
        "[income_limits.paths]  # Faktor je Förderweg",
        *(f"{json.dumps(path)} = {_toml_number(factor)}" for path, factor in limits.paths.items()),
        "",
        "[size_rules]  # größte Wohnfläche (m²) je Haushaltsgröße",
        "max_m2 = { "
        + ", ".join(
            f"{persons} = {_toml_number(area)}" for persons, area in sorted(sizes.max_m2.items())
        )
        + " }",
        f"per_further_person_m2 = {_toml_number(sizes.per_further_person_m2)}",
    ]
    occupancy = scheme.occupancy_rules
    if occupancy is not None:
        lines += ["", "[occupancy_rules]  # kleinste Wohnung je Haushaltsgröße"]
        if occupancy.rooms_at_least_persons_minus is not None:
            lines.append(f"rooms_at_least_persons_minus = {occupancy.rooms_at_least_persons_minus}")
        if occupancy.min_m2_per_person is not None:
            lines.append(f"min_m2_per_person = {_toml_number(occupancy.min_m2_per_person)}")
    return "\n".join(lines) + "\n"
