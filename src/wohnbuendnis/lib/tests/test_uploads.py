"""The capped upload handler: past the largest upload limit nothing more reaches the disk, but
the file's size stays the real one, so the size check refuses it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wohnbuendnis.lib import uploads


def test_a_huge_upload_stops_at_the_cap_and_keeps_its_real_size(settings):
    settings.UPLOAD_LIMITS_MB = {"meeting_document": 1, "forecast_inputs": 1}
    handler = uploads.CappedUploadHandler(RequestFactory().post("/"))
    handler.new_file("file", "gross.pdf", "application/pdf", None)
    chunk = b"x" * (256 * 1024)
    for start in range(0, 12 * len(chunk), len(chunk)):  # 3 MB in
        assert handler.receive_data_chunk(chunk, start) is None
    upload = handler.file_complete(12 * len(chunk))
    try:
        assert upload.size == 3 * uploads.MB
        upload.file.seek(0, 2)
        assert upload.file.tell() == uploads.MB  # on disk: only up to the cap
        with pytest.raises(ValidationError) as refused:
            uploads.check_size(upload, "meeting_document")
        message = "Die Datei ist 3,0\xa0MB groß; erlaubt sind höchstens 1 MB."
        assert refused.value.messages == [message]
    finally:
        upload.close()


def test_a_kind_without_a_limit_gets_the_smallest(settings):
    settings.UPLOAD_LIMITS_MB = {"a": 5, "b": 2}
    assert uploads.limit_mb("unbekannt") == 2
