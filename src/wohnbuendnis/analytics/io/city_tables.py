"""City open-data tables (CSV/XLSX) → observations: a generic wide-table converter and presets
for Köln (Stadtteile 2005–2012), Hamburg Stadtteil-Profile (2014, 2018), Kiel (Stadtteile
2014–2023) and Konstanz ("Konstanz in Zahlen"). Sources and caveats: the PROVENANCE.md files
of ``shared/data/real``. Every invalid cell raises :class:`InputError` with line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from wohnbuendnis.analytics.io.csv_checks import (
    YEAR_RANGE,
    check_unique,
    check_years,
    first_true,
    line_of,
    read_string_frame,
    require_columns,
    strip_header,
    to_float,
)
from wohnbuendnis.analytics.io.errors import Code, InputError, unreadable
from wohnbuendnis.analytics.io.genesis_regional import (
    check_bounds,
    german_numbers,
    office_bytes,
)
from wohnbuendnis.analytics.io.observations import COUNT_INDICATORS, PERCENT_INDICATORS

OBS_COLUMNS = ["indicator", "area", "year", "value", "source"]


@dataclass(frozen=True)
class Municipality:
    """The municipality a city's table describes: its official key (AGS, 8 digits) and name.
    The table's own area numbers (Stadtteile, Stadtbezirke) lie under it and mean nothing
    without it: Kiel's Stadtteil 12 is not Köln's or anybody else's area 12."""

    key: str
    name: str


KOELN = Municipality("05315000", "Köln")
HAMBURG = Municipality("02000000", "Hamburg")
KIEL = Municipality("01002000", "Kiel")
KONSTANZ = Municipality("08335043", "Konstanz")


def read_table(
    path: str | Path,
    *,
    separator: str = ";",
    sheet: str | None = None,
    categorical: Sequence[str] = (),
) -> pl.DataFrame:
    """A city table as a frame of strings: CSV (UTF-8 or Latin-1, any separator) or XLSX (first
    or named sheet, via ``polars.read_excel`` with the fastexcel/calamine engine)."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _read_excel(path, sheet)
        return read_string_frame(
            office_bytes(path.read_bytes()), str(path), separator=separator, categorical=categorical
        )
    except OSError as error:
        raise unreadable(str(path), error) from None


def _read_excel(path: Path, sheet: str | None) -> pl.DataFrame:
    """The sheet as strings; anything that is no readable workbook (a CSV renamed to .xlsx, a
    broken archive) is an :class:`InputError`, not a crash."""
    try:
        frame = pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0)
    except OSError:
        raise
    except Exception:  # fastexcel/calamine raise their own types for every kind of bad file
        raise InputError(str(path), Code.NOT_XLSX) from None
    return strip_header(frame.select(pl.all().cast(pl.String)), str(path))


def wide_to_observations(
    frame: pl.DataFrame,
    file: str,
    *,
    key_column: str,
    columns: Mapping[str, str],
    year: int | str,
    decimal: str = ",",
    source: str | None = None,
    unique_keys: bool = True,
) -> pl.DataFrame:
    """Observations from a wide table with one row per area (and year).

    ``frame``: strings as read by :func:`read_table` (row i on line i + 2). ``columns``: source
    column → indicator key. ``year``: a fixed year or the column holding it (first four-digit
    number). Values are German numbers (see ``genesis_regional``); counts must be ≥ 0, shares
    in 0…100; a key (and year) must not repeat unless ``unique_keys`` is false. A column
    ``_line`` (physical line of each row, from :func:`numbered`) keeps error lines right after
    rows were filtered. Returns ``indicator, area, year, value, source`` long, leaving out empty
    cells.
    """
    try:
        return _wide_to_observations(
            frame, file, key_column, columns, year, decimal, source, unique_keys
        )
    except InputError as error:
        if "_line" not in frame.columns or error.line is None or error.line < 2:
            raise
        line = int(frame["_line"][error.line - 2])
        raise InputError(
            file, error.code, line=line, column=error.column, params=error.params
        ) from None


def numbered(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with a ``_line`` column: the physical line of each row (header = line 1)."""
    return frame.with_row_index("_line", offset=2)


