"""Seeds and mutations for fuzzing the importers (tests and ``benchmarks/fuzz_imports.py``).

A seed is a small, valid, real-ish file of one import format; a mutation breaks it the way
careless users and hostile files do (byte flips, truncation, BOM, other encodings and
separators, huge numbers, NaN, negative values, long keys, CR line ends, deep nesting). The
mutations are plain functions of ``(data, argument)`` so that hypothesis (in the suite) and a
seeded random generator (the long run) drive the same code. The checks say what every
refusal must be: an error code with a German text, a line where it concerns a row.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Callable, Sequence

from wohnbuendnis.analytics.io.errors import Code

# --- seeds --------------------------------------------------------------------------------


def observations_csv(areas: Sequence[str]) -> bytes:
    """Observations of ``areas``: official or qualified keys (``99100001-01``)."""
    rows = ["indicator,area,year,value,source"]
    for i, area in enumerate(areas[:4]):
        rows.append(f"population,{area},2024,{12000 + 17 * i},Melderegister")
        rows.append(f"sgb2_rate,{area},2024,{8.5 + i},BA")
        rows.append(f"completions,{area},2023,{40 + i},Bauamt")
    return ("\n".join(rows) + "\n").encode()


def office_observations_csv(areas: Sequence[str], names: Sequence[str]) -> bytes:
    """Observations as German Excel saves them: ';', decimal comma, Windows-1252, German
    column names, the districts by number and name."""
    rows = ["Indikator;Gebiet;Gebietsname;Jahr;Wert;Quelle"]
    for i, (area, name) in enumerate(zip(areas[:4], names[:4], strict=False)):
        rows.append(f"population;{area};{name};2024;{12000 + 17 * i};Melderegister Münster")
        rows.append(f"sgb2_rate;{area};{name};2024;{8 + i},5;BA")
        rows.append(f"completions;{area};{name};2023;1.0{i}0;Bauamt")
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def genesis_table(areas: Sequence[str], names: Sequence[str] | None = None) -> bytes:
    """A Regionaldatenbank table of ``areas`` (short keys need their ``names`` beside them)."""
    names = names or [f"Gebiet {a}" for a in areas]
    lines = [
        "GENESIS-Tabelle: 12411-01-01-4",
        "Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale Tiefe: Gemeinden",
        ";;;Bevölkerung",
        ";;;Anzahl",
    ]
    lines += [f"31.12.2022;{a};{n};{1000 + 113 * i:,}".replace(",", ".") for i, (a, n) in
              enumerate(zip(areas[:4], names[:4], strict=False))]  # fmt: skip
    lines += ["__________", "© Statistisches Bundesamt (Destatis), 2024"]
    return ("\n".join(lines) + "\n").encode("latin-1")


def official_projection_csv() -> bytes:
    """An official projection in the GENESIS 12421 layout (Latin-1, header block, thousands,
    footnotes), as Destatis exports it."""
    years = ";".join(f"31.12.{y}" for y in range(2025, 2031))
    lines = [
        "GENESIS-Tabelle: 12421-0002",
        "Vorausberechneter Bevölkerungsstand: Deutschland, Stichtag,;;;;;;;;;",
        "Vorausberechneter Bevölkerungsstand (1000);;;;;;;;;",
        f";;;;{years}",
    ]
    for sex in ("männlich", "weiblich", "Insgesamt"):
        values = ";".join(f"{41000 + 13 * k},{k}" for k in range(6))
        lines.append(f"BEV-VARIANTE-01;Geburten und LE moderat;{sex};Insgesamt;{values}")
    lines += ["__________", "© Statistisches Bundesamt (Destatis), 2023"]
    return ("\n".join(lines) + "\n").encode("latin-1")


def office_projection_csv() -> bytes:
    """An official projection as a state office table: ';', German numbers, Windows-1252."""
    rows = ["Gebiet;Jahr;Altersgruppe;Bevölkerung"]
    for year in (2025, 2030, 2035):
        rows.append(f"Münster;{year};unter 20;{60 + year % 7}.123")
        rows.append(f"Münster;{year};20 und älter;2{year % 10}0.456")
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def koeln_csv(areas: Sequence[str]) -> bytes:
    rows = ["tab_id,jahr,raum_id,zeile,zahl"]
    for area in areas[:4]:
        for year in (2011, 2012):
            rows.append(f"005,{year},{area},Einwohner,{20000 + year}")
            rows.append(f"030,{year},{area},Ausländer,{3000 + year}")
    return ("\n".join(rows) + "\n").encode()


def kiel_population_csv(areas: Sequence[str]) -> bytes:
    rows = ["Datum;Stadtteilnummer;Stadtteil;insgesamt;männlich;weiblich"]
    for i, area in enumerate(areas[:4]):
        rows.append(f"31.12.2022;{area};Stadtteil {area};{5000 + i};2400;{2600 + i}")
    return ("\n".join(rows) + "\n").encode()


KIEL_TYPES = (
    "Einpersonen;Paar ohne Kind;Paar mit Kindern;Paar mit Nachkommen;Alleinerziehende;"
    "Sonst. Mehrpersonenhaushalte"
)


def kiel_households_csv(names: Sequence[str]) -> bytes:
    rows = [f"Jahr;Stadtteile;Merkmal;{KIEL_TYPES}"]
    for name in names[:4]:
        rows.append(f"2022;{name};Haushalte;1.200;800;600;50;150;100")
        rows.append(f"2022;{name};Personen;1.200;1.600;2.100;150;400;300")
    return ("\n".join(rows) + "\n").encode()


def hamburg_csv(names: Sequence[str]) -> bytes:
    from wohnbuendnis.analytics.io.city_tables import HAMBURG_2018

    columns = ["Stadtteil", *HAMBURG_2018]
    rows = [";".join(columns)]
    for i, name in enumerate(names[:4]):
        values = [f"{12.5 + i}" if c.endswith("_rel") else f"{5000 + 7 * i}" for c in HAMBURG_2018]
        rows.append(";".join([name, *values]))
    return ("\n".join(rows) + "\n").encode("latin-1", errors="replace")


def municipal_table(keys: Sequence[str]) -> bytes:
    """A Regionaldatenbank municipal table (12411-01-01-5): dates head the columns."""
    lines = [
        "GENESIS-Tabelle: 12411-01-01-5",
        "Bevölkerung nach Geschlecht;;;;;;;",
        ";;31.12.2015;31.12.2015;31.12.2015;31.12.2014;31.12.2014;31.12.2014",
        ";;Insgesamt;männlich;weiblich;Insgesamt;männlich;weiblich",
    ]
    lines += [f"{key};  Gemeinde {i};{5480 + i};2728;2752;5347;2650;2697" for i, key in
              enumerate(keys[:3])]  # fmt: skip
    lines += ["__________", "© Statistische Ämter des Bundes und der Länder, 2017"]
    return ("\n".join(lines) + "\n").encode()


AGE_GROUPS_17 = (
    "unter 3 Jahre", "3 bis unter 6 Jahre", "6 bis unter 10 Jahre", "10 bis unter 15 Jahre",
    "15 bis unter 18 Jahre", "18 bis unter 20 Jahre", "20 bis unter 25 Jahre",
    "25 bis unter 30 Jahre", "30 bis unter 35 Jahre", "35 bis unter 40 Jahre",
    "40 bis unter 45 Jahre", "45 bis unter 50 Jahre", "50 bis unter 55 Jahre",
    "55 bis unter 60 Jahre", "60 bis unter 65 Jahre", "65 bis unter 75 Jahre",
    "75 Jahre und mehr", "Insgesamt",
)  # fmt: skip


def age_group_table(keys: Sequence[str]) -> bytes:
    """The Regionaldatenbank's 12411-02-03-5 (population by sex and 17 age groups): the date
    above the header, sex over the age groups, 54 values per row."""
    lines = [
        "GENESIS-Tabelle: 12411-02-03-5",
        "Bevölkerungsstand: Bevölkerung nach Geschlecht" + ";" * 55,
        "und Altersgruppen (17) - Stichtag 31.12. -" + ";" * 55,
        "31.12.2015" + ";" * 55,
        ";;" + ";".join(s for s in ("Insgesamt", "männlich", "weiblich") for _ in AGE_GROUPS_17),
        ";;" + ";".join(["Altersgruppen (unter 3 bis 75 u.m.)"] * 54),
        ";;" + ";".join(AGE_GROUPS_17 * 3),
    ]
    for i, key in enumerate(keys[:3]):
        male = [150 + 7 * g + i for g in range(17)]
        female = [140 + 8 * g + i for g in range(17)]
        both = [m + f for m, f in zip(male, female, strict=True)]
        values = [v for group in (both, male, female) for v in (*group, sum(group))]
        lines.append(f"{key};  Gemeinde {i};" + ";".join(str(v) for v in values))
    lines += ["__________", "© Statistische Ämter des Bundes und der Länder, 2017"]
    return ("\n".join(lines) + "\n").encode()


def zensus_rent_csv(keys: Sequence[str]) -> bytes:
    rows = ["ars,ags,kreis,name,nettokaltmiete_eur_per_sqm_mean,quality_flag"]
    rows += [f"{k[:5]}0000{k[5:]},{k},{k[:5]},Gemeinde {i},{7.5 + i / 10},e" for i, k in
             enumerate(keys[:3])]  # fmt: skip
    return ("\n".join(rows) + "\n").encode()


def zensus_csv(city_key: str) -> bytes:
    rows = [
        "statistics_code;time;1_variable_code;1_variable_attribute_code;value",
        f"1000A;2022-05-15;GEOGM4;{city_key[:5]}0000{city_key[5:]};1.024.621",
        "1000A;2022-05-15;GEOLA1;05;17.890.100",
    ]
    return ("\n".join(rows) + "\n").encode()


def geojson(areas: Sequence[str]) -> bytes:
    features = []
    for i, area in enumerate(areas[:3]):
        x, y = 7.0 + i * 0.01, 51.0
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"key": area, "name": f"Gebiet {area}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=1).encode()


def konstanz_zip() -> bytes:
    members = {
        "data/bevoelkerung/nach_stadtteilen.csv": "jahr,Altstadt,Paradies\n2022,11000,5000\n",
        "data/bevoelkerung/wohnbevoelkerung.csv": "jahr,gesamt\n2022,86000\n",
        "data/bauen_wohnen/wohnungsbestand.csv": "jahr,wohnungen\n2022,43000\n",
        "data/bauen_wohnen/fertigstellungen.csv": "jahr,wohnungen\n2022,400\n",
        "data/arbeitsmarkt/al_quote.csv": "jahr,konstanz\n2022,4.1\n",
    }
    return zip_members({name: text.encode() for name, text in members.items()})


def xlsx(rows: Sequence[Sequence[str]]) -> bytes:
    """A minimal workbook (inline strings) with one sheet holding ``rows``."""

    def cell(ref: str, value: str) -> str:
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    body = "".join(
        f'<row r="{r + 1}">'
        + "".join(cell(f"{chr(65 + c)}{r + 1}", v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    return zip_members(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                b'2006/content-types"><Default Extension="rels" ContentType="application/'
                b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                b'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                b'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                b'worksheet+xml"/></Types>'
            ),
            "_rels/.rels": (
                f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": (
                f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                '<sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
            ).encode(),
            "xl/worksheets/sheet1.xml": (
                f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>{body}'
                "</sheetData></worksheet>"
            ).encode(),
        }
    )


def kiel_population_xlsx(areas: Sequence[str]) -> bytes:
    text = kiel_population_csv(areas).decode()
    return xlsx([line.split(";") for line in text.splitlines()])


def concept_workbook() -> bytes:
    """A small concept workbook as the download writes it (two guidelines, a goal, three
    measures, a milestone, a building project)."""
    import datetime

    from wohnbuendnis.analytics.io import concept_workbook as wb
    from wohnbuendnis.analytics.io.concept_workbook_writer import write_concept_workbook

    day = datetime.date(2026, 3, 1)
    book = wb.ConceptWorkbook(
        guidelines=[wb.GuidelineRow(0, 1, "Quantität", "Genug Wohnungen"),
                    wb.GuidelineRow(0, 2, "Preis", "")],
        goals=[wb.GoalRow(0, "Q1", 1, "1.000 Wohnungen", "quantitativ", "alle", 2025, 2030,
                          "completions", "WE", 1000.0, None, "annual", "up", 0.05, "hoch")],
        measures=[
            wb.MeasureRow(0, n, 1 + n % 2, f"Maßnahme {n}", "", "", "Stadt", ("GWG",),
                          ("Q1",) if n == 1 else (), 5000 * n, "", day, None, "geplant", 0,
                          "mittel", "", "")
            for n in (1, 2, 3)
        ],
        milestones=[wb.MilestoneRow(0, 1, "Beschluss", day, None)],
        projects=[wb.ProjectRow(0, "Quartier Nord", "GWG", 120, 40, 10, 30, "bau", 2028, 10, 40,
                                50, 20, "gemischt", 30, "")],
    )  # fmt: skip
    buffer = io.BytesIO()
    write_concept_workbook(book, buffer, ["Hinweise"])
    return buffer.getvalue()


SCHEME_TOML = """\
nominees_per_flat = 3
reference_date = 2025-01-01
max_points = 100
tie_break = ["points_desc", "registered_on_asc", "lottery_asc"]

