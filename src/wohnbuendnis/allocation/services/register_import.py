"""Importing an existing applicant register (a city starts with thousands of households already
registered): a preview that lists every problem by row and column, and one all-or-nothing
import that keeps each household's original registration date (the waiting time counts from
it).

The file is read by ``analytics.io.register_file`` (CSV as German Excel saves it, or XLSX). A
household is matched by its file number (Aktenzeichen): one already in this alliance's register
is left as it is, so importing the same file again changes nothing; a file number of another
alliance's register is a problem of the file. Only the housing office imports
(``allocation.import_register``); every imported household gets a history row "importiert" and
an access-log row naming the file.

The uploaded file (personal data) is kept only between the preview and the import, under its
SHA-256 in ``MEDIA_ROOT/allocation-uploads`` (the size limit of ``UPLOAD_LIMITS_MB``
``register_import``, copied chunk by chunk as every upload); it is deleted when the import is
committed or discarded, and any left behind longer than ``UPLOAD_RETENTION_HOURS`` are deleted
by the allocation's nightly job (``tasks.daily_retention``) and with the next upload.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.accounts.models import AccessAction, User
from wohnbuendnis.accounts.services import record_personal_data_accesses
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.engine import Code, InputError
from wohnbuendnis.allocation.engine import register_file as reader
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdCriterion,
    HouseholdStatusChange,
    check_household,
)
from wohnbuendnis.lib import input_errors, uploads
from wohnbuendnis.lib.site_language import in_site_language

KIND = "register_import"  # settings.UPLOAD_LIMITS_MB
UPLOAD_DIR = "allocation-uploads"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_HEADERS = {c.field: c.header for c in reader.COLUMNS}
HOUSEHOLD_FIELDS = (
    "reference", "name", "contact", "registered_on", "persons", "children", "income_eur",
    "entitlement_valid_until", "needs_step_free", "needs_wheelchair", "household_type",
    "nationality_group", "status",
)  # fmt: skip


@dataclass
class RegisterPreview:
    """What an import of the file would do: the new households, the file numbers already in the
    register (left unchanged), and every problem (nothing is imported while there is one)."""

    file_name: str
    new: list[reader.RegisterRow] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_rows(self) -> list[dict[str, object]]:
        """Each problem as line, column and German text, for the preview table."""
        return [
            {"line": p.line, "column": p.column, "text": input_errors.describe(p.code, p.params)}
            for p in self.problems
        ]


@dataclass(frozen=True)
class RegisterImport:
    created: int
    unchanged: int


def criteria_names(alliance: Alliance) -> dict[str, str]:
    """What the column Kriterien may hold → the criterion's key: the keys of the current priority
    list and their German names (German also when the clerk reads the pages in English)."""
    from wohnbuendnis.allocation.forms import CRITERION_LABELS  # the app's one label mapping

    version = engine.current_scheme(alliance)
    keys = list(engine.parse(version.toml).criteria) if version else []
    names = {key: key for key in keys}
    with translation.override("de"):  # the file is German whatever the clerk's language
        names.update({str(CRITERION_LABELS[key]): key for key in keys if key in CRITERION_LABELS})
    return names


def preview_register(
    alliance: Alliance, data: bytes, file_name: str, today: datetime.date | None = None
) -> RegisterPreview:
    """Read the file and compare it with the register (writes nothing)."""
    today = today or timezone.localdate()
    rows, problems = reader.parse_register(
        data, file_name, criteria=criteria_names(alliance), today=today
    )
    preview = RegisterPreview(file_name, problems=problems)
    taken = dict(
        Household.objects.filter(reference__in=[r.reference for r in rows]).values_list(
            "reference", "alliance_id"
        )
    )
    for row in rows:
        owner = taken.get(row.reference)
        if owner == alliance.pk:
            preview.unchanged.append(row.reference)
            continue
        if owner is not None:
            preview.problems.append(
                InputError(file_name, Code.REFERENCE_TAKEN, line=row.line, column="Aktenzeichen",
                           params={"found": row.reference})
            )  # fmt: skip
            continue
        try:
            check_household({name: getattr(row, name) for name in HOUSEHOLD_FIELDS})
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                preview.problems.append(
                    InputError(file_name, Code.REFUSED, line=row.line,
                               column=_HEADERS.get(name), params={"text": " ".join(messages)})
                )  # fmt: skip
            continue
        preview.new.append(row)
    preview.problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    return preview


@transaction.atomic
def import_register(alliance: Alliance, user: User, data: bytes, file_name: str) -> RegisterImport:
    """Import the register file: all households or none (``ValidationError`` naming the first
    problems by row and column when the file has any). Households already in the register (same
    file number) stay as they are. Each new household keeps its original registration date,
    gets its claimed criteria (confirmed by the housing office when the column "Kriterien
    geprüft" says ja), its points under the current priority list, a history row "importiert"
    and an access-log row."""
    if not user.has_perm("allocation.import_register", alliance):
        raise PermissionDenied
    Alliance.objects.select_for_update().get(pk=alliance.pk)  # one import at a time
    preview = preview_register(alliance, data, file_name)
    if not preview.ok:
        shown = [input_errors.message(p) for p in preview.problems[:5]]
        more = len(preview.problems) - len(shown)
        if more:
            shown.append(_("… und %(n)d weitere Probleme") % {"n": more})
        raise ValidationError([_("Die Datei hat Probleme; es wurde nichts importiert."), *shown])
    if not preview.new:
        return RegisterImport(0, len(preview.unchanged))
    version = engine.current_scheme(alliance)
    scheme = engine.parse(version.toml) if version else None
    now = timezone.now()
    households = []
    for row in preview.new:
        checked = row.criteria_checked and bool(row.criteria)
        points = engine.points_of(frozenset(row.criteria), scheme) if checked and scheme else 0
        households.append(
            Household(
                alliance=alliance, registered_by=user, status_changed_at=now, points=points,
                verified_at=now if checked else None, verified_by=user if checked else None,
                **{name: getattr(row, name) for name in HOUSEHOLD_FIELDS},
            )
        )  # fmt: skip
    try:
        created = Household.objects.bulk_create(households, batch_size=500)
    except IntegrityError:  # a file number taken since the preview (a database without locks)
        raise ValidationError(
            _("Das Register wurde gerade geändert; bitte laden Sie die Vorschau neu.")
        ) from None
    if any(h.pk is None for h in created):  # a database without RETURNING
        by_reference = dict(
            Household.objects.filter(
                alliance=alliance, reference__in=[h.reference for h in created]
            ).values_list("reference", "pk")
        )
        for household in created:
            household.pk = by_reference[household.reference]
    criteria = []
    for household, row in zip(created, preview.new, strict=True):
        check = (
            {"checked_at": now, "checked_by": user, "checked_evidence": row.evidence}
            if row.criteria_checked
            else {}
        )
        criteria.extend(
            HouseholdCriterion(household=household, criterion=name, evidence=row.evidence, **check)
            for name in row.criteria
        )
    HouseholdCriterion.objects.bulk_create(criteria, batch_size=1000)
    base_name = Path(file_name).name
    note = in_site_language(gettext_noop("importiert aus %(file)s"), file=base_name)[:300]
    HouseholdStatusChange.objects.bulk_create(
        [
            HouseholdStatusChange(household=h, from_status="", to_status=h.status, by=user,
                                  note=note)
            for h in created
        ],
        batch_size=1000,
    )  # fmt: skip
    reason = in_site_language(
        gettext_noop("Import des bestehenden Registers (%(file)s)"), file=base_name
    )
    record_personal_data_accesses(user, AccessAction.CHANGE, created, reason)
    return RegisterImport(len(created), len(preview.unchanged))


# --- the uploaded file between preview and import ---------------------------------------------


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def store_register_upload(uploaded) -> str:
    """Keep an uploaded register file until it is imported or discarded; returns its SHA-256.
    Raises ``ValidationError`` (naming the limit) for a file above ``register_import``'s limit,
    without reading it. Deletes uploads older than ``UPLOAD_RETENTION_HOURS`` on the way."""
    uploads.check_size(uploaded, KIND)
    delete_expired_register_uploads()
    name = Path(uploaded.name or "").name or "register.csv"
    _root().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=_root()))
    try:
        sha = uploads.save_chunks(uploaded, staging / name)
        folder = _root() / sha
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # the same file, stored by a parallel upload
            staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sha


def stored_register_upload(sha: str) -> Path:
    """The stored file; ``FileNotFoundError`` for an unknown, expired or imported one."""
    folder = _root() / sha
    files = sorted(folder.iterdir()) if _SHA.match(sha) and folder.is_dir() else []
    if not files:
        raise FileNotFoundError(sha)
    return files[0]


def discard_register_upload(sha: str) -> None:
    if _SHA.match(sha):
        shutil.rmtree(_root() / sha, ignore_errors=True)


def import_register_upload(alliance: Alliance, user: User, sha: str) -> RegisterImport:
    """Import the stored upload ``sha`` and delete the file once the import is committed (a
    refused import keeps it until it expires or is discarded)."""
    path = stored_register_upload(sha)
    with transaction.atomic():
        result = import_register(alliance, user, path.read_bytes(), path.name)
        transaction.on_commit(lambda: discard_register_upload(sha))
    return result


def delete_expired_register_uploads(max_age_hours: float | None = None) -> int:
    """Delete register files uploaded more than ``max_age_hours`` ago (default
    ``UPLOAD_RETENTION_HOURS``) and never imported; returns how many."""
    hours = settings.UPLOAD_RETENTION_HOURS if max_age_hours is None else max_age_hours
    cutoff = time.time() - hours * 3600
    deleted = 0
    if not _root().is_dir():
        return 0
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            deleted += 1
    return deleted
