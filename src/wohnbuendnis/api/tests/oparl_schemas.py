"""The OParl 1.1 object types as JSON Schemas (draft 2020-12), agreeing in content with the
official OParl 1.1 schema files: for every object type the same required properties and, for
every property, the same type (string, integer, boolean, array, embedded object), format (url,
date, date-time) and const/enum.

Checked property by property on 2026-12-05 against the files of the repository OParl/spec
(``schema/*.json``, draft-07, ``type`` a const ``https://schema.oparl.org/1.1/<Name>``):

- System.json, Body.json, Organization.json, Person.json, Meeting.json, AgendaItem.json and
  Paper.json at commit b1e71403a7357572068452d7aded35097dd4a2e4;
- LegislativeTerm.json, File.json, Location.json, Membership.json and Consultation.json at
  commit 16af8d71716f03138d7feb15d90da748324b3bc6 (they are not stored at b1e7140; at 16af8d7
  the other seven files say the same as at b1e7140, which only wrote their embedded objects as
  ``$ref`` instead of ``schema``).

How the official files are expressed here: their ``"format": "url"`` (which a JSON Schema
validator does not check) as the pattern ``^https?://``; ``date`` and ``date-time`` as the RFC
3339 patterns, a date-time with its offset (also a rule of ``shared/spec/api.md``); an embedded
object (``$ref`` to another file) as a ``$ref`` to its definition below. As in the official
files, a ``license`` is a url on System and Body and a plain string elsewhere, and System has no
``keyword``. No ``null`` passes anywhere: every property has a type and a JSON ``null`` is none
of them. The list page (``PAGE``) is not an official schema file; it follows the specification
text (chapter "Objektlisten") and ``shared/spec/api.md``.

The test validates every object and list the OParl endpoints answer against these.
"""

from __future__ import annotations

VERSION = "https://schema.oparl.org/1.1/"
URL = {"type": "string", "pattern": r"^https?://"}
URLS = {"type": "array", "items": URL}
STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
}
# the properties every object type has (System: all but keyword; System and Body: license a url)
COMMON = {
    "id": URL,
    "license": STRING,
    "keyword": STRINGS,
    "created": DATE_TIME,
    "modified": DATE_TIME,
    "web": URL,
    "deleted": BOOLEAN,
}


