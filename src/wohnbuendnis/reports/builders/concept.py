"""The action concept ("Handlungskonzept Wohnen") of an edition in the guide's three parts
(seed 003, 2.5): analytical (key figures, forecast), normative (guidelines, goals, goal
conflicts), practical (action fields, goal matrix, measures table, one page per measure), then
process and organisation (bodies, member organisations, meeting rhythm).

Which concept (``concept_source``): ``--edition N`` is that edition's frozen snapshot (an
edition still in the works: the live draft); without it the public version is the adopted
edition – what the public concept page shows – and the internal version the live draft. The
title page and the opening paragraph name the edition and the council's decision.

What the audience may see of the implementation since: the public version shows only what
Koordination released (the measures' released status and progress, the goals' released actual
values, as the public progress page), the internal version the live values. No person is named:
the public pages name organisations and bodies only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries as concept_queries
from wohnbuendnis.concept.engine import RESULT_LABELS, GoalResult, evaluate
from wohnbuendnis.concept.models import (
    ConceptEdition,
    EditionStatus,
    Goal,
    Measure,
    MeasureStatus,
    Priority,
)
from wohnbuendnis.concept.services.editions import content_of, snapshot
from wohnbuendnis.consultations import queries as consultation_queries
from wohnbuendnis.consultations.models import Verdict
from wohnbuendnis.forecast import queries as forecast_queries
from wohnbuendnis.forecast.models import RunStatus
from wohnbuendnis.meetings.models import Meeting, MeetingStatus
from wohnbuendnis.monitoring.queries.pages import dashboard
from wohnbuendnis.reports.builders.common import Options, Progress, ReportInputError, data_state
from wohnbuendnis.reports.document import Document, Table, german_number

MAX_KEY_FIGURE_CHARTS = 4  # the analytical part's charts (the market report shows them all)


@dataclass
class Source:
    """The concept a report shows: an edition's content (snapshot shape, see
    ``concept.services.editions.snapshot``) and the edition, or None for the live draft."""

    content: dict[str, Any]
    edition: ConceptEdition | None
    adopted: ConceptEdition | None  # the edition in force (may be ``edition``)


def concept_source(options: Options) -> Source:
    """The edition asked for (its frozen snapshot), else the adopted edition (public) or the
    live draft (internal); ``ReportInputError`` for an unknown edition, or for the public
    version of a concept (or edition) the council has not adopted."""
    alliance = options.alliance
    adopted = concept_queries.adopted_edition(alliance)
    if options.edition is not None:
        edition = ConceptEdition.objects.filter(alliance=alliance, number=options.edition).first()
        if edition is None:
            raise ReportInputError(
                _("Eine Fassung %(n)s des Handlungskonzepts gibt es in diesem Bündnis nicht.")
                % {"n": options.edition}
            )
        if options.public and edition.status == EditionStatus.DRAFT:
            raise ReportInputError(
                _(
                    "Die Fassung %(n)s ist noch nicht beschlossen; die öffentliche Fassung des "
                    "Berichts zeigt nur beschlossene Fassungen (die interne zeigt den Entwurf)."
                )
                % {"n": edition.number}
            )
        return Source(content_of(edition), edition, adopted)
    if options.public:
        if adopted is None:
            raise ReportInputError(
                _(
                    "Der Rat hat noch keine Fassung des Handlungskonzepts beschlossen; die "
                    "öffentliche Fassung des Berichts zeigt nur eine beschlossene Fassung (die "
                    "interne zeigt den aktuellen Entwurf)."
                )
            )
        return Source(adopted.content, adopted, adopted)
    return Source(snapshot(alliance), None, adopted)


def build(options: Options, progress: Progress) -> Document:
    alliance = options.alliance
    source = concept_source(options)
    document = Document(
        title=_("Handlungskonzept Wohnen"),
        alliance=alliance.name,
        subtitle=_subtitle(source),
        data_state=data_state(alliance),
    )
    document.paragraph(_decision(source, options.public))
    progress(10, _("Analytischer Teil"))
    _analytical(document, alliance)
    progress(40, _("Normativer Teil"))
    state = _State.of(alliance, source, options.public)
    _normative(document, source, state, options.public)
    progress(60, _("Praktischer Teil"))
    _practical(document, source, state)
    progress(80, _("Prozess und Organisation"))
    _organisation(document, alliance)
    _participation(document, alliance, source)
    return document


def decision_text(edition: ConceptEdition) -> str:
    """``Ratsbeschluss vom 05.12.2025, Drucksache DS 2025/0815``."""
    return _("Ratsbeschluss vom %(day)s, Drucksache %(ref)s") % {
        "day": edition.decided_on.strftime("%d.%m.%Y") if edition.decided_on else "–",
        "ref": edition.printed_matter or "–",
    }


def _subtitle(source: Source) -> str:
    edition = source.edition
    if edition is None:
        return _("Aktueller Entwurf (nicht beschlossen)")
    if edition.status == EditionStatus.DRAFT:
        return _("Fassung %(n)s „%(t)s“, in Bearbeitung (Entwurf)") % {
            "n": edition.number,
            "t": edition.title,
        }
    return _("Fassung %(n)s „%(t)s“ – %(decision)s") % {
        "n": edition.number,
        "t": edition.title,
        "decision": decision_text(edition),
    }


def _decision(source: Source, public: bool) -> str:
    """The opening paragraph: which edition, the council's decision, the edition in force."""
    edition, adopted = source.edition, source.adopted
    if edition is not None and edition.status != EditionStatus.DRAFT:
        text = _(
            "Dieser Bericht gibt die Fassung %(n)s des Handlungskonzepts wieder, wie der Rat sie "
            "beschlossen hat: %(decision)s."
        ) % {"n": edition.number, "decision": decision_text(edition)}
        if edition.status == EditionStatus.SUPERSEDED and adopted is not None:
            text += " " + _("Sie ist abgelöst durch die Fassung %(n)s (%(decision)s).") % {
                "n": adopted.number,
                "decision": decision_text(adopted),
            }
    else:
        text = _(
            "Dieser Bericht gibt den aktuellen Entwurf des Handlungskonzepts wieder; er ist "
            "noch nicht beschlossen."
        )
        if adopted is not None:
            text += " " + _("In Kraft ist die Fassung %(n)s (%(decision)s).") % {
                "n": adopted.number,
                "decision": decision_text(adopted),
            }
        else:
            text += " " + _("Der Rat hat noch keine Fassung beschlossen.")
    if public:
        return (
            text
            + " "
            + _(
                "Der Stand der Umsetzung (Status der Maßnahmen, Istwerte der Ziele) ist der "
                "heutige, wie die Koordination ihn freigegeben hat."
            )
        )
    return (
        text
        + " "
        + _(
            "Der Stand der Umsetzung (Status der Maßnahmen, Istwerte der Ziele) ist der heutige "
            "Arbeitsstand, auch noch nicht freigegebene Änderungen."
        )
    )


