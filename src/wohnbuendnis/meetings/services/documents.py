"""Documents of agenda items: upload with type and size checks, deletion."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.history import record_status
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Minutes,
    MinutesStatus,
)

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024  # the default; settings.UPLOAD_LIMITS_MB["meeting_document"]
ZIP_MAGIC = b"PK\x03\x04"
# suffix → (content type, how the file starts)
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP_MAGIC,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP_MAGIC),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP_MAGIC),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


@transaction.atomic
def add_document(item: AgendaItem, by, upload) -> AgendaDocument:
    """Attach a file to an agenda item: PDF, DOCX, XLSX, ODT, PNG or JPG up to the limit of
    ``meeting_document`` (20 MB unless configured).

    The type is checked by the name's suffix and the file's first bytes, not by what the
    browser claims."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(_("Erlaubt sind nur PDF-, DOCX-, XLSX-, ODT-, PNG- und JPG-Dateien."))
    uploads.check_size(upload, "meeting_document")
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."))
    content_type, magic = DOCUMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(_("Der Inhalt der Datei passt nicht zu ihrer Endung."))
    document = AgendaDocument(
        agenda_item=item,
        name=name[-200:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save(name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def delete_document(document: AgendaDocument, by) -> None:
    """Delete a document of an agenda item and note it in the meeting's history.

    Refused once the item is public and the minutes are published: the public has seen the
    file then. The stored file is removed only after the transaction commits, so a rollback
    keeps row and file together. The document, its meeting and the minutes are locked, so that
    neither a second deletion nor a publication slips in between check and deletion. Who may
    delete is checked by the view: ``meetings.manage_meeting``, the right to upload."""
    try:
        document = (
            AgendaDocument.objects.select_for_update()
            .select_related("agenda_item__meeting")
            .get(pk=document.pk)
        )
    except AgendaDocument.DoesNotExist:
        raise ValidationError(_("Das Dokument wurde bereits gelöscht.")) from None
    item, meeting = document.agenda_item, document.agenda_item.meeting
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if item.public and minutes is not None and minutes.status == MinutesStatus.PUBLISHED:
        raise ValidationError(
            _(
                "Das Dokument gehört zu veröffentlichten Protokollen und kann nicht mehr "
                "gelöscht werden."
            )
        )
    # A note, not a status change: the status stays as it is.
    record_status(
        meeting,
        by,
        in_site_language(
            gettext_noop("Dokument „%(name)s“ (TOP %(position)s) gelöscht"),
            name=document.name,
            position=item.position,
        ),
    )
    storage, stored_name = document.file.storage, document.file.name
    document.delete()
    # robust: the row is gone either way; a file that cannot be removed must not turn the
    # committed deletion into an error page.
    transaction.on_commit(lambda: storage.delete(stored_name), robust=True)
