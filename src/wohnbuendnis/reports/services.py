"""Every state change of a report: requested, built (in the background), published or
withdrawn. ``build_document`` and ``render`` are also what the command calls."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.reports.builders import BUILDERS, Options, Progress, ReportInputError
from wohnbuendnis.reports.builders.common import no_progress
from wohnbuendnis.reports.document import Document, Logo
from wohnbuendnis.reports.models import Audience, Report, ReportStatus
from wohnbuendnis.reports.render import renderer

log = logging.getLogger(__name__)


def build_document(kind: str, options: Options, progress: Progress = no_progress) -> Document:
    """The neutral document of a report kind from the live data (``ReportInputError`` when
    the options do not fit, e.g. a meeting without approved minutes for the public)."""
    document = BUILDERS[kind](options, progress)
    document.logo = logo_of(options.alliance)
    return document


def logo_of(alliance: Alliance) -> Logo | None:
    """The alliance's logo for the title page (None without one, or when its file is gone)."""
    if not alliance.logo:
        return None
    try:
        with alliance.logo.open("rb") as stored:
            content = stored.read()
    except OSError:
        log.warning("logo of alliance %s missing: %s", alliance.pk, alliance.logo.name)
        return None
    suffix = "." + alliance.logo.name.rsplit(".", 1)[-1].lower()
    return Logo(content, suffix, _("Logo %(name)s") % {"name": alliance.name})


def render(document: Document, fmt: str) -> bytes:
    return renderer(fmt)(document)


def request_report(
    alliance: Alliance,
    user,
    *,
    kind: str,
    fmt: str,
    audience: str = Audience.PUBLIC,
    year: int | None = None,
    edition: int | None = None,
    meeting=None,
) -> Report:
    """A queued report (the caller hands it to the worker: ``tasks.start_report``)."""
    if kind not in BUILDERS:
        raise ValidationError(_("Diesen Bericht gibt es noch nicht."))
    if kind in ("minutes", "invitation") and meeting is None:
        raise ValidationError(_("Bitte eine Sitzung wählen."))
    if meeting is not None and meeting.body.alliance_id != alliance.pk:
        raise ValidationError(_("Die Sitzung gehört nicht zu diesem Bündnis."))
    with transaction.atomic():
        report = Report.objects.create(
            alliance=alliance,
            kind=kind,
            format=fmt,
            audience=audience,
            year=year,
            edition=edition,
            meeting=meeting,
            author=user,
        )
        record_status(report, user, new=True)
    return report


def _set_progress(report: Report):
    def progress(percent: int, message: str) -> None:
        Report.objects.filter(pk=report.pk).update(progress=percent, message=message[:300])

    return progress


def execute_report(report_id: int) -> Report:
    """Build and render a queued report; ends ``fertig`` with its file or ``fehlgeschlagen``
    with the reason (nothing half written: the file is stored only when it is complete)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("alliance").get(pk=report_id)
        if report.status != ReportStatus.QUEUED:
            return report
        reading = _("Daten werden gelesen")
        change_status(report, ReportStatus.RUNNING, None, progress=5, message=reading)
    options = Options(
        alliance=report.alliance,
        public=report.audience == Audience.PUBLIC,
        year=report.year,
        edition=report.edition,
        meeting_id=report.meeting_id,
    )
    try:
        document = build_document(report.kind, options, _set_progress(report))
        _set_progress(report)(90, _("Datei wird gesetzt"))
        content = render(document, report.format)
    except Exception as error:  # a report must end with a status, whatever went wrong
        if not isinstance(error, ReportInputError):
            log.exception("report %s failed", report.pk)
        message = str(error) if isinstance(error, ReportInputError) else _("Interner Fehler.")
        report.refresh_from_db()
        change_status(
            report,
            ReportStatus.FAILED,
            None,
            message[:300],
            error=message,
            progress=100,
            message=message[:300],  # not the last step ("Daten werden gelesen") any more
        )
        return report
    report.refresh_from_db()
    report.file.save(report.file_name, ContentFile(content), save=False)
    change_status(
        report,
        ReportStatus.DONE,
        None,
        progress=100,
        message="",
        file=report.file.name,
        finished_at=timezone.now(),
        data_state=document.data_state[:300],
        contains_non_public=document.contains_non_public,
    )
    return report


def publish_report(report: Report, user, *, published: bool = True) -> Report:
    """Koordination shows a finished report on the public pages (or takes it back). A report
    that contains anything not public is refused, whoever asks."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if published:
            if report.status != ReportStatus.DONE:
                raise ValidationError(_("Nur fertige Berichte können veröffentlicht werden."))
            if report.contains_non_public or report.audience != Audience.PUBLIC:
                raise ValidationError(
                    _(
                        "Dieser Bericht enthält nichtöffentliche Inhalte (nichtöffentliche "
                        "Tagesordnungspunkte, nicht freigegebene Protokolle oder Namen) und kann "
                        "nicht veröffentlicht werden."
                    )
                )
        report.published = published
        report.published_at = timezone.now() if published else None
        report.save(update_fields=["published", "published_at"])
        record_status(
            report,
            user,
            in_site_language(
                gettext_noop("veröffentlicht") if published else gettext_noop("zurückgezogen")
            ),
        )
    return report
