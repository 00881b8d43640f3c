"""Editions of the action concept (Fortschreibung).

The live tables are the working draft. ``start_edition`` opens the next edition (number 1, 2,
…; one in the works at a time); ``adopt_edition`` records the council's decision and freezes
the whole concept as a JSON snapshot into the edition, and the edition adopted before becomes
superseded. ``compare`` shows what changed between two editions, or between an edition and the
current draft. ``snapshot`` builds the content (its shape is documented there)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept.models import (
    ActionField,
    BuildingProject,
    Commitment,
    ConceptEdition,
    EditionStatus,
    Goal,
    GoalConflict,
    Guideline,
    Measure,
)
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.lib.site_language import in_site_language

SNAPSHOT_VERSION = 1
PDF_MAGIC = b"%PDF"


def _org(org) -> str:
    return "" if org is None else (org.short_name or org.name)


def _day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _guidelines(alliance: Alliance) -> list[dict[str, Any]]:
    return [
        {"id": g.pk, "position": g.position, "name": g.name, "text": g.text}
        for g in Guideline.objects.filter(alliance=alliance).order_by("position", "pk")
    ]


def _action_fields(alliance: Alliance) -> list[dict[str, Any]]:
    return [
        {"id": f.pk, "position": f.position, "kind": f.kind,
         "kind_label": str(f.get_kind_display()), "name": f.name}
        for f in ActionField.objects.filter(alliance=alliance).order_by("position", "pk")
    ]  # fmt: skip


def _goals(alliance: Alliance) -> list[dict[str, Any]]:
    goals = Goal.objects.filter(alliance=alliance).select_related("guideline", "area")
    return [
        {
            "id": g.pk, "code": g.code, "title": g.title, "guideline_id": g.guideline_id,
            "guideline": g.guideline.name, "nature": g.nature, "target_group": g.target_group,
            "target_group_label": str(g.get_target_group_display()),
            "area": g.area.name if g.area else "", "year_from": g.year_from, "year_to": g.year_to,
            "indicator": g.indicator, "unit": g.unit, "target": g.target,
            "target_high": g.target_high, "kind": g.kind, "direction": g.direction,
            "tolerance": g.tolerance, "priority": g.priority,
        }
        for g in goals.order_by("guideline__position", "code")
    ]  # fmt: skip


def _conflicts(alliance: Alliance) -> list[dict[str, Any]]:
    conflicts = GoalConflict.objects.filter(alliance=alliance).prefetch_related(
        "goals", "positions__organisation"
    )
    return [
        {
            "id": c.pk, "title": c.title, "description": c.description,
            "goals": sorted(g.code for g in c.goals.all()), "agreed_handling": c.agreed_handling,
            "positions": [
                {"organisation": _org(p.organisation), "position": p.position}
                for p in sorted(c.positions.all(), key=lambda p: _org(p.organisation))
            ],
        }
        for c in conflicts.order_by("pk")
    ]  # fmt: skip


def _measures(alliance: Alliance) -> list[dict[str, Any]]:
    measures = (
        Measure.objects.filter(alliance=alliance)
        .select_related("guideline", "action_field", "lead", "body")
        .prefetch_related("partners", "goals", "areas", "milestones")
        .order_by("number")
    )
    return [
        {
            "id": m.pk, "number": m.number, "title": m.title, "description": m.description,
            "guideline_id": m.guideline_id, "guideline": m.guideline.name,
            "action_field": m.action_field.name if m.action_field else "",
            "lead": _org(m.lead), "body": m.body.name if m.body else "",
            "partners": sorted(_org(o) for o in m.partners.all()),
            "cost_eur": None if m.cost_eur is None else int(m.cost_eur), "funding": m.funding,
            "start": _day(m.start), "end": _day(m.end), "status": m.status,
            "status_label": str(m.get_status_display()), "progress": m.progress,
            "priority": m.priority, "goals": sorted(g.code for g in m.goals.all()),
            "areas": sorted(a.name for a in m.areas.all()),
            "milestones": [
                {"title": s.title, "due": _day(s.due), "reached_on": _day(s.reached_on)}
                for s in m.milestones.all()
            ],
        }
        for m in measures
    ]  # fmt: skip


def _commitments(alliance: Alliance) -> list[dict[str, Any]]:
    commitments = Commitment.objects.filter(alliance=alliance).prefetch_related(
        "signatures__organisation"
    )
    return [
        {
            "id": c.pk, "title": c.title, "text": c.text, "adopted_on": _day(c.adopted_on),
            "signatories": [
                {"organisation": _org(s.organisation), "signed_on": _day(s.signed_on),
                 "signed_by": s.signed_by}
                for s in c.signatures.all() if s.withdrawn_at is None
            ],
        }
        for c in commitments.order_by("adopted_on", "pk")
    ]  # fmt: skip


def _projects(alliance: Alliance) -> list[dict[str, Any]]:
    projects = BuildingProject.objects.filter(alliance=alliance).select_related("area", "developer")
    return [
        {
            "id": p.pk, "name": p.name, "area": p.area.name if p.area else "",
            "developer": _org(p.developer), "dwellings": p.dwellings,
            "social_dwellings": p.social_dwellings, "accessible_dwellings": p.accessible_dwellings,
            "binding_years": p.binding_years, "status": p.status,
            "status_label": str(p.get_status_display()),
            "expected_completion": p.expected_completion, "rent_segment": p.rent_segment,
            "quota_percent": p.quota_percent,
        }
        for p in projects
    ]  # fmt: skip


def snapshot(alliance: Alliance) -> dict[str, Any]:
    """The whole concept of ``alliance`` as it stands, as plain JSON (version 1):

    ``{"version": 1, "taken_at": ISO datetime, "guidelines": [...], "action_fields": [...],
    "goals": [...], "conflicts": [...], "measures": [...], "commitments": [...],
    "building_projects": [...]}``. Each entry keeps its row's ``id``; names of organisations,
    areas, bodies, guidelines are stored as text (as they read on that day), dates as ISO
    strings, choices as their value plus a German ``*_label``. A measure carries its
    ``milestones`` (title, due, reached_on) and its goals' codes; a commitment its standing
    ``signatories``."""
    with translation.override("de"):
        return {
            "version": SNAPSHOT_VERSION,
            "taken_at": timezone.now().isoformat(),
            "guidelines": _guidelines(alliance),
            "action_fields": _action_fields(alliance),
            "goals": _goals(alliance),
            "conflicts": _conflicts(alliance),
            "measures": _measures(alliance),
            "commitments": _commitments(alliance),
            "building_projects": _projects(alliance),
        }


@transaction.atomic
def start_edition(alliance: Alliance, by, *, title: str) -> ConceptEdition:
    """Open the next edition (number 1, 2, …) as the one in the works; its content is the live
    concept until it is adopted. Refused while another edition is in the works."""
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Bitte geben Sie der Fassung einen Titel."))
    editions = ConceptEdition.objects.select_for_update().filter(alliance=alliance)
    if any(e.status == EditionStatus.DRAFT for e in editions):
        raise ValidationError(_("Es ist schon eine Fassung in Bearbeitung."))
    number = (editions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            edition = ConceptEdition.objects.create(
                alliance=alliance, number=number, title=title, created_by=by
            )
    except IntegrityError as error:  # two people starting at once (no row to lock yet)
        raise ValidationError(_("Es ist schon eine Fassung in Bearbeitung.")) from error
    record_status(edition, by, new=True)
    return edition


def _check_decision(decided_on: datetime.date | None, printed_matter: str) -> str:
    errors: dict[str, list[ValidationError]] = {}
    if decided_on is None:
        errors["decided_on"] = [ValidationError(_("Bitte geben Sie das Datum des Beschlusses an."))]
    else:
        try:
            check_date_near_today(decided_on, _("Das Datum des Ratsbeschlusses"))
            if decided_on > timezone.localdate():
                raise ValidationError(_("Der Ratsbeschluss kann nicht in der Zukunft liegen."))
        except ValidationError as error:
            errors["decided_on"] = [error]
    printed_matter = (printed_matter or "").strip()
    if not printed_matter:
        errors["printed_matter"] = [ValidationError(_("Bitte geben Sie die Drucksache an."))]
    if errors:
        raise ValidationError(errors)
    return printed_matter


def check_decision_document(upload) -> None:
    """A PDF (by name and first bytes) within the ``concept_decision`` limit, not empty."""
    if not Path(upload.name or "").suffix.lower() == ".pdf":
        raise ValidationError(_("Der Beschluss muss eine PDF-Datei sein."))
    uploads.check_size(upload, "concept_decision")
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."))
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(_("Der Inhalt der Datei passt nicht zu ihrer Endung."))


@transaction.atomic
def adopt_edition(
    edition: ConceptEdition,
    by,
    *,
    decided_on: datetime.date,
    printed_matter: str,
    document=None,
) -> ConceptEdition:
    """Record the council's decision on the edition in the works (Koordination only): the date,
    the printed-matter number and the decision as a PDF (optional). The concept's content is
    frozen into the edition; the edition adopted before is superseded. The alliance's editions
    are locked, so two adoptions at once cannot both succeed."""
    if not by.has_perm("concept.adopt_edition", edition):
        raise ValidationError(_("Nur die Koordination kann eine Fassung beschließen."))
    printed_matter = _check_decision(decided_on, printed_matter)
    if document is not None:
        check_decision_document(document)
    locked = ConceptEdition.objects.select_for_update().filter(alliance=edition.alliance_id)
    editions = {e.pk: e for e in locked.order_by("number")}
    edition = editions[edition.pk]
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(
            _("Die Fassung %(number)s ist bereits beschlossen.") % {"number": edition.number}
        )
    note = in_site_language(
        gettext_noop("Ratsbeschluss vom %(day)s, Drucksache %(ref)s"),
        day=decided_on.strftime("%d.%m.%Y"),
        ref=printed_matter,
    )
    for earlier in editions.values():
        if earlier.status == EditionStatus.ADOPTED:
            change_status(
                earlier,
                EditionStatus.SUPERSEDED,
                by,
                in_site_language(
                    gettext_noop("abgelöst durch Fassung %(number)s"), number=edition.number
                ),
            )
    change_status(
        edition,
        EditionStatus.ADOPTED,
        by,
        note,
        save=False,
        decided_on=decided_on,
        printed_matter=printed_matter,
        adopted_by=by,
        adopted_at=timezone.now(),
        content=snapshot(edition.alliance),
    )
    if document is None:
        edition.save()
        return edition
    edition.decision_name = Path(document.name).name[-200:]
    edition.decision_size = document.size
    edition.decision_file.save(edition.decision_name, document, save=False)
    try:
        edition.save()
    except Exception:
        edition.decision_file.delete(save=False)
        raise
    return edition


def content_of(edition: ConceptEdition) -> dict[str, Any]:
    """The edition's frozen content, or (in the works) the live concept as it stands."""
    if edition.status == EditionStatus.DRAFT or not edition.content:
        return snapshot(edition.alliance)
    return edition.content


