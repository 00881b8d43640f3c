"""Uploading an input folder through the page: the platform's own download goes back in and
runs; too large files and ZIP bombs are refused with a message and store nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wohnbuendnis.forecast import archive, services
from wohnbuendnis.forecast.models import AssumptionSet, ForecastRun, InputData, RunStatus

pytestmark = pytest.mark.demo_parts("forecast")


def _download(client, alliance) -> tuple[InputData, bytes]:
    data = InputData.objects.get(alliance=alliance)
    response = client.get(reverse("forecast:download_inputs", args=[alliance.slug, data.pk]))
    assert response.status_code == 200
    return data, response.content


def _post(client, alliance, content: bytes, name: str = "eingangsdaten.zip"):
    upload = SimpleUploadedFile(name, content, content_type="application/zip")
    return client.post(
        reverse("forecast:upload", args=[alliance.slug]),
        {"name": "Wieder hochgeladen", "archive": upload},
    )


# The small memory limit sends the upload to a temporary file (large uploads), the large one
# keeps it in memory: both must be stored whole.
@pytest.mark.parametrize("memory_size", [1024, 10 * 1024 * 1024])
def test_the_inputs_download_uploads_again_and_runs(
    client, fachamt, demo_alliance, settings, memory_size
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = memory_size
    client.force_login(fachamt)
    original, content = _download(client, demo_alliance)

    response = _post(client, demo_alliance, content)

    assert response.status_code == 302, response.content.decode()[:2000]
    stored = InputData.objects.filter(alliance=demo_alliance).exclude(pk=original.pk).get()
    with stored.archive.open("rb") as f:
        assert f.read() == content
    assert (stored.base_year, stored.horizon, stored.area_count, stored.population) == (
        original.base_year,
        original.horizon,
        original.area_count,
        original.population,
    )
    sets = list(AssumptionSet.objects.filter(alliance=demo_alliance, name="mittel"))
    run = services.create_run(stored, sets, fachamt, title="Neu", draws=0)
    assert services.execute_run(run.pk).status == RunStatus.DONE
    assert ForecastRun.objects.get(pk=run.pk).rows.exists()


def test_an_upload_above_the_limit_is_refused_unread(client, fachamt, demo_alliance, settings):
    settings.UPLOAD_LIMITS_MB = {**settings.UPLOAD_LIMITS_MB, "forecast_inputs": 1}
    client.force_login(fachamt)
    before = InputData.objects.count()

    response = _post(client, demo_alliance, b"PK\x03\x04" + b"x" * (1024 * 1024 + 1))

    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")  # sizes keep number and unit together
    assert "Die Datei ist 1,0 MB groß; erlaubt sind höchstens 1 MB." in html
    assert InputData.objects.count() == before


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("population.csv", b"0" * size)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused(client, fachamt, demo_alliance, monkeypatch):
    monkeypatch.setattr(archive, "MAX_UNPACKED", 1024 * 1024)
    client.force_login(fachamt)
    before = InputData.objects.count()

    response = _post(client, demo_alliance, _bomb(5 * 1024 * 1024))  # ~5 KB that inflate to 5 MB

    assert "höchstens 200 Dateien und 1 MB entpackt" in response.content.decode()
    assert InputData.objects.count() == before


def test_a_zip_that_hides_its_size_stops_at_the_limit(client, fachamt, demo_alliance, monkeypatch):
    """The archive declares 100 bytes, but the member inflates to 5 MB."""
    monkeypatch.setattr(archive, "MAX_UNPACKED", 1024 * 1024)
    content = bytearray(_bomb(5 * 1024 * 1024))
    central = content.rindex(b"PK\x01\x02")
    content[central + 24 : central + 28] = (100).to_bytes(4, "little")  # uncompressed size
    client.force_login(fachamt)
    before = InputData.objects.count()

    response = _post(client, demo_alliance, bytes(content))

    assert response.status_code == 200
    assert "Die Eingangsdaten sind fehlerhaft" in response.content.decode()
    assert InputData.objects.count() == before
