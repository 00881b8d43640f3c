"""The alliance's logo: uploaded by Koordination, shown on the title page of every report.

A logo is a PNG, JPEG or SVG within the ``alliance_logo`` upload limit
(``settings.UPLOAD_LIMITS_MB``), recognised by its content, not by its name: a PNG or JPEG must
be a readable image, an SVG well-formed XML with an ``<svg>`` root and nothing active or
external in it (no script, no event handler, no foreign object, no link outside the file, no
document type: no entity can expand) that the renderer of the reports can draw. Every change
is one row of the alliance's change log.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml import etree

from wohnbuendnis.alliance.models import Alliance, ChangeAction, DataLicence
from wohnbuendnis.alliance.services.log import record_change
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.site_language import in_site_language

LOGO_KIND = "alliance_logo"  # settings.UPLOAD_LIMITS_MB
FORMATS = {"png": ".png", "jpeg": ".jpg", "svg": ".svg"}
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_ACTIVE_SVG = {"script", "foreignObject", "iframe", "embed", "object"}


def _not_an_image() -> ValidationError:
    return ValidationError({"logo": _("Das Logo muss ein Bild im Format PNG, JPEG oder SVG sein.")})


def _raster_ok(content: bytes) -> bool:
    from docx.image.image import Image  # reads PNG and JPEG headers (no Pillow needed)

    try:
        image = Image.from_blob(content)
    except Exception:  # any header it cannot read: not an image we can print
        return False
    return image.px_width > 0 and image.px_height > 0


def _svg_root(content: bytes):
    """The parsed root of an SVG without document type (no entity can expand), or None."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", content, re.IGNORECASE):
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        return None
    return root if etree.QName(root).localname == "svg" else None


def _svg_ok(content: bytes) -> bool:
    root = _svg_root(content)
    if root is None:
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        if etree.QName(element).localname in _ACTIVE_SVG:
            return False
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local.lower().startswith("on"):
                return False
            if local == "href" and not value.startswith(("#", "data:image/")):
                return False
    return _svg_renders(content)


def _svg_renders(content: bytes) -> bool:
    """The SVG can be drawn (resvg, as Typst and the Word renderer draw it)."""
    import vl_convert

    try:
        return bool(vl_convert.svg_to_png(content.decode("utf-8"), scale=0.25))
    except Exception:  # any SVG the renderer refuses would break every report
        return False


def logo_format(content: bytes) -> str | None:
    """``png``, ``jpeg`` or ``svg`` when ``content`` is such an image, else None."""
    if content.startswith(_PNG) and _raster_ok(content):
        return "png"
    if content.startswith(_JPEG) and _raster_ok(content):
        return "jpeg"
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and _svg_ok(content):
        return "svg"
    return None


def check_logo(upload) -> tuple[bytes, str]:
    """The content of an acceptable logo and its suffix (``ValidationError`` at ``logo``)."""
    try:
        uploads.check_size(upload, LOGO_KIND)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from None
    if not upload.size:
        raise ValidationError({"logo": _("Die Datei ist leer.")})
    upload.seek(0)
    content = upload.read()  # at most the limit (a few MB), checked above
    kind = logo_format(content)
    if kind is None:
        raise _not_an_image()
    return content, FORMATS[kind]


@transaction.atomic
def set_logo(alliance: Alliance, upload: Any | None, *, by: Any = None) -> Alliance:
    """Store ``upload`` as the alliance's logo (replacing the one before), or remove the logo
    when ``upload`` is None. The old file is deleted once the new one is saved."""
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    old = alliance.logo.name
    if upload is None:
        if not old:
            return alliance
        alliance.logo = ""
        note = in_site_language(gettext_noop("Logo entfernt"))
    else:
        content, suffix = check_logo(upload)
        alliance.logo.save(f"logo{suffix}", ContentFile(content), save=False)
        note = in_site_language(
            gettext_noop("Logo hochgeladen (%(type)s, %(size)s Bytes)"),
            type=CONTENT_TYPES[suffix],
            size=len(content),
        )
    alliance.save(update_fields=["logo"])
    record_change(alliance, by, ChangeAction.LOGO_CHANGED, alliance, note)
    if old and old != alliance.logo.name:
        storage = alliance.logo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return alliance


@transaction.atomic
def set_licence(alliance: Alliance, licence: str, *, by: Any = None) -> Alliance:
    """Put the alliance's open data under ``licence`` (a ``DataLicence``); one row of the
    change log with the licence before. Every open-data file and the catalogue name it."""
    if licence not in DataLicence.values:
        raise ValidationError({"licence": _("Bitte wählen Sie eine der angebotenen Lizenzen.")})
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    old = alliance.data_licence
    if old == licence:
        return alliance
    alliance.data_licence = licence
    alliance.save(update_fields=["data_licence"])
    note = in_site_language(
        format_lazy("{} → {}", DataLicence(old).label, DataLicence(licence).label)
    )
    record_change(alliance, by, ChangeAction.LICENCE_CHANGED, alliance, note)
    return alliance


def logo_content_type(alliance: Alliance) -> str:
    suffix = "." + alliance.logo.name.rsplit(".", 1)[-1].lower() if alliance.logo else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")
