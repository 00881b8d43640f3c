"""Every state change of a consultation (convention 5): create, sections, open (invitations by
e-mail), submit a statement (a revision is a new version), close, respond in the synopsis, publish.
Each runs in a transaction, locks the consultation where two people can race, and appends a
history row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance, Membership, Organisation
from wohnbuendnis.concept.models import ConceptEdition
from wohnbuendnis.consultations import queries
from wohnbuendnis.consultations.models import (
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    Response,
    Section,
    SectionComment,
    Statement,
    StatementVersion,
    Verdict,
)
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.lib.site_language import in_site_language

UPLOAD_KIND = "consultation_document"
ZIP_MAGIC = b"PK\x03\x04"
DOCUMENT_TYPES = {".pdf": b"%PDF", ".docx": ZIP_MAGIC}
MAX_TEXT = 20_000


def check_document(upload) -> None:
    """A PDF or DOCX (by the name's suffix and the file's first bytes) within the limit of
    ``consultation_document``, not empty."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(_("Erlaubt sind nur PDF- und DOCX-Dateien."))
    uploads.check_size(upload, UPLOAD_KIND)
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."))
    magic = DOCUMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(_("Der Inhalt der Datei passt nicht zu ihrer Endung."))


def check_deadline(deadline: datetime.date | None) -> None:
    """A deadline within ten years of today and not in the past (form and service)."""
    if deadline is None:
        raise ValidationError(_("Bitte geben Sie eine Frist an."))
    check_date_near_today(deadline, _("Die Frist"))
    if deadline < timezone.localdate():
        raise ValidationError(_("Die Frist kann nicht in der Vergangenheit liegen."))


def _lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _require(consultation: Consultation, *statuses: str) -> None:
    if consultation.status not in statuses:
        raise ValidationError(
            _("Das ist im Status „%(status)s“ nicht möglich.")
            % {"status": consultation.get_status_display()}
        )


def _members(alliance: Alliance) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            alliance_memberships__in=alliance.member_organisations.active()
        ).distinct()
    )


