"""German wording of the import problems for the pages and the command.

The readers in ``analytics/io`` are pure and speak English ("a count ≥ 0 expected …"); the
common texts are matched here and given in German (msgids of the monitoring app). A text that
matches no pattern is shown as the reader wrote it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _


def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """(pattern of the reader's text, German text with the pattern's named groups)."""
    rules = [
        (
            r"UTF-8 text expected, found byte 0x(?P<byte>[0-9a-f]{2}) .*",
            _(
                "UTF-8-Text erwartet, gefunden Byte 0x%(byte)s (Latin-1/Windows-1252?); "
                "bitte speichern Sie die Datei als UTF-8"
            ),
        ),
        (
            r"required column missing; header must contain '(?P<name>.+)'",
            _("Pflichtspalte fehlt: die Kopfzeile muss „%(name)s“ enthalten"),
        ),
        (
            r"unknown (?P<column>\w+) '(?P<value>.*)'; a known .+ expected",
            _("unbekannter Wert „%(value)s“ in der Spalte %(column)s"),
        ),
        (
            r"duplicate key \((?P<key>.+?)\)(?: \(first on line (?P<first>\d+)\))?; "
            r"one row per .+ expected",
            _(
                "doppelter Schlüssel (%(key)s), schon in Zeile %(first)s; "
                "nur eine Zeile je Schlüssel"
            ),
        ),
        (
            r"a number with '\.' as decimal point expected, found '(?P<found>.*)'",
            _("eine Zahl mit Punkt als Dezimaltrennzeichen erwartet, gefunden „%(found)s“"),
        ),
        (r"a number expected, the cell is empty", _("eine Zahl erwartet, die Zelle ist leer")),
        (r"a value expected, the cell is empty", _("ein Wert erwartet, die Zelle ist leer")),
        (
            r"a whole number expected, found '(?P<found>.*)'",
            _("eine ganze Zahl erwartet, gefunden „%(found)s“"),
        ),
        (
            r"a count ≥ 0 expected for indicator '(?P<indicator>.+)', found (?P<found>.+)",
            _("eine Anzahl ≥ 0 erwartet (Indikator %(indicator)s), gefunden %(found)s"),
        ),
        (
            r"a percentage in (?P<low>\S+)…(?P<high>\S+) expected for indicator "
            r"'(?P<indicator>.+)', found (?P<found>.+)",
            _(
                "ein Anteil von %(low)s bis %(high)s %% erwartet (Indikator %(indicator)s), "
                "gefunden %(found)s"
            ),
        ),
        (r"a count ≥ 0 expected", _("eine Anzahl ≥ 0 erwartet")),
        (
            r"(?P<width>\d+) fields as in the header expected, found (?P<found>\d+)",
            _("%(width)s Felder wie in der Kopfzeile erwartet, gefunden %(found)s"),
        ),
        (
            r"a readable file expected \((?P<reason>.*)\)",
            _("eine lesbare Datei erwartet (%(reason)s)"),
        ),
        (r"a ZIP archive expected", _("ein ZIP-Archiv erwartet")),
        (r"a GeoJSON FeatureCollection expected", _("eine GeoJSON-FeatureCollection erwartet")),
    ]
    return [(re.compile(pattern), text) for pattern, text in rules]


def german_expected(text: str) -> str:
    """The reader's ``expected`` text in German where it is one of the common ones."""
    for pattern, german in _patterns():
        match = pattern.fullmatch(text)
        if match:
            values = {k: v if v is not None else "?" for k, v in match.groupdict().items()}
            return german % values
    return text
