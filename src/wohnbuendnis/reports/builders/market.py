"""The housing-market report ("Wohnungsmarktbericht", guide 2.5.1: "ein Nachschlagewerk, das
leicht aktualisiert werden kann"; Kassel's "Wohnungsmarktbarometer") of one alliance, from the
live monitoring and forecast:

- the barometer's key figures with trend (the numbers of the barometer page: same queries,
  same formatting);
- one chart per indicator with its definition, reading aid and source (the catalogue's texts;
  the indicator pages' chart spec);
- maps of the districts (the map pages' GeoJSON as a Vega-Lite geoshape);
- the small-area index with the conspicuous areas (the index page's computation);
- the forecast: the latest published finished run (the internal version falls back to the
  latest finished one): scenarios with band, pyramid, households, housing demand against the
  planned completions (the run page's chart specs);
- one profile page per district: its key figures against the city's, two small charts.

The public version holds only indicators marked public; no person is named anywhere."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast import maps as forecast_maps
from wohnbuendnis.forecast import queries as forecast_queries
from wohnbuendnis.forecast.downloads import age_group_label
from wohnbuendnis.forecast.models import CITY, ForecastRun, RunStatus
from wohnbuendnis.monitoring import charts as monitoring_charts
from wohnbuendnis.monitoring.models import Indicator, Topic
from wohnbuendnis.monitoring.queries import (
    KeyFigure,
    index_settings,
    key_figures,
    series_of_areas,
)
from wohnbuendnis.monitoring.queries import pages as monitoring_pages
from wohnbuendnis.monitoring.templatetags.monitoring import number, signed
from wohnbuendnis.reports.builders.common import Options, Progress, ReportInputError, data_state
from wohnbuendnis.reports.document import Document, Table

Series = dict[int, dict[int, float]]  # indicator id → year → value

#: The profile page's comparison chart: the first of these indicators with data.
PROFILE_COMPARISON = ("asking_rent_eur_m2", "sgb2_rate", "share_65_plus", "household_size")
SMALL = 0.56  # width of a profile page's charts (share of the text width)


def fmt(value: float | None, decimals: int) -> str:
    """A number as the monitoring pages print it: the indicator's decimals, the separators of
    the active language (German: "1.234,5"), "–" for a missing value."""
    return number(value, decimals)


def fmt_change(value: float | None, decimals: int) -> str:
    """A change with its sign, as the barometer prints it: "+1,2", "−0,4"."""
    return signed(value, decimals)


def _trend(figure: KeyFigure) -> str:
    return {"steigend": _("steigend"), "fallend": _("fallend")}.get(figure.trend, _("gleich"))


class _Data:
    """Every observation the report shows, read once: area id → indicator id → year → value,
    cut at the report year."""

    def __init__(self, options: Options) -> None:
        alliance = options.alliance
        self.alliance = alliance
        self.public = options.public
        self.city: Area = alliance.area
        self.districts: list[Area] = list(self.city.children.order_by("key"))
        indicators = Indicator.objects.for_alliance(alliance)
        if options.public:
            indicators = indicators.filter(is_public=True)
        self.indicators: list[Indicator] = list(indicators)
        parent = self.city.parent if self.city.parent_id else None
        values = series_of_areas([self.city, parent, *self.districts], self.indicators)
        years = sorted(
            {year for by_area in values.values() for s in by_area.values() for year in s}
        )
        if not years:
            raise ReportInputError(
                _(
                    "Für %(area)s liegen noch keine Werte der Wohnungsmarktbeobachtung vor"
                    "%(public)s. Ohne sie lässt sich kein Wohnungsmarktbericht erstellen: bitte "
                    "zuerst Beobachtungen importieren (Monitoring → Import)."
                )
                % {
                    "area": self.city.name,
                    "public": _(" (keine öffentlichen Indikatoren mit Werten)")
                    if options.public
                    else "",
                }
            )
        if options.year is not None and options.year not in years:
            raise ReportInputError(
                _("Für das Jahr %(year)s liegen keine Werte vor (vorhanden: %(years)s).")
                % {"year": options.year, "years": f"{years[0]}–{years[-1]}"}
            )
        self.year: int = options.year or _report_year(values.get(self.city.pk, {}), years)
        if options.year is not None:  # the report of an earlier year: nothing after it
            values = {
                area_id: {
                    indicator_id: {y: v for y, v in by_year.items() if y <= options.year}
                    for indicator_id, by_year in by_area.items()
                }
                for area_id, by_area in values.items()
            }
        self.values: dict[int, Series] = values
        self.parent = parent
        self.forecast: tuple[ForecastRun, forecast_queries.Selection] | None = None  # shown run

    def of(self, area: Area | None) -> Series:
        return self.values.get(area.pk, {}) if area is not None else {}

    @property
    def key_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators if i.is_key_figure]

    def with_data(self, area: Area) -> list[Indicator]:
        own = self.of(area)
        return [i for i in self.indicators if own.get(i.pk)]


def _report_year(city: Series, years: list[int]) -> int:
    """The year most of the city's indicators end in (plans such as the planned completions
    reach into the future; a late import of one indicator does not move the report)."""
    last = [max(by_year) for by_year in city.values() if by_year]
    if not last:
        return years[-1]
    return max(set(last), key=lambda year: (last.count(year), year))


def build(options: Options, progress: Progress) -> Document:
    data = _Data(options)
    alliance = options.alliance
    document = Document(
        title=_("Wohnungsmarktbericht"),
        alliance=alliance.name,
        subtitle=_("%(area)s, Berichtsjahr %(year)s%(version)s")
        % {
            "area": data.city.name,
            "year": data.year,
            "version": "" if options.public else _(" (interne Fassung)"),
        },
        data_state=data_state(alliance),
        # the internal version holds the indicators not marked public: never published
        contains_non_public=any(not i.is_public for i in data.indicators),
    )
    progress(5, _("Kennzahlen"))
    _overview(document, data)
    progress(15, _("Indikatoren"))
    _indicators(document, data)
    progress(35, _("Karten"))
    _maps(document, data)
    progress(45, _("Sozialmonitoring"))
    _index(document, data)
    progress(55, _("Prognose"))
    _forecast(document, data)
    progress(65, _("Stadtteilprofile"))
    _profiles(document, data)
    _notes(document, data)
    return document


# --- key figures ------------------------------------------------------------------------------


def _overview(document: Document, data: _Data) -> None:
    document.heading(_("Der Wohnungsmarkt im Überblick"))
    document.paragraph(
        _(
            "Der Wohnungsmarktbericht ist das Nachschlagewerk des Bündnisses zur Lage auf dem "
            "Wohnungsmarkt von %(area)s: die Kennzahlen des Wohnungsmarktbarometers mit ihrer "
            "Entwicklung, je Indikator eine Zeitreihe mit Definition und Lesehilfe, Karten der "
            "%(n)s Teilgebiete, der kleinräumige Index mit den auffälligen Gebieten, die "
            "Bevölkerungs- und Haushaltsprognose und ein Profil je Teilgebiet. Er wird aus den "
            "aktuellen Daten der Plattform erzeugt und lässt sich jederzeit neu erstellen."
        )
        % {"area": data.city.name, "n": len(data.districts)}
    )
    figures = _key_figures(data, data.city, data.parent)
    document.heading(_("Kennzahlen des Wohnungsmarktbarometers"), 2)
    if not figures:
        document.paragraph(_("Für %(area)s liegen keine Kennzahlen vor.") % {"area": data.city})
        return
    # the parent's column only where the barometer shows it (the parent has values)
    compared = data.parent is not None and any(f.parent_value is not None for f in figures)
    document.table(
        _("Kennzahlen für %(area)s (Stand %(year)s)") % {"area": data.city.name, "year": data.year},
        [_("Kennzahl"), _("Jahr"), _("Wert"), _("Einheit"), _("Veränderung zum Vorjahr"),
         _("Trend"), *([data.parent.name] if compared else []), _("Ampel")],
        [
            [
                f.indicator.name,
                str(f.year),
                fmt(f.value, f.indicator.decimals),
                f.indicator.unit,
                fmt_change(f.change, f.indicator.decimals),
                _trend(f),
                *([fmt(f.parent_value, f.indicator.decimals)] if compared else []),
                str(f.light.label) if f.light else "–",
            ]
            for f in figures
        ],
    )  # fmt: skip
    rising = [f.indicator.name for f in figures if f.trend == "steigend"]
    falling = [f.indicator.name for f in figures if f.trend == "fallend"]
    document.paragraph(
        _("Gegenüber dem Vorjahr gestiegen: %(up)s. Gesunken: %(down)s.")
        % {"up": ", ".join(rising) or "–", "down": ", ".join(falling) or "–"}
    )


def _key_figures(data: _Data, area: Area, parent: Area | None) -> list[KeyFigure]:
    """The barometer's key figures of ``area`` (``queries.key_figures``, as the page)."""
    return key_figures(data.alliance, area, data.key_indicators, (data.of(area), data.of(parent)))


