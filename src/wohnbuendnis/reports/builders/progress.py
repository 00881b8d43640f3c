"""The yearly progress report ("Jahresbericht zur Umsetzung") of one year (``--year``, by
default last year): the measures' status and their milestones (reached in the year, due in
the year and not reached, due next year), the self-commitments' yearly reports, the
building projects (status, dwellings, subsidised dwellings; finished in the year).

The public version shows the measures as Koordination released them (as the public progress
page) and of the self-commitments only who reported (their statements stay with the members,
as on the public signatories page); the internal version the live state and the statements."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries as concept_queries
from wohnbuendnis.concept.models import (
    BuildingProject,
    Commitment,
    CommitmentReport,
    CommitmentSignature,
    Milestone,
    ProjectStatus,
)
from wohnbuendnis.reports.builders import implementation
from wohnbuendnis.reports.builders.common import Options, Progress, ReportInputError, data_state
from wohnbuendnis.reports.document import Document, german_number


def report_year(options: Options) -> int:
    this_year = timezone.localdate().year
    year = options.year if options.year is not None else this_year - 1
    if not 1990 <= year <= this_year:
        raise ReportInputError(
            _("Das Berichtsjahr %(year)s liegt nicht zwischen 1990 und %(now)s.")
            % {"year": year, "now": this_year}
        )
    return year


def build(options: Options, progress: Progress) -> Document:
    alliance = options.alliance
    year = report_year(options)
    document = Document(
        title=_("Jahresbericht zur Umsetzung"),
        alliance=alliance.name,
        subtitle=_("Berichtsjahr %(year)s") % {"year": year},
        data_state=data_state(alliance),
    )
    document.paragraph(
        _(
            "Der Jahresbericht zeigt, wie weit die Maßnahmen des Handlungskonzepts umgesetzt "
            "sind, welche Meilensteine im Jahr %(year)s erreicht wurden oder fällig waren, was "
            "die Unterzeichnenden der Selbstverpflichtungen berichten und wie die Bauvorhaben "
            "vorankommen."
        )
        % {"year": year}
    )
    progress(10, _("Maßnahmen"))
    _measures(document, alliance, options.public)
    progress(40, _("Meilensteine"))
    _milestones(document, alliance, year)
    progress(60, _("Selbstverpflichtungen"))
    document.contains_non_public = _commitments(document, alliance, year, options.public)
    progress(80, _("Bauvorhaben"))
    _projects(document, alliance, year)
    return document


def _measures(document: Document, alliance: Alliance, public: bool) -> None:
    document.heading(_("Stand der Maßnahmen"))
    if public:
        document.paragraph(
            _(
                "Status und Fortschritt, wie die Koordination sie freigegeben hat (Stand heute); "
                "„Stand folgt“: noch nichts freigegeben."
            )
        )
    rows = list(implementation.measures(alliance))
    implementation.status_summary(document, rows, public)
    implementation.measures_table(document, rows, public, _("Maßnahmen des Handlungskonzepts"))


def _day(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"


def _milestones(document: Document, alliance: Alliance, year: int) -> None:
    document.heading(_("Meilensteine"))
    milestones = list(
        Milestone.objects.filter(measure__alliance=alliance)
        .select_related("measure")
        .order_by("due", "measure__number", "pk")
    )
    end = datetime.date(year, 12, 31)
    reached = [m for m in milestones if m.reached_on and m.reached_on.year == year]
    missed = [
        m for m in milestones if m.due.year == year and (m.reached_on is None or m.reached_on > end)
    ]
    upcoming = [
        m
        for m in milestones
        if m.due.year == year + 1 and (m.reached_on is None or m.reached_on > end)
    ]
    header = [_("Nr."), _("Maßnahme"), _("Meilenstein"), _("geplant bis"), _("erreicht am")]

    def rows(items: list[Milestone]) -> list[list[str]]:
        return [
            [str(m.measure.number), m.measure.title, m.title, _day(m.due), _day(m.reached_on)]
            for m in items
        ]

    sections = [
        (_("Im Jahr %(y)s erreicht") % {"y": year}, reached),
        (_("Im Jahr %(y)s fällig und im Jahr nicht erreicht") % {"y": year}, missed),
        (_("Im Jahr %(y)s fällig") % {"y": year + 1}, upcoming),
    ]
    document.table(
        _("Meilensteine im Überblick"),
        [_("Meilensteine"), _("Anzahl")],
        [[title, str(len(items))] for title, items in sections],
    )
    for title, items in sections:
        document.heading(title, 2)
        if items:
            document.table(title, header, rows(items))
        else:
            document.paragraph(_("Keine."))


def _commitments(document: Document, alliance: Alliance, year: int, public: bool) -> bool:
    """The signatories' reports of ``year``; True when statements (internal) were written."""
    document.heading(_("Selbstverpflichtungen"))
    reports = CommitmentReport.objects.filter(year=year).order_by("-version")
    signatures = (
        CommitmentSignature.objects.filter(withdrawn_at__isnull=True)
        .select_related("organisation")
        .prefetch_related(Prefetch("reports", queryset=reports))
        .order_by("organisation__name")
    )
    commitments = (
        Commitment.objects.filter(alliance=alliance)
        .prefetch_related(Prefetch("signatures", queryset=signatures))
        .order_by("adopted_on", "pk")
    )
    if public:
        document.paragraph(
            _(
                "Wer für %(y)s berichtet hat; die Berichte selbst bleiben bei den Mitgliedern "
                "des Bündnisses."
            )
            % {"y": year}
        )
    wrote = False
    for commitment in commitments:
        document.heading(commitment.title, 2)
        signed = list(commitment.signatures.all())
        done = [s for s in signed if s.reports.all()]
        document.paragraph(
            _(
                "Beschlossen am %(day)s; %(n)s Organisationen haben unterzeichnet, %(r)s davon "
                "haben für %(y)s berichtet."
            )
            % {"day": _day(commitment.adopted_on), "n": len(signed), "r": len(done), "y": year}
        )
        header = [_("Organisation"), _("unterzeichnet am"), _("Bericht %(y)s") % {"y": year}]
        rows = []
        for signature in signed:
            latest = next(iter(signature.reports.all()), None)
            cell = _("ja") if latest else _("nein")
            if latest is not None and not public:
                cell = latest.text
                wrote = True
            rows.append([str(signature.organisation), _day(signature.signed_on), cell])
        document.table(_("Unterzeichnende und ihre Berichte für %(y)s") % {"y": year}, header, rows)
    if not commitments:
        document.paragraph(_("Das Bündnis hat keine Selbstverpflichtung beschlossen."))
    return wrote


