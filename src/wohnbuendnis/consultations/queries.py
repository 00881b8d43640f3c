"""Read-only lookups of the consultation pages: who represents which invited organisation,
the lists, and the synopsis (every section with each statement's latest version beside it and
Koordination's response)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wohnbuendnis.alliance.models import Alliance, Membership, Organisation
from wohnbuendnis.concept.models import ConceptEdition
from wohnbuendnis.consultations.models import (
    Consultation,
    ConsultationStatus,
    Response,
    Section,
    Statement,
    StatementVersion,
    Verdict,
)


def represented(user, consultation: Consultation) -> list[Organisation]:
    """The invited organisations of ``consultation`` for which ``user`` holds a role in its
    alliance today (the people who may write their statement)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = user.__dict__.setdefault("_wb_represented", {})
    if consultation.pk not in cache:
        organisation_ids = (
            Membership.objects.active()
            .filter(alliance_id=consultation.alliance_id, person__user=user)
            .exclude(organisation=None)
            .values_list("organisation_id", flat=True)
        )
        cache[consultation.pk] = list(
            consultation.organisations.filter(pk__in=organisation_ids).order_by("name")
        )
    return cache[consultation.pk]


def deadline_passed(consultation: Consultation) -> bool:
    """Statements are accepted up to and including the deadline's day."""
    return timezone.localdate() > consultation.deadline


def accepts_statements(consultation: Consultation) -> bool:
    return consultation.status == ConsultationStatus.OPEN and not deadline_passed(consultation)


def for_members(alliance: Alliance, *, drafts: bool) -> QuerySet[Consultation]:
    """The alliance's consultations, newest deadline first (drafts for Koordination only)."""
    consultations = Consultation.objects.filter(alliance=alliance).select_related("edition")
    if not drafts:
        consultations = consultations.exclude(status=ConsultationStatus.DRAFT)
    return consultations


def published(alliance: Alliance) -> QuerySet[Consultation]:
    return Consultation.objects.filter(alliance=alliance, status=ConsultationStatus.PUBLISHED)


def latest_versions(consultation: Consultation) -> dict[int, StatementVersion]:
    """Statement id → its latest version (with its comments), for the whole consultation."""
    versions = (
        StatementVersion.objects.filter(statement__consultation=consultation)
        .select_related("statement__organisation", "submitted_by")
        .prefetch_related("comments")
        .order_by("statement_id", "number")
    )
    return {v.statement_id: v for v in versions}


@dataclass
class Entry:
    """One statement's text on one section (or on the whole draft) and the response to it."""

    statement: Statement
    version: StatementVersion
    section: Section | None
    text: str
    public: bool
    response: Response | None

    @property
    def key(self) -> str:
        return f"{self.statement.pk}_{self.section.pk if self.section else 0}"

    @property
    def organisation(self) -> str:
        return self.statement.organisation.name

    @property
    def verdict(self) -> str:
        return self.response.verdict if self.response else ""

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.verdict).label) if self.verdict else ""

    @property
    def reason(self) -> str:
        return self.response.reason if self.response else ""


@dataclass
class Row:
    section: Section | None  # None: the draft as a whole
    entries: list[Entry] = field(default_factory=list)


def synopsis(consultation: Consultation, *, public: bool = False) -> list[Row]:
    """The synopsis: a row for the draft as a whole, then one per section, each with every
    statement's latest text on it and Koordination's response. ``public``: a statement marked
    internal keeps its organisation, but its text and the reason of the response are left
    out here already (the page says "nicht öffentliche Stellungnahme")."""
    sections = list(consultation.sections.all())
    versions = latest_versions(consultation)
    responses = {
        (r.statement_id, r.section_id): r
        for r in Response.objects.filter(statement__consultation=consultation)
    }
    rows = [Row(None), *(Row(s) for s in sections)]
    by_section = {s.pk: row for s, row in zip(sections, rows[1:], strict=True)}
    for version in sorted(versions.values(), key=lambda v: v.statement.organisation.name):
        texts = [(None, version.general)] + [(c.section_id, c.text) for c in version.comments.all()]
        for section_id, text in texts:
            if not text.strip():
                continue
            row = rows[0] if section_id is None else by_section[section_id]
            response = responses.get((version.statement_id, section_id))
            hidden = public and not version.public
            if hidden and response is not None:
                response = Response(verdict=response.verdict)
            row.entries.append(
                Entry(
                    version.statement, version, row.section, "" if hidden else text,
                    version.public, response,
                )
            )  # fmt: skip
    return [row for row in rows if row.section is not None or row.entries]


@dataclass
class Summary:
    """The figures of a published synopsis for the concept report."""

    consultation: Consultation
    invited: int
    statements: int
    public_statements: int
    verdicts: Counter


def summaries_for_edition(edition: ConceptEdition | None) -> list[tuple[Summary, list[Row]]]:
    """The published synopses of the consultations on ``edition`` (oldest first), each with its
    public synopsis."""
    if edition is None:
        return []
    consultations = (
        Consultation.objects.filter(edition=edition, status=ConsultationStatus.PUBLISHED)
        .prefetch_related(Prefetch("sections"))
        .order_by("deadline", "pk")
    )
    result = []
    for consultation in consultations:
        versions = latest_versions(consultation)
        rows = synopsis(consultation, public=True)
        verdicts = Counter(e.verdict for row in rows for e in row.entries if e.verdict)
        summary = Summary(
            consultation,
            consultation.organisations.count(),
            len(versions),
            sum(1 for v in versions.values() if v.public),
            verdicts,
        )
        result.append((summary, rows))
    return result