# --- indicators -------------------------------------------------------------------------------


def _line_alt(indicator: Indicator, lines: Iterable[tuple[str, Mapping[int, float]]]) -> str:
    parts = []
    for name, values in lines:
        if not values:
            continue
        first, last = min(values), max(values)
        parts.append(
            _("%(name)s von %(v0)s (%(y0)s) auf %(v1)s (%(y1)s)")
            % {
                "name": name,
                "v0": fmt(values[first], indicator.decimals),
                "y0": first,
                "v1": fmt(values[last], indicator.decimals),
                "y1": last,
            }
        )
    return _("Liniendiagramm %(indicator)s in %(unit)s: %(lines)s.") % {
        "indicator": indicator.name,
        "unit": indicator.unit,
        "lines": "; ".join(parts),
    }


def _indicator_figure(
    document: Document,
    data: _Data,
    indicator: Indicator,
    area: Area,
    parent: Area | None,
    *,
    title: str,
    width: float = 1.0,
) -> None:
    """The indicator page's chart (``pages.indicator_chart``) of ``area`` against its parent."""
    own, up = data.of(area), data.of(parent)
    chart = monitoring_pages.indicator_chart(indicator, area, (own, up))
    names = [area.name] + ([parent.name] if parent is not None and chart.compared else [])
    rows = [
        [str(y), fmt(v, indicator.decimals)]
        + ([fmt(p, indicator.decimals)] if chart.compared else [])
        for y, v, p in chart.rows
    ]
    lines = [(area.name, own.get(indicator.pk, {}))]
    if chart.compared and parent is not None:
        lines.append((parent.name, up.get(indicator.pk, {})))
    table = Table(title, [_("Jahr"), *[f"{n} ({indicator.unit})" for n in names]], rows)
    document.figure(title, _line_alt(indicator, lines), chart.spec, table, width)


