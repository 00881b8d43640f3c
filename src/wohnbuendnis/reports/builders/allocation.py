"""The yearly statistics of the cooperative allocation ("Jahresstatistik der Wohnungsvergabe"):
vacancies reported, nominations, placements and waiting times, emergency cases housed within
the target days, placements by district with the segregation index, flats lost to late cost
coverage and the non-discrimination audit.

Statistics only, no personal data: no name, no file number, no flat address; the figures come
from the queries of the allocation's audit page (``allocation.queries``, the page with
``?jahr=YYYY`` shows the same numbers), and every count of households or decisions below
``MIN_COUNT`` is shown as "weniger als 5", as on that page. Flats are counted as they are
(a count of flats says nothing about a person)."""

from __future__ import annotations

import datetime
from typing import Any

import altair as alt
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import charts as allocation_charts
from wohnbuendnis.allocation import queries
from wohnbuendnis.reports.builders.common import Options, Progress, local
from wohnbuendnis.reports.document import Document, Table, german_number


def report_year(options: Options) -> int:
    """The year asked for, else the last complete calendar year."""
    return options.year or timezone.localdate().year - 1


def build(options: Options, progress: Progress) -> Document:
    alliance, year = options.alliance, report_year(options)
    document = Document(
        title=_("Jahresstatistik der Wohnungsvergabe"),
        alliance=alliance.name,
        subtitle=_("Kooperative Vermittlung geförderter Wohnungen, Berichtsjahr %(y)s")
        % {"y": year},
        data_state=allocation_data_state(alliance),
    )
    progress(10, _("Überblick"))
    closing = next((r for r in queries.yearly_closings(alliance) if r["year"] == year), None)
    waiting = sorted(queries.housed_waiting_days(alliance, year).values())
    emergency = queries.emergency_placements(alliance, year)
    lost = queries.flats_lost_to_late_cost_coverage(alliance, year)
    vacancies = queries.vacancies_of_year(alliance, year)
    nominations = queries.nominations_of_year(alliance, year)
    _overview(document, year, closing, waiting, emergency, lost, vacancies, nominations)
    progress(30, _("Freie Wohnungen und Benennungen"))
    _vacancies(document, year, vacancies)
    _nominations(document, alliance, year, nominations)
    progress(50, _("Vermittlungen und Wartezeiten"))
    _placements(document, alliance, year, closing, waiting)
    _emergency(document, year, emergency)
    _districts(document, alliance, year)
    _cost_coverage(document, year, lost)
    progress(70, _("Audit"))
    _audit(document, alliance, year)
    return document


def allocation_data_state(alliance: Alliance) -> str:
    """Which data the statistics show: the latest decision on a nomination."""
    latest = queries.latest_decision(alliance)
    return _("Datenstand: letzte Entscheidung über eine Benennung %(at)s, erstellt %(now)s") % {
        "at": local(latest),
        "now": local(timezone.now()),
    }


def count(value: int, suppressed: bool) -> str:
    """A count of households or decisions as the audit page shows it."""
    if suppressed:
        return _("weniger als %(n)s") % {"n": queries.MIN_COUNT}
    return german_number(value)


def days(value: float | None) -> str:
    return "–" if value is None else german_number(value, 0 if value % 1 == 0 else 1)


