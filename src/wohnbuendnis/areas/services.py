"""State changes of the area hierarchy.

- :func:`official_area_chain` creates (or finds) Land → Kreis → Gemeinde for an official key
  (AGS, 8 digits, or ARS, 12 digits), used by ``wohnbuendnis init``.
- An upload of a city's districts and quarters (GeoJSON or CSV, see
  ``analytics/io/area_tables.py``) is kept under its SHA-256 (:func:`store_upload`), previewed
  (:func:`preview_subareas`, writes nothing) and committed all-or-nothing
  (:func:`commit_subareas`). A re-upload updates names and boundaries by key; an area missing
  from the file is left alone, never deleted.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.areas.engine import AreaRow, InputError, parse_area_table
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.lib.input_errors import describe
from wohnbuendnis.lib.site_language import in_site_language

# The 16 Länder by their two-digit key (Statistisches Bundesamt, Gemeindeverzeichnis).
STATES = {
    "01": "Schleswig-Holstein", "02": "Hamburg", "03": "Niedersachsen", "04": "Bremen",
    "05": "Nordrhein-Westfalen", "06": "Hessen", "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg", "09": "Bayern", "10": "Saarland", "11": "Berlin",
    "12": "Brandenburg", "13": "Mecklenburg-Vorpommern", "14": "Sachsen",
    "15": "Sachsen-Anhalt", "16": "Thüringen",
}  # fmt: skip
UPLOAD_DIR = "area-uploads"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")


# --- official keys ------------------------------------------------------------------------------


def municipality_key(key: str) -> str:
    """The AGS (8 digits) of an AGS or ARS (12 digits: Land, Bezirk, Kreis, Verband, Gemeinde);
    raises ``ValidationError`` with a German message for anything else."""
    key = key.strip()
    if not re.fullmatch(r"\d{8}|\d{12}", key):
        raise ValidationError(
            _(
                "Der Gemeindeschlüssel „%(key)s“ ist ungültig: erwartet wird der amtliche "
                "Gemeindeschlüssel (AGS, 8 Ziffern, z. B. 06611000 für Kassel) oder der "
                "Regionalschlüssel (ARS, 12 Ziffern)."
            )
            % {"key": key}
        )
    ags = key if len(key) == 8 else key[:5] + key[9:]
    if ags[:2] not in STATES:
        raise ValidationError(
            _("Der Schlüssel „%(key)s“ beginnt mit %(state)s; kein Land hat diese Nummer (01–16).")
            % {"key": key, "state": ags[:2]}
        )
    return ags


@transaction.atomic
def official_area_chain(key: str, municipality_name: str) -> Area:
    """Land → Kreis → Gemeinde for an AGS/ARS; existing areas are reused by key, missing ones
    created. Returns the municipality. A kreisfreie Stadt (AGS ending in 000) is its own Kreis
    and gives the Kreis its name; other Kreise are named by their key until renamed."""
    ags = municipality_key(key)
    state = _find_or_create(None, AreaLevel.STATE, ags[:2], STATES[ags[:2]])
    free_city = ags.endswith("000")
    region_name = (
        municipality_name
        if free_city
        else in_site_language(gettext_noop("Kreis %(key)s"), key=ags[:5])
    )
    region = _find_or_create(state, AreaLevel.REGION, ags[:5], region_name)
    return _find_or_create(region, AreaLevel.MUNICIPALITY, ags, municipality_name)


def _find_or_create(parent: Area | None, level: AreaLevel, key: str, name: str) -> Area:
    area = Area.objects.select_for_update().filter(parent=parent, key=key).first()
    if area is None:
        return Area.objects.create(parent=parent, level=level, key=key, name=name)
    if area.level != level:
        raise ValidationError(
            _("Das Gebiet %(key)s gibt es schon, aber als %(level)s.")
            % {"key": key, "level": area.get_level_display()}
        )
    return area


# --- uploads of districts and quarters ----------------------------------------------------------


def store_upload(uploaded) -> str:
    """Keep an uploaded file (read chunk by chunk, at most 20 MB) under its SHA-256 until it is
    committed; returns the SHA-256. A larger file raises ``ValidationError``."""
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".partial-", delete=False) as tmp:
        try:
            for chunk in uploaded.chunks():
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise ValidationError(
                        _("Die Datei ist größer als %(mb)s MB. Teilen Sie sie bitte auf.")
                        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
                    )
                digest.update(chunk)
                tmp.write(chunk)
        except BaseException:
            Path(tmp.name).unlink(missing_ok=True)
            raise
    sha = digest.hexdigest()
    Path(tmp.name).replace(folder / sha)
    return sha


def stored_upload(sha: str) -> bytes:
    """The bytes of a stored upload; raises ``ValidationError`` for an unknown one."""
    path = Path(settings.MEDIA_ROOT) / UPLOAD_DIR / sha
    if not _SHA.match(sha) or not path.is_file():
        raise ValidationError(
            _("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte erneut hochladen.")
        )
    return path.read_bytes()


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str | None
    message: str


@dataclass(frozen=True)
class Change:
    key: str
    name: str
    level: AreaLevel
    parent_key: str
    old_name: str = ""
    geometry_changed: bool = False


@dataclass
class SubareaPlan:
    """What an upload would do below a municipality; nothing is written while it is built."""

    municipality: Area
    file: str
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: list[Area] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: list[tuple[AreaRow, AreaLevel]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated)


def preview_subareas(municipality: Area, data: bytes, file: str) -> SubareaPlan:
    """What an upload would create and update below ``municipality``, and its problems by
    line. Writes nothing."""
    plan = SubareaPlan(municipality, file)
    if municipality.level != AreaLevel.MUNICIPALITY:
        message = _("Teilgebiete lassen sich nur unter einer Gemeinde anlegen.")
        plan.problems.append(Problem(None, None, message))
        return plan
    try:
        table = parse_area_table(data, file)
    except InputError as error:
        plan.problems.append(Problem(error.line, error.column, describe(error.code, error.params)))
        return plan
    plan.problems.extend(
        Problem(e.line, e.column, describe(e.code, e.params)) for e in table.problems
    )
    existing = _existing_subareas(municipality)
    levels = _levels(table.rows, municipality, existing, plan)
    for row in table.rows:
        if row.key in levels:
            _plan_row(plan, row, levels[row.key], existing.get(row.key))
    in_file = {row.key for row in table.rows}
    plan.not_in_file = [area for key, area in sorted(existing.items()) if key not in in_file]
    plan.problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    return plan


def _existing_subareas(municipality: Area) -> dict[str, Area]:
    districts = list(municipality.children.all())
    quarters = list(Area.objects.filter(parent__in=districts).select_related("parent"))
    return {area.key: area for area in [*districts, *quarters]}


def _levels(
    rows: list[AreaRow], municipality: Area, existing: dict[str, Area], plan: SubareaPlan
) -> dict[str, AreaLevel]:
    """District (parent empty or the municipality) or quarter (parent a district of the file or
    of the database) for each row; rows that fit nowhere become problems."""
    top = {"", municipality.key}
    districts = {row.key for row in rows if row.parent in top}
    districts |= {k for k, a in existing.items() if a.level == AreaLevel.DISTRICT}
    levels: dict[str, AreaLevel] = {}
    for row in rows:
        if row.parent in top:
            levels[row.key] = AreaLevel.DISTRICT
        elif row.parent in districts:
            levels[row.key] = AreaLevel.QUARTER
        else:
            plan.problems.append(
                Problem(
                    row.line,
                    "parent",
                    _("Übergeordnetes Gebiet „%(parent)s“ unbekannt: erwartet wird leer, "
                      "%(city)s oder der Schlüssel eines Stadtteils.")
                    % {"parent": row.parent, "city": municipality.key},
                )
            )  # fmt: skip
    return levels


def _plan_row(plan: SubareaPlan, row: AreaRow, level: AreaLevel, area: Area | None) -> None:
    parent_key = row.parent if level == AreaLevel.QUARTER else plan.municipality.key
    if area is None:
        plan.created.append(Change(row.key, row.name, level, parent_key))
        plan.rows.append((row, level))
        return
    if area.level != level or (area.parent.key != parent_key):
        plan.problems.append(
            Problem(
                row.line,
                "parent",
                _("%(name)s (%(key)s) liegt bisher unter %(old)s; ein Gebiet wird nicht "
                  "umgehängt. Erwartet wird das bisherige übergeordnete Gebiet.")
                % {"name": area.name, "key": area.key, "old": area.parent.key},
            )
        )  # fmt: skip
        return
    geometry_changed = row.geometry is not None and row.geometry != area.geometry
    if row.name != area.name or geometry_changed:
        plan.updated.append(
            Change(row.key, row.name, level, parent_key, area.name, geometry_changed)
        )
        plan.rows.append((row, level))
    else:
        plan.unchanged += 1


@transaction.atomic
def commit_subareas(municipality: Area, data: bytes, file: str) -> SubareaPlan:
    """Apply an upload all-or-nothing: the plan is computed again under a lock of the
    municipality (two uploads at once run one after the other); any problem raises
    ``ValidationError`` and nothing is written."""
    municipality = Area.objects.select_for_update().get(pk=municipality.pk)
    plan = preview_subareas(municipality, data, file)
    if not plan.ok:
        raise ValidationError(
            _("Die Datei hat %(n)s Fehler; es wurde nichts gespeichert.")
            % {"n": len(plan.problems)}
        )
    existing = _existing_subareas(municipality)
    # Districts first: the quarters of the same file hang below them.
    for row, level in sorted(plan.rows, key=lambda item: item[1] == AreaLevel.QUARTER):
        area = existing.get(row.key)
        if area is None:
            parent = municipality if level == AreaLevel.DISTRICT else existing[row.parent]
            existing[row.key] = Area.objects.create(
                parent=parent, level=level, key=row.key, name=row.name, geometry=row.geometry
            )
            continue
        area.name = row.name
        if row.geometry is not None:
            area.geometry = row.geometry  # a CSV carries no boundary: keep the one we have
        area.save(update_fields=["name", "geometry"])
    return plan
