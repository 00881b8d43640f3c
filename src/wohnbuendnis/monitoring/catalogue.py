"""The seeded indicator catalogue, in the spirit of the NRW.BANK/KomWoB catalogue (guide ch. 3.5).

Plain data, read by the data migration ``0002_seed_indicator_catalogue`` (and by tests); the
catalogue is edited afterwards by Koordination and Fachamt on the web pages.
"""

from __future__ import annotations

from typing import Any

_STAT = "Kommunalstatistik (Einwohnermelderegister)"
_IT = "Statistisches Landesamt, Bautätigkeitsstatistik"
_BA = "Statistik der Bundesagentur für Arbeit"
_SOC = "Wohnungsamt, Förderstatistik"
_MARKET = "Angebotsmietenauswertung (Inserate)"
_PLAN = "Stadtplanungsamt, Baulandkataster"
PROJECTS = "Bauprojekte des Handlungskonzepts"
# written by allocation.services.places.publish_indicators (aggregates of the register only)
ALLOCATION = "Kooperative Wohnungsvermittlung (Register des Wohnungsamts)"

_TOPIC_ORDER = (
    "bevoelkerung",
    "haushalte",
    "bestand",
    "bautaetigkeit",
    "gefoerdert",
    "preise",
    "soziale_lage",
    "bauland",
)


def _i(key: str, name: str, topic: str, unit: str, source: str, definition: str, aid: str,
       **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "key": key, "name": name, "topic": topic, "unit": unit, "source": source,
        "definition": definition, "reading_aid": aid, **extra,
    }  # fmt: skip


_SUM = {"aggregation": "sum", "value_range": "non_negative", "decimals": 0}
_SHARE = {"aggregation": "weighted_mean", "value_range": "percent", "decimals": 1}


def _share(weight: str = "population") -> dict[str, Any]:
    return {**_SHARE, "weight": weight}


def _ratio(numerator: str, denominator: str, scale: float, decimals: int = 1) -> dict[str, Any]:
    return {
        "aggregation": "ratio", "numerator": numerator, "denominator": denominator,
        "scale": scale, "value_range": "non_negative", "decimals": decimals,
    }  # fmt: skip