def _indicators(document: Document, data: _Data) -> None:
    document.heading(_("Indikatoren der Wohnungsmarktbeobachtung"))
    document.paragraph(
        _(
            "Je Indikator: die Entwicklung in %(area)s%(parent)s, die Definition, eine "
            "Lesehilfe und die Quelle. Die Werte jeder Abbildung stehen im Anhang."
        )
        % {
            "area": data.city.name,
            # the comparison only where the parent area has values (as the charts draw it)
            "parent": _(" im Vergleich mit %(p)s") % {"p": data.parent.name}
            if data.parent and data.of(data.parent)
            else "",
        }
    )
    shown = data.with_data(data.city)
    for topic, label in Topic.choices:
        of_topic = [i for i in shown if i.topic == topic]
        if not of_topic:
            continue
        document.heading(str(label), 2)
        for indicator in of_topic:
            document.heading(indicator.name, 3)
            _indicator_figure(
                document, data, indicator, data.city, data.parent, title=indicator.name
            )
            document.paragraph(
                "\n\n".join(
                    [
                        _("Definition: %(t)s") % {"t": indicator.definition},
                        _("Lesehilfe: %(t)s") % {"t": indicator.reading_aid},
                        _("Quelle: %(t)s. Einheit: %(u)s.")
                        % {"t": indicator.source, "u": indicator.unit},
                    ]
                )
            )


