"""The one error type for invalid input files, shared by every reader, with a code per kind of
problem.

An :class:`InputError` carries a :class:`Code` and its ``params`` (plain values: numbers, the
text found in the file, a key). :data:`ENGLISH` renders a code in English for the command line
and logs; the web layer renders the same code in German (``wohnbuendnis.lib.input_errors``), so
no message is ever matched by its English wording. ``line``, ``column`` and ``file`` say where.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Final


class Code(StrEnum):
    """Every kind of problem a reader reports (the key of both translation tables)."""

    UNTRANSLATED = "untranslated"  # a reader not yet converted: ``text`` is shown as it is
    FILE_MISSING = "file_missing"
    READ_FAILED = "read_failed"
    NOT_UTF8 = "not_utf8"
    NOT_CSV = "not_csv"
    RAGGED_ROW = "ragged_row"
    HEADER_DUPLICATE = "header_duplicate"
    COLUMN_MISSING = "column_missing"
    VALUE_EMPTY = "value_empty"
    NUMBER_EMPTY = "number_empty"
    NUMBER_EXPECTED = "number_expected"
    GERMAN_NUMBER_EXPECTED = "german_number_expected"
    NUMBER_NOT_FINITE = "number_not_finite"
    NUMBER_RANGE = "number_range"
    NUMBER_MIN = "number_min"
    INTEGER_EXPECTED = "integer_expected"
    INTEGER_RANGE = "integer_range"
    COUNT_NEGATIVE = "count_negative"
    COUNT_NEGATIVE_FOR = "count_negative_for"
    PERCENT_RANGE_FOR = "percent_range_for"
    YEAR_EXPECTED = "year_expected"
    YEAR_RANGE = "year_range"
    TEXT_TOO_LONG = "text_too_long"
    DUPLICATE_KEY = "duplicate_key"
    DUPLICATE_ROW = "duplicate_row"
    MISSING_KEY_ROW = "missing_key_row"
    MISSING_OBSERVATION = "missing_observation"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_AREA = "unknown_area"
    UNKNOWN_NAMED_AREA = "unknown_named_area"
    OTHER_MUNICIPALITY = "other_municipality"
    OUTSIDE_AREA = "outside_area"
    AREA_NUMBER_ONLY = "area_number_only"
    AREA_NAME_MISMATCH = "area_name_mismatch"
    UNKNOWN_VALUE = "unknown_value"
    NO_DATA_ROWS = "no_data_rows"
    SEX_EXPECTED = "sex_expected"
    AGE_GROUP_EXPECTED = "age_group_expected"
    AGE_GROUPS_FIVE = "age_groups_five"
    NO_BASE_YEAR_ROWS = "no_base_year_rows"
    SUM_EXCEEDED = "sum_exceeded"
    TOTAL_MISMATCH = "total_mismatch"
    PARTS_EXCEED_TOTAL = "parts_exceed_total"
    AGE_RANGE = "age_range"
    AGE_ROWS_MISSING = "age_rows_missing"
    FLOWS_NEGATIVE = "flows_negative"
    OPTION_NEEDS_FILES = "option_needs_files"
    BACKTEST_YEAR = "backtest_year"
    SCENARIO_UNKNOWN = "scenario_unknown"
    SHARES_SUM = "shares_sum"
    MOVE_IN_SHARES_SUM = "move_in_shares_sum"
    AGE_BANDS_OVERLAP = "age_bands_overlap"
    AGE_BAND_ORDER = "age_band_order"
    NOT_JSON = "not_json"
    JSON_TOO_DEEP = "json_too_deep"
    NOT_FEATURE_COLLECTION = "not_feature_collection"
    FEATURE_NOT_OBJECT = "feature_not_object"
    FEATURE_PROPERTY_MISSING = "feature_property_missing"
    FEATURE_DUPLICATE_KEY = "feature_duplicate_key"
    GEOMETRY_TYPE = "geometry_type"
    GEOMETRY_COORDINATES = "geometry_coordinates"
    GEOMETRY_RINGS = "geometry_rings"
    GEOMETRY_RING_CLOSED = "geometry_ring_closed"
    GEOMETRY_POSITION = "geometry_position"
    NOT_ZIP = "not_zip"
    ZIP_MEMBER_MISSING = "zip_member_missing"
    ZIP_TOO_LARGE = "zip_too_large"
    ZIP_DUPLICATE_MEMBER = "zip_duplicate_member"
    NOT_XLSX = "not_xlsx"
    NOT_TEXT = "not_text"
    AREA_FILE_EMPTY = "area_file_empty"
    PARENT_SELF = "parent_self"
    NOT_TOML = "not_toml"
    KEY_REQUIRED = "key_required"
    KEY_UNKNOWN = "key_unknown"
    TOML_INTEGER_MIN = "toml_integer_min"
    TOML_INTEGER_RANGE = "toml_integer_range"
    TOML_NUMBER_MIN = "toml_number_min"
    TOML_NUMBER_POSITIVE = "toml_number_positive"
    TOML_NUMBER_RANGE = "toml_number_range"
    TOML_TABLE = "toml_table"
    TOML_DATE = "toml_date"
    TOML_DATE_RANGE = "toml_date_range"
    TOML_YEAR = "toml_year"
    TOML_CHOICE = "toml_choice"
    TOML_LIST_OF = "toml_list_of"
    TOML_NAME = "toml_name"
    TOML_SIZES = "toml_sizes"
    TOML_PATH = "toml_path"
    TOML_STEP = "toml_step"
    TOML_HORIZON = "toml_horizon"
    SHEET_MISSING = "sheet_missing"
    TOO_MANY_ROWS = "too_many_rows"
    CELL_NUMBER_EXPECTED = "cell_number_expected"
    DATE_EXPECTED = "date_expected"
    UNKNOWN_GUIDELINE = "unknown_guideline"
    UNKNOWN_ORGANISATION = "unknown_organisation"
    UNKNOWN_GOAL = "unknown_goal"
    UNKNOWN_MEASURE = "unknown_measure"
    UNKNOWN_ACTION_FIELD = "unknown_action_field"
    PROJECTION_VARIANTS = "projection_variants"
    REFERENCE_RESERVED = "reference_reserved"
    REFERENCE_TAKEN = "reference_taken"
    CHILDREN_NOT_FEWER = "children_not_fewer"
    EVIDENCE_WITHOUT_CRITERIA = "evidence_without_criteria"
    DATE_NOT_PAST = "date_not_past"
    UNKNOWN_CRITERION = "unknown_criterion"
    REFUSED = "refused"  # a service refused the row: ``text`` is its message (already translated)


#: English text of every code (``str.format`` with the error's params).
ENGLISH: Final[Mapping[Code, str]] = {
    Code.UNTRANSLATED: "{text}",
    Code.FILE_MISSING: "the file to exist (a readable file expected)",
    Code.READ_FAILED: "a readable file expected ({reason})",
    Code.NOT_UTF8: "UTF-8 text expected, found byte 0x{byte} (Latin-1/Windows-1252?); "
    "save the file as UTF-8",
    Code.NOT_CSV: "a well-formed CSV table with one header row expected",
    Code.RAGGED_ROW: "{width} fields as in the header expected, found {found}",
    Code.HEADER_DUPLICATE: "each column name once in the header expected",
    Code.COLUMN_MISSING: "required column missing; header must contain {name!r}",
    Code.VALUE_EMPTY: "a value expected, the cell is empty",
    Code.NUMBER_EMPTY: "a number expected, the cell is empty",
    Code.NUMBER_EXPECTED: "a number with '.' as decimal point expected, found {found!r}",
    Code.GERMAN_NUMBER_EXPECTED: "a German number (e.g. 1.234,5) or a Destatis sign "
    "('-', '.', 'x') expected, found {found!r}",
    Code.NUMBER_NOT_FINITE: "a finite number (not NaN, not infinite, at most {limit}) expected, "
    "found {found!r}",
    Code.NUMBER_RANGE: "a number from {low} to {high} expected, found {found!r}",
    Code.NUMBER_MIN: "a number ≥ {low} expected, found {found!r}",
    Code.INTEGER_EXPECTED: "a whole number expected, found {found!r}",
    Code.INTEGER_RANGE: "a whole number from {low} to {high} expected, found {found!r}",
    Code.COUNT_NEGATIVE: "a count ≥ 0 expected, found {found}",
    Code.COUNT_NEGATIVE_FOR: "a count ≥ 0 expected for indicator {indicator!r}, found {found}",
    Code.PERCENT_RANGE_FOR: "a percentage in {low}…{high} expected for indicator "
    "{indicator!r}, found {found}",
    Code.YEAR_EXPECTED: "a year or date expected, found {found!r}",
    Code.YEAR_RANGE: "a year from {low} to {high} expected, found {found}",
    Code.TEXT_TOO_LONG: "at most {limit} characters expected, found {length}",
    Code.DUPLICATE_KEY: "duplicate key ({key}) (first on line {first}); one row per key expected",
    Code.DUPLICATE_ROW: "one row per {key} expected (this key appears twice)",
    Code.MISSING_KEY_ROW: "a row for every key expected; missing: {key}",
    Code.MISSING_OBSERVATION: "a {indicator!r} observation for {year} in every area expected; "
    "missing: {areas}",
    Code.UNKNOWN_INDICATOR: "unknown indicator {found!r}; an indicator of the catalogue expected",
    Code.UNKNOWN_AREA: "unknown area {found!r}; an area key of the area hierarchy expected",
    Code.UNKNOWN_NAMED_AREA: "unknown area name {found!r}; an area of the city expected",
    Code.OTHER_MUNICIPALITY: "the file describes {file_name} ({file_key}), this alliance "
    "{alliance_name} ({alliance_key}); nothing was imported",
    Code.OUTSIDE_AREA: "area {found!r} ({name}) lies outside {alliance_name} ({alliance_key}); "
    "only its municipalities expected",
    Code.AREA_NUMBER_ONLY: "area {found!r} is a bare number: the official key with the "
    "district key under it (e.g. {example}) or the area's name in column area_name expected",
    Code.AREA_NAME_MISMATCH: "area {found!r} is called {name!r} in the file but {expected!r} in "
    "this alliance",
    Code.UNKNOWN_VALUE: "one of {allowed} expected, found {found!r}",
    Code.NO_DATA_ROWS: "data rows {layout!r} expected, found none",
    Code.SEX_EXPECTED: "'f' or 'm' expected, found {found!r}",
    Code.AGE_GROUP_EXPECTED: "the first age of a group ({ages}) expected, found {found!r}",
    Code.AGE_GROUPS_FIVE: "5-year age groups 0, 5, … with an open last group expected",
    Code.NO_BASE_YEAR_ROWS: "rows for the base year {year} expected",
    Code.SUM_EXCEEDED: "{first} + {second} ≤ 1 expected",
    Code.TOTAL_MISMATCH: "the total row equal to the sum of its parts expected",
    Code.PARTS_EXCEED_TOTAL: "the groups {name!r} add up to {parts}, at most the total {total} "
    "expected",
    Code.AGE_RANGE: "ages {low}…{high} expected, found {found!r}",
    Code.AGE_ROWS_MISSING: "one row for every age {low}…{high} expected ({table})",
    Code.FLOWS_NEGATIVE: "flows that keep every count ≥ 0 expected; area {area}, sex {sex}, "
    "age {age} would become {found}",
    Code.OPTION_NEEDS_FILES: "the files {files} for {option}",
    Code.BACKTEST_YEAR: "rows with year = {year} and observed years after it for --backtest",
    Code.SCENARIO_UNKNOWN: "a [scenarios.{name}] table (known: {known})",
    Code.SHARES_SUM: "shares summing to 1 expected, found {found}",
    Code.MOVE_IN_SHARES_SUM: "move_in_share summing to 1 over the areas expected; year {year}, "
    "sex {sex}, age {age} sums to {found}",
    Code.AGE_BANDS_OVERLAP: "age bands that do not overlap expected",
    Code.AGE_BAND_ORDER: "age_to ≥ age_from expected",
    Code.NOT_JSON: "valid JSON expected",
    Code.JSON_TOO_DEEP: "JSON nested at most {limit} levels deep expected",
    Code.NOT_FEATURE_COLLECTION: "a GeoJSON FeatureCollection expected",
    Code.FEATURE_NOT_OBJECT: "feature {feature}: an object with 'properties' expected",
    Code.FEATURE_PROPERTY_MISSING: "feature {feature}: property {name!r} expected",
    Code.FEATURE_DUPLICATE_KEY: "feature {feature}: duplicate key {key!r} (also feature {other})",
    Code.GEOMETRY_TYPE: "feature {feature}: a Polygon or MultiPolygon expected, found {found}",
    Code.GEOMETRY_COORDINATES: "feature {feature}: polygon coordinates expected",
    Code.GEOMETRY_RINGS: "feature {feature}: polygon rings expected",
    Code.GEOMETRY_RING_CLOSED: "feature {feature}: closed rings of ≥ 4 positions expected",
    Code.GEOMETRY_POSITION: "feature {feature}: WGS84 [longitude, latitude] expected, "
    "found {found}",
    Code.NOT_ZIP: "a ZIP archive expected",
    Code.ZIP_MEMBER_MISSING: "a ZIP archive with {member} expected",
    Code.ZIP_TOO_LARGE: "at most {members} files and {megabytes} MB unpacked",
    Code.ZIP_DUPLICATE_MEMBER: "only one file named {name} in the archive expected",
    Code.NOT_XLSX: "an Excel workbook (.xlsx) expected",
    Code.NOT_TEXT: "UTF-8 or Windows-1252 text expected",
    Code.AREA_FILE_EMPTY: "a GeoJSON or CSV file with areas expected, the file is empty",
    Code.PARENT_SELF: "a parent other than the area itself expected",
    Code.NOT_TOML: "valid TOML expected",
    Code.KEY_REQUIRED: "this key (required)",
    Code.KEY_UNKNOWN: "only the keys {allowed} expected",
    Code.PROJECTION_VARIANTS: "one projection variant per file expected, found {found}",
    Code.TOML_INTEGER_MIN: "a whole number ≥ {low} expected, found {found}",
    Code.TOML_INTEGER_RANGE: "a whole number from {low} to {high} expected, found {found}",
    Code.TOML_NUMBER_MIN: "a number ≥ {low} expected, found {found}",
    Code.TOML_NUMBER_POSITIVE: "a number > 0 expected, found {found}",
    Code.TOML_NUMBER_RANGE: "a number from {low} to {high} expected, found {found}",
    Code.TOML_TABLE: "a non-empty table expected",
    Code.TOML_DATE: "an ISO date YYYY-MM-DD expected, found {found}",
    Code.TOML_DATE_RANGE: "a date from {low} to {high} expected, found {found}",
    Code.TOML_YEAR: "a year from {low} to {high} expected, found {found}",
    Code.TOML_CHOICE: "one of {allowed} expected, found {found}",
    Code.TOML_LIST_OF: "a non-empty list of {allowed} without repeats expected",
    Code.TOML_NAME: "a name of letters, digits and _ expected",
    Code.TOML_SIZES: "household sizes 1, 2, … without gaps as keys expected",
    Code.TOML_PATH: "a table of year = value ≥ 0 covering {first}–{last} expected",
    Code.TOML_STEP: "step = 1 (or 5 with ccmpp-un) expected",
    Code.TOML_HORIZON: "horizon after base_year {base} by a multiple of step {step} expected",
    Code.SHEET_MISSING: "a sheet named {sheet!r} expected",
    Code.TOO_MANY_ROWS: "at most {limit} rows expected, found {found}",
    Code.CELL_NUMBER_EXPECTED: "a number (1234.5 or 1.234,5) expected, found {found!r}",
    Code.DATE_EXPECTED: "a date (an Excel date, YYYY-MM-DD or DD.MM.YYYY) expected, "
    "found {found!r}",
    Code.UNKNOWN_GUIDELINE: "the number of a guideline (sheet Leitlinien or already stored) "
    "expected, found {found!r}",
    Code.UNKNOWN_ORGANISATION: "the name of a member organisation of the alliance expected, "
    "found {found!r}",
    Code.UNKNOWN_GOAL: "the number of a goal (sheet Ziele or already stored) expected, "
    "found {found!r}",
    Code.UNKNOWN_MEASURE: "the number of a measure (sheet Maßnahmen or already stored) "
    "expected, found {found!r}",
    Code.UNKNOWN_ACTION_FIELD: "the name of an action field of the alliance expected, "
    "found {found!r}",
    Code.REFERENCE_RESERVED: "a file number of the old register expected; {found!r} has the "
    "form W-1234567 the platform gives its own households",
    Code.REFERENCE_TAKEN: "a file number not used by another alliance's register expected, "
    "found {found!r}",
    Code.CHILDREN_NOT_FEWER: "fewer children than persons expected ({persons} persons), "
    "found {found}",
    Code.EVIDENCE_WITHOUT_CRITERIA: "evidence only with the criteria it proves "
    "(column Kriterien is empty)",
    Code.DATE_NOT_PAST: "a date from {low} to {high} (not in the future) expected, found {found!r}",
    Code.UNKNOWN_CRITERION: "a criterion of the priority list (its name or key) expected, "
    "found {found!r}",
    Code.REFUSED: "refused: {text}",
}

#: Most characters a found value is quoted with in a message (the rest is cut).
MAX_QUOTED = 60


def quoted(value: object) -> object:
    """A value found in a file for a message: long text is cut, the rest is kept as it is."""
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return value[:MAX_QUOTED] + "…"
    return value


class InputError(ValueError):
    """An input file is invalid.

    ``code`` names the kind of problem and ``params`` its values (see :data:`ENGLISH`); a
    plain text instead of a code is kept as :attr:`Code.UNTRANSLATED`. ``line`` is the physical
    line (header = line 1); ``column`` the column name (or a key path). Both are optional
    because some problems belong to a whole file (missing file) or a whole column.
    """

    def __init__(
        self,
        file: str,
        code: Code | str,
        *,
        line: int | None = None,
        column: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.column = column
        if isinstance(code, Code):
            self.code = code
            self.params: dict[str, object] = {k: quoted(v) for k, v in (params or {}).items()}
        else:
            self.code = Code.UNTRANSLATED
            self.params = {"text": code}
        super().__init__(self.message)

    @property
    def expected(self) -> str:
        """What was expected, in English."""
        return english(self.code, self.params)

    @property
    def message(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.expected}"


class InputErrors(InputError):
    """Several problems of one file (all of them, so that they can be corrected at once);
    ``problems`` lists them, the error itself reads as the first one."""

    def __init__(self, problems: Sequence[InputError]) -> None:
        if not problems:
            raise ValueError("InputErrors needs at least one problem")
        first = problems[0]
        self.problems = list(problems)
        super().__init__(
            first.file, first.code, line=first.line, column=first.column, params=first.params
        )

    @property
    def message(self) -> str:
        more = len(self.problems) - 1
        return super().message + (f" (and {more} more problems)" if more > 0 else "")


def english(code: Code, params: Mapping[str, object]) -> str:
    """The English text of ``code`` with ``params`` (a missing param shows as ``?``)."""
    return ENGLISH[code].format_map(_Lenient(params))


class _Lenient(dict[str, object]):
    def __missing__(self, key: str) -> object:
        return "?"


def unreadable(file: str, error: OSError) -> InputError:
    """The InputError for a file that cannot be read: missing (also a member missing from an
    unpacked archive), or unreadable for another reason (named by the operating system)."""
    if isinstance(error, FileNotFoundError | IsADirectoryError | NotADirectoryError):
        return InputError(file, Code.FILE_MISSING)
    return InputError(file, Code.READ_FAILED, params={"reason": error.strerror or ""})
