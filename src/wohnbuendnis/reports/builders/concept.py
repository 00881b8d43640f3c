"""The action concept ("Handlungskonzept Wohnen") in the guide's three parts (seed 003, 2.5):
analytical (key figures, forecast), normative (guidelines, goals, goal conflicts), practical
(action fields, goal matrix, measures table, one page per measure), then process and
organisation (bodies, member organisations, meeting rhythm).

From the live concept; ``--edition`` is accepted and noted, the edition snapshot is wired in
later. No person is named: the public pages name organisations and bodies only."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept.engine import RESULT_LABELS, evaluate
from wohnbuendnis.concept.models import ActionField, Goal, GoalConflict, Guideline, Measure
from wohnbuendnis.forecast import queries as forecast_queries
from wohnbuendnis.forecast.models import RunStatus
from wohnbuendnis.meetings.models import Meeting, MeetingStatus
from wohnbuendnis.monitoring.queries.pages import dashboard
from wohnbuendnis.reports.builders.common import Options, Progress, data_state
from wohnbuendnis.reports.document import Document, Table, german_number

MAX_KEY_FIGURE_CHARTS = 4  # the analytical part's charts (the market report shows them all)


def build(options: Options, progress: Progress) -> Document:
    alliance = options.alliance
    document = Document(
        title=_("Handlungskonzept Wohnen"),
        alliance=alliance.name,
        subtitle=_subtitle(options),
        data_state=data_state(alliance),
    )
    progress(10, _("Analytischer Teil"))
    _analytical(document, alliance)
    progress(40, _("Normativer Teil"))
    _normative(document, alliance, options.public)
    progress(60, _("Praktischer Teil"))
    _practical(document, alliance)
    progress(80, _("Prozess und Organisation"))
    _organisation(document, alliance)
    return document


def _subtitle(options: Options) -> str:
    if options.edition is None:
        return _("Fassung: aktueller Stand")
    return _("Fassung %(n)s (bis die Fassungen gespeichert werden: aktueller Stand)") % {
        "n": options.edition
    }


def _analytical(document: Document, alliance: Alliance) -> None:
    document.heading(_("Analytischer Teil: Wohnungsmarkt und Prognose"))
    document.paragraph(
        _(
            "Der analytische Teil fasst die Lage auf dem Wohnungsmarkt zusammen: die Kennzahlen "
            "der Wohnungsmarktbeobachtung und die Bevölkerungs- und Haushaltsprognose."
        )
    )
    board = dashboard(alliance, alliance.area, public=True)
    document.heading(_("Kennzahlen der Wohnungsmarktbeobachtung"), 2)
    document.table(
        _("Kennzahlen für %(area)s") % {"area": alliance.area.name},
        [_("Kennzahl"), _("Jahr"), _("Wert"), _("Einheit"), _("Vorjahr"), _("Trend")],
        [
            [
                f.indicator.name,
                str(f.year),
                german_number(f.value, f.indicator.decimals),
                f.indicator.unit,
                german_number(f.previous, f.indicator.decimals),
                f.trend,
            ]
            for f in board["figures"]
        ],
    )
    for chart in board["charts"][:MAX_KEY_FIGURE_CHARTS]:
        indicator = chart.indicator
        header = [_("Jahr"), alliance.area.name, _("übergeordnetes Gebiet")]
        rows = [
            [str(y), german_number(v, indicator.decimals), german_number(p, indicator.decimals)]
            for y, v, p in chart.rows
        ]
        first, last = chart.rows[0], chart.rows[-1]
        alt = _(
            "Liniendiagramm: %(name)s in %(unit)s von %(y0)s bis %(y1)s, von %(v0)s auf %(v1)s."
        ) % {
            "name": indicator.name,
            "unit": indicator.unit,
            "y0": first[0],
            "y1": last[0],
            "v0": german_number(first[1], indicator.decimals),
            "v1": german_number(last[1], indicator.decimals),
        }
        document.figure(indicator.name, alt, chart.spec, Table(indicator.name, header, rows))
        document.paragraph(f"{indicator.definition} {indicator.reading_aid}")
    _forecast(document, alliance)


def _forecast(document: Document, alliance: Alliance) -> None:
    document.heading(_("Prognose"), 2)
    run = (
        alliance.forecast_runs.filter(published=True, status=RunStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
    if run is None:
        document.paragraph(_("Es ist noch keine Prognose veröffentlicht."))
        return
    sel = forecast_queries.select(run, {})
    summary = forecast_queries.rows(run, sel)
    years = forecast_queries.overview_years(sel)
    document.paragraph(
        _("Veröffentlichte Prognose „%(title)s“ (Horizont %(h)s Jahre, Szenarien: %(s)s).")
        % {"title": run.title, "h": run.horizon, "s": ", ".join(sel.scenarios)}
    )
    rows = [r for r in summary if r.year in years]
    table = Table(
        _("Bevölkerung nach Szenario"),
        [_("Szenario"), _("Jahr"), _("Bevölkerung"), _("Haushalte")],
        [
            [r.scenario, str(r.year), german_number(r.population), german_number(r.households)]
            for r in rows
        ],
    )
    charts = forecast_queries.page_charts(sel, summary, [])
    last = [r for r in summary if r.year == sel.years[-1]]
    alt = _(
        "Bevölkerung von %(area)s je Szenario von %(y0)s bis %(y1)s; im letzten Jahr: %(end)s."
    ) % {
        "area": sel.area_name,
        "y0": sel.years[0],
        "y1": sel.years[-1],
        "end": "; ".join(f"{r.scenario} {german_number(r.population)}" for r in last),
    }
    document.figure(_("Bevölkerung nach Szenario"), alt, charts["fan"], table)


def _normative(document: Document, alliance: Alliance, public: bool) -> None:
    document.heading(_("Normativer Teil: Leitlinien und Ziele"))
    guidelines = Guideline.objects.filter(alliance=alliance).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.select_related("area").order_by("code"))
    )
    for guideline in guidelines:
        document.heading(_("Leitlinie %(name)s") % {"name": guideline.name}, 2)
        document.paragraph(guideline.text)
        document.table(
            _("Ziele der Leitlinie %(name)s") % {"name": guideline.name},
            [_("Nr."), _("Ziel"), _("Zielgruppe"), _("Zielwert"), _("Zeitraum")],
            [
                [g.code, g.title, g.get_target_group_display(), _target(g), _period(g)]
                for g in guideline.goals.all()
            ],
        )
    document.heading(_("Zielkonflikte"), 2)
    conflicts = GoalConflict.objects.filter(alliance=alliance).prefetch_related(
        "goals", "positions__organisation"
    )
    for conflict in conflicts:
        document.heading(conflict.title, 3)
        codes = ", ".join(g.code for g in conflict.goals.all())
        goals = _("Betroffene Ziele: %(c)s") % {"c": codes}
        document.paragraph(f"{conflict.description}\n\n{goals}")
        if conflict.agreed_handling:
            document.paragraph(_("Vereinbarter Umgang: %(t)s") % {"t": conflict.agreed_handling})
        if not public:  # the organisations' positions stay internal (as on the pages)
            for position in conflict.positions.all():
                document.paragraph(f"{position.organisation}: {position.position}")


def _target(goal: Goal) -> str:
    if goal.target is None:
        return _("qualitativ")
    value = german_number(goal.target, 1 if goal.target % 1 else 0)
    if goal.target_high is not None:
        value += " – " + german_number(goal.target_high, 1 if goal.target_high % 1 else 0)
    return f"{value} {goal.unit}".strip()


def _period(goal: Goal) -> str:
    return f"{goal.year_from}–{goal.year_to}"


def _measures(alliance: Alliance):
    return (
        Measure.objects.filter(alliance=alliance)
        .select_related("lead", "action_field", "guideline")
        .prefetch_related("partners", "goals", "milestones")
        .order_by("number")
    )


def _practical(document: Document, alliance: Alliance) -> None:
    document.heading(_("Praktischer Teil: Handlungsfelder und Maßnahmen"))
    measures = list(_measures(alliance))
    document.heading(_("Handlungsfelder"), 2)
    for field in ActionField.objects.filter(alliance=alliance):
        numbers = ", ".join(str(m.number) for m in measures if m.action_field_id == field.pk)
        listed = _("Maßnahmen %(n)s") % {"n": numbers or "–"}
        document.paragraph(f"{field.name} ({field.get_kind_display()}): {listed}")
    _goal_matrix(document, alliance, measures)
    document.heading(_("Maßnahmenübersicht"), 2)
    document.table(
        _("Maßnahmen"),
        [
            _("Nr."),
            _("Maßnahme"),
            _("federführend"),
            _("Partner"),
            _("Zeitraum"),
            _("Kosten (EUR)"),
            _("Status"),
        ],
        [
            [
                str(m.number),
                m.title,
                str(m.lead),
                _partners(m),
                _span(m),
                _cost(m),
                m.get_status_display(),
            ]
            for m in measures
        ],
    )
    for measure in measures:
        document.page_break()
        _measure_page(document, measure)


def _goal_matrix(document: Document, alliance: Alliance, measures: list[Measure]) -> None:
    document.heading(_("Zielmatrix"), 2)
    goals = Goal.objects.filter(alliance=alliance).prefetch_related("measurements").order_by("code")
    results = {r.goal.pk: r for r in evaluate(goals)}
    rows = []
    for goal in goals:
        latest = results[goal.pk].latest if goal.pk in results else None
        numbers = ", ".join(str(m.number) for m in measures if goal in m.goals.all())
        rows.append(
            [
                goal.code,
                goal.title,
                _target(goal),
                f"{german_number(latest.actual, 1)} ({latest.year})" if latest else "–",
                RESULT_LABELS.get(latest.result, "") if latest else "–",
                numbers or "–",
            ]
        )
    document.table(
        _("Ziele, Stand der Zielerreichung und Maßnahmen"),
        [_("Nr."), _("Ziel"), _("Zielwert"), _("Istwert"), _("Bewertung"), _("Maßnahmen")],
        rows,
    )


def _partners(measure: Measure) -> str:
    return ", ".join(str(p) for p in measure.partners.all()) or "–"


def _span(measure: Measure) -> str:
    def text(day: datetime.date | None) -> str:
        return day.strftime("%m/%Y") if day else "…"

    return f"{text(measure.start)} – {text(measure.end)}"


def _cost(measure: Measure) -> str:
    return german_number(float(measure.cost_eur)) if measure.cost_eur is not None else "–"


def _measure_page(document: Document, measure: Measure) -> None:
    document.heading(_("Maßnahme %(n)s: %(t)s") % {"n": measure.number, "t": measure.title}, 3)
    document.paragraph(measure.description)
    document.table(
        _("Steckbrief der Maßnahme %(n)s") % {"n": measure.number},
        [_("Merkmal"), _("Angabe")],
        [
            [_("Leitlinie"), measure.guideline.name],
            [_("Handlungsfeld"), str(measure.action_field or "–")],
            [_("Ziele"), ", ".join(g.code for g in measure.goals.all()) or "–"],
            [_("federführend"), str(measure.lead)],
            [_("Partner"), _partners(measure)],
            [_("Zeitraum"), _span(measure)],
            [_("Kosten (EUR)"), _cost(measure)],
            [_("Finanzierung"), measure.funding or "–"],
            [_("Priorität"), measure.get_priority_display()],
            [_("Status"), f"{measure.get_status_display()} ({measure.progress} %)"],
        ],
    )
    if measure.pros or measure.cons:
        text = _("Vorteile: %(p)s\n\nNachteile: %(c)s")
        document.paragraph(text % {"p": measure.pros or "–", "c": measure.cons or "–"})
    milestones = list(measure.milestones.all())
    if milestones:
        document.table(
            _("Meilensteine der Maßnahme %(n)s") % {"n": measure.number},
            [_("Meilenstein"), _("geplant bis"), _("erreicht am")],
            [[m.title, _day(m.due), _day(m.reached_on)] for m in milestones],
        )


def _day(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"


def _organisation(document: Document, alliance: Alliance) -> None:
    document.heading(_("Prozess und Organisation"))
    document.paragraph(alliance.summary)
    document.heading(_("Gremien"), 2)
    year_ago = timezone.now() - datetime.timedelta(days=365)
    rows = []
    for body in alliance.bodies.all():
        meetings = Meeting.objects.filter(body=body).exclude(status=MeetingStatus.CANCELLED)
        held = meetings.filter(starts_at__gte=year_ago, starts_at__lte=timezone.now()).count()
        upcoming = meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
        rows.append(
            [
                body.name,
                body.get_kind_display(),
                body.mandate or "–",
                str(held),
                timezone.localtime(upcoming.starts_at).strftime("%d.%m.%Y") if upcoming else "–",
            ]
        )
    document.table(
        _("Gremien und Sitzungsrhythmus"),
        [
            _("Gremium"),
            _("Art"),
            _("Auftrag"),
            _("Sitzungen in den letzten 12 Monaten"),
            _("nächste Sitzung"),
        ],
        rows,
    )
    document.heading(_("Mitgliedsorganisationen"), 2)
    members = (
        alliance.member_organisations.active()
        .select_related("organisation")
        .order_by("organisation__name")
    )
    document.table(
        _("Mitgliedsorganisationen des Bündnisses"),
        [_("Organisation"), _("Bereich"), _("Mitglied seit")],
        [
            [m.organisation.name, m.organisation.get_sector_display(), m.since.strftime("%d.%m.%Y")]
            for m in members
        ],
    )
