"""Every state change of the monitoring: imports (preview, then an all-or-nothing commit),
corrections with history, thresholds, catalogue edits, aggregation up the area hierarchy.

Files are read only by the readers in ``analytics/io``; every problem they find is reported
with line, column and what was expected.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.io.genesis_regional import parse_regional_table
from wohnbuendnis.analytics.io.geojson import parse_boundaries
from wohnbuendnis.analytics.io.observations import parse_observations
from wohnbuendnis.analytics.monitoring import aggregate_observations
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring import bulk, city_readers
from wohnbuendnis.monitoring.models import (
    ImportBatch,
    ImportKind,
    IndexSettings,
    Indicator,
    Observation,
    ObservationRevision,
    Threshold,
    ValueRange,
)
from wohnbuendnis.monitoring.queries import alliance_areas, observation_frame, within_alliance

MAX_PROBLEMS = 50
UPLOAD_DIR = "monitoring-uploads"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_LEVEL_BELOW = {
    AreaLevel.STATE: AreaLevel.REGION,
    AreaLevel.REGION: AreaLevel.MUNICIPALITY,
    AreaLevel.MUNICIPALITY: AreaLevel.DISTRICT,
    AreaLevel.DISTRICT: AreaLevel.QUARTER,
}


@dataclass(frozen=True)
class Problem:
    """One problem of an import file: physical line (header = 1), column, what was expected."""

    line: int | None
    column: str | None
    expected: str


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

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return self.created + self.updated


# --- uploads ----------------------------------------------------------------------------------


def store_upload(uploaded) -> tuple[str, str]:
    """Keep an uploaded file until it is committed; returns (sha256, file name). The same file
    always lands in the same place, so a re-upload is harmless."""
    data = uploaded.read()
    sha = hashlib.sha256(data).hexdigest()
    name = Path(uploaded.name).name or "upload"
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR / sha
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return sha, name


def stored_upload(sha: str) -> Path:
    """The path of a stored upload; raises ``FileNotFoundError`` for an unknown one."""
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR / sha
    files = sorted(folder.iterdir()) if _SHA.match(sha) and folder.is_dir() else []
    if not files:
        raise FileNotFoundError(sha)
    return files[0]


# --- reading ----------------------------------------------------------------------------------


def _catalogue() -> dict[str, Indicator]:
    return {indicator.key: indicator for indicator in Indicator.objects.all()}


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
        elif kind in city_readers.READERS:
            frame = city_readers.READERS[kind](path, areas, alliance.area)
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


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _diff(frame: pl.DataFrame, alliance: Alliance, file_name: str) -> bulk.Diff:
    areas = alliance_areas(alliance)
    indicators = {key: indicator.pk for key, indicator in _catalogue().items()}
    with_ids = bulk.with_ids(frame, {key: area.pk for key, area in areas.items()}, indicators)
    return bulk.diff(with_ids, bulk.stored(with_ids), file_name)


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


def preview_import(
    alliance: Alliance, path: Path, kind: str, user=None, options: Mapping[str, str] | None = None
) -> Preview:
    """Read ``path`` as ``kind`` and compare it with the database; writes nothing."""
    options = options or {}
    data = path.read_bytes()
    frame, problems, skipped = _read(alliance, path, kind, options)
    preview = Preview(
        kind=kind,
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        frame=frame,
        problems=problems,
        skipped_areas=skipped,
    )
    if preview.ok and frame.height:
        if kind == ImportKind.BOUNDARIES:
            preview.created, preview.updated, preview.unchanged = _boundary_diff(frame, alliance)
        else:
            changes = _diff(frame, alliance, path.name)
            preview.created, preview.updated = changes.new.height, changes.changed.height
            preview.unchanged = changes.unchanged
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
    preview = preview_import(alliance, path, kind, user, options)
    if not preview.ok:
        raise ValidationError(
            _("Die Datei hat %(n)d Problem(e); es wurde nichts importiert.")
            % {"n": len(preview.problems)}
        )
    if kind == ImportKind.BOUNDARIES:
        return _commit_boundaries(alliance, preview, user)
    # One import of an alliance at a time: the new rows of two could collide.
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    changes = _diff(preview.frame, alliance, preview.file_name)
    if changes.new.is_empty() and changes.changed.is_empty():
        return None
    batch = _batch(
        alliance, preview, user, changes.new.height, changes.changed.height, changes.unchanged
    )
    user_id = user.pk if user is not None else None
    bulk.insert_new(changes.new, batch_id=batch.pk, user_id=user_id)
    reason = _("Import %(file)s") % {"file": preview.file_name}
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
            Area.objects.create(parent=root, level=level, key=key, name=name, geometry=geometry)
        elif area.geometry != geometry:
            area.geometry = geometry
            area.save(update_fields=["geometry"])
    return _batch(alliance, preview, user, preview.created, preview.updated, preview.unchanged)


# --- corrections, thresholds, catalogue ------------------------------------------------------


def check_value(indicator: Indicator, value: float) -> None:
    if not math.isfinite(value):
        raise ValidationError(_("Bitte geben Sie eine Zahl an."))
    if indicator.value_range == ValueRange.NON_NEGATIVE and value < 0:
        raise ValidationError(_("Der Wert darf nicht negativ sein."))
    if indicator.value_range == ValueRange.PERCENT and not 0 <= value <= 100:
        raise ValidationError(_("Ein Anteil liegt zwischen 0 und 100 %."))


@transaction.atomic
def correct_observation(observation: Observation, value: float, reason: str, user) -> Observation:
    """Correct one value; the old value, who, when and why are kept as a revision."""
    observation = (
        Observation.objects.select_for_update().select_related("indicator").get(pk=observation.pk)
    )
    if not reason.strip():
        raise ValidationError(_("Bitte begründen Sie die Korrektur."))
    check_value(observation.indicator, value)
    if _same(observation.value, value):
        raise ValidationError(_("Der neue Wert ist gleich dem bisherigen."))
    ObservationRevision.objects.create(
        observation=observation,
        old_value=observation.value,
        new_value=value,
        reason=reason.strip(),
        changed_by=user,
    )
    observation.value, observation.recorded_by = value, user
    observation.save(update_fields=["value", "recorded_by", "recorded_at"])
    return observation


@dataclass(frozen=True)
class Recorded:
    """What ``record_observations`` did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.updated


