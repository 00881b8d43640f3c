"""Concept web benchmark: the measures overview (``concept:overview``) of an alliance with 100
measures in 4 guidelines and 6 action fields, 20 goals with 4 years of actual values and
3 goal conflicts (target ≤ 300 ms server time). Prints the median, the query count and the ratio.

Server time is measured with the Django test client (request → response, in-process: URL
routing, middleware, permissions, queries, template rendering; no network, no browser).
Creates a throw-away SQLite database in a temporary folder (or uses ``--database-url``,
e.g. an empty PostgreSQL database), migrates and fills it with seeded synthetic data::

    .venv/bin/python benchmarks/concept.py [--measures 100] [--repeat 15]

Noisy on a shared machine: run it more than once and compare the medians.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import tempfile
import time
from pathlib import Path

TARGET = 0.300
GUIDELINES = ["Quantität", "Qualität", "Preis", "Zugang"]


def _configure(database_url: str | None, data_dir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wohnbuendnis.config.settings")
    os.environ.setdefault("WOHNBUENDNIS_DATA_DIR", str(data_dir))
    import django

    django.setup()


def _alliance():
    from wohnbuendnis.alliance.models import Alliance, Organisation, Sector
    from wohnbuendnis.areas.models import Area, AreaLevel

    city = Area.objects.create(level=AreaLevel.MUNICIPALITY, key="09999000", name="Benchstadt")
    alliance = Alliance.objects.create(name="Benchmark-Bündnis", slug="bench", area=city)
    sectors = list(Sector.values)
    organisations = [
        Organisation.objects.create(name=f"Organisation {k}", sector=sectors[k % len(sectors)])
        for k in range(20)
    ]
    return alliance, organisations


def _concept(alliance, organisations, n_measures: int, rng: random.Random) -> None:
    from wohnbuendnis.concept import services
    from wohnbuendnis.concept.models import ActionField, ActionFieldKind, GoalNature

    guidelines = [services.create_guideline(alliance, name) for name in GUIDELINES]
    kinds = list(ActionFieldKind.values)
    fields = [
        ActionField.objects.create(
            alliance=alliance, kind=kinds[k % len(kinds)], name=f"Handlungsfeld {k}", position=k
        )
        for k in range(6)
    ]
    goals = []
    for k in range(20):
        goal = services.create_goal(
            guidelines[k % 4], code=f"Z{k}", title=f"Ziel {k}", year_from=2022, year_to=2026,
            nature=GoalNature.QUANTITATIVE, indicator=f"indikator_{k}", target=100 + k,
        )  # fmt: skip
        for year in range(2022, 2026):
            services.record_goal_measurement(goal, year, rng.uniform(70, 130), None)
        goals.append(goal)
    for k in range(3):
        services.create_conflict(
            alliance,
            f"Zielkonflikt {k}",
            goals=rng.sample(goals, 2),
            positions={organisations[k]: "Position", organisations[k + 1]: "Gegenposition"},
        )
    statuses = ["in_umsetzung", "umgesetzt", "zurueckgestellt"]
    for number in range(1, n_measures + 1):
        measure = services.create_measure(
            guidelines[number % 4], None, number=number, title=f"Maßnahme {number}",
            action_field=fields[number % 6], lead=organisations[number % 20],
            partners=rng.sample(organisations, 3), goals=rng.sample(goals, 2),
        )  # fmt: skip
        status = rng.choice(statuses)
        if status != "in_umsetzung":
            services.set_measure_status(measure, None, "in_umsetzung", rng.randint(5, 60))
        services.set_measure_status(measure, None, status, rng.randint(60, 95))


def bench_overview(alliance, n_measures: int, repeat: int) -> float:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    user = get_user_model().objects.create(username="bench", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    url = reverse("concept:overview", args=[alliance.slug])
    response = client.get(url, secure=True)  # warm-up: templates, translations, caches
    assert response.status_code == 200, response.status_code
    assert f"Maßnahme {n_measures}".encode() in response.content
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
        f"measures overview, {n_measures} measures in {len(GUIDELINES)} guidelines "
        f"({connection.vendor}): median {median * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {repeat} runs, {len(queries)} queries, "
        f"{len(response.content) // 1024} KiB; target ≤ {TARGET * 1000:.0f} ms, "
        f"ratio {median / TARGET:.2f}"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", help="an empty database instead of a temporary SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wb-bench-concept-") as folder:
        _configure(args.database_url, Path(folder))
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        alliance, organisations = _alliance()
        _concept(alliance, organisations, args.measures, random.Random(2024))
        print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores, shared machine)")
        bench_overview(alliance, args.measures, args.repeat)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        connections.close_all()


if __name__ == "__main__":
    main()
