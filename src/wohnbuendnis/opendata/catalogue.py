"""The DCAT-AP.de catalogue (JSON-LD) that open-data portals harvest: one ``dcat:Catalog`` per
alliance with a ``dcat:Dataset`` per available data set and a ``dcat:Distribution`` per file
(CSV, JSON), each with ``dct:license`` from the DCAT-AP.de licence vocabulary; one catalogue of
the instance with every alliance's data sets. The context is inline, so the document expands
without fetching anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.opendata import files, licences
from wohnbuendnis.opendata.queries import DATASETS, Table

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: Vocabularies DCAT-AP asks for (EU Publications Office authority tables).
LANGUAGE = "http://publications.europa.eu/resource/authority/language/DEU"
THEME = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
FILE_TYPES = {
    "csv": ("http://publications.europa.eu/resource/authority/file-type/CSV", "text/csv"),
    "json": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
}
CONFORMS_TO = "http://dcat-ap.de/def/dcatde/2.0"

Absolute = Callable[[str], str]  # a path → its absolute address


def _date(moment) -> dict[str, str]:
    return {"@value": moment.isoformat(), "@type": "xsd:date"}


def _publisher(alliance: Alliance, url: Absolute) -> dict[str, Any]:
    return {
        "@id": url(reverse("site:alliance", args=[alliance.slug])),
        "@type": "foaf:Organization",
        "foaf:name": alliance.name,
    }


def tables(alliance: Alliance, url: Absolute) -> dict[str, Table]:
    """Every data set's table of the alliance (only the available ones)."""
    built = {key: d.build(alliance, url) for key, d in DATASETS.items()}
    return {key: t for key, t in built.items() if t.available}


def meta(alliance: Alliance, key: str, fmt: str, url: Absolute) -> files.Meta:
    page = url(reverse("opendata:index", args=[alliance.slug]))
    return files.Meta(
        publisher=alliance.name,
        publisher_url=url(reverse("site:alliance", args=[alliance.slug])),
        licence=licences.of(alliance),
        source=page,
        address=url(reverse("opendata:file", args=[alliance.slug, key, fmt])),
    )


def datasets(alliance: Alliance, url: Absolute) -> list[dict[str, Any]]:
    licence = licences.of(alliance)
    publisher = _publisher(alliance, url)
    page = url(reverse("opendata:index", args=[alliance.slug]))
    found = []
    for key, table in tables(alliance, url).items():
        dataset = DATASETS[key]
        modified = _date(files.stand(table))
        attribution = files.attribution(meta(alliance, key, "csv", url))
        distributions = []
        for fmt, (file_type, media_type) in FILE_TYPES.items():
            address = url(reverse("opendata:file", args=[alliance.slug, key, fmt]))
            distributions.append(
                {
                    "@id": address,
                    "@type": "dcat:Distribution",
                    "dct:title": f"{dataset.title} ({fmt.upper()})",
                    "dcat:accessURL": {"@id": page},
                    "dcat:downloadURL": {"@id": address},
                    "dct:format": {"@id": file_type},
                    "dcat:mediaType": media_type,
                    "dct:license": {"@id": licence.uri},
                    "dcatde:licenseAttributionByText": attribution,
                    "dct:modified": modified,
                }
            )
        found.append(
            {
                "@id": f"{page}#{key}",
                "@type": "dcat:Dataset",
                "dct:identifier": f"{alliance.slug}/{key}",
                "dct:title": str(dataset.title),
                "dct:description": str(dataset.description),
                "dct:publisher": publisher,
                "dct:modified": modified,
                "dct:language": {"@id": LANGUAGE},
                "dcat:theme": {"@id": THEME},
                "dcat:keyword": [*dataset.keywords, alliance.name],
                "dcat:landingPage": {"@id": page},
                "dcat:distribution": distributions,
            }
        )
    return found


def _latest(entries: Iterable[dict[str, Any]]) -> dict[str, str]:
    days = [e["dct:modified"]["@value"] for e in entries]
    return {"@value": max(days) if days else timezone.localdate().isoformat(), "@type": "xsd:date"}


def alliance_catalogue(alliance: Alliance, url: Absolute) -> dict[str, Any]:
    entries = datasets(alliance, url)
    return {
        "@context": CONTEXT,
        "@id": url(reverse("opendata:catalogue", args=[alliance.slug])),
        "@type": "dcat:Catalog",
        "dct:title": _("Offene Daten: %(name)s") % {"name": alliance.name},
        "dct:description": alliance.summary or str(_("Offene Daten des Bündnisses für Wohnen")),
        "dct:publisher": _publisher(alliance, url),
        "dct:language": {"@id": LANGUAGE},
        "dct:conformsTo": {"@id": CONFORMS_TO},
        "dct:license": {"@id": licences.of(alliance).uri},
        "dcat:themeTaxonomy": {
            "@id": "http://publications.europa.eu/resource/authority/data-theme"
        },
        "foaf:homepage": {"@id": url(reverse("opendata:index", args=[alliance.slug]))},
        "dct:modified": _latest(entries),
        "dcat:dataset": entries,
    }


def instance_catalogue(url: Absolute) -> dict[str, Any]:
    """Every alliance's data sets in one catalogue (the platform publishes them; each data set
    names its alliance as publisher and its licence)."""
    entries = []
    for alliance in Alliance.objects.select_related("area").order_by("name"):
        entries += datasets(alliance, url)
    home = url(reverse("opendata:instance"))
    return {
        "@context": CONTEXT,
        "@id": url(reverse("opendata:instance_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": str(_("Offene Daten der Bündnisse für Wohnen")),
        "dct:description": str(
            _("Die offenen Daten aller Bündnisse dieser Plattform, mit Lizenz je Datensatz.")
        ),
        "dct:publisher": {
            "@id": url(reverse("site:imprint")),
            "@type": "foaf:Organization",
            "foaf:name": str(_("Betreiber der Plattform (siehe Impressum)")),
        },
        "dct:language": {"@id": LANGUAGE},
        "dct:conformsTo": {"@id": CONFORMS_TO},
        "foaf:homepage": {"@id": home},
        "dct:modified": _latest(entries),
        "dcat:dataset": entries,
    }
