"""Which area of the alliance a row of an import file means (issue 13, item 1).

An area is found by its official key (Land, Kreis, AGS with 8 or ARS with 12 digits), by the
official key of its municipality with its own number under it (``01002000-12``), or by its
own short number together with its name. A bare short number is never enough: Kiel's
Stadtteil 12 and Musterstadt's district 12 share it. A city's table (Kiel, Köln, …) names its
municipality: it is imported only into an alliance that holds that municipality, and its
numbers are looked up under it alone. Read-only; nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring.engine import Code, Municipality, normalise_name

OFFICIAL_LEVELS = frozenset({AreaLevel.STATE, AreaLevel.REGION, AreaLevel.MUNICIPALITY})
#: Between a municipality's official key and an area number under it.
SEPARATOR = "-"
_QUALIFIED = re.compile(r"^(\d{8}|\d{12})[-/](.+)$")


def ags(key: str) -> str | None:
    """The 8-digit AGS of an official municipality key (an ARS of 12 digits drops its
    Gemeindeverband digits 6–9), or None for any other key."""
    key = key.strip()
    if not key.isdigit():
        return None
    if len(key) == 12:
        return key[:5] + key[9:]
    return key if len(key) == 8 else None


@dataclass
class AreaIndex:
    """The alliance's areas by every form a file may use."""

    root: Area
    areas: dict[int, Area]
    official: dict[str, Area] = field(default_factory=dict)
    municipalities: dict[str, Area] = field(default_factory=dict)
    below: dict[int, dict[str, Area]] = field(default_factory=dict)

    @classmethod
    def of(cls, alliance: Alliance) -> AreaIndex:
        root = alliance.area
        ids = [root.pk, *root.descendant_ids()]
        areas = {a.pk: a for a in Area.objects.filter(pk__in=ids).order_by("level", "key", "pk")}
        index = cls(root=root, areas=areas)
        for area in areas.values():
            if area.level not in OFFICIAL_LEVELS:
                continue
            code = ags(area.key)
            index.official.setdefault(area.key, area)
            if code is not None:
                index.official.setdefault(code, area)
            if area.level == AreaLevel.MUNICIPALITY:
                index.municipalities.setdefault(code or area.key, area)
        for municipality in index.municipalities.values():
            index.below[municipality.pk] = index._descendants(municipality)
        return index

    def _descendants(self, top: Area) -> dict[str, Area]:
        children: dict[int, list[Area]] = {}
        for area in self.areas.values():
            if area.parent_id is not None:
                children.setdefault(area.parent_id, []).append(area)
        found: dict[str, Area] = {}
        frontier = [top]
        while frontier:  # breadth first: a district's number wins over a quarter's
            frontier = [c for a in frontier for c in children.get(a.pk, [])]
            for area in frontier:
                if area.level not in OFFICIAL_LEVELS:
                    found.setdefault(area.key, area)
        return found

    def tokens(self) -> set[str]:
        """Every text a file may give as an area (a short number still needs its name)."""
        found = set(self.official)
        for pk, below in self.below.items():
            top = self.areas[pk].key
            forms = {top, ags(top) or top}
            if len(top) == 8 and top.isdigit():
                forms.add(top[:5] + "0000" + top[5:])  # the ARS of a kreisfreie Stadt
            for key in below:
                found.add(key)
                found.update(f"{form}{sep}{key}" for form in forms for sep in "-/")
        return found

    def municipality(self, key: str) -> Area | None:
        code = ags(key)
        return self.municipalities.get(code) if code else None

    def label(self, area: Area) -> str:
        """The key a file, a template and the preview use: official, or qualified."""
        if area.level in OFFICIAL_LEVELS:
            return area.key
        top = self._municipality_above(area)
        return f"{top.key}{SEPARATOR}{area.key}" if top is not None else area.key

    def _municipality_above(self, area: Area) -> Area | None:
        node = self.areas.get(area.parent_id) if area.parent_id else None
        while node is not None:
            if node.pk in self.below:
                return node
            node = self.areas.get(node.parent_id) if node.parent_id else None
        return None

    def short(self, key: str) -> list[Area]:
        return [found for below in self.below.values() if (found := below.get(key))]

    def example(self) -> str:
        for pk, below in self.below.items():
            if below:
                return f"{self.areas[pk].key}{SEPARATOR}{next(iter(below))}"
        return f"{self.root.key}{SEPARATOR}01"


@dataclass(frozen=True)
class Found:
    """The area a (key, name) of a file means, or the problem why there is none."""

    area: Area | None = None
    code: Code | None = None
    params: Mapping[str, object] = field(default_factory=dict)


def _same_name(a: str, b: str) -> bool:
    return normalise_name(a) == normalise_name(b)


def find(index: AreaIndex, key: str, name: str | None) -> Found:
    """The area of a file's key (and name): official, qualified, or short with its name."""
    key = key.strip()
    name = (name or "").strip() or None
    area = index.official.get(key)
    if area is None and (code := ags(key)):
        area = index.official.get(code)
    if area is None and (match := _QUALIFIED.match(key)):
        top = index.municipality(match.group(1))
        area = index.below.get(top.pk, {}).get(match.group(2).strip()) if top else None
    if area is not None:
        return _checked(area, key, name)
    candidates = index.short(key)
    if not candidates:
        return Found(code=Code.UNKNOWN_AREA, params={"found": key})
    if name is None:
        return Found(code=Code.AREA_NUMBER_ONLY, params={"found": key, "example": index.example()})
    named = [a for a in candidates if _same_name(a.name, name)]
    if len(named) == 1:
        return Found(area=named[0])
    return _mismatch(candidates[0], key, name)


def _checked(area: Area, key: str, name: str | None) -> Found:
    if name is not None and not _same_name(area.name, name):
        return _mismatch(area, key, name)
    return Found(area=area)


def _mismatch(area: Area, key: str, name: str) -> Found:
    return Found(
        code=Code.AREA_NAME_MISMATCH, params={"found": key, "name": name, "expected": area.name}
    )


def find_in(index: AreaIndex, top: Area, key: str, name: str | None) -> Found:
    """The area of a city table's own number (and name) under its municipality ``top``; the
    number of the city itself (e.g. Köln's ``000``) is not one of them."""
    area = index.below.get(top.pk, {}).get(key.strip())
    if area is None:
        return Found(code=Code.UNKNOWN_AREA, params={"found": key})
    return _checked(area, key, (name or "").strip() or None)


def other_municipality(index: AreaIndex, municipality: Municipality) -> dict[str, object]:
    """The params of ``Code.OTHER_MUNICIPALITY``: the file's and the alliance's place."""
    return {
        "file_name": municipality.name,
        "file_key": municipality.key,
        "alliance_name": index.root.name,
        "alliance_key": index.root.key,
    }


def pairs(frame: pl.DataFrame) -> list[tuple[str, str | None]]:
    """The distinct (area, area_name) of a frame (the name None when the file has none)."""
    if "area_name" not in frame.columns:
        return [(key, None) for key in frame["area"].unique().to_list()]
    return [tuple(row) for row in frame.select("area", "area_name").unique().iter_rows()]