# Labels of the compared fields (German msgids), in the order a change lists them.
GOAL_FIELDS = {
    "code": gettext_lazy("Nummer"),
    "title": gettext_lazy("Ziel"),
    "guideline": gettext_lazy("Leitlinie"),
    "nature": gettext_lazy("Art"),
    "target_group_label": gettext_lazy("Zielgruppe"),
    "area": gettext_lazy("Gebiet"),
    "year_from": gettext_lazy("Ausgangsjahr"),
    "year_to": gettext_lazy("Zieljahr (Horizont)"),
    "indicator": gettext_lazy("Indikator"),
    "unit": gettext_lazy("Einheit"),
    "target": gettext_lazy("Zielwert"),
    "target_high": gettext_lazy("Zielwert oben (Korridor)"),
    "kind": gettext_lazy("Zielart"),
    "direction": gettext_lazy("Richtung"),
    "tolerance": gettext_lazy("Toleranz"),
    "priority": gettext_lazy("Priorität"),
}
MEASURE_COMPARED = {
    "title": gettext_lazy("Maßnahme"),
    "description": gettext_lazy("Beschreibung"),
    "guideline": gettext_lazy("Leitlinie"),
    "action_field": gettext_lazy("Handlungsfeld"),
    "lead": gettext_lazy("federführend"),
    "body": gettext_lazy("Gremium"),
    "partners": gettext_lazy("Partner"),
    "cost_eur": gettext_lazy("Kosten (EUR)"),
    "funding": gettext_lazy("Finanzierung"),
    "start": gettext_lazy("Beginn"),
    "end": gettext_lazy("Ende"),
    "status_label": gettext_lazy("Status"),
    "progress": gettext_lazy("Fortschritt (%)"),
    "priority": gettext_lazy("Priorität"),
    "goals": gettext_lazy("Ziele"),
    "areas": gettext_lazy("Gebietsbezug"),
    "milestones": gettext_lazy("Meilensteine"),
}