def _projects(document: Document, alliance: Alliance, year: int) -> None:
    document.heading(_("Bauvorhaben"))
    projects = list(
        BuildingProject.objects.filter(alliance=alliance)
        .select_related("area", "developer")
        .prefetch_related("history")
    )
    totals = BuildingProject.objects.filter(alliance=alliance).aggregate(
        dwellings=Sum("dwellings"),
        social=Sum("social_dwellings"),
        accessible=Sum("accessible_dwellings"),
    )
    summary = []
    for status in ProjectStatus:
        of = [p for p in projects if p.status == status]
        summary.append(
            [
                str(status.label),
                str(len(of)),
                german_number(sum(p.dwellings for p in of)),
                german_number(sum(p.social_dwellings for p in of)),
            ]
        )
    summary.append(
        [
            _("zusammen"),
            str(len(projects)),
            german_number(totals["dwellings"] or 0),
            german_number(totals["social"] or 0),
        ]
    )
    header = [_("Status"), _("Vorhaben"), _("Wohneinheiten"), _("davon gefördert")]
    document.table(_("Bauvorhaben nach Status"), header, summary)
    finished = [
        p
        for p in projects
        if p.status == ProjectStatus.COMPLETED and concept_queries.completion_year(p) == year
    ]
    document.paragraph(
        _(
            "Im Jahr %(y)s fertiggestellt: %(n)s Vorhaben mit %(d)s Wohneinheiten, davon %(s)s "
            "gefördert und %(a)s barrierefrei."
        )
        % {
            "y": year,
            "n": len(finished),
            "d": german_number(sum(p.dwellings for p in finished)),
            "s": german_number(sum(p.social_dwellings for p in finished)),
            "a": german_number(sum(p.accessible_dwellings for p in finished)),
        }
    )
    document.heading(_("Alle Bauvorhaben"), 2)
    document.table(
        _("Bauvorhaben des Bündnisses"),
        [
            _("Vorhaben"),
            _("Stadtteil"),
            _("Bauträger"),
            _("Status"),
            _("Fertigstellung erwartet"),
            _("Wohneinheiten"),
            _("davon gefördert"),
            _("davon barrierefrei"),
        ],
        [
            [
                p.name,
                p.area.name if p.area else "–",
                str(p.developer) if p.developer else "–",
                str(p.get_status_display()),
                str(p.expected_completion),
                german_number(p.dwellings),
                german_number(p.social_dwellings),
                german_number(p.accessible_dwellings),
            ]
            for p in projects
        ],
    )