# --- maps -------------------------------------------------------------------------------------


def _map_indicators(data: _Data) -> list[Indicator]:
    """The key figures that compare districts of different size: rates, shares and prices
    (not sums, which mostly show how big a district is)."""
    return [i for i in data.key_indicators if i.aggregation != "sum"]


def _maps(document: Document, data: _Data) -> None:
    document.heading(_("Karten der Teilgebiete"))
    with_shape = [a for a in data.districts if a.geometry]
    if not with_shape:
        document.paragraph(_("Für die Teilgebiete sind keine Gebietsgrenzen hinterlegt."))
        return
    document.paragraph(
        _(
            "Die Karten zeigen ausgewählte Kennzahlen je Teilgebiet im Jahr %(year)s in fünf "
            "gleich besetzten Klassen (dunkler = höherer Wert; grau = kein Wert), wie die "
            "Kartenseite des Monitorings."
        )
        % {"year": data.year}
    )
    for indicator in _map_indicators(data):
        choropleth = monitoring_pages.choropleth(indicator, data.year, data.districts)
        if not choropleth["values"]:
            continue
        title = _("%(name)s %(year)s nach Teilgebieten") % {
            "name": indicator.name,
            "year": data.year,
        }
        legend = [
            (colour, _("bis %(v)s %(u)s") % {"v": fmt(bound, indicator.decimals),
                                             "u": indicator.unit})
            for colour, bound in choropleth["legend"]
        ]  # fmt: skip
        spec = monitoring_charts.choropleth_map(
            monitoring_pages.map_geojson(indicator, data.year, data.districts), title, legend
        )
        rows = [[area.name, fmt(value, indicator.decimals)] for area, value in choropleth["rows"]]
        ranked = [r for r in choropleth["rows"] if r[1] is not None]
        alt = _(
            "Karte der Teilgebiete: %(name)s %(year)s. Höchster Wert: %(top)s, "
            "niedrigster: %(low)s."
        ) % {
            "name": indicator.name,
            "year": data.year,
            "top": f"{ranked[0][0].name} ({fmt(ranked[0][1], indicator.decimals)})",
            "low": f"{ranked[-1][0].name} ({fmt(ranked[-1][1], indicator.decimals)})",
        }
        document.heading(indicator.name, 2)
        document.figure(
            title,
            alt,
            spec,
            Table(title, [_("Gebiet"), f"{indicator.name} ({indicator.unit})"], rows),
        )


# --- small-area index ------------------------------------------------------------------------