def _wide_to_observations(
    frame: pl.DataFrame,
    file: str,
    key_column: str,
    columns: Mapping[str, str],
    year: int | str,
    decimal: str,
    source: str | None,
    unique_keys: bool,
) -> pl.DataFrame:
    require_columns(frame, [key_column, *columns, *([year] if isinstance(year, str) else [])], file)
    keyed = frame.with_columns(
        pl.col(key_column).str.strip_chars().alias("_area"), _year_expr(year).alias("_year")
    )
    _check_years(keyed, file, year)
    check_years(keyed["_year"], file, year if isinstance(year, str) else "year")
    if unique_keys:
        check_unique(keyed, ["_area", "_year"], file)
    parts = []
    for column, indicator in columns.items():
        values = german_numbers(keyed, column, file, decimal=decimal)
        _check_range(values, indicator, file, column)
        parts.append(
            pl.DataFrame(
                {"area": keyed["_area"], "year": keyed["_year"], "value": values}
            ).with_columns(indicator=pl.lit(indicator), source=pl.lit(source, pl.String))
        )
    return pl.concat(parts).select(OBS_COLUMNS).filter(pl.col("value").is_not_null())


def _year_expr(year: int | str) -> pl.Expr:
    if isinstance(year, int):
        return pl.lit(year, pl.Int64)
    return pl.col(year).str.extract(r"(\d{4})").cast(pl.Int64)


def _check_years(frame: pl.DataFrame, file: str, year: int | str) -> None:
    index = first_true(frame["_year"].is_null())
    if index is not None and isinstance(year, str):
        raise InputError(
            file,
            Code.YEAR_EXPECTED,
            line=line_of(index),
            column=year,
            params={"found": frame[year][index]},
        )


def _check_range(values: pl.Series, indicator: str, file: str, column: str) -> None:
    if indicator in PERCENT_INDICATORS:
        check_bounds(values, file, column, (0.0, 100.0))
    elif indicator in COUNT_INDICATORS:
        check_bounds(values, file, column, (0.0, None))


# --- Köln -------------------------------------------------------------------------------------

KOELN_SOURCE = "Stadt Köln, Amt für Stadtentwicklung und Statistik"


def read_koeln_population(path: str | Path, *, with_names: bool = False) -> pl.DataFrame:
    """Köln ``bevoelkerung_2005-2012.csv`` (KoelnAPI) → ``population`` (table 005, persons incl.
    secondary residences, 31.12.) and ``share_foreign`` (table 030 Ausländer / 005, in %) per
    ``raum_id`` (000 city, 001–009 Stadtbezirke, 101–909 the 86 Stadtteile) and year.

    Only the rows of those two tables are read (other tables of the file are not checked);
    each must have a year in ``YEAR_RANGE``, a count ≥ 0, and one row per table, area and
    year: the share joins the two tables, and a repeated key would multiply rows (n × m).
    The areas lie in :data:`KOELN`; ``with_names`` adds ``area_name`` (column ``raum``, when
    the file has it)."""
    file = str(path)
    raw = read_table(path, separator=",", categorical=("tab_id", "zeile"))
    require_columns(raw, ["tab_id", "jahr", "raum_id", "zeile", "zahl"], file)
    named = with_names and "raum" in raw.columns
    table, row = pl.col("tab_id").cast(pl.String), pl.col("zeile").cast(pl.String)
    used = (
        raw.lazy()
        .select(
            (pl.int_range(pl.len(), dtype=pl.Int64) + line_of(0)).alias("_line"),
            pl.when((table == "005") & (row == "Einwohner"))
            .then(pl.lit("population"))
            .when((table == "030") & (row == "Ausländer"))
            .then(pl.lit("foreign"))
            .otherwise(None)
            .cast(pl.Categorical)
            .alias("_part"),
            "jahr",
            pl.col("raum_id").str.strip_chars(),
            "zahl",
            *([pl.col("raum").str.strip_chars().cast(pl.Categorical)] if named else []),
        )
        .filter(pl.col("_part").is_not_null())
        .collect()
    )
    del raw
    used = _relined(used, file, lambda f: f.with_columns(to_float(f, "zahl", file).alias("zahl")))
    years = used["jahr"].str.strip_chars().cast(pl.Int64, strict=False)
    index = first_true(years.is_null())
    if index is not None:
        raise InputError(
            file,
            Code.YEAR_EXPECTED,
            line=int(used["_line"][index]),
            column="jahr",
            params={"found": used["jahr"][index]},
        )
    check_years(years, file, "jahr", lines=used["_line"])
    used = used.with_columns(years.alias("jahr"))
    check_bounds(used["zahl"], file, "zahl", (0.0, None), used["_line"])
    _check_koeln_keys(used, file)
    names = (
        used.select(
            pl.col("raum_id").alias("area"), pl.col("raum").cast(pl.String).alias("area_name")
        ).unique("area", keep="first")
        if named
        else None
    )
    population = _koeln_rows(used, "population", "population")
    foreign = _koeln_rows(used, "foreign", "share_foreign")
    del used
    share = foreign.join(population, on=["area", "year"], suffix="_pop").select(
        "indicator", "area", "year", (100 * pl.col("value") / pl.col("value_pop")).alias("value")
    )
    result = (
        pl.concat([population, share]).with_columns(source=pl.lit(KOELN_SOURCE)).select(OBS_COLUMNS)
    )
    return result if names is None else result.join(names, on="area", how="left")