@dataclass
class _State:
    """Today's state of the implementation as the audience may see it: the goals' results
    (public: from the released actual values) and each measure's status and progress
    (public: as released), by the ids the content keeps."""

    results: dict[int, GoalResult]
    measures: dict[int, tuple[str, int | None]]  # measure id → (status label, progress)
    live: dict[int, Measure]

    @classmethod
    def of(cls, alliance: Alliance, source: Source, public: bool) -> _State:
        if public:
            results = evaluate(concept_queries.public_goals(alliance), released=True)
        else:
            goals = Goal.objects.filter(alliance=alliance).prefetch_related("measurements")
            results = evaluate(goals)
        live = {m.pk: m for m in Measure.objects.filter(alliance=alliance)}
        measures: dict[int, tuple[str, int | None]] = {}
        for pk, m in live.items():
            if not public:
                measures[pk] = (str(m.get_status_display()), m.progress)
            elif m.released_status:
                measures[pk] = (str(MeasureStatus(m.released_status).label), m.released_progress)
        return cls({r.goal.pk: r for r in results}, measures, live)

    def status(self, measure: dict[str, Any]) -> str:
        state = self.measures.get(measure["id"])
        if state is None:
            return _("Stand folgt")
        label, progress = state
        return f"{label} ({progress}\u00a0%)" if progress is not None else label


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