def _index(document: Document, data: _Data) -> None:
    document.heading(_("Sozialmonitoring: kleinräumiger Index"))
    settings = index_settings(data.alliance)
    years = [y for y in monitoring_pages.index_years(data.districts, settings) if y <= data.year]
    if not data.districts or not years:
        document.paragraph(
            _("Für den kleinräumigen Index liegen nicht genug Werte der Teilgebiete vor.")
        )
        return
    year = years[0]
    result = monitoring_pages.small_area_index(data.districts, year, settings)
    indicators = result["index_indicators"]
    shown = [i for i in indicators if i.is_public or not data.public]
    document.paragraph(
        _(
            "Der Index fasst %(names)s je Teilgebiet zusammen (Statusindex: Abweichung vom "
            "Mittel der Teilgebiete in Standardabweichungen, höher = ungünstiger; Dynamik: "
            "Veränderung gegenüber %(lag)s Jahren vorher). Gebiete unter %(min)s Einwohnerinnen "
            "und Einwohnern werden nicht bewertet. Stand: %(year)s."
        )
        % {
            "names": ", ".join(i.name for i in indicators),
            "lag": settings.dynamics_lag,
            "min": fmt(settings.min_population, 0),
            "year": year,
        }
    )
    if len(shown) < len(indicators):
        document.paragraph(
            _(
                "In dieser öffentlichen Fassung stehen nur die Index-Klassen; die Werte der "
                "nicht öffentlichen Indikatoren (%(names)s) sind nicht abgedruckt."
            )
            % {"names": ", ".join(i.name for i in indicators if i not in shown)}
        )
    labels = monitoring_pages.STATUS_LABELS
    class_label = monitoring_pages.class_label  # one mapping from class keys to German labels
    conspicuous = result["conspicuous"]
    document.heading(_("Auffällige Gebiete"), 2)
    if conspicuous:
        document.paragraph(
            _(
                "%(n)s von %(all)s Teilgebieten sind auffällig (niedriger oder sehr niedriger "
                "Status oder negative Dynamik): %(names)s."
            )
            % {
                "n": len(conspicuous),
                "all": len(result["rows"]),
                "names": ", ".join(
                    f"{r['area_obj'].name} ({class_label(r['status_class'])}/"
                    f"{class_label(r['dynamics_class'])})"
                    for r in conspicuous
                ),
            }
        )
    else:
        document.paragraph(_("Kein Teilgebiet ist auffällig."))
    positions = [k for k, i in enumerate(indicators) if i in shown]
    document.table(
        _("Kleinräumiger Index %(year)s je Teilgebiet") % {"year": year},
        [_("Gebiet"), _("Einwohner"), _("Statusindex"), _("Status"), _("Dynamik"),
         _("auffällig"), *[indicators[k].name for k in positions]],
        [
            [
                r["area_obj"].name,
                fmt(r["population"], 0),
                fmt(r["status_index"], 2) if r["scored"] else "–",
                class_label(r["status_class"]) if r["scored"] else _("nicht bewertet"),
                class_label(r["dynamics_class"]),
                _("ja") if r["conspicuous"] else _("nein"),
                *[fmt(r["values"][k], indicators[k].decimals) for k in positions],
            ]
            for r in sorted(result["rows"], key=lambda r: -(r["status_index"] or -99))
        ],
    )  # fmt: skip
    title = _("Statusklassen des Index %(year)s") % {"year": year}
    legend = [
        (monitoring_charts.STATUS_COLOURS[c], _("Status %(l)s") % {"l": str(label)})
        for c, label in labels.items()
    ]
    if any(a.geometry for a in data.districts):
        spec = monitoring_charts.choropleth_map(
            monitoring_pages.index_geojson(data.districts, year, settings), title, legend
        )
        counts = ", ".join(f"{label}: {n}" for label, _colour, n in result["classes"])
        document.figure(
            title,
            _("Karte der Teilgebiete nach Statusklasse %(year)s (%(counts)s).")
            % {"year": year, "counts": counts},
            spec,
            Table(
                title,
                [_("Gebiet"), _("Status"), _("Dynamik")],
                [
                    [r["area_obj"].name, class_label(r["status_class"]),
                     class_label(r["dynamics_class"])]
                    for r in result["rows"]
                ],
            ),
        )  # fmt: skip
    if result["change_chart"]:
        change_title = _("Veränderung des Statusindex %(a)s–%(b)s") % {"a": year - 1, "b": year}
        rows = result["change_rows"]
        document.figure(
            change_title,
            _(
                "Punktdiagramm: Statusindex je Teilgebiet %(a)s und %(b)s; größter Anstieg: "
                "%(top)s (%(change)s)."
            )
            % {"a": year - 1, "b": year, "top": rows[0]["area"],
               "change": fmt_change(rows[0]["change"], 2)},
            result["change_chart"],
            Table(
                change_title,
                [_("Gebiet"), str(year - 1), str(year), _("Veränderung"), _("Klasse vorher"),
                 _("Klasse jetzt")],
                [
                    [r["area"], fmt(r["before"], 2), fmt(r["now"], 2), fmt_change(r["change"], 2),
                     r["group_before"], r["group_now"]]
                    for r in rows
                ],
            ),
        )  # fmt: skip


# --- forecast ---------------------------------------------------------------------------------


def forecast_run(alliance: Alliance, public: bool) -> ForecastRun | None:
    """The run the report shows: the latest published finished one; the internal version falls
    back to the latest finished one."""
    done = alliance.forecast_runs.filter(status=RunStatus.DONE).order_by("-finished_at", "-pk")
    run = done.filter(published=True).first()
    if run is None and not public:
        run = done.first()
    return run