INDICATORS: list[dict[str, Any]] = [
    # --- Bevölkerung ---------------------------------------------------------------------------
    _i(
        "population",
        "Einwohnerinnen und Einwohner",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Bevölkerung mit Hauptwohnsitz am 31.12.",
        "Die Einwohnerzahl ist die Grundlage fast aller anderen Kennzahlen. Wachstum erhöht den "
        "Wohnungsbedarf, Schrumpfung kann Leerstand nach sich ziehen.",
        **_SUM,
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "population_female",
        "Einwohnerinnen (weiblich)",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Weibliche Bevölkerung mit Hauptwohnsitz am 31.12. (amtlich: Personen mit dem "
        "Geschlechtseintrag „divers“ oder ohne Eintrag sind zufällig „männlich“ oder "
        "„weiblich“ zugeordnet).",
        "Frauen leben länger als Männer: unter den Hochaltrigen überwiegen sie und leben oft "
        "allein – sie fragen kleine, barrierearme Wohnungen nach.",
        **_SUM,
    ),
    _i(
        "population_male",
        "Einwohner (männlich)",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Männliche Bevölkerung mit Hauptwohnsitz am 31.12. (amtlich: Personen mit dem "
        "Geschlechtseintrag „divers“ oder ohne Eintrag sind zufällig „männlich“ oder "
        "„weiblich“ zugeordnet).",
        "Mit den Einwohnerinnen zusammen die Einwohnerzahl. Mehr junge Männer als Frauen zeigt "
        "oft Zuzug zu Ausbildung und Arbeit.",
        **_SUM,
    ),
    _i(
        "share_under_18",
        "Anteil unter 18-Jährige",
        "bevoelkerung",
        "%",
        _STAT,
        "Einwohner unter 18 Jahren je 100 Einwohner.",
        "Ein hoher Anteil zeigt Familien; sie fragen größere und bezahlbare Wohnungen nach.",
        **_share(),
        is_public=True,
    ),
    _i(
        "share_65_plus",
        "Anteil 65-Jährige und Ältere",
        "bevoelkerung",
        "%",
        _STAT,
        "Einwohner ab 65 Jahren je 100 Einwohner.",
        "Ein steigender Anteil erhöht den Bedarf an barrierearmen Wohnungen.",
        **_share(),
        is_public=True,
    ),
    _i(
        "share_75_plus",
        "Anteil 75-Jährige und Ältere",
        "bevoelkerung",
        "%",
        _STAT,
        "Einwohner ab 75 Jahren je 100 Einwohner (amtlich je Gemeinde: Altersgruppe „75 Jahre "
        "und mehr“ der Tabelle 12411-02-03-5).",
        "Ab 75 steigt der Anteil der Menschen mit Pflegebedarf und eingeschränkter Mobilität "
        "deutlich; die Zahl zeigt früh, wie viele barrierefreie Wohnungen und Hilfen im Quartier "
        "gebraucht werden, auch wo der Anteil ab 80 nicht gemeldet wird.",
        **_share(),
    ),
    _i(
        "share_80_plus",
        "Anteil 80-Jährige und Ältere",
        "bevoelkerung",
        "%",
        _STAT,
        "Einwohner ab 80 Jahren je 100 Einwohner.",
        "Hochaltrige brauchen häufig Wohnungen mit Unterstützungsangeboten im Quartier.",
        **_share(),
    ),
    _i(
        "share_foreign",
        "Ausländeranteil",
        "bevoelkerung",
        "%",
        _STAT,
        "Einwohner ohne deutsche Staatsangehörigkeit je 100 Einwohner.",
        "Beschreibt die Zusammensetzung der Bevölkerung; für sich genommen kein Problemanzeiger.",
        **_share(),
    ),
    _i(
        "births",
        "Geburten",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Lebendgeborene im Kalenderjahr (Wohnort der Mutter).",
        "Geburten bestimmen zusammen mit den Sterbefällen die natürliche Bevölkerungsbewegung.",
        **_SUM,
    ),
    _i(
        "deaths",
        "Sterbefälle",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Gestorbene im Kalenderjahr.",
        "Mehr Sterbefälle als Geburten bedeuten ohne Zuzüge eine schrumpfende Bevölkerung.",
        **_SUM,
    ),
    _i(
        "in_migration",
        "Zuzüge",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Zuzüge über die Gebietsgrenze im Kalenderjahr (Umzüge innerhalb des Gebiets zählen "
        "nicht).",
        "Zuzüge zeigen die Anziehungskraft eines Gebiets und den Druck auf den Wohnungsmarkt.",
        **_SUM,
    ),
    _i(
        "out_migration",
        "Fortzüge",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Fortzüge über die Gebietsgrenze im Kalenderjahr.",
        "Viele Fortzüge von Familien können auf fehlende passende Wohnungen hinweisen.",
        **_SUM,
    ),
    _i(
        "net_migration",
        "Wanderungssaldo",
        "bevoelkerung",
        "Personen",
        _STAT,
        "Zuzüge minus Fortzüge im Kalenderjahr; kann negativ sein.",
        "Ein positiver Saldo bedeutet Zuwanderung und zusätzliche Wohnungsnachfrage.",
        aggregation="sum",
        value_range="any",
        decimals=0,
        is_public=True,
    ),
    # --- Haushalte -----------------------------------------------------------------------------
    _i(
        "households",
        "Private Haushalte",
        "haushalte",
        "Haushalte",
        _STAT,
        "Privathaushalte am 31.12. (Haushaltegenerierung aus dem Melderegister).",
        "Die Zahl der Haushalte – nicht der Einwohner – bestimmt die Zahl der benötigten "
        "Wohnungen.",
        **_SUM,
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "household_size",
        "Durchschnittliche Haushaltsgröße",
        "haushalte",
        "Personen je Haushalt",
        _STAT,
        "Einwohner je Privathaushalt.",
        "Sinkende Haushaltsgrößen erhöhen den Wohnungsbedarf auch bei gleicher Einwohnerzahl.",
        **_ratio("population", "households", 1.0, 2),
        is_public=True,
    ),
    _i(
        "single_person_share",
        "Anteil Einpersonenhaushalte",
        "haushalte",
        "%",
        _STAT,
        "Einpersonenhaushalte je 100 Haushalte.",
        "Viele Einpersonenhaushalte fragen kleine Wohnungen nach.",
        **_share("households"),
    ),
    _i(
        "single_parent_share",
        "Anteil Alleinerziehende",
        "haushalte",
        "%",
        _STAT,
        "Haushalte von Alleinerziehenden mit Kindern unter 18 je 100 Haushalte.",
        "Alleinerziehende haben am Wohnungsmarkt oft besondere Zugangsprobleme.",
        **_share("households"),
    ),
    # --- Wohnungsbestand -----------------------------------------------------------------------
    _i(
        "dwellings",
        "Wohnungsbestand",
        "bestand",
        "Wohnungen",
        "Gebäude- und Wohnungsfortschreibung",
        "Wohnungen in Wohn- und Nichtwohngebäuden am 31.12.",
        "Der Bestand wächst durch Fertigstellungen und schrumpft durch Abriss und Zusammenlegung.",
        **_SUM,
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "dwellings_per_1000",
        "Wohnungen je 1.000 Einwohner",
        "bestand",
        "Wohnungen je 1.000 EW",
        "Gebäude- und Wohnungsfortschreibung; Kommunalstatistik",
        "Wohnungsbestand je 1.000 Einwohner.",
        "Eine niedrige Wohnungsversorgung weist auf einen angespannten Markt hin.",
        **_ratio("dwellings", "population", 1000.0),
        direction="higher_better",
    ),
    _i(
        "living_space_per_person",
        "Wohnfläche je Einwohner",
        "bestand",
        "m²",
        "Gebäude- und Wohnungsfortschreibung",
        "Wohnfläche in m² je Einwohner.",
        "Die Wohnfläche je Person steigt langfristig; Unterschiede zwischen Stadtteilen zeigen "
        "Überbelegung oder Unterbelegung.",
        aggregation="weighted_mean",
        value_range="non_negative",
        decimals=1,
    ),
    _i(
        "vacancy_rate",
        "Leerstandsquote",
        "bestand",
        "%",
        "Stromzählermethode der Stadtwerke",
        "Länger als drei Monate leerstehende Wohnungen je 100 Wohnungen.",
        "Unter etwa 2 % gilt der Markt als angespannt (zu wenig Fluktuationsreserve), deutlich "
        "darüber droht struktureller Leerstand.",
        **_share("dwellings"),
        direction="neutral",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "accessible_dwellings",
        "Barrierefreie und barrierearme Wohnungen",
        "bestand",
        "Wohnungen",
        "Wohnungsamt, Wohnungsmarktbeobachtung (Erhebung bei den Vermietern)",
        "Wohnungen mit stufenlosem Zugang, ohne Schwellen in der Wohnung und mit ebenerdiger "
        "Dusche am 31.12. (Merkmale des Mikrozensus-Zusatzprogramms Wohnen).",
        "Im Vergleich mit der Zahl der Älteren zeigt sich, wie viele Menschen mit "
        "Mobilitätseinschränkungen keine passende Wohnung finden.",
        **_SUM,
        direction="higher_better",
    ),
    _i(
        "small_dwellings",
        "Kleine Wohnungen (1–2 Zimmer)",
        "bestand",
        "Wohnungen",
        "Gebäude- und Wohnungsfortschreibung",
        "Wohnungen mit einem oder zwei Zimmern (ohne Küche, Bad, Flur) am 31.12.; in der "
        "amtlichen Fortschreibung (Räume einschließlich Küche) die Wohnungen mit 1 bis 3 Räumen.",
        "Im Vergleich mit den Einpersonenhaushalten zeigt sich, ob kleine Wohnungen fehlen.",
        **_SUM,
    ),
    # --- Bautätigkeit --------------------------------------------------------------------------
    _i(
        "completions",
        "Baufertigstellungen",
        "bautaetigkeit",
        "Wohnungen",
        _IT,
        "Fertiggestellte Wohnungen (Neubau und Baumaßnahmen im Bestand) im Kalenderjahr.",
        "Fertigstellungen zeigen, wie viel neuer Wohnraum tatsächlich auf den Markt kommt.",
        **_SUM,
        direction="higher_better",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "completions_per_1000",
        "Fertigstellungen je 1.000 Einwohner",
        "bautaetigkeit",
        "Wohnungen je 1.000 EW",
        _IT,
        "Fertiggestellte Wohnungen je 1.000 Einwohner.",
        "Erlaubt den Vergleich der Bautätigkeit zwischen unterschiedlich großen Gebieten.",
        **_ratio("completions", "population", 1000.0, 2),
        direction="higher_better",
        is_public=True,
    ),
    _i(
        "completions_single_family",
        "Fertigstellungen in Ein- und Zweifamilienhäusern",
        "bautaetigkeit",
        "Wohnungen",
        _IT,
        "Fertiggestellte Wohnungen in Ein- und Zweifamilienhäusern im Kalenderjahr.",
        "Zeigt den Anteil des flächenintensiven Eigenheimbaus an der Bautätigkeit.",
        **_SUM,
    ),
    _i(
        "permits",
        "Baugenehmigungen",
        "bautaetigkeit",
        "Wohnungen",
        _IT,
        "Genehmigte Wohnungen im Kalenderjahr.",
        "Genehmigungen laufen den Fertigstellungen um ein bis drei Jahre voraus.",
        **_SUM,
        direction="higher_better",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "project_completions",
        "Fertigstellungen der Bauvorhaben",
        "bautaetigkeit",
        "Wohnungen",
        PROJECTS,
        "Wohnungen der Bauvorhaben des Handlungskonzepts, die im Kalenderjahr fertiggestellt "
        "wurden.",
        "Im Vergleich mit allen Baufertigstellungen zeigt sich der Beitrag der Bauvorhaben des "
        "Bündnisses.",
        **_SUM,
        direction="higher_better",
    ),
    _i(
        "planned_completions",
        "Geplante Fertigstellungen der Bauvorhaben",
        "bautaetigkeit",
        "Wohnungen",
        PROJECTS,
        "Wohnungen der noch nicht fertiggestellten Bauvorhaben des Handlungskonzepts im Jahr "
        "ihrer erwarteten Fertigstellung (Planzahl, Stand bei der Übernahme aus den "
        "Bauvorhaben).",
        "Zeigt, was in den nächsten Jahren fertig werden soll; die Bevölkerungsprognose kann "
        "diese Wohnungen als geplante Fertigstellungen übernehmen.",
        **_SUM,
        direction="higher_better",
    ),
    _i(
        "accessible_completions",
        "Fertiggestellte barrierefreie Wohnungen",
        "bautaetigkeit",
        "Wohnungen",
        PROJECTS,
        "Barrierefreie Wohnungen der Bauvorhaben des Handlungskonzepts, die im Kalenderjahr "
        "fertiggestellt wurden.",
        "Zeigt, ob das Angebot für Ältere und Menschen mit Behinderungen mitwächst.",
        **_SUM,
        direction="higher_better",
    ),
    # --- Geförderter Wohnungsbau ---------------------------------------------------------------
    _i(
        "social_housing_stock",
        "Geförderte Mietwohnungen",
        "gefoerdert",
        "Wohnungen",
        _SOC,
        "Mietpreis- und belegungsgebundene Wohnungen am 31.12.",
        "Der Bestand sinkt, wenn mehr Bindungen auslaufen als neue Wohnungen gefördert werden.",
        **_SUM,
        direction="higher_better",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "social_housing_share",
        "Anteil geförderter Mietwohnungen",
        "gefoerdert",
        "%",
        _SOC,
        "Geförderte Mietwohnungen je 100 Wohnungen.",
        "Ein sinkender Anteil verringert die Versorgungsmöglichkeiten für Haushalte mit "
        "Wohnberechtigungsschein.",
        **_ratio("social_housing_stock", "dwellings", 100.0),
        direction="higher_better",
        is_public=True,
    ),
    _i(
        "social_housing_bindings_expiring",
        "Auslaufende Bindungen (5 Jahre)",
        "gefoerdert",
        "Wohnungen",
        _SOC,
        "Geförderte Wohnungen, deren Bindung in den nächsten fünf Jahren endet.",
        "Zeigt, wie viele geförderte Wohnungen ohne Neubau oder Verlängerung bald fehlen.",
        **_SUM,
        direction="higher_worse",
        is_key_figure=True,
    ),
    _i(
        "social_housing_new",
        "Neu geförderte Mietwohnungen",
        "gefoerdert",
        "Wohnungen",
        _SOC,
        "Im Kalenderjahr bewilligte geförderte Mietwohnungen.",
        "Der Vergleich mit den auslaufenden Bindungen zeigt, ob der Bestand gehalten wird.",
        **_SUM,
        direction="higher_better",
        is_public=True,
    ),
    _i(
        "social_housing_in_planning",
        "Geförderte Wohnungen in Planung",
        "gefoerdert",
        "Wohnungen",
        PROJECTS,
        "Geförderte Wohnungen in Bauvorhaben des Handlungskonzepts, die noch nicht fertiggestellt "
        "sind (Planung, Baurecht, Bau), Stand bei der Übernahme aus den Bauvorhaben.",
        "Zeigt, wie viele geförderte Wohnungen in den nächsten Jahren auf den Markt kommen können.",
        **_SUM,
        direction="higher_better",
        is_public=True,
    ),
    _i(
        "social_housing_completions",
        "Fertiggestellte geförderte Wohnungen",
        "gefoerdert",
        "Wohnungen",
        PROJECTS,
        "Geförderte Wohnungen der Bauvorhaben des Handlungskonzepts, die im Kalenderjahr "
        "fertiggestellt wurden.",
        "Der Vergleich mit den auslaufenden Bindungen zeigt, ob der geförderte Bestand wächst.",
        **_SUM,
        direction="higher_better",
        is_public=True,
    ),
    # the cooperative allocation's register (allocation.services.places): per district and for
    # the alliance's area; "none": a district's figure is not summed up (the city counts
    # households housed outside a district's flats too)
    _i(
        "allocation_placements",
        "Vermittlungen in gebundene Wohnungen",
        "gefoerdert",
        "Haushalte",
        ALLOCATION,
        "Haushalte, die im Kalenderjahr über eine angenommene Benennung der kooperativen "
        "Vermittlung mit einer gebundenen Wohnung versorgt wurden, nach Stadtteil der Wohnung. "
        "Werte unter 5 werden nicht übernommen.",
        "Zeigt, wie viele Haushalte die Vermittlung versorgt und in welchen Stadtteilen.",
        aggregation="none",
        value_range="non_negative",
        decimals=0,
        direction="higher_better",
    ),
    _i(
        "emergency_cases_housed",
        "Wohnungsnotfälle versorgt",
        "gefoerdert",
        "Haushalte",
        ALLOCATION,
        "Haushalte mit einem geprüften und bestätigten Kriterium der Prioritätenliste, das einen "
        "Wohnungsnotfall anzeigt (wohnungslos, von Wohnungsverlust bedroht, häusliche Gewalt), "
        "die im Kalenderjahr versorgt wurden; im Stadtteil der vermittelten Wohnung. Werte "
        "unter 5 werden nicht übernommen.",
        "Gezählt aus dem Register, nicht eingetragen: zeigt, ob die Notfälle versorgt werden.",
        aggregation="none",
        value_range="non_negative",
        decimals=0,
        direction="higher_better",
    ),
    _i(
        "days_to_housing",
        "Wartezeit versorgter Wohnungsnotfälle (Median)",
        "gefoerdert",
        "Tage",
        ALLOCATION,
        "Median der Tage von der Registrierung im Register bis zur Versorgung (Annahme der "
        "Benennung durch den Vermieter) der im Kalenderjahr versorgten Wohnungsnotfälle; erst "
        "ab 5 Fällen.",
        "Misst Ziele wie „Wohnungsnotfälle in höchstens 90 Tagen versorgen“.",
        aggregation="none",
        value_range="non_negative",
        decimals=0,
        direction="higher_worse",
    ),
    _i(
        "emergency_housed_within_target",
        "Wohnungsnotfälle innerhalb von 90 Tagen versorgt",
        "gefoerdert",
        "%",
        ALLOCATION,
        "Anteil der im Kalenderjahr versorgten Wohnungsnotfälle, die höchstens 90 Tage nach "
        "ihrer Registrierung versorgt wurden; erst ab 5 Fällen innerhalb der Frist.",
        "Je höher, desto öfter gelingt die Versorgung in der Zielzeit.",
        aggregation="none",
        value_range="percent",
        decimals=1,
        direction="higher_better",
    ),
    # --- Mieten und Preise ---------------------------------------------------------------------
    _i(
        "asking_rent_eur_m2",
        "Angebotsmiete (Median)",
        "preise",
        "€/m²",
        _MARKET,
        "Median der inserierten Nettokaltmieten je m² Wohnfläche (ohne Neubau-Erstbezug).",
        "Angebotsmieten zeigen das Preisniveau bei Neuvermietung; Bestandsmieten liegen meist "
        "darunter.",
        aggregation="weighted_mean",
        weight="dwellings",
        value_range="non_negative",
        decimals=2,
        direction="higher_worse",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "existing_rent_eur_m2",
        "Bestandsmiete (Zensus)",
        "preise",
        "€/m²",
        "Zensus 2022 (Tabelle 4000W-0004)",
        "Durchschnittliche Nettokaltmiete je m² der vermieteten, bewohnten Wohnungen am "
        "Zensusstichtag (15.05.2022).",
        "Bestandsmieten sind die Mieten laufender Verträge; sie liegen meist unter den "
        "Angebotsmieten bei Neuvermietung.",
        aggregation="weighted_mean",
        weight="population",
        value_range="non_negative",
        decimals=2,
        direction="higher_worse",
        is_public=True,
    ),
    _i(
        "rent_burden",
        "Mietbelastungsquote",
        "preise",
        "%",
        "Mikrozensus; eigene Schätzung",
        "Bruttokaltmiete in Prozent des Haushaltsnettoeinkommens (Median der Mieterhaushalte).",
        "Über 30 % gilt eine Miete als Überlastung des Haushaltsbudgets.",
        **_share("households"),
        direction="higher_worse",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "land_price_eur_m2",
        "Bodenrichtwert Wohnbauland",
        "preise",
        "€/m²",
        "Gutachterausschuss für Grundstückswerte",
        "Durchschnittlicher Bodenrichtwert für baureifes Wohnbauland.",
        "Hohe Bodenpreise erschweren preisgünstigen Neubau.",
        aggregation="none",
        value_range="non_negative",
        decimals=0,
        direction="higher_worse",
    ),
    _i(
        "condo_price_eur_m2",
        "Kaufpreis Eigentumswohnungen",
        "preise",
        "€/m²",
        "Gutachterausschuss für Grundstückswerte",
        "Durchschnittlicher Kaufpreis je m² Wohnfläche für Eigentumswohnungen (Wiederverkauf).",
        "Steigende Kaufpreise verdrängen Haushalte mit mittleren Einkommen in den Mietmarkt.",
        aggregation="none",
        value_range="non_negative",
        decimals=0,
        direction="higher_worse",
    ),
    # --- Soziale Lage --------------------------------------------------------------------------
    _i(
        "sgb2_recipients",
        "Leistungsberechtigte nach SGB II",
        "soziale_lage",
        "Personen",
        _BA,
        "Leistungsberechtigte nach SGB II (Bürgergeld) im Dezember.",
        "Anzahl der Menschen, deren Wohnkosten das Jobcenter übernimmt.",
        **_SUM,
    ),
    _i(
        "sgb2_rate",
        "SGB-II-Quote",
        "soziale_lage",
        "%",
        _BA,
        "Leistungsberechtigte nach SGB II je 100 Einwohner unter 65 Jahren.",
        "Hohe Werte zeigen eine Konzentration einkommensarmer Haushalte; sie sind Anlass, genauer "
        "hinzusehen, nicht schon ein Urteil über das Quartier.",
        **_share(),
        direction="higher_worse",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "unemployed",
        "Arbeitslose",
        "soziale_lage",
        "Personen",
        _BA,
        "Arbeitslose nach SGB II und SGB III im Dezember.",
        "Absolute Zahl; für Vergleiche die Arbeitslosenquote nutzen.",
        **_SUM,
    ),
    _i(
        "unemployment_rate",
        "Arbeitslosenquote",
        "soziale_lage",
        "%",
        _BA,
        "Arbeitslose je 100 Einwohner im Alter von 15 bis unter 65 Jahren.",
        "Arbeitslosigkeit ist der wichtigste Grund für niedrige Einkommen und Mietrückstände.",
        **_share(),
        direction="higher_worse",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "child_poverty_rate",
        "Kinderarmut",
        "soziale_lage",
        "%",
        _BA,
        "Kinder unter 15 Jahren in Bedarfsgemeinschaften nach SGB II je 100 Kinder unter 15.",
        "Kinderarmut ist ein Kernindikator des kleinräumigen Sozialmonitorings.",
        **_share(),
        direction="higher_worse",
        is_key_figure=True,
    ),
    _i(
        "housing_benefit_households",
        "Wohngeldhaushalte",
        "soziale_lage",
        "Haushalte",
        "Wohngeldstelle",
        "Haushalte mit Wohngeldbezug am 31.12.",
        "Wohngeld entlastet Haushalte knapp oberhalb der Grundsicherung bei den Wohnkosten.",
        **_SUM,
    ),
    _i(
        "low_income_household_share",
        "Anteil Haushalte unter den Einkommensgrenzen",
        "soziale_lage",
        "%",
        "Wohnungsamt; Schätzung aus Einkommensstatistik oder Mikrozensus",
        "Haushalte, deren Einkommen unter den Einkommensgrenzen der sozialen Wohnraumförderung "
        "liegt (Anspruch auf einen Wohnberechtigungsschein), je 100 Haushalte.",
        "Zusammen mit dem gebundenen Bestand zeigt der Anteil, wie viele berechtigte Haushalte "
        "keine geförderte Wohnung haben können.",
        **_share("households"),
        direction="higher_worse",
    ),
    _i(
        "homeless_persons",
        "Untergebrachte wohnungslose Personen",
        "soziale_lage",
        "Personen",
        "Ordnungsamt, Unterbringungsstatistik",
        "Nach Ordnungsrecht untergebrachte wohnungslose Personen am 31.01.",
        "Zeigt den dringendsten Bedarf an Wohnungen für Menschen ohne eigene Wohnung.",
        **_SUM,
        direction="higher_worse",
    ),
    # --- Bauland -------------------------------------------------------------------------------
    _i(
        "building_land_reserve_ha",
        "Wohnbaulandreserven",
        "bauland",
        "ha",
        _PLAN,
        "Fläche der im Flächennutzungsplan oder in Bebauungsplänen ausgewiesenen, noch nicht "
        "bebauten Wohnbauflächen am 31.12.",
        "Die Reserven zeigen, wie lange das Bauland bei der heutigen Bautätigkeit reicht.",
        aggregation="sum",
        value_range="non_negative",
        decimals=1,
        direction="higher_better",
        is_key_figure=True,
        is_public=True,
    ),
    _i(
        "building_land_potential",
        "Wohnungspotenzial der Baulandreserven",
        "bauland",
        "Wohnungen",
        _PLAN,
        "Wohnungen, die auf den Wohnbaulandreserven entstehen können.",
        "Im Vergleich mit dem Wohnungsbedarf der Prognose zeigt sich, ob Bauland fehlt.",
        **_SUM,
        direction="higher_better",
    ),
]

for _position, _row in enumerate(
    sorted(INDICATORS, key=lambda row: _TOPIC_ORDER.index(row["topic"])), start=1
):
    _row["position"] = _position * 10


def seed(indicator_model: Any) -> int:
    """Create the catalogue entries that are missing (a data migration passes its historical
    model); returns how many were created."""
    existing = set(indicator_model.objects.values_list("key", flat=True))
    new = [indicator_model(**row) for row in INDICATORS if row["key"] not in existing]
    indicator_model.objects.bulk_create(new)
    return len(new)