def _object(name: str, required: list[str], properties: dict, common: dict = COMMON) -> dict:
    return {
        "type": "object",
        "required": ["id", "type", *required],
        "properties": {"type": {"type": "string", "const": VERSION + name}, **common, **properties},
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def _refs(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


DEFINITIONS = {
    "System": _object(
        "System",
        ["oparlVersion", "body"],
        {
            "oparlVersion": {
                "type": "string",
                "enum": ["https://schema.oparl.org/1.0/", "https://schema.oparl.org/1.1/"],
            },
            "otherOparlVersions": URLS,
            "license": URL,
            "body": URL,
            "name": STRING,
            "contactEmail": STRING,
            "contactName": STRING,
            "website": URL,
            "vendor": URL,
            "product": URL,
        },
        common={key: rule for key, rule in COMMON.items() if key != "keyword"},
    ),
    "Body": _object(
        "Body",
        ["name", "organization", "person", "meeting", "paper", "legislativeTerm"],
        {
            "system": URL,
            "shortName": STRING,
            "name": STRING,
            "website": URL,
            "license": URL,
            "licenseValidSince": DATE_TIME,
            "oparlSince": DATE_TIME,
            "ags": STRING,
            "rgs": STRING,
            "equivalent": URLS,
            "contactEmail": STRING,
            "contactName": STRING,
            "organization": URL,
            "person": URL,
            "meeting": URL,
            "paper": URL,
            "legislativeTerm": _refs("LegislativeTerm"),
            "agendaItem": URL,
            "consultation": URL,
            "file": URL,
            "locationList": URL,
            "legislativeTermList": URL,
            "membership": URL,
            "classification": STRING,
            "location": _ref("Location"),
            "mainOrganization": URL,
        },
    ),
    "LegislativeTerm": _object(
        "LegislativeTerm",
        [],
        {"body": URL, "name": STRING, "startDate": DATE, "endDate": DATE},
    ),
    "Organization": _object(
        "Organization",
        [],
        {
            "body": URL,
            "name": STRING,
            "membership": URLS,
            "meeting": URL,
            "consultation": URL,
            "shortName": STRING,
            "post": STRINGS,
            "subOrganizationOf": URL,
            "organizationType": STRING,
            "classification": STRING,
            "startDate": DATE,
            "endDate": DATE,
            "website": URL,
            "location": _ref("Location"),
            "externalBody": URL,
            "memberCount": INTEGER,
            "votingMemberCount": INTEGER,
        },
    ),
    "Person": _object(
        "Person",
        [],
        {
            "body": URL,
            "name": STRING,
            "familyName": STRING,
            "givenName": STRING,
            "formOfAddress": STRING,
            "affix": STRING,
            "title": STRINGS,
            "gender": STRING,
            "phone": STRINGS,
            "email": STRINGS,
            "location": URL,
            "locationObject": _ref("Location"),
            "status": STRINGS,
            "membership": _refs("Membership"),
            "image": _ref("File"),
            "life": STRING,
            "lifeSource": STRING,
        },
    ),
    "Membership": _object(
        "Membership",
        [],
        {
            "person": URL,
            "organization": URL,
            "role": STRING,
            "votingRight": BOOLEAN,
            "startDate": DATE,
            "endDate": DATE,
            "onBehalfOf": URL,
        },
    ),
    "Meeting": _object(
        "Meeting",
        [],
        {
            "name": STRING,
            "meetingState": STRING,
            "cancelled": BOOLEAN,
            "start": DATE_TIME,
            "end": DATE_TIME,
            "location": _ref("Location"),
            "organization": URLS,
            "participant": URLS,
            "invitation": _ref("File"),
            "resultsProtocol": _ref("File"),
            "verbatimProtocol": _ref("File"),
            "auxiliaryFile": _refs("File"),
            "agendaItem": _refs("AgendaItem"),
        },
    ),
    "AgendaItem": _object(
        "AgendaItem",
        ["order"],
        {
            "meeting": URL,
            "number": STRING,
            "order": INTEGER,
            "name": STRING,
            "public": BOOLEAN,
            "consultation": URL,
            "result": STRING,
            "resolutionText": STRING,
            "resolutionFile": _ref("File"),
            "auxiliaryFile": _refs("File"),
            "start": DATE_TIME,
            "end": DATE_TIME,
        },
    ),
    "Paper": _object(
        "Paper",
        [],
        {
            "body": URL,
            "name": STRING,
            "reference": STRING,
            "date": DATE,
            "paperType": STRING,
            "relatedPaper": URLS,
            "superordinatedPaper": URLS,
            "subordinatedPaper": URLS,
            "mainFile": _ref("File"),
            "auxiliaryFile": _refs("File"),
            "location": _refs("Location"),
            "originatorPerson": URLS,
            "underDirectionOf": URLS,
            "originatorOrganization": URLS,
            "consultation": _refs("Consultation"),
        },
    ),
    "Consultation": _object(
        "Consultation",
        [],
        {
            "paper": URL,
            "agendaItem": URL,
            "meeting": URL,
            "organization": URLS,
            "authoritative": BOOLEAN,
            "role": STRING,
        },
    ),
    "File": _object(
        "File",
        ["accessUrl"],
        {
            "name": STRING,
            "fileName": STRING,
            "mimeType": STRING,
            "date": DATE,
            "size": INTEGER,
            "sha1Checksum": STRING,
            "sha512Checksum": STRING,
            "text": STRING,
            "accessUrl": URL,
            "downloadUrl": URL,
            "externalServiceUrl": URL,
            "masterFile": URL,
            "derivativeFile": URLS,
            "fileLicense": URL,
            "meeting": URLS,
            "agendaItem": URLS,
            "person": URL,
            "paper": URLS,
        },
    ),
    "Location": _object(
        "Location",
        [],
        {
            "description": STRING,
            "geojson": {"type": "object"},
            "streetAddress": STRING,
            "room": STRING,
            "postalCode": STRING,
            "subLocality": STRING,
            "locality": STRING,
            "bodies": URLS,
            "organizations": URLS,
            "persons": URLS,
            "meetings": URLS,
            "papers": URLS,
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