def _forecast(document: Document, data: _Data) -> None:
    document.heading(_("Bevölkerungs- und Haushaltsprognose"))
    run = forecast_run(data.alliance, data.public)
    if run is None:
        document.paragraph(_("Es ist noch keine Prognose veröffentlicht."))
        return
    page = forecast_queries.page_context(run, {})
    sel, summary, charts = page["sel"], page["summary"], page["charts"]
    years = page["overview_years"]
    data.forecast = (run, sel)
    document.paragraph(
        _(
            "Prognose „%(title)s“ (%(status)s, Basisjahr %(base)s, Horizont %(h)s Jahre, "
            "Methode %(method)s; Szenarien: %(s)s). Gezeigt wird %(area)s; die Tabellen "
            "nennen jedes %(step)s. Jahr."
        )
        % {
            "title": run.title,
            "status": _("veröffentlicht") if run.published else _("nicht veröffentlicht"),
            "base": sel.years[0],
            "h": run.horizon,
            "method": run.method,
            "s": ", ".join(sel.scenarios),
            "area": sel.area_name,
            "step": forecast_queries.STEP,
        }
    )
    # scenarios with band
    document.heading(_("Szenarien mit Bandbreite"), 2)
    last = [r for r in summary if r.year == sel.years[-1]]
    title = _("Bevölkerung je Szenario mit Bandbreite, %(area)s") % {"area": sel.area_name}
    document.figure(
        title,
        _("Liniendiagramm mit Bändern: Bevölkerung von %(area)s je Szenario %(y0)s–%(y1)s; "
          "%(y1)s: %(end)s.")
        % {"area": sel.area_name, "y0": sel.years[0], "y1": sel.years[-1],
           "end": "; ".join(f"{r.scenario} {fmt(r.population, 0)}" for r in last)},
        charts["fan"],
        Table(
            title,
            [_("Szenario"), _("Jahr"), _("Bevölkerung"), "5 %", "50 %", "95 %"],
            [[r.scenario, str(r.year), fmt(r.population, 0), fmt(r.p05, 0), fmt(r.p50, 0),
              fmt(r.p95, 0)] for r in summary if r.year in years],
        ),
    )  # fmt: skip
    document.paragraph(
        _(
            # xgettext:no-python-format (literal per cent signs, never %-formatted)
            "Linien: Ergebnis jedes Annahmen-Sets. Flächen: 90 % und 50 % der "
            "Zufallsziehungen (Bandbreite)."
        )
    )
    # pyramid
    document.heading(_("Altersaufbau"), 2)
    title = _("Bevölkerungspyramide %(area)s %(year)s (Szenario %(s)s)") % {
        "area": sel.area_name, "year": sel.year, "s": sel.scenario
    }  # fmt: skip
    groups = _age_groups(page["pyramid_table"])
    document.figure(
        title,
        _("Bevölkerungspyramide: Personen nach Alter, Männer links, Frauen rechts, %(year)s; "
          "Umriss: Basisjahr %(base)s.") % {"year": sel.year, "base": sel.years[0]},
        charts["pyramid"],
        Table(
            title,
            [_("Alter"), _("Frauen"), _("Männer"), _("Frauen %(y)s") % {"y": sel.years[0]},
             _("Männer %(y)s") % {"y": sel.years[0]}],
            groups,
        ),
    )  # fmt: skip
    # households
    document.heading(_("Haushalte"), 2)
    if charts.get("households"):
        title = _("Haushalte je Szenario, %(area)s") % {"area": sel.area_name}
        document.figure(
            title,
            _("Liniendiagramm: private Haushalte je Szenario %(y0)s–%(y1)s; %(y1)s: %(end)s.")
            % {"y0": sel.years[0], "y1": sel.years[-1],
               "end": "; ".join(f"{r.scenario} {fmt(r.households, 0)}" for r in last)},
            charts["households"],
            Table(
                title,
                [_("Szenario"), _("Jahr"), _("Haushalte"), _("Personen je Haushalt")],
                [[r.scenario, str(r.year), fmt(r.households, 0), fmt(r.average_size, 2)]
                 for r in summary if r.year in years],
            ),
        )  # fmt: skip
    if page["sizes"]:
        document.table(
            _("Haushalte nach Größe (Szenario %(s)s)") % {"s": sel.scenario},
            [_("Jahr"), *[_("%(n)s Pers.") % {"n": label} for label in page["size_labels"]]],
            [[str(r["year"]), *[fmt(v, 0) for v in r["households"]]] for r in page["sizes"]],
        )
    # housing demand against planned completions
    document.heading(_("Wohnungsbedarf und geplante Fertigstellungen"), 2)
    title = _("Wohnungsbedarf und Bestand mit geplanten Fertigstellungen, %(area)s") % {
        "area": sel.area_name
    }
    own = [r for r in summary if r.scenario == sel.scenario]
    end = own[-1] if own else None
    document.figure(
        title,
        _("Liniendiagramm: benötigter Wohnungsbestand je Szenario gegen den Bestand mit den "
          "geplanten Fertigstellungen; %(year)s (Szenario %(s)s): Bedarf %(need)s, Bestand "
          "%(stock)s.")
        % {"year": sel.years[-1], "s": sel.scenario,
           "need": fmt(end.target_stock if end else None, 0),
           "stock": fmt(end.stock if end else None, 0)},
        charts["demand"],
        Table(
            title,
            [_("Jahr"), _("Bedarf (Zielbestand)"), _("Bestand"), _("geplante Fertigstellungen"),
             _("Neubaubedarf im Jahr"), _("Saldo Bestand − Bedarf")],
            [[str(r.year), fmt(r.target_stock, 0), fmt(r.stock, 0), fmt(r.completions, 0),
              fmt(r.new_construction_need, 0), fmt(r.balance, 0)] for r in own],
        ),
    )  # fmt: skip
    # change by district
    change = forecast_maps.map_context(run, sel)
    if change["rows"] and any(r["area"].geometry for r in change["rows"]):
        document.heading(_("Entwicklung nach Teilgebieten"), 2)
        title = _("Bevölkerungsentwicklung %(a)s–%(b)s nach Teilgebieten (Szenario %(s)s)") % {
            "a": sel.years[0], "b": sel.year, "s": sel.scenario
        }  # fmt: skip
        legend = [(c, _("bis %(v)s %%") % {"v": fmt(b, 1)}) for c, b in change["legend"]]
        top, low = change["rows"][0], change["rows"][-1]
        document.figure(
            title,
            _("Karte: Veränderung der Bevölkerung in Prozent je Teilgebiet; größtes Wachstum "
              "%(top)s (%(tv)s %%), kleinstes %(low)s (%(lv)s %%).")
            % {"top": top["area"].name, "tv": fmt(top["change"], 1),
               "low": low["area"].name, "lv": fmt(low["change"], 1)},
            monitoring_charts.choropleth_map(forecast_maps.geojson(run, sel), title, legend),
            Table(
                title,
                [_("Gebiet"), str(sel.years[0]), str(sel.year), _("Veränderung in %")],
                [[r["area"].name, fmt(r["start"], 0), fmt(r["end"], 0), fmt(r["change"], 1)]
                 for r in change["rows"]],
            ),
        )  # fmt: skip


