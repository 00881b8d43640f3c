"""The OParl 1.1 object types as JSON Schemas (draft 2020-12), written from the specification
(https://oparl.org/spezifikation/online-ansicht/, chapter "Schema"): the mandatory properties,
the type of every property we use, no ``null`` anywhere (a JSON ``null`` is no string, integer,
boolean, array or object, so each typed property refuses it), timestamps with an offset.

The test validates every object and list the OParl endpoints answer against these.
"""

from __future__ import annotations

VERSION = "https://schema.oparl.org/1.1/"
URL = {"type": "string", "pattern": r"^https?://"}
URLS = {"type": "array", "items": URL}
TEXT = {"type": "string", "minLength": 1}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
}
COMMON = {
    "id": URL,
    "license": URL,
    "keyword": {"type": "array", "items": TEXT},
    "web": URL,
    "created": DATE_TIME,
    "modified": DATE_TIME,
    "deleted": {"type": "boolean"},
}


def _object(name: str, required: list[str], properties: dict) -> dict:
    return {
        "type": "object",
        "required": ["id", "type", *required],
        "properties": {"type": {"const": VERSION + name}, **COMMON, **properties},
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


DEFINITIONS = {
    "System": _object(
        "System",
        ["oparlVersion", "body"],
        {
            "oparlVersion": {"const": VERSION},
            "otherOparlVersions": URLS,
            "body": URL,
            "name": TEXT,
            "contactEmail": TEXT,
            "contactName": TEXT,
            "website": URL,
            "vendor": URL,
            "product": URL,
        },
    ),
    "Body": _object(
        "Body",
        ["name", "organization", "person", "meeting", "paper", "legislativeTerm"],
        {
            "system": URL,
            "shortName": TEXT,
            "name": TEXT,
            "website": URL,
            "licenseValidSince": DATE_TIME,
            "oparlSince": DATE_TIME,
            "ags": {"type": "string", "pattern": r"^\d{8}$"},
            "rgs": {"type": "string", "pattern": r"^\d{12}$"},
            "equivalent": URLS,
            "contactEmail": TEXT,
            "contactName": TEXT,
            "organization": URL,
            "person": URL,
            "meeting": URL,
            "paper": URL,
            "legislativeTerm": {"type": "array", "items": _ref("LegislativeTerm")},
            "agendaItem": URL,
            "consultation": URL,
            "file": URL,
            "locationList": URL,
            "legislativeTermList": URL,
            "membership": URL,
            "classification": TEXT,
            "location": _ref("Location"),
        },
    ),
    "LegislativeTerm": _object(
        "LegislativeTerm",
        [],
        {"body": URL, "name": TEXT, "startDate": DATE, "endDate": DATE},
    ),
    "Organization": _object(
        "Organization",
        [],
        {
            "body": URL,
            "name": TEXT,
            "membership": URLS,
            "meeting": URL,
            "consultation": URL,
            "shortName": TEXT,
            "post": {"type": "array", "items": TEXT},
            "subOrganizationOf": URL,
            "organizationType": TEXT,
            "classification": TEXT,
            "startDate": DATE,
            "endDate": DATE,
            "website": URL,
            "location": _ref("Location"),
            "externalBody": URL,
        },
    ),
    "Person": _object(
        "Person",
        [],
        {"body": URL, "name": TEXT, "familyName": TEXT, "givenName": TEXT},
    ),
    "Meeting": _object(
        "Meeting",
        [],
        {
            "name": TEXT,
            "meetingState": TEXT,
            "cancelled": {"type": "boolean"},
            "start": DATE_TIME,
            "end": DATE_TIME,
            "location": _ref("Location"),
            "organization": URLS,
            "participant": URLS,
            "invitation": _ref("File"),
            "resultsProtocol": _ref("File"),
            "verbatimProtocol": _ref("File"),
            "auxiliaryFile": {"type": "array", "items": _ref("File")},
            "agendaItem": {"type": "array", "items": _ref("AgendaItem")},
        },
    ),
    "AgendaItem": _object(
        "AgendaItem",
        [],
        {
            "meeting": URL,
            "number": TEXT,
            "order": {"type": "integer", "minimum": 0},
            "name": TEXT,
            "public": {"type": "boolean"},
            "consultation": URL,
            "result": TEXT,
            "resolutionText": TEXT,
            "resolutionFile": _ref("File"),
            "auxiliaryFile": {"type": "array", "items": _ref("File")},
            "start": DATE_TIME,
            "end": DATE_TIME,
        },
    ),
    "Paper": _object(
        "Paper",
        [],
        {
            "body": URL,
            "name": TEXT,
            "reference": TEXT,
            "date": DATE,
            "paperType": TEXT,
            "relatedPaper": URLS,
            "mainFile": _ref("File"),
            "auxiliaryFile": {"type": "array", "items": _ref("File")},
            "location": {"type": "array", "items": _ref("Location")},
            "originatorOrganization": URLS,
        },
    ),
    "File": _object(
        "File",
        ["accessUrl"],
        {
            "name": TEXT,
            "fileName": TEXT,
            "mimeType": {"type": "string", "pattern": r"^[a-z]+/[a-z0-9.+-]+$"},
            "date": DATE_TIME,
            "size": {"type": "integer", "minimum": 0},
            "sha1Checksum": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
            "text": {"type": "string"},
            "accessUrl": URL,
            "downloadUrl": URL,
            "externalServiceUrl": URL,
            "masterFile": URL,
            "derivativeFile": URLS,
            "fileLicense": URL,
            "meeting": URLS,
            "agendaItem": URLS,
            "paper": URLS,
        },
    ),
    "Location": _object(
        "Location",
        [],
        {
            "description": TEXT,
            "geojson": {"type": "object"},
            "streetAddress": TEXT,
            "room": TEXT,
            "postalCode": TEXT,
            "subLocality": TEXT,
            "locality": TEXT,
        },
    ),
}

PAGE = {
    "type": "object",
    "required": ["data", "pagination", "links"],
    "properties": {
        "data": {"type": "array", "items": {"type": "object"}},
        "pagination": {
            "type": "object",
            "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
            "properties": {
                key: {"type": "integer", "minimum": 0}
                for key in ("totalElements", "elementsPerPage", "currentPage", "totalPages")
            },
        },
        "links": {
            "type": "object",
            "required": ["first", "self", "last"],
            "properties": {key: URL for key in ("first", "prev", "next", "last", "self")},
        },
    },
}


def schema_of(type_url: str) -> dict:
    """The schema of one object type, with every definition it refers to."""
    name = type_url.removeprefix(VERSION)
    return {**DEFINITIONS[name], "$defs": DEFINITIONS}
