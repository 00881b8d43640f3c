"""Imports: a preview of what a file would change, computed without writing, then an
all-or-nothing commit of observations (set-based, see ``monitoring.bulk``) or of area
boundaries."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.monitoring import bulk
from wohnbuendnis.monitoring.models import ImportBatch, ImportKind, Indicator
from wohnbuendnis.monitoring.queries import alliance_areas, forget_barometer
from wohnbuendnis.monitoring.services.reading import Problem, _read
from wohnbuendnis.monitoring.services.shared import _catalogue

_LEVEL_BELOW = {
    AreaLevel.STATE: AreaLevel.REGION,
    AreaLevel.REGION: AreaLevel.MUNICIPALITY,
    AreaLevel.MUNICIPALITY: AreaLevel.DISTRICT,
    AreaLevel.DISTRICT: AreaLevel.QUARTER,
}


#: Rows of each kind (changed, new) the preview lists by name.
SHOWN_ROWS = 200


@dataclass(frozen=True)
class Count:
    """What an import would do to one indicator in one year."""

    indicator: str
    year: int
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class Row:
    """One value of the preview, named: indicator, area (key and name), year, old → new."""

    indicator: str
    area_key: str
    area_name: str
    year: int
    old: float | None
    new: float
    decimals: int = 1


@dataclass
class Preview:
    """What an import would do, computed without writing anything."""

    kind: str
    file_name: str
    sha256: str
    frame: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)
    skipped_areas: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: list[Count] = field(default_factory=list)
    changed_rows: list[Row] = field(default_factory=list)
    new_rows: list[Row] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return self.created + self.updated


def _diff(
    alliance: Alliance, frame: pl.DataFrame, file_name: str
) -> tuple[pl.DataFrame, bulk.Diff]:
    catalogue = _catalogue(alliance)
    indicators = {key: indicator.pk for key, indicator in catalogue.items()}
    decimals = {indicator.pk: indicator.decimals for indicator in catalogue.values()}
    with_ids = bulk.with_ids(frame, None, indicators)
    return with_ids, bulk.diff(with_ids, bulk.stored(with_ids), file_name, decimals)


def _counts(with_ids: pl.DataFrame, changes: bulk.Diff, names: dict[int, str]) -> list[Count]:
    """New, changed and unchanged values per indicator and year."""
    keys = ["indicator_id", "year"]
    total = with_ids.group_by(keys).agg(pl.len().alias("rows"))
    new = changes.new.group_by(keys).agg(pl.len().alias("created"))
    changed = changes.changed.group_by(keys).agg(pl.len().alias("updated"))
    table = (
        total.join(new, on=keys, how="left")
        .join(changed, on=keys, how="left")
        .fill_null(0)
        .sort(keys)
    )
    return [
        Count(names.get(i, str(i)), y, c, u, rows - c - u)
        for i, y, rows, c, u in table.select(*keys, "rows", "created", "updated").iter_rows()
    ]


def _named_rows(frame: pl.DataFrame, old: str | None, indicators, areas) -> list[Row]:
    rows = []
    columns = ["indicator_id", "area_id", "year", *([old] if old else []), "value"]
    first = frame.sort("indicator_id", "area_id", "year").head(SHOWN_ROWS)
    for values in first.select(columns).iter_rows():
        indicator, area, year = indicators[values[0]], areas[values[1]], values[2]
        rows.append(
            Row(
                indicator=indicator.name,
                area_key=area.key,
                area_name=area.name,
                year=year,
                old=values[3] if old else None,
                new=values[-1],
                decimals=indicator.decimals,
            )
        )
    return rows


def _describe(preview: Preview, with_ids: pl.DataFrame, changes: bulk.Diff) -> None:
    """Fill the preview's counts per indicator and year and its named rows."""
    ids = with_ids["indicator_id"].unique().to_list()
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=ids)}
    shown = [
        frame.sort("indicator_id", "area_id", "year").head(SHOWN_ROWS)["area_id"]
        for frame in (changes.changed, changes.new)
    ]
    shown_areas = {pk for series in shown for pk in series.to_list()}
    areas = Area.objects.in_bulk(list(shown_areas))
    preview.counts = _counts(with_ids, changes, {k: i.name for k, i in indicators.items()})
    preview.changed_rows = _named_rows(changes.changed, "old_value", indicators, areas)
    preview.new_rows = _named_rows(changes.new, None, indicators, areas)


def _boundary_diff(frame: pl.DataFrame, alliance: Alliance) -> tuple[int, int, int]:
    areas = alliance_areas(alliance)
    created = updated = unchanged = 0
    for key, _name, geometry in frame.iter_rows():
        area = areas.get(key)
        if area is None:
            created += 1
        elif area.geometry == _geometry(geometry):
            unchanged += 1
        else:
            updated += 1
    return created, updated, unchanged


def _geometry(text: str) -> dict:
    return json.loads(text)