@transaction.atomic
def record_observations(
    alliance: Alliance, area: Area, values: Mapping[tuple[str, int], float], source: str, user
) -> Recorded:
    """Write figures the platform computes itself (e.g. from the action concept's building
    projects) as observations of one area: ``values`` maps (indicator key, year) → value.
    New keys are created with ``source`` as their provenance, changed values are updated with
    a revision naming the source, equal values are left alone – recording the same figures
    again changes nothing."""
    if not source.strip():
        raise ValidationError(_("Bitte nennen Sie die Quelle der Werte."))
    if not within_alliance(alliance, area):
        raise ValidationError(_("Das Gebiet gehört nicht zum Bündnis."))
    catalogue = _catalogue()
    unknown = sorted({key for key, _year in values} - set(catalogue))
    if unknown:
        raise ValidationError(_("Unbekannte Indikatoren: %(keys)s") % {"keys": ", ".join(unknown)})
    for (key, _year), value in values.items():
        check_value(catalogue[key], value)
    # One writer of an alliance's observations at a time (as for imports).
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    stored = {
        (o.indicator.key, o.year): o
        for o in Observation.objects.select_for_update()
        .select_related("indicator")
        .filter(area=area, indicator__key__in={k for k, _y in values})
    }
    created = updated = unchanged = 0
    reason = _("Übernahme aus: %(source)s") % {"source": source}
    for (key, year), value in sorted(values.items()):
        observation = stored.get((key, year))
        if observation is None:
            Observation.objects.create(
                indicator=catalogue[key],
                area=area,
                year=year,
                value=value,
                source=source,
                recorded_by=user,
            )
            created += 1
        elif _same(observation.value, value):
            unchanged += 1
        else:
            ObservationRevision.objects.create(
                observation=observation,
                old_value=observation.value,
                new_value=value,
                reason=reason,
                changed_by=user,
            )
            observation.value, observation.source, observation.recorded_by = value, source, user
            observation.save(update_fields=["value", "source", "recorded_by", "recorded_at"])
            updated += 1
    return Recorded(created, updated, unchanged)