def _relined(
    frame: pl.DataFrame, file: str, check: Callable[[pl.DataFrame], pl.DataFrame]
) -> pl.DataFrame:
    """Run a check that reports row i on ``line_of(i)`` on a filtered frame whose ``_line``
    column holds each row's physical line."""
    try:
        return check(frame)
    except InputError as error:
        if error.line is None or error.line < 2:
            raise
        line = int(frame["_line"][error.line - line_of(0)])
        raise InputError(
            file, error.code, line=line, column=error.column, params=error.params
        ) from None


def _check_koeln_keys(used: pl.DataFrame, file: str) -> None:
    """One row per table, area and year (the second occurrence is refused with its line).

    The key is packed into one integer (area code, year − 1800, table) and duplicates are
    found by sorting it: hashing a struct of strings took six times the frame's memory on a
    50 MB file."""
    keys = (
        used.select(
            (
                pl.col("raum_id").cast(pl.Categorical).to_physical().cast(pl.Int64) * 1000
                + (pl.col("jahr") - YEAR_RANGE[0]) * 2
                + (pl.col("_part") == "foreign").cast(pl.Int64)
            ).alias("key"),
            "_line",
        )
        .sort("key", "_line")
        .with_columns(again=pl.col("key") == pl.col("key").shift(1))
    )
    repeats = keys.filter(pl.col("again"))
    if repeats.is_empty():
        return
    line = int(repeats["_line"].min())  # type: ignore[arg-type]
    key = repeats.filter(pl.col("_line") == line)["key"][0]
    first = int(keys.filter(pl.col("key") == key)["_line"][0])
    row = used.filter(pl.col("_line") == line).row(0, named=True)
    table = (
        "tab_id=005, zeile=Einwohner"
        if row["_part"] == "population"
        else ("tab_id=030, zeile=Ausländer")
    )
    raise InputError(
        file,
        Code.DUPLICATE_KEY,
        line=line,
        column="jahr",
        params={"key": f"{table}, raum_id={row['raum_id']}, jahr={row['jahr']}", "first": first},
    )


def _koeln_rows(used: pl.DataFrame, part: str, indicator: str) -> pl.DataFrame:
    return used.filter(pl.col("_part") == part).select(
        pl.lit(indicator).alias("indicator"),
        pl.col("raum_id").alias("area"),
        pl.col("jahr").alias("year"),
        pl.col("zahl").alias("value"),
    )


# --- Hamburg Stadtteil-Profile ---------------------------------------------------------------

HAMBURG_SOURCE = "Statistikamt Nord, Hamburger Stadtteil-Profile"
HAMBURG_2014 = {
    "Bevölkerung": "population",
    "Anteil der unter 18-Jährigen in %": "share_under_18",
    "Anteil der 65-Jährigen und Älteren in %": "share_65_plus",
    "Ausländeranteil in %": "share_foreign",
    "Haushalte": "households",
    "Anteil der Haushalte von Alleinerziehenden in %": "single_parent_share",
    "Arbeitslosenanteil in % (Dez 2013)": "unemployment_rate",
    "Anteil der Leistungs-empfänger/-innen nach SGB II in % (Dez 2013)": "sgb2_rate",
    "Anteil der unter 15-Jährigen in Mindestsicherung in % (Dez 2013)": "child_poverty_rate",
    "Wohnungen (2013)": "dwellings",
    "Bezugsfertige Wohnungen (2013)": "completions",
    "Sozialwohnungen (Jan 2014)": "social_housing_stock",
}
HAMBURG_2018 = {
    "B_Bev": "population",
    "B_Bev18_rel": "share_under_18",
    "B_Bev65_rel": "share_65_plus",
    "B_BevAusl_rel": "share_foreign",
    "H_Haushalt": "households",
    "H_Alleinerziehende_rel": "single_parent_share",
    "A_Arbeitslose_rel": "unemployment_rate",
    "L_LeistungsemSGB_rel": "sgb2_rate",
    "L_Mindestsich15_rel": "child_poverty_rate",
    "W_Wohnungen": "dwellings",
    "W_Sozialwohnungen": "social_housing_stock",
}  # W_WohnungenBezugsf is left out: it holds net changes (e.g. −1 in line 16), not counts.
HAMBURG_BEZIRKE = (
    "Hamburg-Mitte", "Altona", "Eimsbüttel", "Hamburg-Nord", "Wandsbek", "Bergedorf", "Harburg",
)  # fmt: skip