def _sha256(path: Path) -> str:
    """The file's checksum, read a megabyte at a time (the file is not held in memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def preview_import(
    alliance: Alliance,
    path: Path,
    kind: str,
    user=None,
    options: Mapping[str, str] | None = None,
    *,
    describe: bool = True,
) -> Preview:
    """Read ``path`` as ``kind`` and compare it with the database; writes nothing. The preview
    counts new, changed and unchanged values per indicator and year and names the first
    ``SHOWN_ROWS`` changed (old → new) and new values with their areas (unless not
    ``describe``, as for the commit)."""
    options = options or {}
    frame, problems, skipped = _read(alliance, path, kind, options)
    preview = Preview(
        kind=kind,
        file_name=path.name,
        sha256=_sha256(path),
        frame=frame,
        problems=problems,
        skipped_areas=skipped,
    )
    if preview.ok and frame.height:
        if kind == ImportKind.BOUNDARIES:
            preview.created, preview.updated, preview.unchanged = _boundary_diff(frame, alliance)
        else:
            with_ids, changes = _diff(alliance, frame, path.name)
            preview.created, preview.updated = changes.new.height, changes.changed.height
            preview.unchanged = changes.unchanged
            if describe:
                _describe(preview, with_ids, changes)
    return preview


# --- committing -------------------------------------------------------------------------------


@transaction.atomic
def commit_import(
    alliance: Alliance, path: Path, kind: str, user=None, options: Mapping[str, str] | None = None
) -> ImportBatch | None:
    """Write the file's rows in one transaction, or nothing at all when it has a problem.

    New keys are created, changed values are updated with an ``ObservationRevision`` each, equal
    values are left alone: importing the same file again changes nothing and returns None.
    A million rows take seconds (set-based, see ``monitoring.bulk``).
    """
    preview = preview_import(alliance, path, kind, user, options, describe=False)
    if not preview.ok:
        raise ValidationError(
            _("Die Datei hat %(n)d Problem(e); es wurde nichts importiert.")
            % {"n": len(preview.problems)}
        )
    forget_barometer()
    if kind == ImportKind.BOUNDARIES:
        return _commit_boundaries(alliance, preview, user)
    if preview.frame.is_empty():  # nothing of the alliance in the file (all areas skipped)
        return None
    # One import of an alliance at a time: the new rows of two could collide.
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    _with_ids, changes = _diff(alliance, preview.frame, preview.file_name)
    if changes.new.is_empty() and changes.changed.is_empty():
        return None
    batch = _batch(
        alliance, preview, user, changes.new.height, changes.changed.height, changes.unchanged
    )
    user_id = user.pk if user is not None else None
    bulk.insert_new(changes.new, batch_id=batch.pk, user_id=user_id)
    reason = in_site_language(gettext_noop("Import %(file)s"), file=preview.file_name)
    bulk.apply_changes(changes.changed, batch_id=batch.pk, user_id=user_id, reason=reason)
    return batch


def _batch(alliance, preview: Preview, user, created: int, updated: int, unchanged: int):
    return ImportBatch.objects.create(
        alliance=alliance,
        file_name=preview.file_name,
        sha256=preview.sha256,
        kind=preview.kind,
        rows=preview.frame.height,
        created=created,
        updated=updated,
        unchanged=unchanged,
        imported_by=user,
    )


def _commit_boundaries(alliance: Alliance, preview: Preview, user) -> ImportBatch | None:
    if not preview.changes:
        return None
    root = Area.objects.select_for_update().get(pk=alliance.area_id)
    areas = alliance_areas(alliance)
    level = _LEVEL_BELOW.get(AreaLevel(root.level), AreaLevel.QUARTER)
    for key, name, text in preview.frame.iter_rows():
        geometry = _geometry(text)
        area = areas.get(key)
        if area is None:
            parent = _kreis(root, key, areas) if root.level == AreaLevel.STATE else root
            level = _LEVEL_BELOW[AreaLevel(parent.level)] if parent != root else level
            Area.objects.create(parent=parent, level=level, key=key, name=name, geometry=geometry)
        elif area.geometry != geometry:
            area.geometry = geometry
            area.save(update_fields=["geometry"])
    return _batch(alliance, preview, user, preview.created, preview.updated, preview.unchanged)


def _kreis(state: Area, key: str, areas: dict[str, Area]) -> Area:
    """The Kreis of a municipality (AGS) in a Land's alliance, created under the Land and named
    by its key when it is missing (a Kreis row is no feature of a municipal boundaries file)."""
    if len(key) != 8 or not key.isdigit():
        return state
    kreis = areas.get(key[:5])
    if kreis is None:
        name = in_site_language(gettext_noop("Kreis %(key)s"), key=key[:5])
        kreis = Area.objects.create(parent=state, level=AreaLevel.REGION, key=key[:5], name=name)
        areas[kreis.key] = kreis
    return kreis
