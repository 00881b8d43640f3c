"""Stored texts are written in the site's language (``lib.site_language``), and no service
goes back to translating a history note in the language of the page that caused it."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from wohnbuendnis.lib.site_language import in_site_language, joined

SOURCE = Path(__file__).resolve().parents[2]  # src/wohnbuendnis

#: the history functions and the position of their note among the positional arguments
NOTE_ARGUMENT = {"record_status": 2, "change_status": 3, "record_change": 4}
#: calls that translate in the language active at the moment
TRANSLATING = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext"}


def test_a_msgid_is_translated_into_the_site_language_under_an_english_page():
    with translation.override("en"):
        assert in_site_language(gettext_noop("Gemeinde %(name)s"), name="Nidda") == (
            "Gemeinde Nidda"
        )
        assert in_site_language(gettext_noop("anonymisiert")) == "anonymisiert"
        assert translation.get_language() == "en"  # the page's language is left as it was


def test_lazy_text_and_lazy_params_render_in_the_site_language():
    with translation.override("en"):
        label = gettext_lazy("Partner")
        assert str(label) == "Partners"  # the page reads English …
        assert in_site_language(gettext_lazy("anonymisiert")) == "anonymisiert"
        note = in_site_language(
            gettext_noop("Angaben geändert: %(parts)s"),
            parts=joined([gettext_lazy("Partner"), gettext_lazy("Gebietsbezug")]),
        )
        assert note == "Angaben geändert: Partner, Gebietsbezug"  # … the note stays German


def test_numbers_stay_numbers_and_a_text_without_params_is_not_formatted():
    with translation.override("en"):
        text = in_site_language(gettext_noop("Entscheidungsfrist %(a)d → %(b)d Tage"), a=5, b=7)
    assert text == "Entscheidungsfrist 5 → 7 Tage"
    assert in_site_language("100 % erledigt") == "100 % erledigt"


def _service_files() -> list[Path]:
    return sorted(
        path
        for pattern in ("*/services.py", "*/services/*.py")
        for path in SOURCE.glob(pattern)
        if "tests" not in path.parts
    )


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _note_argument(call: ast.Call) -> ast.expr | None:
    position = NOTE_ARGUMENT[_name(call.func)]
    if len(call.args) > position and not isinstance(call.args[position], ast.Starred):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == "note"), None)


def test_no_service_writes_a_history_note_in_the_language_of_the_page():
    """A note translated with ``_()`` would be stored in English whenever the person worked on
    an English page; use ``in_site_language(gettext_noop(…), …)`` instead."""
    found, checked = [], 0
    for path in _service_files():
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or _name(call.func) not in NOTE_ARGUMENT:
                continue
            checked += 1
            note = _note_argument(call)
            if note is not None and any(
                isinstance(node, ast.Call) and _name(node.func) in TRANSLATING
                for node in ast.walk(note)
            ):
                found.append(f"{path.relative_to(SOURCE.parents[1])}:{call.lineno}")
    assert checked > 50, "the scan found no history calls: has the layout changed?"
    assert not found, "history notes translated in the page's language: " + ", ".join(found)
