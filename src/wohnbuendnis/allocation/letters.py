"""The Art. 15 GDPR information as a German letter (PDF through Typst, tagged PDF/UA-1, the
bundled fonts only) and as a machine-readable file (JSON with the same German keys).

The data go to Typst as JSON read by one fixed template (``art15_letter.typ``), so nothing
of the data is ever parsed as markup. The content is ``subject_access.information``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import typst
from django.utils import timezone
from django.utils.translation import gettext as _

TEMPLATE = Path(__file__).with_name("templates") / "allocation" / "art15_letter.typ"

# table sections of the information: key → (German caption of an empty table)
TABLES = [
    "Kriterien der Prioritätenliste",
    "Empfänger",
    "Benennungen",
    "Kostenübernahme",
    "Zugriffe auf Ihre Akte",
    "Verlauf",
]


def _table(title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    header = list(rows[0]) if rows else []
    return {
        "title": title,
        "kind": "table",
        "header": header,
        "rows": [[str(row[h]) for h in header] for row in rows],
        "empty": _("Keine Einträge."),
    }


def letter_data(info: dict[str, Any]) -> dict[str, Any]:
    head = info["Auskunft nach Art. 15 DSGVO"]
    data = info["Gespeicherte Daten"]
    sections: list[dict[str, Any]] = [
        {
            "title": "Gespeicherte Daten",
            "kind": "facts",
            "rows": [[key, str(value)] for key, value in data.items()],
        },
        {"title": "Zwecke der Verarbeitung", "kind": "list", "items": info["Zwecke"]},
    ]
    sections += [_table(key, info[key]) for key in TABLES]
    sections.append({"title": "Speicherdauer", "kind": "list", "items": info["Speicherdauer"]})
    sections.append(
        {
            "title": _("Herkunft der Daten"),
            "kind": "list",
            "items": [
                _(
                    "Ihre eigenen Angaben bei der Anmeldung, die Nachweise, die Sie vorgelegt "
                    "haben, und die Prüfung durch das Wohnungsamt; bei einer Anmeldung durch "
                    "eine soziale Einrichtung deren Angaben mit Ihrer Einwilligung."
                )
            ],
        }
    )
    return {
        "title": _("Auskunft nach Art. 15 DSGVO"),
        "sender": head["Verantwortliche Stelle"],
        "reference": _("Aktenzeichen %(ref)s") % {"ref": head["Aktenzeichen"]},
        "address": [
            data["Name"],
            data["Kontakt"] if data["Kontakt"] != "–" else "",
            _("Aktenzeichen %(ref)s") % {"ref": head["Aktenzeichen"]},
        ],
        "place_date": timezone.localdate().strftime("%d.%m.%Y"),
        "intro": [
            _("Guten Tag,"),
            _(
                "Sie haben Auskunft über die Daten verlangt, die wir zu Ihrer Wohnungssuche "
                "speichern. Hier finden Sie alle Angaben, die wir zu Ihnen gespeichert haben, "
                "wozu wir sie verwenden, wem wir sie übermittelt haben, wer Ihre Akte gelesen "
                "hat und wie lange wir sie aufbewahren (Stand: %(at)s)."
            )
            % {"at": head["erstellt am"]},
        ],
        "sections": sections,
        "closing": [
            _(
                "Sie können verlangen, dass wir unrichtige Angaben berichtigen (Art. 16 DSGVO), "
                "Daten löschen (Art. 17) oder ihre Verarbeitung einschränken (Art. 18); eine "
                "Einwilligung können Sie jederzeit für die Zukunft widerrufen (Art. 7 Abs. 3). "
                "Sie können sich bei der Aufsichtsbehörde für den Datenschutz beschweren "
                "(Art. 77 DSGVO)."
            ),
            _("Mit freundlichen Grüßen"),
            head["Verantwortliche Stelle"],
        ],
    }


def art15_pdf(info: dict[str, Any]) -> bytes:
    """The letter as PDF/UA-1."""
    with tempfile.TemporaryDirectory(prefix="auskunft-") as tmp:
        folder = Path(tmp)
        (folder / "letter.json").write_text(
            json.dumps(letter_data(info), ensure_ascii=False), encoding="utf-8"
        )
        (folder / "letter.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        return typst.compile(
            str(folder / "letter.typ"),
            root=str(folder),
            pdf_standards="ua-1",
            ignore_system_fonts=True,
        )


def art15_json(info: dict[str, Any]) -> bytes:
    return json.dumps(info, ensure_ascii=False, indent=2).encode("utf-8")
