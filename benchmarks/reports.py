"""Reports benchmark (issue 14): the demo's ``concept`` report (action concept, three parts,
one page per measure) built from the live data and rendered as PDF (Typst), DOCX and HTML.
Target: the concept report ≤ 10 s on the 2-core machine. Prints seconds, pages and the ratio.

Creates a throw-away SQLite database in a temporary folder, migrates it and generates the whole
demo data set (Musterstadt), then times ``services.build_document`` + ``services.render``::

    .venv/bin/python benchmarks/reports.py [--repeat 3]

The first build includes starting vl-convert's JavaScript engine (≈ 1 s); the median of the
later ones is the steady state a worker sees. The ``market`` report (≤ 20 s) is not built yet.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

TARGETS = {"concept": 10.0}


def _configure(data_dir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["WOHNBUENDNIS_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wohnbuendnis.config.settings")
    import django

    django.setup()


def _pages(pdf: bytes, folder: Path) -> str:
    if shutil.which("pdfinfo") is None:
        return "?"
    path = folder / "concept.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([shutil.which("pdfinfo"), str(path)], capture_output=True, check=True)  # noqa: S603
    return re.search(r"Pages:\s+(\d+)", info.stdout.decode()).group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = Path(tmp)
        _configure(folder)
        from django.core.management import call_command

        from wohnbuendnis import demo
        from wohnbuendnis.alliance.models import Alliance
        from wohnbuendnis.reports import services
        from wohnbuendnis.reports.builders import Options

        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        demo.generate()
        print(f"demo data set generated in {time.perf_counter() - started:.1f} s")
        alliance = Alliance.objects.get(slug=demo.CITY_SLUG)
        for fmt in ("pdf", "docx", "html"):
            times, build_times = [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                document = services.build_document("concept", Options(alliance))
                built = time.perf_counter()
                content = services.render(document, fmt)
                times.append(time.perf_counter() - started)
                build_times.append(built - started)
            median = statistics.median(times)
            extra = ""
            if fmt == "pdf":
                extra = f", {_pages(content, folder)} pages, {len(document.figures)} charts"
            print(
                f"concept {fmt}: first {times[0]:.2f} s, median {median:.2f} s "
                f"(building the document {statistics.median(build_times):.2f} s){extra}, "
                f"{len(content) / 1024:.0f} KiB; target ≤ {TARGETS['concept']:.0f} s, "
                f"ratio {max(times) / TARGETS['concept']:.2f} (slowest run)"
            )


if __name__ == "__main__":
    main()
