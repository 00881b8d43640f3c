"""Which reader of ``analytics/io`` reads which city or census import kind (a registry: one
entry per outside format) and which municipality its files describe. Each reader gets the
file and the alliance's areas under that municipality and returns long observations
(``indicator, area, year, value, source``, optionally ``area_name``); a file of another
municipality is refused and rows of areas outside the alliance's hierarchy are left out and
listed by ``services.preview_import``.
"""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from wohnbuendnis.analytics.io.city_tables import (
    HAMBURG,
    KIEL,
    KOELN,
    KONSTANZ,
    Municipality,
    normalise_name,
    read_hamburg_profile,
    read_kiel_households,
    read_kiel_population,
    read_koeln_population,
    read_konstanz,
)
from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.analytics.io.genesis_regional import read_genesis_flat, read_zensus_rent
from wohnbuendnis.areas.models import Area
from wohnbuendnis.monitoring.models import ImportKind

#: (file, the alliance's areas under the file's municipality by their own number, that
#: municipality's area) → observations with the file's own area numbers (or names).
Read = Callable[[Path, Mapping[str, Area], Area], pl.DataFrame]
KONSTANZ_MARKER = "bevoelkerung/nach_stadtteilen.csv"


@dataclass(frozen=True)
class Reader:
    """A reader and the municipality its files describe (None: keyed by official keys)."""

    read: Read
    municipality: Municipality | None = None


def _koeln(path: Path, areas: Mapping[str, Area], root: Area) -> pl.DataFrame:
    return read_koeln_population(path, with_names=True)


def by_name(frame: pl.DataFrame, areas: Mapping[str, Area]) -> pl.DataFrame:
    """Files that name their areas instead of keying them: a name that matches an area's name
    (see ``normalise_name``) becomes that area's key; a key stays; anything else stays as it
    is and is listed as outside the alliance."""
    keys = {normalise_name(area.name): key for key, area in areas.items()}
    names = frame["area"].unique().to_list()
    mapping = {n: keys.get(normalise_name(n), n) for n in names if n not in areas}
    return frame.with_columns(pl.col("area").replace(mapping))


def _hamburg(path: Path, areas: Mapping[str, Area], root: Area) -> pl.DataFrame:
    """The profiles name the Stadtteile ("Billstedt"): matched with the alliance's areas."""
    return by_name(read_hamburg_profile(path), areas)


def _kiel_population(path: Path, areas: Mapping[str, Area], root: Area) -> pl.DataFrame:
    return read_kiel_population(path, with_names=True)


def _kiel_households(path: Path, areas: Mapping[str, Area], root: Area) -> pl.DataFrame:
    """The household file names its Stadtteile: they are matched with the alliance's area
    names (as Kiel spells them in either way, "Blücherplatz" or "Bluecherplatz")."""
    names = {normalise_name(area.name): key for key, area in areas.items()}
    return read_kiel_households(path, names)


MAX_UNPACKED_BYTES = 200 * 2**20
MAX_MEMBERS = 5000


def _check_size(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse archives that would unpack to more than the city tables ever need (zip bombs)."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise InputError(
            path.name,
            Code.ZIP_TOO_LARGE,
            params={"members": MAX_MEMBERS, "megabytes": MAX_UNPACKED_BYTES // 2**20},
        )


def _konstanz(path: Path, areas: Mapping[str, Area], root: Area) -> pl.DataFrame:
    """A ZIP archive of the ``data`` folder of "Konstanz in Zahlen"; the city's own values go
    to the alliance's area, the Stadtteile (named, not keyed) are matched by name."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.endswith(KONSTANZ_MARKER)]
                if not members:
                    raise InputError(
                        path.name, Code.ZIP_MEMBER_MISSING, params={"member": KONSTANZ_MARKER}
                    )
                _check_size(path, archive)
                archive.extractall(folder)  # zipfile drops absolute paths and ".." parts
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError,
                OSError, ValueError):  # fmt: skip
            # a corrupt archive: bad headers, truncated members, CRC errors, bad compression,
            # a member marked as encrypted
            raise InputError(path.name, Code.NOT_ZIP) from None
        data = Path(folder) / members[0].removesuffix(KONSTANZ_MARKER)
        return by_name(read_konstanz(data, city_key=root.key), areas)


def _zensus(path: Path, areas: Mapping[str, Area], root: Area) -> pl.DataFrame:
    """Zensus 2022 population of the municipalities (GENESIS flat file 1000A-0000), keyed by
    the AGS."""
    return read_genesis_flat(
        path,
        indicator="population",
        where={"1_variable_code": "GEOGM4"},
        key="ags",
        bounds=(0.0, None),
    )


def _zensus_rent(path: Path, areas: Mapping[str, Area], root: Area) -> pl.DataFrame:
    """Zensus 2022 mean net cold rent of the municipalities (table 4000W-0004), keyed by the
    AGS."""
    return read_zensus_rent(path)


READERS: dict[str, Reader] = {
    ImportKind.KOELN: Reader(_koeln, KOELN),
    ImportKind.HAMBURG: Reader(_hamburg, HAMBURG),
    ImportKind.KIEL_POPULATION: Reader(_kiel_population, KIEL),
    ImportKind.KIEL_HOUSEHOLDS: Reader(_kiel_households, KIEL),
    ImportKind.KONSTANZ: Reader(_konstanz, KONSTANZ),
    ImportKind.ZENSUS: Reader(_zensus),
    ImportKind.ZENSUS_RENT: Reader(_zensus_rent),
}
