"""Monitoring web benchmark on PostgreSQL: the barometer dashboard of an area with 40 key
figures × 20 years (target ≤ 300 ms server time) and the import of 1 million observation rows
through the real service path, preview + commit (target ≤ 60 s). Prints figures and ratios.

Creates a throw-away database on the local PostgreSQL server, migrates it, fills it with
synthetic seeded data and drops it at the end (also on failure)::

    .venv/bin/python benchmarks/monitoring_web.py [--rows 1000000] [--host 127.0.0.1]

Noisy on a shared machine: run it more than once and compare the medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

YEARS = range(2005, 2025)  # 20 years
N_INDICATORS = 40
DASHBOARD_TARGET, IMPORT_TARGET = 0.300, 60.0


def _configure(database: str, host: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@{host}:5432/{database}"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wohnbuendnis.config.settings")
    import django

    django.setup()


def _indicators() -> list:
    """The catalogue plus synthetic entries up to 40, all of them key figures."""
    from wohnbuendnis.monitoring.models import Indicator

    existing = Indicator.objects.count()
    Indicator.objects.bulk_create(
        Indicator(
            key=f"bench_{k:02d}",
            name=f"Benchmark-Indikator {k}",
            topic="bevoelkerung",
            definition="synthetisch",
            unit="Anzahl",
            source="Benchmark",
            reading_aid="–",
            position=900 + k,
        )
        for k in range(max(0, N_INDICATORS - existing))
    )
    Indicator.objects.update(is_key_figure=True, value_range="any")
    return list(Indicator.objects.all()[:N_INDICATORS])


def _setup_alliance(n_areas: int):
    from wohnbuendnis.alliance.models import Alliance
    from wohnbuendnis.areas.models import Area, AreaLevel

    city = Area.objects.create(level=AreaLevel.MUNICIPALITY, key="09999000", name="Benchstadt")
    Area.objects.bulk_create(
        Area(parent=city, level=AreaLevel.DISTRICT, key=f"{i:05d}", name=f"Bezirk {i}")
        for i in range(n_areas)
    )
    return Alliance.objects.create(name="Benchmark-Bündnis", slug="bench", area=city), city


def _fill_dashboard_data(alliance, city, indicators, rng) -> object:
    """20 years of every indicator for the city and one district, thresholds for all."""
    from wohnbuendnis.monitoring.models import Observation, Threshold

    district = city.children.order_by("key").first()
    Observation.objects.bulk_create(
        (
            Observation(indicator=i, area=a, year=y, value=float(rng.gamma(2.0, 50.0)))
            for i in indicators
            for a in (city, district)
            for y in YEARS
        ),
        batch_size=5000,
    )
    Threshold.objects.bulk_create(
        Threshold(alliance=alliance, indicator=i, green=50.0, red=150.0) for i in indicators
    )
    return district


def bench_dashboard(alliance, district, repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    user, _created = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    url = reverse("monitoring:dashboard_area", args=[alliance.slug, district.pk])
    response = client.get(url, secure=True)  # warm-up: templates, translations, caches
    assert response.status_code == 200, response.status_code
    charts = response.content.count(b"data-chart=")
    assert charts == N_INDICATORS, charts
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url, secure=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url, secure=True)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"dashboard, {N_INDICATORS} key figures × {len(YEARS)} years (+ parent area): "
        f"median {median * 1000:.0f} ms, min {min(times) * 1000:.0f} ms over {repeat} runs, "
        f"{len(queries)} queries, {len(response.content) // 1024} KiB; "
        f"target ≤ {DASHBOARD_TARGET * 1000:.0f} ms, ratio {median / DASHBOARD_TARGET:.2f}"
    )


def _observations_file(n_rows: int, indicators, areas: list[str], rng, folder: Path) -> Path:
    keys = [i.key for i in indicators]
    per_area = len(keys) * len(YEARS)
    n_areas = -(-n_rows // per_area)
    assert n_areas <= len(areas), (n_areas, len(areas))
    frame = pl.DataFrame(
        {
            "indicator": np.tile(np.repeat(keys, len(YEARS)), n_areas)[:n_rows],
            "area": np.repeat(areas[:n_areas], per_area)[:n_rows],
            "year": np.tile(np.array(YEARS), n_areas * len(keys))[:n_rows],
            "value": np.round(rng.gamma(2.0, 50.0, n_rows), 2),
            "source": "Statistikstelle",
        }
    )
    path = folder / "observations.csv"
    frame.write_csv(path)
    return path


def _changed_copy(path: Path, share: float, rng) -> Path:
    frame = pl.read_csv(path, schema_overrides={"area": pl.String})
    changed = rng.random(frame.height) < share
    values = frame["value"].to_numpy().copy()
    values[changed] += 1.0
    copy = path.with_name("observations_changed.csv")
    frame.with_columns(pl.Series("value", values)).write_csv(copy)
    return copy


def _timed_import(alliance, path: Path, label: str, n_rows: int) -> None:
    from wohnbuendnis.monitoring import services

    start = time.perf_counter()
    preview = services.preview_import(alliance, path, "observations")
    middle = time.perf_counter()
    assert preview.ok, preview.problems[:3]
    batch = services.commit_import(alliance, path, "observations")
    end = time.perf_counter()
    total = end - start
    done = "nothing to write" if batch is None else f"{batch.created} new, {batch.updated} changed"
    print(
        f"import {label}, {n_rows:,} rows: preview {middle - start:.1f} s + commit "
        f"{end - middle:.1f} s = {total:.1f} s ({done}); target ≤ {IMPORT_TARGET:.0f} s, "
        f"ratio {total / IMPORT_TARGET:.2f}"
    )


def bench_import(alliance, indicators, n_rows: int, rng) -> None:
    from wohnbuendnis.monitoring.models import Observation

    areas = list(alliance.area.children.order_by("key").values_list("key", flat=True))
    with tempfile.TemporaryDirectory() as folder:
        path = _observations_file(n_rows, indicators, areas, rng, Path(folder))
        Observation.objects.exclude(area=alliance.area).filter(area__parent=alliance.area).delete()
        _timed_import(alliance, path, "new file", n_rows)
        _timed_import(alliance, path, "same file again", n_rows)
        changed = _changed_copy(path, 0.1, rng)
        _timed_import(alliance, changed, "with 10 % changed values", n_rows)
    assert Observation.objects.count() >= n_rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    database = f"wb_bench_monitoring_{os.getpid()}"
    pg = ["-h", args.host, "-U", "postgres"]
    subprocess.run(["createdb", *pg, database], check=True)  # noqa: S603, S607
    data_dir = tempfile.TemporaryDirectory(prefix="wb-bench-")  # uploads, never the project's
    os.environ.setdefault("WOHNBUENDNIS_DATA_DIR", data_dir.name)
    try:
        _configure(database, args.host)
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        rng = np.random.default_rng(2024)
        indicators = _indicators()
        n_areas = -(-args.rows // (N_INDICATORS * len(YEARS)))
        alliance, city = _setup_alliance(max(n_areas, 20))
        district = _fill_dashboard_data(alliance, city, indicators, rng)
        print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores, shared machine)")
        bench_dashboard(alliance, district, args.repeat)
        bench_import(alliance, indicators, args.rows, rng)
        bench_dashboard(alliance, district, args.repeat)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        connections.close_all()
    finally:
        subprocess.run(["dropdb", *pg, "--if-exists", "--force", database], check=True)  # noqa: S603, S607
        data_dir.cleanup()


if __name__ == "__main__":
    main()
