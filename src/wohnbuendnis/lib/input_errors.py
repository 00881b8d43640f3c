"""The one translation table of the readers' error codes (``analytics.io.errors.Code``).

The readers in ``analytics/io`` are pure and raise :class:`InputError` with a code and its
parameters; every app (monitoring imports, forecast uploads, the priority list, the command
line) shows them through :func:`describe` and :func:`message`: German msgids, English in the
``en`` catalogue. A code without a German text fails ``lib/tests/test_input_errors.py``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from wohnbuendnis.analytics.io.errors import Code, InputError


def german_texts() -> dict[Code, str]:
    """Code → text in the active language (``%(name)s`` placeholders for the params)."""
    return {
        Code.UNTRANSLATED: "%(text)s",
        Code.FILE_MISSING: _("die Datei fehlt"),
        Code.READ_FAILED: _("die Datei ist nicht lesbar (%(reason)s)"),
        Code.NOT_UTF8: _(
            "UTF-8-Text erwartet, gefunden Byte 0x%(byte)s (Latin-1/Windows-1252?); "
            "bitte speichern Sie die Datei als UTF-8"
        ),
        Code.NOT_CSV: _("eine CSV-Tabelle mit einer Kopfzeile erwartet"),
        Code.RAGGED_ROW: _("%(width)s Felder wie in der Kopfzeile erwartet, gefunden %(found)s"),
        Code.HEADER_DUPLICATE: _("jeder Spaltenname nur einmal in der Kopfzeile"),
        Code.COLUMN_MISSING: _("Pflichtspalte fehlt: die Kopfzeile muss „%(name)s“ enthalten"),
        Code.VALUE_EMPTY: _("ein Wert erwartet, die Zelle ist leer"),
        Code.NUMBER_EMPTY: _("eine Zahl erwartet, die Zelle ist leer"),
        Code.NUMBER_EXPECTED: _(
            "eine Zahl mit Punkt als Dezimaltrennzeichen erwartet, gefunden „%(found)s“"
        ),
        Code.GERMAN_NUMBER_EXPECTED: _(
            "eine Zahl (z. B. 1.234,5) oder ein Destatis-Zeichen („-“, „.“, „x“) erwartet, "
            "gefunden „%(found)s“"
        ),
        Code.NUMBER_NOT_FINITE: _(
            "eine endliche Zahl erwartet (nicht NaN, nicht unendlich, höchstens %(limit)s), "
            "gefunden „%(found)s“"
        ),
        Code.NUMBER_RANGE: _("eine Zahl von %(low)s bis %(high)s erwartet, gefunden „%(found)s“"),
        Code.NUMBER_MIN: _("eine Zahl ≥ %(low)s erwartet, gefunden „%(found)s“"),
        Code.INTEGER_EXPECTED: _("eine ganze Zahl erwartet, gefunden „%(found)s“"),
        Code.INTEGER_RANGE: _(
            "eine ganze Zahl von %(low)s bis %(high)s erwartet, gefunden „%(found)s“"
        ),
        Code.COUNT_NEGATIVE: _("eine Anzahl ≥ 0 erwartet, gefunden %(found)s"),
        Code.COUNT_NEGATIVE_FOR: _(
            "eine Anzahl ≥ 0 erwartet (Indikator %(indicator)s), gefunden %(found)s"
        ),
        Code.PERCENT_RANGE_FOR: _(
            "ein Anteil von %(low)s bis %(high)s %% erwartet (Indikator %(indicator)s), "
            "gefunden %(found)s"
        ),
        Code.YEAR_EXPECTED: _("ein Jahr oder Datum erwartet, gefunden „%(found)s“"),
        Code.YEAR_RANGE: _("ein Jahr von %(low)s bis %(high)s erwartet, gefunden %(found)s"),
        Code.TEXT_TOO_LONG: _("höchstens %(limit)s Zeichen erwartet, gefunden %(length)s"),
        Code.DUPLICATE_KEY: _(
            "doppelter Schlüssel (%(key)s), schon in Zeile %(first)s; nur eine Zeile je Schlüssel"
        ),
        Code.DUPLICATE_ROW: _("nur eine Zeile je %(key)s (dieser Schlüssel kommt doppelt vor)"),
        Code.MISSING_KEY_ROW: _("eine Zeile für jeden Schlüssel erwartet; es fehlt: %(key)s"),
        Code.MISSING_OBSERVATION: _(
            "ein Wert „%(indicator)s“ für %(year)s in jedem Gebiet erwartet; es fehlen: %(areas)s"
        ),
        Code.UNKNOWN_INDICATOR: _("unbekannter Indikator „%(found)s“ (nicht im Katalog)"),
        Code.UNKNOWN_AREA: _("unbekannter Gebietsschlüssel „%(found)s“"),
        Code.UNKNOWN_NAMED_AREA: _("unbekannter Gebietsname „%(found)s“"),
        Code.OTHER_MUNICIPALITY: _(
            "Die Datei beschreibt %(file_name)s (%(file_key)s), dieses Bündnis aber "
            "%(alliance_name)s (%(alliance_key)s); es wurde nichts importiert"
        ),
        Code.OUTSIDE_AREA: _(
            "„%(found)s“ (%(name)s) liegt nicht in %(alliance_name)s (%(alliance_key)s); "
            "erwartet werden nur dessen Gemeinden"
        ),
        Code.AREA_NUMBER_ONLY: _(
            "„%(found)s“ ist nur eine Nummer: bitte den amtlichen Schlüssel mit der Nummer des "
            "Gebiets darunter (z. B. %(example)s) oder den Namen des Gebiets in der Spalte "
            "„Gebietsname“ angeben"
        ),
        Code.AREA_NAME_MISMATCH: _(
            "das Gebiet „%(found)s“ heißt in der Datei „%(name)s“, in diesem Bündnis aber "
            "„%(expected)s“"
        ),
        Code.UNKNOWN_VALUE: _("einer der Werte %(allowed)s erwartet, gefunden „%(found)s“"),
        Code.NO_DATA_ROWS: _("Datenzeilen „%(layout)s“ erwartet, keine gefunden"),
        Code.SEX_EXPECTED: _("„f“ oder „m“ erwartet, gefunden „%(found)s“"),
        Code.AGE_GROUP_EXPECTED: _(
            "das erste Alter einer Altersgruppe (%(ages)s) erwartet, gefunden „%(found)s“"
        ),
        Code.AGE_GROUPS_FIVE: _("5-Jahres-Altersgruppen 0, 5, … mit offener letzter Gruppe"),
        Code.NO_BASE_YEAR_ROWS: _("Zeilen für das Basisjahr %(year)s erwartet"),
        Code.SUM_EXCEEDED: _("%(first)s + %(second)s ≤ 1 erwartet"),
        Code.TOTAL_MISMATCH: _("die Summenzeile muss der Summe ihrer Teile entsprechen"),
        Code.PARTS_EXCEED_TOTAL: _(
            "die Gruppen „%(name)s“ ergeben zusammen %(parts)s, mehr als „Insgesamt“ (%(total)s)"
        ),
        Code.AGE_RANGE: _("Alter von %(low)s bis %(high)s erwartet, gefunden „%(found)s“"),
        Code.AGE_ROWS_MISSING: _(
            "eine Zeile für jedes Alter von %(low)s bis %(high)s erwartet (%(table)s)"
        ),
        Code.FLOWS_NEGATIVE: _(
            "Wanderungen und Sterbefälle dürfen keine Zahl unter 0 bringen; Gebiet %(area)s, "
            "Geschlecht %(sex)s, Alter %(age)s ergäbe %(found)s"
        ),
        Code.OPTION_NEEDS_FILES: _("die Dateien %(files)s für %(option)s"),
        Code.BACKTEST_YEAR: _(
            "Zeilen mit year = %(year)s und beobachtete spätere Jahre für den Backtest"
        ),
        Code.SCENARIO_UNKNOWN: _("eine Tabelle [scenarios.%(name)s] (bekannt: %(known)s)"),
        Code.SHARES_SUM: _("Anteile mit der Summe 1 erwartet, gefunden %(found)s"),
        Code.MOVE_IN_SHARES_SUM: _(
            "move_in_share muss über die Gebiete 1 ergeben; Jahr %(year)s, Geschlecht %(sex)s, "
            "Alter %(age)s ergibt %(found)s"
        ),
        Code.AGE_BANDS_OVERLAP: _("Altersbänder, die sich nicht überschneiden"),
        Code.AGE_BAND_ORDER: _("age_to ≥ age_from erwartet"),
        Code.NOT_JSON: _("gültiges JSON erwartet"),
        Code.JSON_TOO_DEEP: _("JSON höchstens %(limit)s Ebenen tief verschachtelt erwartet"),
        Code.NOT_FEATURE_COLLECTION: _("eine GeoJSON-FeatureCollection erwartet"),
        Code.FEATURE_NOT_OBJECT: _("Feature %(feature)s: ein Objekt mit „properties“ erwartet"),
        Code.FEATURE_PROPERTY_MISSING: _("Feature %(feature)s: Eigenschaft „%(name)s“ fehlt"),
        Code.FEATURE_DUPLICATE_KEY: _(
            "Feature %(feature)s: doppelter Schlüssel „%(key)s“ (auch Feature %(other)s)"
        ),
        Code.GEOMETRY_TYPE: _(
            "Feature %(feature)s: ein Polygon oder MultiPolygon erwartet, gefunden %(found)s"
        ),
        Code.GEOMETRY_COORDINATES: _("Feature %(feature)s: Polygon-Koordinaten fehlen"),
        Code.GEOMETRY_RINGS: _("Feature %(feature)s: Polygon-Ringe erwartet"),
        Code.GEOMETRY_RING_CLOSED: _(
            "Feature %(feature)s: geschlossene Ringe aus mindestens 4 Positionen erwartet"
        ),
        Code.GEOMETRY_POSITION: _(
            "Feature %(feature)s: WGS84-Position [Länge, Breite] erwartet, gefunden %(found)s"
        ),
        Code.NOT_ZIP: _("ein ZIP-Archiv erwartet"),
        Code.ZIP_MEMBER_MISSING: _("ein ZIP-Archiv mit %(member)s erwartet"),
        Code.ZIP_TOO_LARGE: _("höchstens %(members)s Dateien und %(megabytes)s MB entpackt"),
        Code.ZIP_DUPLICATE_MEMBER: _("nur eine Datei namens %(name)s im Archiv"),
        Code.NOT_XLSX: _("eine Excel-Arbeitsmappe (.xlsx) erwartet"),
        Code.NOT_TEXT: _("Text in UTF-8 oder Windows-1252 erwartet"),
        Code.AREA_FILE_EMPTY: _(
            "eine GeoJSON- oder CSV-Datei mit Gebieten erwartet, die Datei ist leer"
        ),
        Code.PARENT_SELF: _("ein anderes übergeordnetes Gebiet als das Gebiet selbst erwartet"),
        Code.NOT_TOML: _("gültiges TOML erwartet"),
        Code.KEY_REQUIRED: _("dieser Schlüssel fehlt (Pflichtangabe)"),
        Code.KEY_UNKNOWN: _("nur die Schlüssel %(allowed)s erlaubt"),
        Code.PROJECTION_VARIANTS: _(
            "eine Variante der Vorausberechnung je Datei erwartet, gefunden %(found)s"
        ),
        Code.TOML_INTEGER_MIN: _("eine ganze Zahl ≥ %(low)s erwartet, gefunden %(found)s"),
        Code.TOML_INTEGER_RANGE: _(
            "eine ganze Zahl von %(low)s bis %(high)s erwartet, gefunden %(found)s"
        ),
        Code.TOML_NUMBER_MIN: _("eine Zahl ≥ %(low)s erwartet, gefunden %(found)s"),
        Code.TOML_NUMBER_POSITIVE: _("eine Zahl > 0 erwartet, gefunden %(found)s"),
        Code.TOML_NUMBER_RANGE: _(
            "eine Zahl von %(low)s bis %(high)s erwartet, gefunden %(found)s"
        ),
        Code.TOML_TABLE: _("eine nicht leere Tabelle erwartet"),
        Code.TOML_DATE: _("ein Datum JJJJ-MM-TT erwartet, gefunden %(found)s"),
        Code.TOML_DATE_RANGE: _("ein Datum von %(low)s bis %(high)s erwartet, gefunden %(found)s"),
        Code.TOML_YEAR: _("ein Jahr von %(low)s bis %(high)s erwartet, gefunden %(found)s"),
        Code.TOML_CHOICE: _("einer der Werte %(allowed)s erwartet, gefunden %(found)s"),
        Code.TOML_LIST_OF: _("eine nicht leere Liste aus %(allowed)s ohne Wiederholung erwartet"),
        Code.TOML_NAME: _("ein Name aus Buchstaben, Ziffern und _ erwartet"),
        Code.TOML_SIZES: _("Haushaltsgrößen 1, 2, … ohne Lücken als Schlüssel erwartet"),
        Code.TOML_PATH: _("eine Tabelle Jahr = Wert ≥ 0 für %(first)s–%(last)s erwartet"),
        Code.TOML_STEP: _("step = 1 (oder 5 mit ccmpp-un) erwartet"),
        Code.TOML_HORIZON: _(
            "horizon nach base_year %(base)s im Abstand eines Vielfachen von step %(step)s erwartet"
        ),
        Code.SHEET_MISSING: _("ein Tabellenblatt „%(sheet)s“ erwartet"),
        Code.TOO_MANY_ROWS: _("höchstens %(limit)s Zeilen erwartet, gefunden %(found)s"),
        Code.CELL_NUMBER_EXPECTED: _(
            "eine Zahl (1234,5 oder 1.234,5) erwartet, gefunden „%(found)s“"
        ),
        Code.DATE_EXPECTED: _(
            "ein Datum (Excel-Datum, TT.MM.JJJJ oder JJJJ-MM-TT) erwartet, gefunden „%(found)s“"
        ),
        Code.UNKNOWN_GUIDELINE: _(
            "die Nummer einer Leitlinie (Tabellenblatt Leitlinien oder schon gespeichert) "
            "erwartet, gefunden „%(found)s“"
        ),
        Code.UNKNOWN_ORGANISATION: _(
            "der Name einer Mitgliedsorganisation des Bündnisses erwartet, gefunden „%(found)s“"
        ),
        Code.UNKNOWN_GOAL: _(
            "die Nummer eines Ziels (Tabellenblatt Ziele oder schon gespeichert) erwartet, "
            "gefunden „%(found)s“"
        ),
        Code.UNKNOWN_MEASURE: _(
            "die Nummer einer Maßnahme (Tabellenblatt Maßnahmen oder schon gespeichert) "
            "erwartet, gefunden „%(found)s“"
        ),
        Code.UNKNOWN_ACTION_FIELD: _(
            "der Name eines Handlungsfelds des Bündnisses erwartet, gefunden „%(found)s“"
        ),
        Code.REFERENCE_RESERVED: _(
            "ein Aktenzeichen des bisherigen Registers erwartet; „%(found)s“ hat die Form "
            "W-1234567, die die Plattform ihren eigenen Haushalten gibt"
        ),
        Code.REFERENCE_TAKEN: _(
            "ein Aktenzeichen, das kein anderes Bündnis verwendet, erwartet, gefunden „%(found)s“"
        ),
        Code.CHILDREN_NOT_FEWER: _(
            "weniger Kinder als Personen erwartet (%(persons)s Personen), gefunden %(found)s"
        ),
        Code.EVIDENCE_WITHOUT_CRITERIA: _(
            "Nachweise nur mit den Kriterien, die sie belegen (die Spalte Kriterien ist leer)"
        ),
        Code.DATE_NOT_PAST: _(
            "ein Datum vom %(low)s bis %(high)s (nicht in der Zukunft) erwartet, "
            "gefunden „%(found)s“"
        ),
        Code.UNKNOWN_CRITERION: _(
            "ein Kriterium der Prioritätenliste (Name oder Schlüssel) erwartet, "
            "gefunden „%(found)s“"
        ),
        Code.REFUSED: _("abgelehnt: %(text)s"),
    }


class _Params(dict[str, object]):
    """Params for ``%`` formatting: a missing one shows as ``?``, None as empty."""

    def __missing__(self, key: str) -> object:
        return "?"


def describe(code: Code, params: Mapping[str, object]) -> str:
    """What was expected, in the active language."""
    texts = german_texts()
    text = texts.get(code, texts[Code.UNTRANSLATED])
    values = _Params({k: "" if v is None else v for k, v in params.items()})
    if code not in texts:
        values["text"] = code.value
    return text % values


def where(file: str, line: int | None, column: str | None) -> str:
    """ "datei.csv, Zeile 3, Spalte „value“" in the active language."""
    parts = [file]
    if line is not None:
        parts.append(_("Zeile %(line)s") % {"line": line})
    if column is not None:
        parts.append(_("Spalte %(column)s") % {"column": column})
    return ", ".join(parts)


def message(error: InputError) -> str:
    """File, line, column and what was expected, in the active language."""
    return f"{where(error.file, error.line, error.column)}: {describe(error.code, error.params)}"