def _normative(document: Document, source: Source, state: _State, public: bool) -> None:
    document.heading(_("Normativer Teil: Leitlinien und Ziele"))
    for guideline in concept_queries.edition_sections(source.content):
        document.heading(_("Leitlinie %(name)s") % {"name": guideline["name"]}, 2)
        document.paragraph(guideline["text"])
        document.table(
            _("Ziele der Leitlinie %(name)s") % {"name": guideline["name"]},
            [_("Nr."), _("Ziel"), _("Zielgruppe"), _("Zielwert"), _("Zeitraum")],
            [
                [g["code"], g["title"], g["target_group_label"], target_text(g), _period(g)]
                for g in guideline["goals"]
            ],
        )
    document.heading(_("Zielkonflikte"), 2)
    for conflict in source.content.get("conflicts", []):
        document.heading(conflict["title"], 3)
        goals = _("Betroffene Ziele: %(c)s") % {"c": ", ".join(conflict["goals"])}
        document.paragraph(f"{conflict['description']}\n\n{goals}")
        if conflict["agreed_handling"]:
            document.paragraph(_("Vereinbarter Umgang: %(t)s") % {"t": conflict["agreed_handling"]})
        if not public:  # the organisations' positions stay internal (as on the pages)
            for position in conflict["positions"]:
                document.paragraph(f"{position['organisation']}: {position['position']}")


def target_text(goal: dict[str, Any]) -> str:
    """A goal's target (snapshot shape): ``650 Wohnungen``, ``8,5 – 9,5 €/m²``, qualitativ."""
    target, high = goal.get("target"), goal.get("target_high")
    if target is None:
        return _("qualitativ")
    value = german_number(target, 1 if target % 1 else 0)
    if high is not None:
        value += " – " + german_number(high, 1 if high % 1 else 0)
    return f"{value} {goal.get('unit') or ''}".strip()


def _period(goal: dict[str, Any]) -> str:
    return f"{goal['year_from']}–{goal['year_to']}"


def _practical(document: Document, source: Source, state: _State) -> None:
    document.heading(_("Praktischer Teil: Handlungsfelder und Maßnahmen"))
    measures = source.content.get("measures", [])
    document.heading(_("Handlungsfelder"), 2)
    for field in source.content.get("action_fields", []):
        numbers = ", ".join(
            str(m["number"]) for m in measures if m["action_field"] == field["name"]
        )
        listed = _("Maßnahmen %(n)s") % {"n": numbers or "–"}
        document.paragraph(f"{field['name']} ({field['kind_label']}): {listed}")
    _goal_matrix(document, source, state)
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
                str(m["number"]),
                m["title"],
                m["lead"] or "–",
                _partners(m),
                _span(m),
                _cost(m),
                state.status(m),
            ]
            for m in measures
        ],
    )
    for measure in measures:
        document.page_break()
        _measure_page(document, measure, state, source.edition is None)


def result_cells(result: GoalResult | None) -> list[str]:
    """The latest actual value (year) and its rating, or dashes."""
    latest = result.latest if result is not None else None
    if latest is None:
        return ["–", "–"]
    return [
        f"{german_number(latest.actual, 1)} ({latest.year})",
        RESULT_LABELS.get(latest.result, ""),
    ]


def _goal_matrix(document: Document, source: Source, state: _State) -> None:
    document.heading(_("Zielmatrix"), 2)
    measures = source.content.get("measures", [])
    rows = []
    for goal in sorted(source.content.get("goals", []), key=lambda g: g["code"]):
        numbers = ", ".join(str(m["number"]) for m in measures if goal["code"] in m["goals"])
        rows.append(
            [
                goal["code"],
                goal["title"],
                target_text(goal),
                *result_cells(state.results.get(goal["id"])),
                numbers or "–",
            ]
        )
    document.table(
        _("Ziele, Stand der Zielerreichung und Maßnahmen"),
        [_("Nr."), _("Ziel"), _("Zielwert"), _("Istwert"), _("Bewertung"), _("Maßnahmen")],
        rows,
    )


def _partners(measure: dict[str, Any]) -> str:
    return ", ".join(measure["partners"]) or "–"


def _month(iso: str | None) -> str:
    return datetime.date.fromisoformat(iso).strftime("%m/%Y") if iso else "…"


