"""``scenario.toml`` of a forecast input folder (forecast.md): parsing and validation."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from wohnbuendnis.analytics.forecast.model import COMPONENTS, DrawSettings, Path, Scenario
from wohnbuendnis.analytics.io.errors import Code, InputError

FILE = "scenario.toml"
METHODS = ("municipal", "ccmpp-un")


@dataclass(frozen=True)
class Settings:
    """The validated top-level settings of ``scenario.toml``."""

    method: str
    base_year: int
    horizon: int
    step: int
    sex_ratio_at_birth: Path
    newborn_exposure: float
    l0: float
    scenarios: dict[str, Scenario]
    draws: DrawSettings


def _line(text: str, key: str, section: str | None = None) -> int | None:
    """Physical line of the first ``key =`` or ``[key]`` in the TOML text (for messages),
    searched after the ``[section]`` header when given."""
    pattern = re.compile(rf"^\s*(\[{re.escape(key)}\]|{re.escape(key)}\s*=)")
    lines = text.splitlines()
    start = 0
    if section is not None:
        start = next((i for i, line in enumerate(lines) if line.strip() == f"[{section}]"), 0)
    for number, line in enumerate(lines[start:], start=start + 1):
        if pattern.search(line):
            return number
    return None


def _number(data: dict[str, Any], key: str, text: str, low: float, high: float) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InputError(
            FILE,
            Code.TOML_NUMBER_RANGE,
            line=_line(text, key),
            column=key,
            params={"low": f"{low:g}", "high": f"{high:g}", "found": repr(value)},
        )
    return float(value)


def _year(data: dict[str, Any], key: str, text: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2300:
        raise InputError(
            FILE,
            Code.TOML_YEAR,
            line=_line(text, key),
            column=key,
            params={"low": 1800, "high": 2300, "found": repr(value)},
        )
    return value


def parse_path(
    value: object, key: str, text: str, first: int, last: int, section: str | None = None
) -> Path:
    """A multiplier path: a number (constant) or ``{year = value, …}`` covering first…last.

    Linear between the given years; a path that does not reach ``first`` or ``horizon``
    has a gap and is an error.
    """
    if _multiplier(value):
        return Path.constant(float(value))  # type: ignore[arg-type]
    line = _line(text, key, section)
    error = InputError(
        FILE, Code.TOML_PATH, line=line, column=key, params={"first": first, "last": last}
    )
    if not isinstance(value, dict) or not value:
        raise error
    try:
        points = sorted((int(year), float(v)) for year, v in value.items())
    except (TypeError, ValueError, OverflowError):
        raise error from None
    if points[0][0] > first or points[-1][0] < last or not all(_multiplier(v) for _, v in points):
        raise error
    return Path(tuple(y for y, _ in points), tuple(v for _, v in points))


def _multiplier(value: object) -> bool:
    """A finite number ≥ 0 (and not absurdly large)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= 1e6
    )


def _scenarios(data: dict[str, Any], text: str, first: int, last: int) -> dict[str, Scenario]:
    tables = data.get("scenarios", {})
    if not isinstance(tables, dict):
        raise InputError(FILE, Code.TOML_TABLE, line=_line(text, "scenarios"), column="scenarios")
    if not tables:
        return {"basis": Scenario("basis", {})}
    result = {}
    for name, table in sorted(tables.items()):
        if not isinstance(table, dict):
            raise InputError(
                FILE, Code.TOML_TABLE, line=_line(text, name), column=f"scenarios.{name}"
            )
        unknown = sorted(set(table) - set(COMPONENTS))
        if unknown:
            raise InputError(
                FILE,
                Code.KEY_UNKNOWN,
                line=_line(text, unknown[0]),
                column=unknown[0],
                params={"allowed": ", ".join(COMPONENTS)},
            )
        section = f"scenarios.{name}"
        paths = {c: parse_path(v, c, text, first, last, section) for c, v in table.items()}
        result[name] = Scenario(name, paths)
    return result


def _draws(data: dict[str, Any], text: str) -> DrawSettings:
    table = data.get("draws", {})
    if not isinstance(table, dict):
        raise InputError(FILE, Code.TOML_TABLE, line=_line(text, "draws"), column="draws")
    values = {k: _number(table, k, text, 0.0, 5.0) for k in table if k.endswith("_sd")}
    known = {"fertility_sd", "mortality_sd", "immigration_sd"}
    for key in sorted(set(values) - known):
        raise InputError(
            FILE,
            Code.KEY_UNKNOWN,
            line=_line(text, key),
            column=key,
            params={"allowed": ", ".join(sorted(known))},
        )
    if "horizon_exponent" in table:  # optional, compatible extension of forecast.md
        values["horizon_exponent"] = _number(table, "horizon_exponent", text, -1.0, 1.0)
    return DrawSettings(**values)


def parse_settings(text: str) -> Settings:
    """Validate the text of ``scenario.toml``; raises InputError naming line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+), column (\d+)", str(error))
        raise InputError(
            FILE,
            Code.NOT_TOML,
            line=int(found.group(1)) if found else None,
        ) from None
    except RecursionError:
        raise InputError(FILE, Code.NOT_TOML) from None
    method = data.get("method")
    if method not in METHODS:
        raise InputError(
            FILE,
            Code.TOML_CHOICE,
            line=_line(text, "method"),
            column="method",
            params={"allowed": '"municipal", "ccmpp-un"', "found": repr(method)},
        )
    base, horizon = _year(data, "base_year", text), _year(data, "horizon", text)
    step = data.get("step", 1)
    if step not in (1, 5) or isinstance(step, bool) or (step == 5 and method != "ccmpp-un"):
        raise InputError(FILE, Code.TOML_STEP, line=_line(text, "step"), column="step")
    step = int(step)
    if horizon < base + step or (horizon - base) % step:
        raise InputError(
            FILE,
            Code.TOML_HORIZON,
            line=_line(text, "horizon"),
            column="horizon",
            params={"base": base, "step": step},
        )
    first = base + 1
    srb = parse_path(
        data.get("sex_ratio_at_birth", 1.05), "sex_ratio_at_birth", text, first, horizon
    )
    exposure = _number({"newborn_exposure": 0.5} | data, "newborn_exposure", text, 0.0, 1.0)
    l0 = _number({"l0": 100000.0} | data, "l0", text, 1e-9, 1e12)
    return Settings(
        method,
        base,
        horizon,
        step,
        srb,
        exposure,
        l0,
        _scenarios(data, text, first, horizon),
        _draws(data, text),
    )


def read_settings(folder: FilePath) -> tuple[Settings, str]:
    """Read ``scenario.toml`` in ``folder``; returns the settings and the text."""
    path = folder / FILE
    if not path.is_file():
        raise InputError(FILE, Code.FILE_MISSING)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            FILE, Code.NOT_UTF8, line=line, params={"byte": f"{data[error.start]:02x}"}
        ) from None
    return parse_settings(text), text