def read_hamburg_profile(path: str | Path, *, include_totals: bool = False) -> pl.DataFrame:
    """Hamburg Stadtteil-Profile → observations keyed by Stadtteil name.

    ``stadtteilprofile_2014.csv`` (UTF-8, decimal comma, data of 31.12.2013 → year 2013) or
    ``stadtteilprofile_berichtsjahr2018.csv`` (Latin-1, decimal point, → year 2017); the
    indicators of :data:`HAMBURG_2014`. The 2014 file ends with the 7 Bezirke and Hamburg; they
    are dropped unless ``include_totals`` (keys ``Bezirk <name>`` and ``Hamburg``).
    """
    raw = read_table(path)
    if "Stadtgebiet" in raw.columns:
        raw = _hamburg_totals(raw, include_totals)
        key, columns, year, decimal = "Stadtgebiet", HAMBURG_2014, 2013, ","
    else:
        key, columns, year, decimal = "Stadtteil", HAMBURG_2018, 2017, "."
    return wide_to_observations(
        raw, str(path), key_column=key, columns=columns, year=year, decimal=decimal,
        source=HAMBURG_SOURCE,
    )  # fmt: skip


def _hamburg_totals(raw: pl.DataFrame, include_totals: bool) -> pl.DataFrame:
    totals = len(HAMBURG_BEZIRKE) + 1
    tail = raw["Stadtgebiet"].tail(totals).str.strip_chars().to_list()
    if tail != [*HAMBURG_BEZIRKE, "Hamburg"]:
        return raw
    if not include_totals:
        return raw.head(raw.height - totals)
    names = raw["Stadtgebiet"].to_list()
    names[-totals:] = [f"Bezirk {name}" for name in HAMBURG_BEZIRKE] + ["Hamburg"]
    return raw.with_columns(pl.Series("Stadtgebiet", names))


# --- Kiel ------------------------------------------------------------------------------------

KIEL_SOURCE = "Landeshauptstadt Kiel, Statistik (kiel.de/opendata)"
KIEL_HOUSEHOLD_TYPES = (
    "Einpersonen",
    "Paar ohne Kind",
    "Paar mit Kindern",
    "Paar mit Nachkommen",
    "Alleinerziehende",
    "Sonst. Mehrpersonenhaushalte",
)