def _text(value: Any) -> str:
    """A compared value as one line: lists joined, milestones with their dates, nothing as –."""
    if value is None or value in ("", []):
        return "–"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):  # a milestone
        reached = value.get("reached_on")
        text = f"{value.get('title')} ({_('bis')} {_german_day(value.get('due'))}"
        if reached:
            text += f", {_('erreicht am')} {_german_day(reached)}"
        return text + ")"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return _german_day(value)
    return str(value)


def _german_day(iso: str | None) -> str:
    if not iso:
        return "–"
    return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y")


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any

    @property
    def old_text(self) -> str:
        return _text(self.old)

    @property
    def new_text(self) -> str:
        return _text(self.new)


@dataclass
class Changed:
    """One goal or measure present on both sides whose fields differ."""

    key: str
    title: str
    old: dict[str, Any]
    new: dict[str, Any]
    fields: list[FieldChange]


@dataclass
class Diff:
    added: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.dropped or self.changed)


@dataclass
class Comparison:
    goals: Diff
    measures: Diff

    def __bool__(self) -> bool:
        return bool(self.goals or self.measures)


def _fields(old: dict, new: dict, labels: dict) -> list[FieldChange]:
    return [
        FieldChange(name, str(label), old.get(name), new.get(name))
        for name, label in labels.items()
        if old.get(name) != new.get(name)
    ]


