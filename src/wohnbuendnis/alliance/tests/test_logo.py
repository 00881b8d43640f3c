"""Koordination uploads the alliance's logo (PNG, JPEG or SVG, at most the ``alliance_logo``
limit); anything else is refused with a German message at the field. (That every report shows
it: reports/tests/test_logo_in_reports.py.)"""

from __future__ import annotations

import pytest
import vl_convert
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import AllianceChange, ChangeAction
from wohnbuendnis.alliance.services.appearance import logo_format
from wohnbuendnis.lib.uploads import MB

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts()]
KO, PUB = "koordination", "oeffentlichkeit"
ALL = [*Role.values, PUB]  # the demo logins are named after the roles


def _login(client, name: str) -> None:
    client.logout()
    if name != PUB:
        client.force_login(User.objects.get(username=name))


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
    '<rect width="240" height="80" fill="#0b3d91"/>'
    '<circle cx="40" cy="40" r="24" fill="#f2c94c"/></svg>'
)


def _png() -> bytes:
    return vl_convert.svg_to_png(SVG, scale=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, alliance, name: str, content: bytes, content_type="image/png"):
    url = reverse("alliance:appearance", args=[alliance.slug])
    return client.post(url, {"logo": SimpleUploadedFile(name, content, content_type)})


def test_koordination_uploads_a_logo_and_the_change_is_logged(client, demo_alliance):
    _login(client, KO)
    response = _upload(client, demo_alliance, "logo.png", _png())
    assert response.status_code == 302
    demo_alliance.refresh_from_db()
    assert demo_alliance.logo.name.endswith(".png")
    change = AllianceChange.objects.filter(action=ChangeAction.LOGO_CHANGED).latest("pk")
    assert change.by.username == KO and "image/png" in change.note
    served = client.get(reverse("alliance:logo", args=[demo_alliance.slug]))
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == _png()
    page = client.get(reverse("alliance:appearance", args=[demo_alliance.slug])).text
    assert f'alt="Logo {demo_alliance.name}"' in page
    # an SVG replaces it; removing leaves none
    assert _upload(client, demo_alliance, "logo.svg", SVG.encode(), "image/svg+xml").status_code
    demo_alliance.refresh_from_db()
    assert demo_alliance.logo.name.endswith(".svg")
    url = reverse("alliance:appearance", args=[demo_alliance.slug])
    assert client.post(url, {"remove": "on"}).status_code == 302
    demo_alliance.refresh_from_db()
    assert not demo_alliance.logo
    assert AllianceChange.objects.filter(action=ChangeAction.LOGO_CHANGED).count() == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"Das ist kein Bild, nur Text.", "muss ein Bild im Format PNG, JPEG oder SVG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "muss ein Bild im Format PNG"),  # broken
        ("logo.svg", SVG.replace("<rect", "<script>alert(1)</script><rect").encode(), "SVG"),
        ("logo.svg", b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "SVG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * MB), "erlaubt sind höchstens 2 MB"),
        ("logo.png", b"", "leer"),
    ],
)
def test_an_upload_that_is_no_image_or_too_big_is_refused(
    client, demo_alliance, name, content, message
):
    _login(client, KO)
    response = _upload(client, demo_alliance, name, content)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("logo", []))
    assert message in errors, errors
    demo_alliance.refresh_from_db()
    assert not demo_alliance.logo
    assert not AllianceChange.objects.filter(action=ChangeAction.LOGO_CHANGED).exists()


def test_the_formats_are_recognised_by_content():
    assert logo_format(_png()) == "png"
    assert logo_format(vl_convert.svg_to_jpeg(SVG, scale=1)) == "jpeg"
    assert logo_format(SVG.encode()) == "svg"
    assert logo_format(b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>') is None
    external = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.test/a.png"/></svg>'
    assert logo_format(external) is None
    assert logo_format(b'<svg xmlns="http://www.w3.org/2000/svg" width="-5" height="x"/>') is None


def test_only_koordination_opens_the_logo_page(client, demo_alliance):
    url = reverse("alliance:appearance", args=[demo_alliance.slug])
    for name in ALL:
        _login(client, name)
        expected = 200 if name == KO else (302 if name == PUB else 403)
        assert client.get(url).status_code == expected, name
        if name not in (KO, PUB):
            assert _upload(client, demo_alliance, "logo.png", _png()).status_code == 403
    demo_alliance.refresh_from_db()
    assert not demo_alliance.logo