def _overview(document, year, closing, waiting, emergency, lost, vacancies, nominations) -> None:
    document.heading(_("Überblick"))
    document.paragraph(
        _(
            "Dieser Bericht fasst die kooperative Vermittlung geförderter Wohnungen im Jahr "
            "%(y)s zusammen. Er enthält nur Zahlen und keine personenbezogenen Daten: keine "
            "Namen, keine Aktenzeichen, keine Adressen. Zahlen von Haushalten oder "
            "Entscheidungen unter %(n)s werden nicht genannt, sondern als „weniger als %(n)s“ "
            "ausgewiesen, damit niemand erkennbar wird (dieselbe Regel wie auf der Audit-Seite; "
            "Wartezeiten und Quoten werden dann ebenfalls nicht berechnet)."
        )
        % {"y": year, "n": queries.MIN_COUNT}
    )
    total = vacancies[0] if vacancies and vacancies[0]["landlord"] == "" else None
    mean = closing["mean_waiting_days"] if closing else None
    quart = queries.quartiles(waiting)
    lost_total = lost[-1]
    rows = [
        [_("gemeldete freie Wohnungen"), german_number(total["reported"] if total else 0)],
        [_("davon vermietet"), german_number(total["let"] if total else 0)],
        [_("Benennungen"), german_number(nominations["total"])],
        [_("benannte Haushalte"), count(nominations["households"], False)],
        [
            _("versorgte Haushalte"),
            count(closing["housed"], closing["housed_suppressed"]) if closing else "0",
        ],
        [_("mittlere Wartezeit der Versorgten (Tage)"), days(mean)],
        [_("Median der Wartezeit (Tage)"), days(quart[1] if quart else None)],
        [
            _("Notfälle versorgt, davon innerhalb von %(d)s Tagen")
            % {"d": emergency["target_days"]},
            f"{count(emergency['housed'], emergency['housed_suppressed'])}, "
            f"{count(emergency['within'], emergency['within_suppressed'])}",
        ],
        [
            _("Wohnungen verloren wegen verspäteter Kostenübernahme"),
            count(lost_total["count"], lost_total["suppressed"]),
        ],
    ]
    document.table(_("Kennzahlen %(y)s") % {"y": year}, [_("Kennzahl"), _("Wert")], rows)


def _vacancies(document: Document, year: int, vacancies: list[dict]) -> None:
    document.heading(_("Freie Wohnungen"), 2)
    document.paragraph(
        _(
            "Von den Vermietern %(y)s gemeldete freie gebundene Wohnungen und was aus ihnen "
            "wurde (Stand heute): vermietet an einen benannten Haushalt, zurückgezogen (kein "
            "benannter Haushalt kam zum Zug) oder noch offen."
        )
        % {"y": year}
    )
    header = [_("Vermieter"), _("gemeldet"), _("vermietet"), _("zurückgezogen"), _("offen")]
    rows = [
        [
            r["landlord"] or _("alle Vermieter"),
            german_number(r["reported"]),
            german_number(r["let"]),
            german_number(r["withdrawn"]),
            german_number(r["open"]),
        ]
        for r in vacancies
    ]
    table = Table(_("Freie Wohnungen %(y)s nach Vermieter") % {"y": year}, header, rows)
    landlords = [r for r in vacancies if r["landlord"]]
    if not landlords:
        document.paragraph(_("In diesem Jahr wurden keine freien Wohnungen gemeldet."))
        return
    total = vacancies[0]
    alt_text = _(
        "Gestapelte Balken je Vermieter: %(n)s im Jahr %(y)s gemeldete Wohnungen, davon "
        "%(let)s vermietet, %(w)s zurückgezogen, %(o)s offen."
    ) % {
        "n": german_number(total["reported"]),
        "y": year,
        "let": german_number(total["let"]),
        "w": german_number(total["withdrawn"]),
        "o": german_number(total["open"]),
    }
    title = _("Freie Wohnungen %(y)s nach Vermieter und Ergebnis") % {"y": year}
    document.figure(title, alt_text, vacancy_chart(landlords, title), table)