@transaction.atomic
def set_threshold(
    alliance: Alliance, indicator: Indicator, green: float, red: float, user, note: str = ""
) -> Threshold:
    """Set the alliance's traffic-light bounds of an indicator (see ``Threshold``)."""
    if _same(green, red):
        raise ValidationError(_("Die Grenzen für grün und rot müssen sich unterscheiden."))
    threshold = (
        Threshold.objects.select_for_update().filter(alliance=alliance, indicator=indicator).first()
    )
    if threshold is None:
        threshold = Threshold(alliance=alliance, indicator=indicator)
    threshold.green, threshold.red, threshold.note, threshold.changed_by = green, red, note, user
    threshold.save()
    return threshold


MAX_LAG = 10


@transaction.atomic
def set_index_settings(
    alliance: Alliance, indicators: list[str], dynamics_lag: int, min_population: int, user
) -> IndexSettings:
    """Set which indicators the alliance's small-area index combines, the lag of its dynamics
    and the minimum population of a scored area; the earlier settings stay as history."""
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    catalogue = _catalogue()
    if not indicators:
        raise ValidationError(_("Bitte wählen Sie mindestens einen Indikator."))
    if len(set(indicators)) != len(indicators) or any(k not in catalogue for k in indicators):
        raise ValidationError(_("Bitte wählen Sie Indikatoren des Katalogs, jeden nur einmal."))
    if not 1 <= dynamics_lag <= MAX_LAG:
        raise ValidationError(
            _("Der Abstand der Dynamik liegt zwischen 1 und %(max)d Jahren.") % {"max": MAX_LAG}
        )
    if min_population < 0:
        raise ValidationError(_("Die Mindestzahl der Einwohner darf nicht negativ sein."))
    return IndexSettings.objects.create(
        alliance=alliance,
        indicators=list(indicators),
        dynamics_lag=dynamics_lag,
        min_population=min_population,
        changed_by=user,
    )


@transaction.atomic
def update_indicator(indicator: Indicator, changes: Mapping[str, object], user) -> Indicator:
    """Edit the texts and flags of a catalogue entry (key and aggregation stay fixed)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    allowed = {"name", "definition", "unit", "source", "reading_aid", "direction", "is_public"}
    for name, value in changes.items():
        if name not in allowed:
            raise ValidationError(_("Dieses Feld kann nicht geändert werden."))
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def aggregate_up(alliance: Alliance, user=None) -> int:
    """Fill the values of the alliance's higher areas from their sub-areas by each indicator's
    aggregation rule, where no value was recorded; returns how many were added."""
    areas = alliance_areas(alliance)
    by_pk = {a.pk: a for a in areas.values()}
    parent_of = {a.key: by_pk[a.parent_id].key for a in areas.values() if a.parent_id in by_pk}
    frame = observation_frame([a.pk for a in areas.values()])
    parent_of = _with_data_below(parent_of, set(frame["area"].unique()))
    catalogue = _catalogue()
    rules = {key: indicator.rule() for key, indicator in catalogue.items()}
    derived = aggregate_observations(frame, parent_of, rules)
    known = set(frame.select("indicator", "area", "year").iter_rows())
    new = [
        Observation(
            indicator=catalogue[i],
            area=areas[a],
            year=y,
            value=v,
            source=_("aus Teilgebieten berechnet"),
            recorded_by=user,
        )
        for i, a, y, v in derived.iter_rows()
        if (i, a, y) not in known
    ]
    Observation.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _with_data_below(parent_of: Mapping[str, str], with_data: set[str]) -> dict[str, str]:
    """The hierarchy without areas that have no data at or below them (e.g. quarters nobody
    reports), so that the areas with data are the leaves."""
    keep: set[str] = set()
    for key in with_data:
        node = key
        while node in parent_of and node not in keep:
            keep.add(node)
            node = parent_of[node]
    return {child: parent for child, parent in parent_of.items() if child in keep}