def normalise_name(name: str) -> str:
    """A comparable area name: umlauts transliterated (ü → ue), control characters and padding
    removed, lower case (Kiel writes ``Blücherplatz`` and ``Bluecherplatz``)."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    cleaned = "".join(ch for ch in name.lower().translate(table) if ch.isprintable())
    return " ".join(cleaned.split())


def read_kiel_population(path: str | Path, *, with_names: bool = False) -> pl.DataFrame:
    """Kiel ``kiel_bevoelkerung_stadtteile_einwohner_geschlecht.csv`` → ``population`` per
    ``Stadtteilnummer`` (1–30, Stadtteile of :data:`KIEL`) and year (31.12.); ``with_names``
    adds ``area_name`` (column ``Stadtteil``)."""
    file = str(path)
    raw = read_table(path)
    require_columns(raw, ["Datum", "Stadtteilnummer", "Stadtteil", "insgesamt"], file)
    result = wide_to_observations(
        raw, file, key_column="Stadtteilnummer", columns={"insgesamt": "population"},
        year="Datum", source=KIEL_SOURCE, unique_keys=False,
    )  # fmt: skip
    # The source has two 2016 blocks; the first (lines 212–241) holds scrambled values of other
    # Stadtteile and years, the second fits 2015 and 2017: keep the last row of a repeated key.
    result = result.unique(["area", "year"], keep="last", maintain_order=True)
    if not with_names:
        return result
    names = raw.select(
        pl.col("Stadtteilnummer").str.strip_chars().alias("area"),
        pl.col("Stadtteil").str.strip_chars().alias("area_name"),
    ).unique("area", keep="last")
    return result.join(names, on="area", how="left")


def kiel_name_keys(population_file: str | Path) -> dict[str, str]:
    """Normalised Stadtteil name → ``Stadtteilnummer`` from the Kiel population file."""
    raw = read_table(population_file)
    pairs = raw.select("Stadtteil", "Stadtteilnummer").unique().iter_rows()
    return {normalise_name(str(name)): str(number).strip() for name, number in pairs}


def read_kiel_households(path: str | Path, name_keys: Mapping[str, str]) -> pl.DataFrame:
    """Kiel ``…haushalte_nach_haushaltstypen…csv`` → ``households`` (sum of the six household
    types, rows ``Merkmal = Haushalte``) per Stadtteilnummer via ``name_keys`` (see
    :func:`kiel_name_keys`). 2019 has only ``Personen`` rows in the source and is left out."""
    file = str(path)
    raw = numbered(read_table(path))
    require_columns(raw, ["Jahr", "Stadtteile", "Merkmal", *KIEL_HOUSEHOLD_TYPES], file)
    names = raw["Stadtteile"].map_elements(normalise_name, return_dtype=pl.String)
    index = first_true(~names.is_in(list(name_keys)))
    if index is not None:
        raise InputError(
            file,
            Code.UNKNOWN_NAMED_AREA,
            line=line_of(index),
            column="Stadtteile",
            params={"found": raw["Stadtteile"][index]},
        )
    counts = [german_numbers(raw, c, file).fill_null(0) for c in KIEL_HOUSEHOLD_TYPES]
    frame = raw.with_columns(
        names.replace_strict(dict(name_keys)).alias("_key"),
        pl.sum_horizontal(counts)
        .map_elements(lambda v: f"{v:.0f}", return_dtype=pl.String)
        .alias("_total"),
    ).filter(pl.col("Merkmal").str.strip_chars() == "Haushalte")
    return wide_to_observations(
        frame, file, key_column="_key", columns={"_total": "households"}, year="Jahr",
        source=KIEL_SOURCE,
    )  # fmt: skip


# --- Konstanz --------------------------------------------------------------------------------

KONSTANZ_SOURCE = "Stadt Konstanz, Konstanz in Zahlen (CC0)"
KONSTANZ_CITY_FILES = {
    "bevoelkerung/wohnbevoelkerung.csv": {"gesamt": "population"},
    "bauen_wohnen/wohnungsbestand.csv": {"wohnungen": "dwellings"},
    "bauen_wohnen/fertigstellungen.csv": {"wohnungen": "completions"},
    "arbeitsmarkt/al_quote.csv": {"konstanz": "unemployment_rate"},
}


def read_konstanz(folder: str | Path, *, city_key: str = "08335043") -> pl.DataFrame:
    """ "Konstanz in Zahlen" (``data/`` folder) → observations: ``population`` of the 15
    Stadtteile (``bevoelkerung/nach_stadtteilen.csv``, key = column name, 1995–2025) and, for
    the city (``city_key``, default its AGS), population, dwellings, completions and the
    unemployment rate (annual average, %)."""
    folder = Path(folder)
    districts_file = folder / "bevoelkerung" / "nach_stadtteilen.csv"
    raw = read_table(districts_file, separator=",")
    require_columns(raw, ["jahr"], str(districts_file))
    long = raw.unpivot(index="jahr", variable_name="_area", value_name="_value")
    parts = [
        wide_to_observations(
            long.with_columns(pl.col("_area").alias("_key"), pl.col("jahr").alias("_year_text")),
            str(districts_file),
            key_column="_key",
            columns={"_value": "population"},
            year="_year_text",
            decimal=".",
            source=KONSTANZ_SOURCE,
        )
    ]
    for name, columns in KONSTANZ_CITY_FILES.items():
        table = read_table(folder / name, separator=",").with_columns(_key=pl.lit(city_key))
        parts.append(
            wide_to_observations(
                table,
                str(folder / name),
                key_column="_key",
                columns=columns,
                year="jahr",
                decimal=".",
                source=KONSTANZ_SOURCE,
            )
        )
    return pl.concat(parts)