@transaction.atomic
def create_consultation(  # noqa: PLR0913 (keyword-only fields of the form)
    alliance: Alliance,
    by,
    *,
    title: str,
    kind: str,
    deadline: datetime.date,
    description: str = "",
    edition: ConceptEdition | None = None,
    organisations: Iterable[Organisation] | None = None,
    document=None,
) -> Consultation:
    """A new consultation in draft (sections follow); invited are ``organisations`` (by default
    every member organisation of the alliance today)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    if kind not in ConsultationKind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie die Art des Entwurfs.")})
    if edition is not None and edition.alliance_id != alliance.pk:
        raise ValidationError({"edition": _("Die Fassung gehört zu einem anderen Bündnis.")})
    try:
        check_deadline(deadline)
    except ValidationError as error:
        raise ValidationError({"deadline": error.messages}) from None
    members = _members(alliance)
    invited = members if organisations is None else list(organisations)
    if not invited:
        raise ValidationError(
            {"organisations": _("Bitte laden Sie mindestens eine Organisation ein.")}
        )
    if {o.pk for o in invited} - {o.pk for o in members}:
        raise ValidationError(
            {"organisations": _("Eingeladen werden können nur Mitgliedsorganisationen.")}
        )
    if document is not None:
        try:
            check_document(document)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from None
    consultation = Consultation.objects.create(
        alliance=alliance, title=title, kind=kind, deadline=deadline,
        description=(description or "").strip(), edition=edition, created_by=by,
    )  # fmt: skip
    consultation.organisations.set(invited)
    if document is not None:
        _store(consultation, document)
    record_status(consultation, by, new=True)
    return consultation


def _store(consultation: Consultation, document) -> None:
    consultation.document_name = Path(document.name).name[-200:]
    consultation.document_size = document.size
    consultation.document.save(consultation.document_name, document, save=False)
    name = consultation.document.name
    try:
        consultation.save(update_fields=["document", "document_name", "document_size"])
    except Exception:
        consultation.document.storage.delete(name)
        raise


@transaction.atomic
def set_sections(
    consultation: Consultation, by, rows: Iterable[tuple[str, str, str]]
) -> list[Section]:
    """The draft's sections as Koordination entered them (number, title, text), in order:
    the list replaces the one before, while the consultation is still a draft."""
    consultation = _lock(consultation)
    _require(consultation, ConsultationStatus.DRAFT)
    cleaned = []
    for row in rows:
        number, title, text = ((value or "").strip() for value in row)
        if not (number or title or text):
            continue
        if not title:
            raise ValidationError(
                _("Abschnitt %(n)s: bitte geben Sie einen Titel an.") % {"n": number or "?"}
            )
        cleaned.append((number or str(len(cleaned) + 1), title[:200], text))
    numbers = [n for n, _t, _x in cleaned]
    if len(set(numbers)) != len(numbers):
        raise ValidationError(_("Jede Nummer eines Abschnitts darf nur einmal vorkommen."))
    consultation.sections.all().delete()
    sections = Section.objects.bulk_create(
        Section(consultation=consultation, position=i, number=n[:20], title=t, text=x)
        for i, (n, t, x) in enumerate(cleaned, start=1)
    )
    record_status(
        consultation,
        by,
        in_site_language(gettext_noop("%(n)s Abschnitte eingetragen"), n=len(sections)),
    )
    return sections


def sections_of_edition(edition: ConceptEdition, source: str) -> list[tuple[str, str, str]]:
    """Proposed sections from a concept edition: its guidelines (``leitlinien``) or its action
    fields (``handlungsfelder``), as (number, title, text)."""
    from wohnbuendnis.concept.services.editions import content_of

    content = content_of(edition)
    if source == "handlungsfelder":
        return [
            (str(i), f["name"], str(f.get("kind_label", "")))
            for i, f in enumerate(content.get("action_fields", []), start=1)
        ]
    return [
        (str(i), g["name"], g.get("text", ""))
        for i, g in enumerate(content.get("guidelines", []), start=1)
    ]


@transaction.atomic
def open_consultation(consultation: Consultation, by, *, url: str = "") -> Consultation:
    """Put the draft to the invited organisations: the status becomes "offen" and everyone with
    a role in the alliance for an invited organisation gets an e-mail (after the commit)."""
    consultation = _lock(consultation)
    _require(consultation, ConsultationStatus.DRAFT)
    if not consultation.sections.exists() and not consultation.document:
        raise ValidationError(
            _("Bitte tragen Sie erst die Abschnitte des Entwurfs ein oder laden Sie ihn hoch.")
        )
    if consultation.deadline < timezone.localdate():
        raise ValidationError(_("Die Frist ist schon vorbei; bitte setzen Sie eine neue."))
    change_status(consultation, ConsultationStatus.OPEN, by, opened_at=timezone.now())
    messages = _invitations(consultation, url)
    transaction.on_commit(lambda: _send(messages))
    return consultation


def _invitations(consultation: Consultation, url: str) -> list[EmailMessage]:
    people = (
        Membership.objects.active()
        .filter(
            alliance_id=consultation.alliance_id, organisation__in=consultation.organisations.all()
        )
        .exclude(person__email="")
        .values_list("person__email", flat=True)
        .distinct()
    )
    subject = _("Bitte um Stellungnahme: %(title)s") % {"title": consultation.title}
    text = _(
        "Die Koordination des Bündnisses „%(alliance)s“ bittet Ihre Organisation um eine "
        "schriftliche Stellungnahme zum Entwurf „%(title)s“ bis zum %(day)s.\n\n%(url)s"
    ) % {
        "alliance": consultation.alliance.name,
        "title": consultation.title,
        "day": consultation.deadline.strftime("%d.%m.%Y"),
        "url": url,
    }
    return [
        EmailMessage(subject, text.strip(), settings.DEFAULT_FROM_EMAIL, [email])
        for email in sorted(set(people))
    ]


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


@transaction.atomic
def submit_statement(
    consultation: Consultation,
    by,
    organisation: Organisation,
    *,
    general: str = "",
    comments: Mapping[int, str] | None = None,
    public: bool = False,
    attachment=None,
    based_on: int = 0,
) -> StatementVersion:
    """The organisation's statement (on the whole draft and/or on single sections: section id →
    text), or its revision: always a new version beside the earlier ones. Accepted from people
    with a role in the alliance for an invited organisation, up to the deadline.

    ``based_on`` is the version the form showed (0: none yet): when somebody of the same
    organisation saved a version since, nothing is saved, so nobody's text is silently
    replaced. The consultation is locked, so two people at once give one consistent statement."""
    consultation = _lock(consultation)
    if organisation not in queries.represented(by, consultation):
        raise ValidationError(
            _("Nur Personen der eingeladenen Organisation können ihre Stellungnahme abgeben.")
        )
    if consultation.status != ConsultationStatus.OPEN or queries.deadline_passed(consultation):
        raise ValidationError(
            _(
                "Die Frist für Stellungnahmen ist am %(day)s abgelaufen; es werden keine "
                "Stellungnahmen mehr angenommen."
            )
            % {"day": consultation.deadline.strftime("%d.%m.%Y")}
            if consultation.status != ConsultationStatus.DRAFT
            else _("Das Beteiligungsverfahren ist noch nicht eröffnet.")
        )
    texts = _statement_texts(consultation, general, comments or {})
    if attachment is not None:
        try:
            check_document(attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from None
    statement, _created = Statement.objects.get_or_create(
        consultation=consultation, organisation=organisation
    )
    latest = statement.versions.aggregate(n=Max("number"))["n"] or 0
    if latest != based_on:
        raise ValidationError(
            _(
                "Inzwischen hat jemand aus Ihrer Organisation die Stellungnahme gespeichert "
                "(Fassung %(n)s). Nichts ist gespeichert; Ihre Eingaben stehen noch im "
                "Formular. Bitte laden Sie die Seite neu und übernehmen Sie die neue Fassung."
            )
            % {"n": latest},
            code="stale",
        )
    version = StatementVersion.objects.create(
        statement=statement, number=latest + 1, general=texts[None], public=bool(public),
        submitted_by=by,
    )  # fmt: skip
    SectionComment.objects.bulk_create(
        SectionComment(version=version, section_id=pk, text=text)
        for pk, text in texts.items()
        if pk is not None
    )
    if attachment is not None:
        version.attachment_name = Path(attachment.name).name[-200:]
        version.attachment_size = attachment.size
        version.attachment.save(version.attachment_name, attachment, save=True)
    note = in_site_language(
        gettext_noop("Stellungnahme von %(org)s (Fassung %(n)s)"),
        org=organisation.short_name or organisation.name,
        n=version.number,
    )
    record_status(consultation, by, note)
    return version


def _statement_texts(
    consultation: Consultation, general: str, comments: Mapping[int, str]
) -> dict[int | None, str]:
    sections = set(consultation.sections.values_list("pk", flat=True))
    texts: dict[int | None, str] = {None: (general or "").strip()}
    for pk, text in comments.items():
        if int(pk) not in sections:
            raise ValidationError(_("Der Abschnitt gehört nicht zu diesem Entwurf."))
        if (text or "").strip():
            texts[int(pk)] = text.strip()
    if not any(texts.values()):
        raise ValidationError(
            _("Bitte schreiben Sie eine Stellungnahme zum Entwurf oder zu einem Abschnitt.")
        )
    if any(len(t) > MAX_TEXT for t in texts.values()):
        raise ValidationError(
            _("Ein Text ist länger als %(n)s Zeichen.") % {"n": f"{MAX_TEXT:,}".replace(",", ".")}
        )
    return texts


@transaction.atomic
def close_consultation(consultation: Consultation, by, note: str = "") -> Consultation:
    """End the consultation (by hand, or after the deadline): no statement is accepted after."""
    consultation = _lock(consultation)
    _require(consultation, ConsultationStatus.OPEN)
    change_status(consultation, ConsultationStatus.CLOSED, by, note)
    return consultation


def close_due(today: datetime.date | None = None) -> list[Consultation]:
    """Close every open consultation whose deadline has passed (the daily command)."""
    day = today or timezone.localdate()
    closed = []
    due = Consultation.objects.filter(status=ConsultationStatus.OPEN, deadline__lt=day)
    note = in_site_language(gettext_noop("Frist abgelaufen"))
    for consultation in due.order_by("pk"):
        try:
            closed.append(close_consultation(consultation, None, note))
        except ValidationError:
            continue  # closed by hand meanwhile
    return closed


Answer = tuple[str, str]  # (verdict, reason)


@transaction.atomic
def respond(
    consultation: Consultation,
    by,
    answers: Mapping[str, Answer],
    *,
    shown: Mapping[str, Answer] | None = None,
) -> int:
    """Koordination's responses for the whole synopsis in one go (entry key
    ``<statement id>_<section id or 0>`` → (verdict, reason)): all of them or, when one is
    refused, none. ``shown`` (key → what the page showed) refuses the whole save when somebody
    saved a response since the page was shown. Returns how many responses changed."""
    consultation = _lock(consultation)
    if consultation.status == ConsultationStatus.PUBLISHED:
        raise ValidationError(_("Die Synopse ist veröffentlicht und lässt sich nicht mehr ändern."))
    _require(consultation, ConsultationStatus.CLOSED)
    entries = {e.key: e for row in queries.synopsis(consultation) for e in row.entries}
    unknown = set(answers) - set(entries)
    if unknown:
        raise ValidationError(_("Eine Antwort gehört zu keiner Stellungnahme dieser Synopse."))
    wanted = {key: (v or "", (r or "").strip()) for key, (v, r) in answers.items()}
    missing = [entries[k].organisation for k, (v, r) in wanted.items() if r and not v]
    if missing:
        raise ValidationError(
            _("Bitte wählen Sie zu jeder Begründung ein Ergebnis (%(orgs)s).")
            % {"orgs": ", ".join(sorted(set(missing)))}
        )
    if any(v and v not in Verdict.values for v, _r in wanted.values()):
        raise ValidationError(_("Unbekanntes Ergebnis."))
    stored = {
        f"{r.statement_id}_{r.section_id or 0}": r
        for r in Response.objects.select_for_update().filter(statement__consultation=consultation)
    }
    if shown is not None:
        _refuse_stale(entries, stored, wanted, shown)
    now, count = timezone.now(), 0
    for key, (verdict, reason) in wanted.items():
        response = stored.get(key)
        if _answer(response) == (verdict, reason):
            continue
        entry = entries[key]
        if response is None:
            response = Response(statement=entry.statement, section=entry.section)
        response.verdict, response.reason = verdict, reason
        response.responded_by, response.responded_at = by, now
        response.save()
        count += 1
    if count:
        record_status(
            consultation, by, in_site_language(gettext_noop("%(n)s Antworten gespeichert"), n=count)
        )
    return count


def _refuse_stale(entries, stored, wanted, shown) -> None:
    """Refuse when a response changed since the page showed it (and not to what is wanted)."""
    changed = sorted(
        {
            entries[key].organisation
            for key, answer in wanted.items()
            if key in shown
            and _answer(stored.get(key)) != _clean(shown[key])
            and _answer(stored.get(key)) != answer
        }
    )
    if changed:
        raise ValidationError(
            _(
                "Inzwischen hat jemand anderes Antworten gespeichert (%(orgs)s). Nichts ist "
                "gespeichert; Ihre Eingaben stehen noch im Formular. Bitte laden Sie die "
                "Seite neu und ergänzen Sie die neue Fassung."
            )
            % {"orgs": ", ".join(changed)},
            code="stale",
        )


def _answer(response: Response | None) -> Answer:
    return ("", "") if response is None else (response.verdict, response.reason)


def _clean(answer: Answer) -> Answer:
    return (answer[0] or "", (answer[1] or "").strip())


@transaction.atomic
def publish_synopsis(consultation: Consultation, by) -> Consultation:
    """Publish the synopsis (public statements with their text, internal ones without); every
    statement needs a response first."""
    consultation = _lock(consultation)
    _require(consultation, ConsultationStatus.CLOSED)
    open_entries = [
        e for row in queries.synopsis(consultation) for e in row.entries if not e.verdict
    ]
    if open_entries:
        raise ValidationError(
            _("Noch %(n)s Stellungnahmen ohne Antwort: bitte erst alle beantworten.")
            % {"n": len(open_entries)}
        )
    change_status(consultation, ConsultationStatus.PUBLISHED, by, published_at=timezone.now())
    return consultation