def vacancy_chart(rows: list[dict], title: str) -> dict[str, Any]:
    """Stacked bars: the reported flats of each landlord by outcome."""
    outcomes = [("let", _("vermietet")), ("withdrawn", _("zurückgezogen")), ("open", _("offen"))]
    values = [
        {"Vermieter": r["landlord"], "Ergebnis": label, "Wohnungen": r[key]}
        for r in rows
        for key, label in outcomes
    ]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("sum(Wohnungen):Q", title=_("Wohnungen")),
            y=alt.Y("Vermieter:N", title=None),
            color=alt.Color(
                "Ergebnis:N",
                title=_("Ergebnis"),
                scale=alt.Scale(
                    domain=[label for _key, label in outcomes],
                    range=["#0b3d91", "#b35900", "#8c8c8c"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("Ergebnis:N"),
        )
        .properties(title=title, width="container", height=max(80, 26 * len(rows)))
        .to_dict(validate=False)
    )


def _nominations(document: Document, alliance: Alliance, year: int, nominations: dict) -> None:
    document.heading(_("Benennungen"), 2)
    document.paragraph(
        _(
            "%(y)s hat das Wohnungsamt %(n)s Benennungen für %(v)s Wohnungen ausgesprochen; "
            "benannt wurden %(h)s Haushalte (jeder einmal gezählt). Stand der Benennungen heute:"
        )
        % {
            "y": year,
            "n": german_number(nominations["total"]),
            "v": german_number(nominations["vacancies"]),
            "h": german_number(nominations["households"]),
        }
    )
    document.table(
        _("Benennungen %(y)s nach Stand") % {"y": year},
        [_("Stand der Benennung"), _("Benennungen")],
        [[str(label), german_number(n)] for label, n in nominations["by_status"]],
    )
    reasons = queries.declines_by_reason(alliance, year)
    side = {"applicant": _("Haushalt"), "landlord": _("Vermieter")}
    document.table(
        _("Ablehnungen %(y)s nach codiertem Grund") % {"y": year},
        [_("Grund"), _("abgelehnt von"), _("Anzahl")],
        [[str(r["label"]), side[r["side"]], count(r["count"], r["suppressed"])] for r in reasons],
    )


def _placements(document, alliance: Alliance, year: int, closing, waiting: list[int]) -> None:
    document.heading(_("Vermittlungen und Wartezeiten"))
    if closing is None:
        document.paragraph(_("In diesem Jahr wurde kein Fall abgeschlossen."))
    else:
        document.table(
            _("Abgeschlossene Fälle %(y)s") % {"y": year},
            [_("versorgt"), _("mittlere Wartezeit (Tage)"), _("abgemeldet")],
            [
                [
                    count(closing["housed"], closing["housed_suppressed"]),
                    days(closing["mean_waiting_days"]),
                    count(closing["deregistered"], closing["deregistered_suppressed"]),
                ]
            ],
        )
    document.heading(_("Wartezeit bis zur Versorgung"), 2)
    quart = queries.quartiles(waiting)
    document.paragraph(
        _(
            "Tage von der Registrierung bis zur Versorgung der %(y)s versorgten Haushalte. Ein "
            "Viertel wartete höchstens bis zum 1. Quartil, die Hälfte höchstens bis zum Median, "
            "drei Viertel höchstens bis zum 3. Quartil. Anonymisierte Fälle sind nur im "
            "Mittelwert enthalten (von ihnen bleibt nur die Summe der Wartetage)."
        )
        % {"y": year}
    )
    document.table(
        _("Wartezeit %(y)s in Tagen") % {"y": year},
        [_("Haushalte"), _("1. Quartil"), _("Median"), _("3. Quartil")],
        [
            [
                count(len(waiting), 0 < len(waiting) < queries.MIN_COUNT),
                *(days(q) for q in (quart or (None, None, None))),
            ]
        ],
    )
    lease = queries.time_to_lease(alliance, year)
    document.heading(_("Zeit bis zur Vermietung"), 2)
    document.table(
        _("Tage von „frei ab“ bis zum Mietvertrag, %(y)s vermietete Wohnungen") % {"y": year},
        [_("Vermieter"), _("vermietet"), _("Median (Tage)"), _("Mittelwert (Tage)")],
        [
            [
                r["landlord"] or _("alle Vermieter"),
                german_number(r["count"]),
                days(r["median"]),
                days(r["mean"]),
            ]
            for r in lease
        ],
    )


def _emergency(document: Document, year: int, emergency: dict) -> None:
    document.heading(_("Notfälle"), 2)
    names = ", ".join(str(label) for label in queries.EMERGENCY_CRITERIA.values())
    document.paragraph(
        _(
            "Als Notfall zählt ein Haushalt mit einem geprüften und bestätigten Kriterium der "
            "Prioritätenliste, das einen Wohnungsnotfall anzeigt (%(c)s). Ziel: Versorgung "
            "innerhalb von %(d)s Tagen nach der Registrierung."
        )
        % {"c": names, "d": emergency["target_days"]}
    )
    share = emergency["share"]
    quart = emergency["quartiles"]
    document.table(
        _("Notfälle, %(y)s versorgt") % {"y": year},
        [
            _("versorgt"),
            _("davon innerhalb von %(d)s Tagen") % {"d": emergency["target_days"]},
            _("Anteil"),
            _("Median der Wartezeit (Tage)"),
        ],
        [
            [
                count(emergency["housed"], emergency["housed_suppressed"]),
                count(emergency["within"], emergency["within_suppressed"]),
                "–" if share is None else f"{german_number(100 * share)} %",
                days(quart[1] if quart else None),
            ]
        ],
    )


def _districts(document: Document, alliance: Alliance, year: int) -> None:
    """Placements by district and the segregation index (the page "Vermittlungen nach
    Stadtteil" shows the same figures)."""
    document.heading(_("Vermittlungen nach Stadtteil"), 2)
    figures = queries.place_figures(alliance)
    rows = [
        [name, count(f.placements, f.placements_suppressed), german_number(f.vacancies),
         count(f.emergency_housed, f.emergency_suppressed)]
        for name, f in queries.district_rows(alliance, figures, year)
    ]  # fmt: skip
    if rows:
        document.table(
            _("Vermittlungen, gemeldete Wohnungen und versorgte Notfälle %(y)s je Stadtteil")
            % {"y": year},
            [_("Stadtteil"), _("Vermittlungen"), _("gemeldete Wohnungen"), _("Notfälle versorgt")],
            rows,
        )
    document.paragraph(
        _(
            "Segregationsindex: der Dissimilaritätsindex nach Duncan der im Jahr vermittelten "
            "Haushalte in Wohnungen mit Stadtteil – der Anteil einer der beiden Gruppen, der in "
            "einen anderen Stadtteil vermittelt werden müsste, damit beide Gruppen gleich über "
            "die Stadtteile verteilt wären (0 = gleich verteilt, 1 = vollständig getrennt); nur "
            "ausgewiesen, wenn jede Gruppe mindestens %(n)s Vermittlungen hat. Bei wenigen "
            "Vermittlungen je Stadtteil liegt er auch bei zufälliger Verteilung über 0."
        )
        % {"n": queries.MIN_COUNT}
    )
    document.table(
        _("Dissimilaritätsindex der %(y)s vermittelten Haushalte") % {"y": year},
        [_("Merkmal"), _("Gruppen"), _("Vermittlungen je Gruppe"), _("Index")],
        [
            [s.label, f"{s.group_a} / {s.group_b}",
             f"{german_number(s.count_a)} / {german_number(s.count_b)}",
             "–" if s.index is None else german_number(s.index, 2)]
            for s in queries.segregation(alliance, year)
        ],
    )  # fmt: skip


def _cost_coverage(document: Document, year: int, lost: list[dict]) -> None:
    document.heading(_("Wohnungen verloren wegen verspäteter Kostenübernahme"), 2)
    document.paragraph(
        _(
            "Wohnungen, für die eine Kostenübernahme beantragt war (als Ausnahme oder bei der "
            "Benennung) und über die der Leistungsträger erst nach der Frist des Vermieters für "
            "den Haushalt (ohne diese Frist: nach der Vermietung an einen anderen Haushalt oder "
            "nach der Entscheidungsfrist) oder gar nicht entschieden hat – nach Monat dieser "
            "Frist."
        )
    )
    document.table(
        _("Verlorene Wohnungen %(y)s je Monat") % {"y": year},
        [_("Monat"), _("Wohnungen")],
        [[_month(r["month"]) or _("insgesamt"), count(r["count"], r["suppressed"])] for r in lost],
    )


def _month(key: str) -> str:
    if not key:
        return ""
    return datetime.date.fromisoformat(f"{key}-01").strftime("%m/%Y")


def _audit(document: Document, alliance: Alliance, year: int) -> None:
    document.heading(_("Audit: Diskriminierungsfreiheit der Vergabe"))
    document.paragraph(
        _(
            "Annahmequote = angenommene Benennungen / Benennungen, über die der Vermieter "
            "entschieden hat (angenommen, vermieterseitig abgelehnt oder zugunsten eines anderen "
            "Haushalts freigegeben), hier die Entscheidungen des Jahres %(y)s. Jede Gruppe wird "
            "mit allen anderen Benannten desselben Vermieters verglichen und nur markiert, wenn "
            "ihre Quote unter 80 %% der Quote der anderen liegt (Vier-Fünftel-Regel) und der "
            "exakte Test nach Fisher (nach Holm über die Gruppen einer Tabelle korrigiert) "
            "signifikant ist (p unter 5 %%). Felder mit weniger als %(n)s Entscheidungen werden "
            "nicht gezeigt und nicht verglichen."
        )
        % {"y": year, "n": queries.MIN_COUNT}
    )
    for key, tables in queries.acceptance_tables(alliance, year).items():
        label = queries.dimension_label(key)
        document.heading(label, 2)
        rows = allocation_charts.audit_rows(tables[0].cells)
        title = _("Annahmequote nach %(label)s") % {"label": label}
        if rows:
            figure_table = Table(
                title,
                [_("Gruppe"), _("Quote"), _("95-%-Intervall"), _("Entscheidungen")],
                [
                    [
                        r["Gruppe"],
                        _percent(r["Quote"]),
                        f"{_percent(r['von'])}–{_percent(r['bis'])}",
                        german_number(r["Entscheidungen"]),
                    ]
                    for r in rows
                ],
            )
            alt_text = _(
                "Balkendiagramm: Annahmequote je Gruppe (%(label)s, alle Vermieter, %(y)s) mit "
                "95-%%-Intervall: %(values)s."
            ) % {
                "label": label,
                "y": year,
                "values": "; ".join(
                    f"{r['Gruppe']} {_percent(r['Quote'])}"
                    + (f" ({_('auffällig')})" if r["Bewertung"] == "auffällig" else "")
                    for r in rows
                ),
            }
            document.figure(
                title, alt_text, allocation_charts.audit_chart(rows, title), figure_table
            )
        document.table(
            _("%(title)s je Vermieter") % {"title": title},
            [
                _("Vermieter"),
                _("Gruppe: Quote (Entscheidungen) – Quote aller anderen, p-Wert"),
                _("Vier-Fünftel-Regel und Fisher-Test"),
            ],
            [
                [
                    t.landlord or _("alle Vermieter"),
                    "; ".join(_cell(c) for c in t.cells) or "–",
                    _("Hinweis auf Benachteiligung") if t.flagged else _("unauffällig"),
                ]
                for t in tables
            ],
        )


def _cell(cell) -> str:
    if cell.suppressed:
        return f"{cell.label}: " + count(cell.decided, True)
    text = f"{cell.label}: {_percent(cell.accepted / cell.decided)} ({cell.decided})"
    if cell.p_value is not None and cell.other_rate is not None:
        p = german_number(cell.p_value, 3)
        text += f" – {_('alle anderen')} {_percent(cell.other_rate)}, p = {p}"
    return text + (f" – {_('auffällig')}" if cell.flagged else "")


def _percent(share: float) -> str:
    return f"{german_number(100 * share)} %"
