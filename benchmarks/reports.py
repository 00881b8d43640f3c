"""Reports benchmark (issue 14): the demo's ``concept`` report (action concept, three parts,
one page per measure) and its ``market`` report (housing-market report with all districts:
key figures, a chart per indicator, maps, index, forecast, a profile page per district) built
from the live data and rendered as PDF (Typst), DOCX and HTML. Targets on the 2-core machine:
concept ≤ 10 s, market ≤ 20 s (≥ 40 pages, ≥ 25 charts). Prints seconds, pages, charts and
the ratio to the target.

Creates a throw-away SQLite database in a temporary folder, migrates it and generates the whole
demo data set (Musterstadt), then times ``services.build_document`` + ``services.render``::

    .venv/bin/python benchmarks/reports.py [--repeat 3] [--kind concept --kind market]

The first build includes starting vl-convert's JavaScript engine (≈ 1 s) and renders every
chart; later builds of the same report in the same process find its charts in the renderer's
cache (a worker building the same report again), so "first" is the figure to hold against the
target for a report nobody built before.
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

TARGETS = {"concept": 10.0, "market": 20.0}


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
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([shutil.which("pdfinfo"), str(path)], capture_output=True, check=True)  # noqa: S603
    return re.search(r"Pages:\s+(\d+)", info.stdout.decode()).group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", action="append", choices=sorted(TARGETS))
    args = parser.parse_args()
    kinds = args.kind or sorted(TARGETS)
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = Path(tmp)
        _configure(folder)
        from django.core.management import call_command

        from wohnbuendnis import demo
        from wohnbuendnis.alliance.models import Alliance

        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        demo.generate()
        print(f"demo data set generated in {time.perf_counter() - started:.1f} s")
        alliance = Alliance.objects.get(slug=demo.CITY_SLUG)
        for kind in kinds:
            for fmt in ("pdf", "docx", "html"):
                _measure(kind, fmt, alliance, args.repeat, folder)


def _measure(kind: str, fmt: str, alliance, repeat: int, folder: Path) -> None:
    from wohnbuendnis.reports import services
    from wohnbuendnis.reports.builders import Options
    from wohnbuendnis.reports.render import charts

    charts._svg.cache_clear()  # "first": every chart rendered, as for a report not built yet
    charts._png.cache_clear()
    times, build_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        document = services.build_document(kind, Options(alliance))
        built = time.perf_counter()
        content = services.render(document, fmt)
        times.append(time.perf_counter() - started)
        build_times.append(built - started)
    median = statistics.median(times)
    extra = f", {len(document.figures)} charts"
    if fmt == "pdf":
        extra = f", {_pages(content, folder)} pages{extra}"
    target = TARGETS[kind]
    print(
        f"{kind} {fmt}: first {times[0]:.2f} s, median {median:.2f} s "
        f"(building the document {statistics.median(build_times):.2f} s){extra}, "
        f"{len(content) / 1024:.0f} KiB; target ≤ {target:.0f} s, "
        f"ratio {max(times) / target:.2f} (slowest run)"
    )


if __name__ == "__main__":
    main()