[criteria]
homeless = 60
disability = 20
violence = 10

[income_limits]
base_1 = 14400
base_2 = 17400
per_further_person = 3000
per_child = 700

[income_limits.paths]
1 = 1.0
2 = 1.2

[size_rules.max_m2]
1 = 50
2 = 65
3 = 80

[size_rules]
per_further_person_m2 = 12
"""


def register_csv() -> bytes:
    """An existing applicant register as German Excel saves it (';', decimal comma,
    Windows-1252, German headers, dates TT.MM.JJJJ), three invented households."""
    rows = [
        "Aktenzeichen;Name;Kontakt;registriert am;Personen;davon Kinder;Jahreseinkommen (€);"
        "WBS gültig bis;stufenloser Zugang;rollstuhlgerecht;Haushaltsform;Staatsangehörigkeit;"
        "Status;Kriterien;Nachweise;Kriterien geprüft",
        "A-2019-0001;Jürgen Weiß;0561 1;15.03.2019;3;1;24.500,00;31.12.2027;nein;nein;"
        "alleinerziehend;deutsch;aktiv;alleinerziehend;Geburtsurkunde;ja",
        "A-2021-0002;Aylin Öztürk;;01.07.2021;1;0;11.200,50;;ja;nein;alleinstehend;Drittstaat;"
        "ruhend;;;nein",
        "A-2023-0003;Family Ndiaye;ndiaye@example.org;28.02.2023;5;3;31.000;30.06.2027;nein;"
        "nein;Paar mit Kindern;EU-Staat;aktiv;wohnungslos;Bescheinigung Fachstelle;ja",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def zip_members(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


# --- mutations ----------------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _at(items: list[bytes], n: int) -> int:
    return n % len(items) if items else 0


def flip(data: bytes, n: int) -> bytes:
    if not data:
        return b"\xff"
    i = n % len(data)
    return data[:i] + bytes([data[i] ^ (1 << (n % 8))]) + data[i + 1 :]


def truncate(data: bytes, n: int) -> bytes:
    return data[: n % (len(data) + 1)]


def bom(data: bytes, n: int) -> bytes:
    return b"\xef\xbb\xbf" + data


def latin1(data: bytes, n: int) -> bytes:
    return data.decode("utf-8", errors="replace").encode("latin-1", errors="replace")


def utf16(data: bytes, n: int) -> bytes:
    return data.decode("utf-8", errors="replace").encode("utf-16")


def separator(data: bytes, n: int) -> bytes:
    pairs = [(b",", b";"), (b";", b","), (b",", b"\t"), (b";", b"|")]
    old, new = pairs[n % len(pairs)]
    return data.replace(old, new)


def _replace_field(data: bytes, n: int, value: bytes) -> bytes:
    """Replace the (n)th field of a data line (any of , ; as separator) by ``value``."""
    lines = _lines(data)
    if len(lines) < 2:
        return data + value
    i = 1 + (n % max(1, len(lines) - 1))
    sep = b";" if lines[i].count(b";") > lines[i].count(b",") else b","
    fields = lines[i].split(sep)
    fields[(n // 7) % len(fields)] = value
    lines[i] = sep.join(fields)
    return b"\n".join(lines)


VALUES = [
    b"1e308", b"-1e308", b"NaN", b"nan", b"inf", b"-inf", b"-5", b"-0", b"1e15", b"",
    b"9" * 400, b"1,5", b"1.234,5", b"-1", b"99999", b"0x10", b"\xc3\xa4", b" ", b'"', b"x" * 300,
]  # fmt: skip


def value(data: bytes, n: int) -> bytes:
    return _replace_field(data, n, VALUES[n % len(VALUES)])


def year(data: bytes, n: int) -> bytes:
    years = [b"-1", b"NaN", b"0", b"1799", b"2201", b"9999", b"20224", b"31.12.1066", b"2022.5"]
    text = data
    for old in (b"2022", b"2024", b"2023", b"2011", b"2012"):
        if old in text:
            return text.replace(old, years[n % len(years)], 1 + n % 3)
    return _replace_field(data, n, years[n % len(years)])


def long_key(data: bytes, n: int) -> bytes:
    return _replace_field(data, n, b"K" * (30 + n % 400))


def line_ends(data: bytes, n: int) -> bytes:
    return data.replace(b"\n", [b"\r", b"\r\n", b"\n\n", b"\r\r\n"][n % 4])


def duplicate_line(data: bytes, n: int) -> bytes:
    lines = _lines(data)
    i = _at(lines, n)
    return b"\n".join(lines[: i + 1] + [lines[i]] * (1 + n % 50) + lines[i + 1 :])


def drop_line(data: bytes, n: int) -> bytes:
    lines = _lines(data)
    i = _at(lines, n)
    return b"\n".join(lines[:i] + lines[i + 1 :])


def swap_lines(data: bytes, n: int) -> bytes:
    lines = _lines(data)
    if len(lines) < 2:
        return data
    i, j = _at(lines, n), _at(lines, n // 3 + 1)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def nest(data: bytes, n: int) -> bytes:
    depth = 50 + (n % 5) * 5000
    i = n % (len(data) + 1)
    return data[:i] + b"[" * depth + b"1" + b"]" * depth + data[i:]


def insert(data: bytes, n: int) -> bytes:
    junk = [b'"', b"\x00", b";;;;", b",,,", b"\xff\xfe", b"{", b"}", b"]", b"=", b"#", b"\\"]
    i = n % (len(data) + 1)
    return data[:i] + junk[n % len(junk)] + data[i:]


def json_edit(data: bytes, n: int) -> bytes:
    """Structural GeoJSON breakage: missing coordinates, wrong types, open rings, null."""
    edits = [
        (b'"coordinates"', b'"koordinaten"'),
        (b'"Polygon"', b'"Point"'),
        (b'"type": "FeatureCollection"', b'"type": "Feature"'),
        (b'"properties"', b'"props"'),
        (b"51.0", b"510.0"),
        (b"7.0", b'"7.0"'),
        (b'"geometry": {', b'"geometry": null, "x": {'),
        (b"[[[", b"[[[[[["),
        (b'"key": "', b'"key": ["'),
        (b"]]]", b"]]"),
    ]
    old, new = edits[n % len(edits)]
    return data.replace(old, new, 1 + n % 2)


MUTATIONS: dict[str, Callable[[bytes, int], bytes]] = {
    "flip": flip,
    "truncate": truncate,
    "bom": bom,
    "latin1": latin1,
    "utf16": utf16,
    "separator": separator,
    "value": value,
    "year": year,
    "long_key": long_key,
    "line_ends": line_ends,
    "duplicate_line": duplicate_line,
    "drop_line": drop_line,
    "swap_lines": swap_lines,
    "nest": nest,
    "insert": insert,
    "json_edit": json_edit,
}


def mutate_member(data: bytes, name: str, n: int) -> bytes:
    """Apply mutation ``name`` to one member of a ZIP archive (chosen by ``n``), re-packed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
            zlib.error):  # fmt: skip
        return data
    if not members:
        return data
    target = sorted(members)[n % len(members)]
    members[target] = MUTATIONS[name](members[target], n // 3)
    return zip_members(members)


def apply(data: bytes, steps: Sequence[tuple[str, int]], *, archive: bool = False) -> bytes:
    """``data`` after the mutation steps; in an archive, odd arguments mutate a member."""
    for name, n in steps:
        if archive and n % 2 and name not in ("flip", "truncate"):
            data = mutate_member(data, name, n)
        else:
            data = MUTATIONS[name](data, n)
    return data


# --- checks -------------------------------------------------------------------------------

#: Codes that concern one row or cell of a table: their message must name the line.
ROW_CODES = frozenset(
    {
        Code.NOT_UTF8, Code.RAGGED_ROW, Code.VALUE_EMPTY, Code.NUMBER_EMPTY,
        Code.NUMBER_EXPECTED, Code.GERMAN_NUMBER_EXPECTED, Code.NUMBER_NOT_FINITE,
        Code.NUMBER_RANGE, Code.NUMBER_MIN, Code.INTEGER_EXPECTED, Code.INTEGER_RANGE,
        Code.COUNT_NEGATIVE, Code.COUNT_NEGATIVE_FOR, Code.PERCENT_RANGE_FOR,
        Code.YEAR_EXPECTED, Code.YEAR_RANGE, Code.DUPLICATE_KEY, Code.DUPLICATE_ROW,
        Code.UNKNOWN_INDICATOR, Code.UNKNOWN_AREA, Code.UNKNOWN_NAMED_AREA, Code.SEX_EXPECTED,
        Code.AGE_GROUP_EXPECTED, Code.CELL_NUMBER_EXPECTED, Code.DATE_EXPECTED,
        Code.AREA_NUMBER_ONLY, Code.REFERENCE_RESERVED, Code.REFERENCE_TAKEN,
        Code.CHILDREN_NOT_FEWER, Code.EVIDENCE_WITHOUT_CRITERIA, Code.DATE_NOT_PAST,
        Code.UNKNOWN_CRITERION, Code.PARTS_EXCEED_TOTAL,
    }
)  # fmt: skip

#: Words that give away an English text (the German texts use none of them).
ENGLISH_WORDS = (" expected", " found ", "a number", " file", " column ", " line ", "valid ")


def looks_english(text: str) -> bool:
    return any(word in text for word in ENGLISH_WORDS)


def problem_faults(code: Code, line: int | None, german: str, *, row_file: bool) -> list[str]:
    """What is wrong with one refusal (empty when it is as it must be)."""
    from wohnbuendnis.lib.input_errors import german_texts

    faults = []
    if code == Code.UNTRANSLATED or code not in german_texts():
        faults.append(f"no German text for {code}")
    if row_file and code in ROW_CODES and line is None:
        faults.append(f"{code} without a line")
    return faults
