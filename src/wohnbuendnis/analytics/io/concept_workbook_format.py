"""The concept workbook's format (docs/concept-workbook.md): its sheets, their German column
headers, the type of each column and the German words of the choice columns.

One :class:`Column` per column; :data:`SHEETS` lists the sheets in the order of the workbook.
The reader (``concept_workbook``) and the writer (``concept_workbook_writer``) share it, so
the downloaded workbook and the accepted one cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    LIST = "list"  # several names or numbers in one cell, separated by ";"


# The German word shown in the workbook → the value stored (the web's choice values).
STATUS: Final = {
    "geplant": "geplant", "in Umsetzung": "in_umsetzung", "umgesetzt": "umgesetzt",
    "zurückgestellt": "zurueckgestellt", "verworfen": "verworfen",
}  # fmt: skip
PRIORITY: Final = {"hoch": "hoch", "mittel": "mittel", "niedrig": "niedrig"}
NATURE: Final = {"quantitativ": "quantitativ", "qualitativ": "qualitativ"}
TARGET_GROUP: Final = {
    "alle Haushalte": "alle", "Familien": "familien",
    "junge Haushalte, Studierende": "junge_haushalte", "Seniorinnen und Senioren": "senioren",
    "Menschen mit Behinderungen": "behinderung", "Geflüchtete": "gefluechtete",
    "Haushalte mit geringem Einkommen": "geringes_einkommen",
}  # fmt: skip
GOAL_KIND: Final = {"jährlich": "annual", "kumuliert": "cumulative", "Korridor": "band"}
DIRECTION: Final = {"mehr ist besser": "up", "weniger ist besser": "down"}
PROJECT_STATUS: Final = {"Planung": "planung", "Baurecht": "baurecht", "Bau": "bau",
                         "fertig": "fertig"}  # fmt: skip
RENT_SEGMENT: Final = {
    "geförderter Mietwohnungsbau": "gefoerdert", "preisgedämpfter Mietwohnungsbau":
    "preisgedaempft", "frei finanzierter Mietwohnungsbau": "frei",
    "Eigentumswohnungen": "eigentum", "gemischt": "gemischt",
}  # fmt: skip

#: The largest amount or target accepted (beyond it a value is a typo, not a plan).
LARGEST: Final = 1e12
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Column:
    """One column: its German ``header``, the record ``field`` it fills and how it is read.

    ``low``/``high`` bound numbers (inclusive); ``limit`` is the most characters of a text;
    ``choices`` maps German words to stored values; ``default`` fills an empty optional cell;
    ``width`` is the column width in the written workbook (characters)."""

    header: str
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    low: float | None = None
    high: float | None = None
    limit: int = 250
    choices: Mapping[str, str] | None = None
    default: object = None
    width: int = 14
    guideline_ref: bool = False  # a guideline's number: the written workbook offers a list


def _text(header: str, field: str, limit: int = 250, *, required: bool = False,
          width: int = 30) -> Column:  # fmt: skip
    return Column(header, field, Kind.TEXT, required, limit=limit, default="", width=width)


def _choice(header: str, field: str, choices: Mapping[str, str], default: str | None) -> Column:
    width = max(12, *(len(word) + 2 for word in choices))
    return Column(header, field, Kind.CHOICE, default is None, choices=choices, default=default,
                  width=width)  # fmt: skip


def _int(header: str, field: str, low: float, high: float, *, required: bool = False,
         default: int | None = None, width: int = 12) -> Column:  # fmt: skip
    return Column(header, field, Kind.INTEGER, required, low, high, default=default, width=width)


def _guideline() -> Column:
    return Column("Leitlinie", "guideline", Kind.INTEGER, True, 1, 999, guideline_ref=True)


GUIDELINES: Final = (
    _int("Nr.", "number", 1, 999, required=True, width=6),
    _text("Leitlinie", "name", 100, required=True),
    _text("Beschreibung", "text", 5000, width=60),
)
GOALS: Final = (
    _text("Nr.", "code", 20, required=True, width=8),
    _guideline(),
    _text("Ziel", "title", 250, required=True, width=50),
    _choice("Art", "nature", NATURE, None),
    _choice("Zielgruppe", "target_group", TARGET_GROUP, "alle"),
    _int("von (Jahr)", "year_from", FIRST_YEAR, LAST_YEAR, required=True),
    _int("bis (Jahr)", "year_to", FIRST_YEAR, LAST_YEAR, required=True),
    _text("Indikator", "indicator", 60, width=22),
    _text("Einheit", "unit", 30, width=12),
    Column("Zielwert", "target", Kind.NUMBER, low=-LARGEST, high=LARGEST),
    Column(
        "Zielwert oben (Korridor)", "target_high", Kind.NUMBER, low=-LARGEST, high=LARGEST, width=24
    ),
    _choice("Zielart", "kind", GOAL_KIND, "annual"),
    _choice("Richtung", "direction", DIRECTION, "up"),
    Column("Toleranz", "tolerance", Kind.NUMBER, low=0, high=1, default=0.05),
    _choice("Priorität", "priority", PRIORITY, "mittel"),
)
MEASURES: Final = (
    _int("Nr.", "number", 1, 32767, required=True, width=6),
    _guideline(),
    _text("Maßnahme", "title", 250, required=True, width=50),
    _text("Beschreibung", "description", 10000, width=60),
    _text("Handlungsfeld", "action_field", 150, width=24),
    _text("Federführung", "lead", 200, required=True, width=30),
    Column("Partner", "partners", Kind.LIST, limit=2000, default=(), width=30),
    Column("Ziele", "goals", Kind.LIST, limit=2000, default=(), width=16),
    _int("Kosten (EUR)", "cost_eur", 0, LARGEST, width=14),
    _text("Finanzierung", "funding", 200, width=24),
    Column("Beginn", "start", Kind.DATE, width=12),
    Column("Ende", "end", Kind.DATE, width=12),
    _choice("Status", "status", STATUS, "geplant"),
    _int("Fortschritt (%)", "progress", 0, 100, default=0, width=14),
    _choice("Priorität", "priority", PRIORITY, "mittel"),
    _text("Vorteile", "pros", 5000),
    _text("Nachteile", "cons", 5000),
)
MILESTONES: Final = (
    _int("Maßnahme", "measure", 1, 32767, required=True, width=10),
    _text("Meilenstein", "title", 200, required=True, width=50),
    Column("geplant bis", "due", Kind.DATE, required=True, width=12),
    Column("erreicht am", "reached_on", Kind.DATE, width=12),
)
PROJECTS: Final = (
    _text("Vorhaben", "name", 200, required=True, width=36),
    _text("Bauträger", "developer", 200, width=30),
    _int("Wohneinheiten", "dwellings", 1, 100_000, required=True, width=14),
    _int("davon gefördert", "social_dwellings", 0, 100_000, default=0, width=16),
    _int("davon barrierefrei", "accessible_dwellings", 0, 100_000, default=0, width=18),
    _int("Bindungsdauer (Jahre)", "binding_years", 0, 100, width=20),
    _choice("Status", "status", PROJECT_STATUS, "planung"),
    _int(
        "Fertigstellung erwartet",
        "expected_completion",
        FIRST_YEAR,
        LAST_YEAR,
        required=True,
        width=22,
    ),
    _int("1 Zimmer", "rooms_1", 0, 100_000, default=0),
    _int("2 Zimmer", "rooms_2", 0, 100_000, default=0),
    _int("3 Zimmer", "rooms_3", 0, 100_000, default=0),
    _int("4 und mehr Zimmer", "rooms_4", 0, 100_000, default=0, width=18),
    Column(
        "Mietpreissegment", "rent_segment", Kind.CHOICE, choices=RENT_SEGMENT, default="", width=34
    ),
    _int("Förderquote (%)", "quota_percent", 0, 100, width=16),
    _text("Begründung der Abweichung von der Quote", "quota_note", 5000, width=40),
)

GUIDELINES_SHEET, GOALS_SHEET, MEASURES_SHEET = "Leitlinien", "Ziele", "Maßnahmen"
MILESTONES_SHEET, PROJECTS_SHEET, NOTES_SHEET = "Meilensteine", "Bauvorhaben", "Hinweise"
LISTS_SHEET = "Auswahllisten"

#: Sheet name → (columns, the fields whose values identify a row: a repeat is refused).
SHEETS: Final[dict[str, tuple[tuple[Column, ...], tuple[str, ...]]]] = {
    GUIDELINES_SHEET: (GUIDELINES, ("number",)),
    GOALS_SHEET: (GOALS, ("code",)),
    MEASURES_SHEET: (MEASURES, ("number",)),
    MILESTONES_SHEET: (MILESTONES, ("measure", "title")),
    PROJECTS_SHEET: (PROJECTS, ("name",)),
}

#: The most data rows a sheet may have (a concept has dozens; more is a wrong file).
MAX_ROWS: Final = 5000
#: The most bytes the workbook's parts may unpack to, and the most parts (a ZIP bomb is refused).
MAX_UNPACKED, MAX_MEMBERS = 100 * 1024 * 1024, 500
