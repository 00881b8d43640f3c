"""The implementation's state as the audience may see it, shared by the evaluation and the
yearly progress report: the public version shows a measure's status and progress only as
Koordination released them (``Measure.released_status``/``released_progress``, as the public
progress page does), the internal version the live values."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept.models import Measure, MeasureStatus
from wohnbuendnis.reports.document import Document, german_number


def measures(alliance: Alliance) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(alliance=alliance)
        .select_related("lead", "guideline")
        .prefetch_related("milestones")
        .order_by("number")
    )


def state(measure: Measure, public: bool) -> tuple[str, int | None]:
    """(status value, progress) the audience sees; public and never released: ("", None)."""
    if public:
        return measure.released_status, measure.released_progress
    return measure.status, measure.progress


def status_label(status: str) -> str:
    return str(MeasureStatus(status).label) if status else _("Stand folgt")


def progress_text(progress: int | None) -> str:
    return f"{progress}\u00a0%" if progress is not None else "–"


def measures_table(document: Document, rows: list[Measure], public: bool, caption: str) -> None:
    """Number, title, lead, status, progress, milestones reached of all."""
    table = []
    for m in rows:
        status, progress = state(m, public)
        milestones = list(m.milestones.all())
        reached = sum(1 for s in milestones if s.reached_on is not None)
        table.append(
            [
                str(m.number),
                m.title,
                str(m.lead),
                status_label(status),
                progress_text(progress),
                f"{reached} / {len(milestones)}",
            ]
        )
    document.table(
        caption,
        [
            _("Nr."),
            _("Maßnahme"),
            _("federführend"),
            _("Status"),
            _("Fortschritt"),
            _("Meilensteine erreicht"),
        ],
        table,
    )


def status_summary(document: Document, rows: list[Measure], public: bool) -> None:
    """How many measures per status, and the average progress (of those with a progress)."""
    counts = {s: 0 for s in MeasureStatus.values}
    pending = 0
    progresses = []
    for m in rows:
        status, progress = state(m, public)
        if status:
            counts[status] += 1
        else:
            pending += 1
        if progress is not None:
            progresses.append(progress)
    table = [[str(MeasureStatus(s).label), str(n)] for s, n in counts.items()]
    if pending:
        table.append([_("Stand folgt (noch nicht freigegeben)"), str(pending)])
    table.append([_("zusammen"), str(len(rows))])
    document.table(_("Maßnahmen nach Status"), [_("Status"), _("Maßnahmen")], table)
    if progresses:
        document.paragraph(
            _("Durchschnittlicher Fortschritt der Maßnahmen: %(p)s %%.")
            % {"p": german_number(sum(progresses) / len(progresses), 0)}
        )
