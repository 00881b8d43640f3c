"""Register import benchmark (issue 16): an existing register of 5,000 households, as German
Excel saves it (``;``, decimal comma, Windows-1252), imported through the real service path
the import page uses: ``preview_register`` (what the preview shows) and ``import_register``
(reads the file again, checks, writes households, criteria, history and access-log rows in one
transaction). Target: the import ≤ 30 s. Then the same file again (must create nothing) and
the same file with one broken cell (must write nothing).

Creates a throw-away database (SQLite in a temporary folder, or ``--postgres HOST`` for a
database on that server), migrates it, generates the demo's allocation data (its housing office
imports, under its priority list) and drops the database at the end::

    .venv/bin/python benchmarks/register_import.py [--households 5000] [--postgres 127.0.0.1]

Noisy on a shared machine: run it more than once and compare.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import secrets
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

TARGET = 30.0
TYPES = ["alleinstehend", "Paar ohne Kinder", "Paar mit Kindern", "alleinerziehend",
         "sonstige Haushaltsform"]  # fmt: skip
CRITERIA = ["wohnungslos", "von Wohnungsverlust bedroht", "überbelegte Wohnung",
            "Miete nicht tragbar", "alleinerziehend", "schwerbehindert"]  # fmt: skip


def register_csv(n: int, seed: int = 16) -> bytes:
    """``n`` invented households in the import's German layout (Windows-1252)."""
    from wohnbuendnis.analytics.io.register_file import COLUMNS

    rng = np.random.default_rng(seed)
    persons = rng.choice([1, 2, 3, 4, 5, 6], size=n, p=[0.42, 0.25, 0.14, 0.11, 0.05, 0.03])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")  # quotes as Excel does
    writer.writerow([c.header for c in COLUMNS])
    first = datetime.date(2012, 1, 1)
    for i in range(n):
        p = int(persons[i])
        children = int(min(p - 1, rng.integers(0, 4)))
        registered = first + datetime.timedelta(days=int(rng.integers(0, 4800)))
        income = f"{rng.gamma(4.0, 6000.0):,.2f}".replace(",", " ").replace(".", ",")
        income = income.replace(" ", ".")
        claimed = [c for c in CRITERIA if rng.random() < 0.12]
        valid = registered.replace(year=2027) if registered.day < 29 else ""
        row = [
            f"ALT-{i:06d}", f"Haushalt Nummer {i}", f"0561 {100000 + i}",
            f"{registered:%d.%m.%Y}", str(p), str(children), income,
            f"{valid:%d.%m.%Y}" if valid else "", "ja" if rng.random() < 0.08 else "nein",
            "nein", TYPES[i % len(TYPES)], "keine Angabe",
            "ruhend" if rng.random() < 0.1 else "aktiv", "; ".join(claimed),
            "Bescheid liegt vor" if claimed else "", "ja" if rng.random() < 0.7 else "nein",
        ]  # fmt: skip
        writer.writerow(row)
    return buffer.getvalue().encode("cp1252")


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wohnbuendnis.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run(n: int) -> None:
    from django.core.exceptions import ValidationError

    from wohnbuendnis import demo
    from wohnbuendnis.accounts.models import AccessLogEntry, User
    from wohnbuendnis.alliance.models import Alliance
    from wohnbuendnis.allocation import services
    from wohnbuendnis.allocation.models import Household, HouseholdStatusChange

    started = time.perf_counter()
    demo.generate(parts=("allocation",))
    print(f"demo data: {time.perf_counter() - started:.1f} s")
    city = Alliance.objects.get(slug=demo.CITY_SLUG)
    office = User.objects.get(username="wohnungsamt")
    data = register_csv(n)
    print(f"file: {n:,} households, {len(data) / 2**20:.2f} MB")

    started = time.perf_counter()
    preview = services.preview_register(city, data, "register.csv")
    preview_time = time.perf_counter() - started
    assert preview.ok, preview.problems[:3]
    assert len(preview.new) == n

    before = Household.objects.count()
    started = time.perf_counter()
    result = services.import_register(city, office, data, "register.csv")
    import_time = time.perf_counter() - started
    assert result.created == n and Household.objects.count() == before + n
    histories = HouseholdStatusChange.objects.filter(note="importiert aus register.csv").count()
    logged = AccessLogEntry.objects.filter(reason__contains="register.csv").count()
    assert histories == n and logged == n

    started = time.perf_counter()
    again = services.import_register(city, office, data, "register.csv")
    again_time = time.perf_counter() - started
    assert (again.created, again.unchanged) == (0, n)

    lines = data.decode("cp1252").split("\r\n")
    cells = lines[n // 2].split(";")
    cells[0], cells[4] = "NEU-1", "viele"  # a new file number, a broken household size
    lines[n // 2] = ";".join(cells)
    lines[1] = "NEU-2" + lines[1][lines[1].index(";") :]  # a good new household before it
    broken = "\r\n".join(lines).encode("cp1252")
    count = Household.objects.count()
    started = time.perf_counter()
    try:
        services.import_register(city, office, broken, "kaputt.csv")
    except ValidationError as error:
        refused = error.messages[1]
    else:
        refused = ""
    broken_time = time.perf_counter() - started
    assert Household.objects.count() == count

    print(f"preview ({n:,} rows read and checked): {preview_time:.2f} s")
    print(
        f"import (preview again + write {n:,} households, criteria, history, access log): "
        f"{import_time:.2f} s  target ≤ {TARGET:.0f} s  ratio {import_time / TARGET:.2f}"
    )
    print(f"same file again: {again_time:.2f} s, {again.created} created")
    print(f"broken file: {broken_time:.2f} s, nothing written; first problem: {refused or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--postgres", metavar="HOST", help="PostgreSQL server (else SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MEDIA_ROOT"] = tmp
        if args.postgres:
            database = f"wb_register_bench_{secrets.token_hex(4)}"
            pg = ["-h", args.postgres, "-U", "postgres"]
            subprocess.run(["createdb", *pg, database], check=True)  # noqa: S603, S607
            try:
                _setup(f"postgres://postgres@{args.postgres}:5432/{database}")
                run(args.households)
            finally:
                from django.db import connections

                connections.close_all()
                subprocess.run(  # noqa: S603
                    ["dropdb", *pg, "--if-exists", "--force", database],  # noqa: S607
                    check=True,
                )
        else:
            _setup(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            run(args.households)


if __name__ == "__main__":
    main()