def _age_groups(rows) -> list[list[str]]:
    """The pyramid's single ages summed to five-year groups for the annex table."""
    groups: dict[int, list[float | None]] = {}
    for age, women, men, base_women, base_men in rows:
        first = min(age // 5 * 5, 100)
        sums = groups.setdefault(first, [0.0, 0.0, None, None])
        sums[0] = (sums[0] or 0) + women
        sums[1] = (sums[1] or 0) + men
        if base_women is not None:
            sums[2] = (sums[2] or 0) + base_women
            sums[3] = (sums[3] or 0) + (base_men or 0)
    return [
        [age_group_label(first), *[fmt(v, 0) for v in values]]
        for first, values in sorted(groups.items())
    ]


# --- district profiles ------------------------------------------------------------------------


def _forecast_of_districts(data: _Data) -> dict[str, tuple[int, float, int, float]]:
    """District key → (base year, population, horizon year, population) of the shown run."""
    if data.forecast is None:
        return {}
    run, sel = data.forecast
    rows = run.rows.filter(scenario=sel.scenario, year__in=(sel.years[0], sel.years[-1]))
    by_key: dict[str, dict[int, float]] = {}
    for key, year, population in rows.exclude(area_key=CITY).values_list(
        "area_key", "year", "population"
    ):
        by_key.setdefault(key, {})[year] = population
    first, last = sel.years[0], sel.years[-1]
    return {
        key: (first, values[first], last, values[last])
        for key, values in by_key.items()
        if first in values and last in values
    }


def _profiles(document: Document, data: _Data) -> None:
    document.heading(_("Profile der Teilgebiete"))
    document.paragraph(
        _(
            "Je Teilgebiet eine Seite: seine Kennzahlen gegen die von %(city)s, die Entwicklung "
            "der Bevölkerung und ein Vergleich mit der Stadt."
        )
        % {"city": data.city.name}
    )
    forecast = _forecast_of_districts(data)
    population = next((i for i in data.indicators if i.key == "population"), None)
    comparison = [i for key in PROFILE_COMPARISON for i in data.indicators if i.key == key]
    for number_, district in enumerate(data.districts):
        if number_:
            document.page_break()
        document.heading(district.name, 2)
        figures = _key_figures(data, district, data.city)
        if not figures:
            document.paragraph(_("Für dieses Gebiet liegen noch keine Werte vor."))
            continue
        document.table(
            _("Kennzahlen %(area)s im Vergleich mit %(city)s") % {"area": district.name,
                                                                  "city": data.city.name},
            [_("Kennzahl"), _("Jahr"), district.name, data.city.name, _("Einheit"),
             _("Veränderung zum Vorjahr")],
            [
                [f.indicator.name, str(f.year), fmt(f.value, f.indicator.decimals),
                 fmt(f.parent_value, f.indicator.decimals), f.indicator.unit,
                 fmt_change(f.change, f.indicator.decimals)]
                for f in figures
            ],
        )  # fmt: skip
        if district.key in forecast:
            first, start, last, end = forecast[district.key]
            document.paragraph(
                _("Prognose: %(start)s Einwohnerinnen und Einwohner %(first)s, %(end)s im Jahr "
                  "%(last)s (%(change)s %%).")
                % {"start": fmt(start, 0), "first": first, "end": fmt(end, 0), "last": last,
                   "change": fmt_change(100 * (end - start) / start if start else None, 1)}
            )  # fmt: skip
        own = data.of(district)
        if population is not None and own.get(population.pk):
            title = _("%(name)s: %(indicator)s") % {
                "name": district.name,
                "indicator": population.name,
            }
            _indicator_figure(document, data, population, district, None, title=title, width=SMALL)
        compared = next((i for i in comparison if own.get(i.pk)), None)
        if compared is not None:
            title = _("%(name)s: %(indicator)s im Vergleich mit %(city)s") % {
                "name": district.name,
                "indicator": compared.name,
                "city": data.city.name,
            }
            _indicator_figure(
                document, data, compared, district, data.city, title=title, width=SMALL
            )


def _notes(document: Document, data: _Data) -> None:
    document.heading(_("Hinweise zu Daten und Methoden"))
    document.paragraph(
        _(
            "Alle Zahlen stammen aus der Wohnungsmarktbeobachtung und der Prognose des "
            "Bündnisses auf der Plattform, Stand siehe Fußzeile. Die Kennzahlen sind dieselben "
            "wie im Wohnungsmarktbarometer; Trend: Veränderung gegenüber dem Vorjahr. "
            "Quellen und Definitionen stehen bei jedem Indikator.%(public)s"
        )
        % {
            "public": _(" Diese Fassung enthält nur öffentliche Indikatoren.")
            if data.public
            else _(" Interne Fassung: sie enthält auch nicht öffentliche Indikatoren.")
        }
    )