def _diff(pairs, added, dropped, labels, key, title) -> Diff:
    diff = Diff(added=added, dropped=dropped)
    for old, new in pairs:
        changes = _fields(old, new, labels)
        if changes:
            diff.changed.append(Changed(key(new), title(new), old, new, changes))
    return diff


def _compare_goals(old: list[dict], new: list[dict]) -> Diff:
    """Goals match by their id, a goal deleted and created again by its code."""
    new_by_id = {g["id"]: g for g in new}
    pairs = [(g, new_by_id.pop(g["id"])) for g in old if g["id"] in new_by_id]
    matched = {o["id"] for o, _n in pairs}
    rest_old = [g for g in old if g["id"] not in matched]
    rest_new = {g["code"]: g for g in new_by_id.values()}
    dropped = []
    for goal in rest_old:
        if goal["code"] in rest_new:
            pairs.append((goal, rest_new.pop(goal["code"])))
        else:
            dropped.append(goal)
    return _diff(
        sorted(pairs, key=lambda p: p[1]["code"]),
        sorted(rest_new.values(), key=lambda g: g["code"]),
        dropped,
        GOAL_FIELDS,
        lambda g: g["code"],
        lambda g: g["title"],
    )


def _compare_measures(old: list[dict], new: list[dict]) -> Diff:
    """Measures match by their number."""
    old_by, new_by = {m["number"]: m for m in old}, {m["number"]: m for m in new}
    return _diff(
        [(old_by[n], new_by[n]) for n in sorted(old_by.keys() & new_by.keys())],
        [new_by[n] for n in sorted(new_by.keys() - old_by.keys())],
        [old_by[n] for n in sorted(old_by.keys() - new_by.keys())],
        MEASURE_COMPARED,
        lambda m: str(m["number"]),
        lambda m: m["title"],
    )


def compare(edition_a: ConceptEdition, edition_b: ConceptEdition | None = None) -> Comparison:
    """What changed from ``edition_a`` to ``edition_b`` (without ``edition_b``: to the current
    draft, the live concept): goals and measures added, dropped and changed, each change with
    its fields' old and new values. Measures match by number, goals by id (or code)."""
    old = content_of(edition_a)
    new = content_of(edition_b) if edition_b is not None else snapshot(edition_a.alliance)
    return Comparison(
        goals=_compare_goals(old.get("goals", []), new.get("goals", [])),
        measures=_compare_measures(old.get("measures", []), new.get("measures", [])),
    )
