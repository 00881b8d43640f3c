"""Every report of an alliance with a logo shows it on its title page, with the alternative
text "Logo <name>": PDF (a raster image more, one /Alt more), DOCX (the first inline picture),
HTML (an ``<img>`` in the header); an SVG logo stays vector in the PDF and becomes a PNG in Word."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
import vl_convert
from django.core.files.uploadedfile import SimpleUploadedFile

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.services import set_logo
from wohnbuendnis.reports import services as reports
from wohnbuendnis.reports.builders import Options

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts()]

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
    '<rect width="240" height="80" fill="#0b3d91"/>'
    '<circle cx="40" cy="40" r="24" fill="#f2c94c"/></svg>'
)


def _png() -> bytes:
    return vl_convert.svg_to_png(SVG, scale=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _set(alliance, name: str, content: bytes) -> None:
    set_logo(
        alliance, SimpleUploadedFile(name, content), by=User.objects.get(username="koordination")
    )
    alliance.refresh_from_db()


def test_every_report_format_shows_the_logo(demo_alliance, tmp_path):
    options = Options(demo_alliance, year=2031)  # the allocation statistics of an empty year
    plain = reports.build_document("allocation", options)
    assert plain.logo is None
    _set(demo_alliance, "logo.png", _png())
    document = reports.build_document("allocation", Options(demo_alliance, year=2031))
    alt = f"Logo {demo_alliance.name}"
    assert document.logo is not None and document.logo.alt == alt
    # PDF: one raster image more than without the logo (the charts are vector graphics)
    pdf, pdf_plain = reports.render(document, "pdf"), reports.render(plain, "pdf")
    assert pdf.count(b"/Subtype /Image") + pdf.count(b"/Subtype/Image") >= 1
    if shutil.which("pdfimages"):
        assert _images(pdf, tmp_path) == _images(pdf_plain, tmp_path) + 1
    assert pdf.count(b"/Alt") == pdf_plain.count(b"/Alt") + 1
    # DOCX: the first picture is the logo with its alternative text
    word = docx.Document(io.BytesIO(reports.render(document, "docx")))
    shapes = word.inline_shapes
    assert len(shapes) == len(document.figures) + 1
    assert shapes[0]._inline.docPr.get("descr") == alt
    # HTML: an <img> with the alternative text in the header
    html = reports.render(document, "html").decode()
    assert '<img class="logo" src="data:image/png;base64,' in html
    assert f'alt="{alt}"' in html
    # an SVG logo: vector in the PDF, a PNG in Word
    _set(demo_alliance, "logo.svg", SVG.encode())
    document = reports.build_document("allocation", Options(demo_alliance, year=2031))
    assert reports.render(document, "pdf").count(b"/Alt") == pdf_plain.count(b"/Alt") + 1
    word = docx.Document(io.BytesIO(reports.render(document, "docx")))
    assert word.inline_shapes[0]._inline.docPr.get("descr") == alt


def _images(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        [shutil.which("pdfimages"), "-list", str(path)], capture_output=True, check=True
    ).stdout.decode()
    # rows after the two header lines: "page num type …"; an alpha channel is an "smask" row
    return sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image")
