"""The production static build works: ``collectstatic`` with the manifest storage (as
``STATIC_ROOT`` switches it on) post-processes every file. A vendored script that points at a
missing source map stopped it before."""

from __future__ import annotations

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_manifest_storage(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/vega/vega-embed.min.js" in manifest
    assert "wohnbuendnis/app.css" in manifest