def _span(measure: dict[str, Any]) -> str:
    return f"{_month(measure['start'])} – {_month(measure['end'])}"


def _cost(measure: dict[str, Any]) -> str:
    cost = measure.get("cost_eur")
    return german_number(float(cost)) if cost is not None else "–"


def _measure_page(document: Document, measure: dict[str, Any], state: _State, draft: bool) -> None:
    number = measure["number"]
    document.heading(_("Maßnahme %(n)s: %(t)s") % {"n": number, "t": measure["title"]}, 3)
    document.paragraph(measure["description"])
    priorities = dict(Priority.choices)
    document.table(
        _("Steckbrief der Maßnahme %(n)s") % {"n": number},
        [_("Merkmal"), _("Angabe")],
        [
            [_("Leitlinie"), measure["guideline"]],
            [_("Handlungsfeld"), measure["action_field"] or "–"],
            [_("Ziele"), ", ".join(measure["goals"]) or "–"],
            [_("federführend"), measure["lead"] or "–"],
            [_("Partner"), _partners(measure)],
            [_("Zeitraum"), _span(measure)],
            [_("Kosten (EUR)"), _cost(measure)],
            [_("Finanzierung"), measure["funding"] or "–"],
            [_("Priorität"), str(priorities.get(measure["priority"], measure["priority"]))],
            [_("Status"), state.status(measure)],
        ],
    )
    live = state.live.get(measure["id"]) if draft else None  # pros and cons: the draft only
    if live is not None and (live.pros or live.cons):
        text = _("Vorteile: %(p)s\n\nNachteile: %(c)s")
        document.paragraph(text % {"p": live.pros or "–", "c": live.cons or "–"})
    milestones = measure.get("milestones", [])
    if milestones:
        document.table(
            _("Meilensteine der Maßnahme %(n)s") % {"n": number},
            [_("Meilenstein"), _("geplant bis"), _("erreicht am")],
            [[m["title"], _day(m["due"]), _day(m["reached_on"])] for m in milestones],
        )


def _day(iso: str | None) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "–"


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


def _participation(document: Document, alliance: Alliance, source: Source) -> None:
    """The published synopses of the consultations on the edition (the live draft: on the
    edition in the works), as published: internal statements without their text."""
    edition = source.edition
    if edition is None:
        drafts = ConceptEdition.objects.filter(alliance=alliance, status=EditionStatus.DRAFT)
        edition = drafts.first()
    document.heading(_("Beteiligung der Bündnispartner"), 2)
    synopses = consultation_queries.summaries_for_edition(edition)
    if not synopses:
        document.paragraph(
            _("Zu dieser Fassung ist keine Synopse eines Beteiligungsverfahrens veröffentlicht.")
        )
    for summary, rows in synopses:
        consultation = summary.consultation
        document.heading(consultation.title, 3)
        document.paragraph(
            _(
                "%(kind)s, Frist für Stellungnahmen %(day)s: %(invited)s Organisationen "
                "eingeladen, %(n)s Stellungnahmen (davon %(public)s öffentlich). Antworten der "
                "Koordination: %(taken)s übernommen, %(partly)s teilweise übernommen, %(not)s "
                "nicht übernommen."
            )
            % {
                "kind": consultation.get_kind_display(),
                "day": consultation.deadline.strftime("%d.%m.%Y"),
                "invited": summary.invited,
                "n": summary.statements,
                "public": summary.public_statements,
                "taken": summary.verdicts[Verdict.TAKEN_UP],
                "partly": summary.verdicts[Verdict.PARTLY],
                "not": summary.verdicts[Verdict.NOT_TAKEN_UP],
            }
        )
        document.table(
            _("Synopse: %(title)s") % {"title": consultation.title},
            [_("Abschnitt"), _("Organisation"), _("Stellungnahme"), _("Ergebnis"), _("Begründung")],
            [
                [
                    f"{row.section.number} {row.section.title}" if row.section else _("insgesamt"),
                    entry.organisation,
                    entry.text or _("nicht öffentliche Stellungnahme"),
                    entry.verdict_label or "–",
                    entry.reason or "–",
                ]
                for row in rows
                for entry in row.entries
            ],
        )
