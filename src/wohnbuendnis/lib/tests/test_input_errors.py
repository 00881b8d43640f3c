"""The one translation table of the readers' error codes: every code the readers can raise has
a German text (and an English one in the catalogue), and the texts fit their params."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from wohnbuendnis import analytics
from wohnbuendnis.analytics.io.errors import ENGLISH, Code, InputError
from wohnbuendnis.lib.input_errors import describe, german_texts, message

USED = re.compile(r"\bCode\.([A-Z_0-9]+)\b")


def _codes_raised_in_analytics() -> set[str]:
    """Every ``Code.X`` written anywhere in ``analytics`` (collected from the source)."""
    root = Path(analytics.__file__).parent
    found: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" not in path.parts:
            found |= set(USED.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_raised_in_analytics_has_a_german_and_an_english_text():
    raised = _codes_raised_in_analytics()
    assert len(raised) > 40  # the collection works
    texts = german_texts()
    missing = sorted(name for name in raised if Code[name] not in texts)
    assert not missing, f"codes without German text in lib/input_errors.py: {missing}"
    assert set(Code) <= set(texts) and set(Code) <= set(ENGLISH)


@pytest.mark.parametrize("code", [c for c in Code if c != Code.UNTRANSLATED])
def test_each_text_uses_only_its_params_and_is_translated(code):
    english_params = set(re.findall(r"\{(\w+)", ENGLISH[code]))
    with translation.override("de"):
        german = german_texts()[code]
        assert set(re.findall(r"%\((\w+)\)s", german)) <= english_params
        assert " expected" not in german
        text = describe(code, {name: "X" for name in english_params})
        assert "?" not in text.replace("(Latin-1/Windows-1252?)", "")
    with translation.override("en"):
        assert german_texts()[code] != german, f"{code}: no English text in the catalogue"


def test_the_message_names_file_line_and_column_in_german_and_english():
    error = InputError(
        "werte.csv", Code.COUNT_NEGATIVE_FOR, line=7, column="value",
        params={"indicator": "population", "found": "-3"},
    )  # fmt: skip
    with translation.override("de"):
        assert message(error) == (
            "werte.csv, Zeile 7, Spalte value: "
            "eine Anzahl ≥ 0 erwartet (Indikator population), gefunden -3"
        )
    with translation.override("en"):
        assert message(error).startswith("werte.csv, line 7, column value: ")
    assert error.message == (
        "werte.csv, line 7, column 'value': a count ≥ 0 expected for indicator 'population', "
        "found -3"
    )


#: Readers still raising plain English text (Code.UNTRANSLATED): only the command-line readers
#: of ``wohnbuendnis allocate``, ``evaluate`` and ``index`` and the Konstanz age pyramid. No
#: upload or import of the web apps uses them. The list may only shrink.
UNTRANSLATED_MODULES = {
    "io/allocation_csv.py",
    "io/allocation_files.py",
    "io/evaluation_files.py",
    "io/index_files.py",
    "io/konstanz.py",
}


def test_no_other_reader_raises_plain_text():
    import ast

    root = Path(analytics.__file__).parent
    plain: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_error = isinstance(node, ast.Call) and getattr(node.func, "id", "") == "InputError"
            if is_error and len(node.args) >= 2:
                second = node.args[1]
                coded = isinstance(second, ast.Attribute) and (
                    getattr(second.value, "id", "") == "Code" or second.attr == "code"
                )
                if not coded and not (isinstance(second, ast.Name) and second.id == "code"):
                    plain.add(path.relative_to(root).as_posix())
            fails = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "fail"
            if fails and node.args and isinstance(node.args[-1], ast.Constant | ast.JoinedStr):
                plain.add(path.relative_to(root).as_posix())
    assert plain <= UNTRANSLATED_MODULES, sorted(plain - UNTRANSLATED_MODULES)
