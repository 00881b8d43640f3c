"""Every version of a set of minutes, rebuilt from the revisions, and a word diff between two.

Version 0 is the text as drafted; each revision (a saved draft edit or an accepted amendment)
makes the next version. The diff is plain data – the template renders it escaped in
``<ins>``/``<del>``, so no HTML is ever built here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wohnbuendnis.meetings.models import Minutes, MinutesField, MinutesItem, MinutesItemRevision

Key = tuple[int, str]  # (minutes item id, field name)
TOKENS = re.compile(r"(\s+)")


@dataclass
class Version:
    number: int
    at: object  # datetime, or None for the draft as created
    label: str
    texts: dict[Key, str] = field(repr=False)


@dataclass
class FieldDiff:
    item: MinutesItem
    field_label: str
    parts: list[tuple[str, str]]  # ("equal" | "insert" | "delete", text)


def versions(minutes: Minutes) -> list[Version]:
    """All versions of the minutes, oldest first (at least the draft as created)."""
    items = list(minutes.items.select_related("agenda_item"))
    revisions = list(MinutesItemRevision.objects.filter(item__minutes=minutes).order_by("at", "id"))
    texts = {(i.pk, f.value): getattr(i, f.value) for i in items for f in MinutesField}
    for revision in reversed(revisions):  # walk back to the text as drafted
        texts[(revision.item_id, revision.field)] = revision.old_text
    result = [Version(0, None, _("Entwurf wie angelegt"), dict(texts))]
    for number, revision in enumerate(revisions, start=1):
        texts[(revision.item_id, revision.field)] = revision.new_text
        label = (
            _("Änderungsvorschlag übernommen") if revision.amendment_id else _("Entwurf bearbeitet")
        )
        result.append(Version(number, revision.at, label, dict(texts)))
    return result


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences: consecutive pieces tagged equal, delete or insert."""
    a, b = TOKENS.split(old), TOKENS.split(new)
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("insert", "".join(b[j1:j2])))
    return [(kind, text) for kind, text in parts if text]


def compare(minutes: Minutes, old: Version, new: Version) -> list[FieldDiff]:
    """The fields that differ between two versions, in agenda order."""
    labels = dict(MinutesField.choices)
    diffs = []
    for item in minutes.items.select_related("agenda_item"):
        for name in MinutesField.values:
            key = (item.pk, name)
            if old.texts.get(key, "") != new.texts.get(key, ""):
                parts = diff_words(old.texts.get(key, ""), new.texts.get(key, ""))
                diffs.append(FieldDiff(item, str(labels[name]), parts))
    return diffs
