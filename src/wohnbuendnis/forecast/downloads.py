"""A finished run's downloads (issue 13, item 5).

For people (CSV for German Excel, XLSX): column names in the user's language, the area's name
beside its key, the whole city first (the sum of its areas, as on the result page), persons,
households and dwellings as whole numbers, persons per household with two decimals. Each
area's values are rounded so that they add up to the rounded city total (largest remainder),
so the city row is the sum of the rows below it and the figure of the result page.

For programs: the result archive, the CSV files of ``wohnbuendnis forecast --out``
(spec/forecast.md, "Outputs": English columns, unrounded, six decimals) and ``run.json``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import polars as pl
from django.utils.translation import gettext_lazy

from wohnbuendnis.forecast import archive
from wohnbuendnis.forecast.models import Component, ForecastRun
from wohnbuendnis.lib import spreadsheets

#: The output tables offered for download, with their German names (sheet names in the XLSX).
TABLES = {
    "population": gettext_lazy("Bevölkerung"),
    "households": gettext_lazy("Haushalte"),
    "households_by_size": gettext_lazy("Haushaltsgrößen"),
    "housing_demand": gettext_lazy("Wohnungsbedarf"),
    "quantiles": gettext_lazy("Bandbreiten"),
    "components": gettext_lazy("Komponenten"),
}
#: Columns that say which row it is; every other column is a number.
KEYS = ("scenario", "area", "year", "sex", "age", "size", "measure")
AREA_NAME = "area_name"
AVERAGE_SIZE = "average_size"  # the only ratio: recomputed for the city, two decimals
#: One mapping from the columns of the output files (spec/forecast.md) to the headers people
#: read; the labels of the result page where it has them.
LABELS = {
    "scenario": gettext_lazy("Szenario"),
    "area": gettext_lazy("Gebiet"),
    AREA_NAME: gettext_lazy("Gebietsname"),
    "year": gettext_lazy("Jahr"),
    "sex": gettext_lazy("Geschlecht"),
    "age": gettext_lazy("Alter"),
    "count": gettext_lazy("Personen"),
    "births": gettext_lazy("Geburten"),
    "deaths": gettext_lazy("Sterbefälle"),
    "immigrants": Component.IMMIGRATION.label,
    "emigrants": Component.EMIGRATION.label,
    "moves_in": gettext_lazy("Umzüge aus anderen Gebieten der Stadt"),
    "moves_out": gettext_lazy("Umzüge in andere Gebiete der Stadt"),
    "households": gettext_lazy("Haushalte"),
    "household_population": gettext_lazy("Personen in Privathaushalten"),
    AVERAGE_SIZE: gettext_lazy("Personen je Haushalt"),
    "size": gettext_lazy("Haushaltsgröße (Personen)"),
    "target_stock": gettext_lazy("Bedarf (Zielbestand)"),
    "stock": gettext_lazy("Bestand"),
    "additional": gettext_lazy("Zusatzbedarf"),
    "replacement": gettext_lazy("Ersatzbedarf"),
    "backlog": gettext_lazy("Nachholbedarf"),
    "vacancy_credit": gettext_lazy("Anrechnung von Leerstand"),
    "new_construction_need": gettext_lazy("Neubaubedarf"),
    "balance": gettext_lazy("Saldo Bestand − Bedarf"),
    "measure": gettext_lazy("Größe"),
    **{f"p{q:02d}": f"{q} %" for q in (5, 10, 25, 50, 75, 90, 95)},
}
SEXES = {"f": gettext_lazy("weiblich"), "m": gettext_lazy("männlich")}
MEASURES = {
    "population": gettext_lazy("Bevölkerung"),
    "0-17": gettext_lazy("0–17 Jahre"),
    "18-64": gettext_lazy("18–64 Jahre"),
    "65+": gettext_lazy("65 Jahre und älter"),
    "households": gettext_lazy("Haushalte"),
}
CITY_RANK = "_rank"


def _names(run: ForecastRun) -> tuple[str, dict[str, str]]:
    """(the city's key, every key → name: the city's and its areas')."""
    city = run.inputs.area
    names = dict(city.children.values_list("key", "name"))
    return city.key, {city.key: city.name, **names}


def _round_to_total(value: str, group: list[str]) -> pl.Expr:
    """``value`` as whole numbers that add up, within each group, to the group's rounded
    total (largest remainder: the areas with the largest fractions are rounded up)."""
    v = pl.col(value)
    floor = v.floor()
    ups = v.sum().over(group).round() - floor.sum().over(group)
    rank = (v - floor).rank("ordinal", descending=True).over(group)
    return (floor + (rank <= ups).cast(pl.Float64)).cast(pl.Int64).alias(value)


def with_city(frame: pl.DataFrame, city_key: str) -> pl.DataFrame:
    """The areas' rows rounded (see the module) and the city's rows (their sums) first."""
    values = [c for c in frame.columns if c not in KEYS and c != AVERAGE_SIZE]
    group = [c for c in frame.columns if c in KEYS and c != "area"]
    frame = frame.with_columns(
        pl.col("area").cast(pl.String), pl.col(values).cast(pl.Float64).fill_nan(None)
    ).drop(AVERAGE_SIZE, strict=False)
    city = frame.group_by(group, maintain_order=True).agg(
        pl.lit(city_key).alias("area"),
        *[pl.when(pl.col(c).null_count() == 0).then(pl.col(c).sum()).alias(c) for c in values],
    )
    both = pl.concat([city.select(frame.columns), frame])
    if "household_population" in values:  # persons per household from the unrounded sums
        ratio = pl.col("household_population") / pl.col("households")
        both = both.with_columns(ratio.round(2).alias(AVERAGE_SIZE))
    rank = (pl.col("area") != city_key).cast(pl.Int8).alias(CITY_RANK)
    group_with_rank = [*group, CITY_RANK]
    both = both.with_columns(rank).with_columns([_rounded(c, group_with_rank) for c in values])
    order = [c for c in ("scenario", CITY_RANK, "area") if c in both.columns]
    return both.sort([*order, *[c for c in group if c != "scenario"]]).drop(CITY_RANK)


def _rounded(value: str, group: list[str]) -> pl.Expr:
    """The city's sums rounded; the areas' values rounded to add up to them."""
    return (
        pl.when(pl.col(CITY_RANK) == 0)
        .then(pl.col(value).round().cast(pl.Int64))
        .otherwise(_round_to_total(value, group))
        .alias(value)
    )


def age_group_label(first: int) -> str:
    return "100+" if first >= 100 else f"{first}–{first + 4}"


def population_by_age_group(frame: pl.DataFrame) -> pl.DataFrame:
    """The single-age population table made wide with five-year age groups as columns
    (0–4 … 95–99, 100+): one row per scenario, area, year and sex, as planners read it."""
    first = pl.min_horizontal(pl.col("age") // 5 * 5, pl.lit(100))
    grouped = (
        frame.with_columns(group=first)
        .group_by("scenario", "area", "year", "sex", "group")
        .agg(pl.col("count").sum())
        .sort("group")
        .with_columns(
            pl.col("group").replace_strict(
                {g: age_group_label(g) for g in range(0, 101, 5)}, return_dtype=pl.String
            )
        )
    )
    return grouped.pivot(
        on="group", index=["scenario", "area", "year", "sex"], values="count"
    ).sort("scenario", "area", "year", "sex")


def people_frame(run: ForecastRun, table: str, *, age_groups: bool = False) -> pl.DataFrame:
    """One output table as people read it: city first, names, rounded, labelled columns."""
    frame = archive.read_table(run.results, table)
    if frame.is_empty():
        return frame
    if age_groups:
        frame = population_by_age_group(frame)
    city_key, names = _names(run)
    frame = with_city(frame, city_key)
    frame = frame.with_columns(
        pl.col("area").replace_strict(names, default=pl.col("area")).alias(AREA_NAME)
    )
    columns = list(frame.columns)
    columns.remove(AREA_NAME)
    columns.insert(columns.index("area") + 1, AREA_NAME)
    frame = frame.select(columns)
    for column, labels in (("sex", SEXES), ("measure", MEASURES)):
        if column in frame.columns:
            texts = {k: str(v) for k, v in labels.items()}
            frame = frame.with_columns(pl.col(column).replace_strict(texts, default=pl.col(column)))
    return frame.rename({c: str(LABELS[c]) for c in frame.columns if c in LABELS})


def _decimals(frame: pl.DataFrame) -> Mapping[str, int]:
    average = str(LABELS[AVERAGE_SIZE])
    return {
        c: 2 if c == average else 0
        for c, dtype in frame.schema.items()
        if dtype.is_numeric() and c not in (str(LABELS["year"]), str(LABELS["age"]))
    }


def csv_bytes(run: ForecastRun, table: str) -> bytes:
    """One table as German Excel opens a CSV (single ages for the population)."""
    return spreadsheets.csv_for_excel(people_frame(run, table))


def xlsx_bytes(run: ForecastRun) -> bytes:
    """Every table as a worksheet; the population in five-year age groups (the single ages,
    266,000 rows for the demo city, stay in the CSV download: as a worksheet they take
    seconds to write and are unwieldy in a spreadsheet)."""
    sheets = []
    for table, name in TABLES.items():
        frame = people_frame(run, table, age_groups=table == "population")
        sheets.append(spreadsheets.Sheet(str(name), frame, _decimals(frame)))
    return spreadsheets.xlsx(sheets)


def result_archive(run: ForecastRun) -> bytes:
    """The files of ``wohnbuendnis forecast --out`` (CSV) for this run, as a ZIP archive."""
    buffer = io.BytesIO()
    stored = run.results
    stored.open("rb")
    try:
        with (
            zipfile.ZipFile(stored) as source,
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for member in sorted(source.namelist()):
                data = source.read(member)
                name = member
                if member.endswith(".parquet"):
                    frame = pl.read_parquet(io.BytesIO(data))
                    data = frame.write_csv(float_precision=6).encode()
                    name = member.removesuffix(".parquet") + ".csv"
                target.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    finally:
        stored.close()
    return buffer.getvalue()
