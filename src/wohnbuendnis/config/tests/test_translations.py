"""Every German string of the code has its English translation, and the compiled catalogue is the
one in the .po file. ``makemessages -l en`` runs on a copy of the package, so the tracked
catalogue stays as it is; a new or changed msgid shows up there as untranslated or fuzzy.
(Merges that took one side of the .po file lost whole modules' translations before.)"""

from __future__ import annotations

import gettext
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES"
SOURCES = ("*.py", "*.html", "*.txt")  # what makemessages reads for the django domain
SHOWN = 15

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgfmt")),
    reason="GNU gettext (xgettext, msgmerge, msguniq, msgfmt) is not installed",
)

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')


def read_po(text: str) -> list[dict]:
    """The entries of a .po file as dicts: ``flags`` and each keyword's joined (still escaped)
    text. Obsolete entries (``#~``) are left out."""
    entries: list[dict] = []
    entry: dict = {}
    key = ""
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, ""
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            key = match.group(1)
            entry[key] = match.group(2)
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
    return entries


def _copy_sources(target: Path) -> None:
    """The package's source files (as makemessages finds them) and its English catalogue."""
    for pattern in SOURCES:
        for path in PACKAGE.rglob(pattern):
            relative = path.relative_to(PACKAGE)
            if relative.parts[0] == "var" or any(p.startswith(".") for p in relative.parts):
                continue
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
    (target / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CATALOGUE / "django.po", target / "locale/en/LC_MESSAGES/django.po")


def _listing(entries: list[dict]) -> str:
    lines = [f"  {e['msgid'][:100]!r}" for e in entries[:SHOWN]]
    if len(entries) > SHOWN:
        lines.append(f"  … and {len(entries) - SHOWN} more")
    return "\n".join(lines)


@needs_gettext
def test_every_german_string_has_an_english_translation(tmp_path, monkeypatch):
    tracked = hashlib.sha256((CATALOGUE / "django.po").read_bytes()).hexdigest()
    _copy_sources(tmp_path)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    merged = (tmp_path / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = [e for e in read_po(merged) if e["msgid"]]  # the header has an empty msgid

    fuzzy = [e for e in entries if "fuzzy" in e.get("flags", ())]
    untranslated = [
        e
        for e in entries
        if e not in fuzzy and not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert hashlib.sha256((CATALOGUE / "django.po").read_bytes()).hexdigest() == tracked
    assert len(entries) > 1000  # the extraction found the code's strings
    assert not untranslated and not fuzzy, (
        f"{len(untranslated)} German strings without an English translation and "
        f"{len(fuzzy)} fuzzy ones. Run `makemessages -l en --no-obsolete` in src/wohnbuendnis, "
        "translate them in locale/en/LC_MESSAGES/django.po (and drop the fuzzy flags), then "
        "`msgfmt -c -o django.mo django.po` there.\n"
        f"Untranslated:\n{_listing(untranslated)}\nFuzzy:\n{_listing(fuzzy)}"
    )


@needs_gettext
def test_the_compiled_catalogue_is_the_po_file(tmp_path):
    """django.mo (what Django reads) holds exactly the translations of django.po."""
    compiled = tmp_path / "django.mo"
    subprocess.run(
        [str(shutil.which("msgfmt")), "-c", "-o", str(compiled), str(CATALOGUE / "django.po")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    with compiled.open("rb") as fresh, (CATALOGUE / "django.mo").open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
        actual = gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
    missing = sorted(str(k)[:80] for k in expected.keys() - actual.keys())
    stale = sorted(str(k)[:80] for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    assert not missing and not stale and len(actual) == len(expected), (
        "locale/en/LC_MESSAGES/django.mo is out of date: run `msgfmt -c -o django.mo django.po` "
        f"there.\nMissing: {missing[:SHOWN]}\nChanged: {stale[:SHOWN]}"
    )
