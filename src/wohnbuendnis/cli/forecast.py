"""``wohnbuendnis forecast``: population, household and housing-demand projection.

Contract: ../shared/spec/forecast.md and cli.md. A thin wrapper around
``read_inputs`` → ``project`` → ``result.write``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("eine Zahl ≥ 0 / a number ≥ 0")
    return value


def register(subparsers: Any) -> None:
    """Add the ``forecast`` parser to the ``wohnbuendnis`` command."""
    parser = subparsers.add_parser(
        "forecast",
        help="Bevölkerungs-, Haushalts- und Wohnungsbedarfsprognose / "
        "population, household and housing-demand projection",
        description="Kohorten-Komponenten-Prognose je Gebiet mit Szenarien (Annahmen-Sets), "
        "Bandbreiten, Haushalten und Wohnungsbedarf / cohort-component projection per area with "
        "scenarios, bandwidths, households and housing demand.",
    )
    parser.add_argument(
        "--input",
        required=True,
        metavar="DIR",
        help="Eingabeordner mit scenario.toml und CSV-Dateien / input folder",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="Ausgabeordner (wird angelegt) / output folder (created if missing)",
    )
    parser.add_argument(
        "--scenario",
        metavar="NAME",
        help="nur dieses Szenario (Standard: alle) / only this scenario (default: all)",
    )
    parser.add_argument(
        "--draws",
        type=_non_negative,
        default=0,
        metavar="N",
        help="Zufallsziehungen für Bandbreiten (quantiles.csv) / stochastic draws",
    )
    parser.add_argument(
        "--seed",
        type=_non_negative,
        default=0,
        metavar="S",
        help="Startwert des Zufallsgenerators / random seed",
    )
    parser.add_argument(
        "--backtest",
        type=int,
        metavar="YEAR",
        help="Rückrechnung ab einem früheren Basisjahr von population.csv / back-test from an "
        "earlier base year",
    )
    parser.add_argument(
        "--housing-led",
        action="store_true",
        help="wohnungsbasierte Variante: geplanter Bestand → Bevölkerung / housing-led variant",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask-Scheduler, z. B. tcp://10.0.0.5:8786 (Standard: im Prozess) / Dask scheduler",
    )
    parser.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default="csv",
        help="Ausgabeformat / output format (csv, parquet)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the forecast; InputError propagates (exit code 2), outputs are written atomically."""
    from wohnbuendnis.analytics.forecast import project, read_inputs
    from wohnbuendnis.cli._common import Progress, atomic_output_dir

    inputs = read_inputs(args.input)
    count = 1 if args.scenario else len(inputs.scenarios)
    progress = Progress("Prognose / forecast", count)
    result = project(
        inputs,
        scenario=args.scenario,
        draws=args.draws,
        seed=args.seed,
        scheduler=args.scheduler,
        backtest=args.backtest,
        housing_led=args.housing_led,
        progress=lambda done, _total: progress.update(done),
    )
    with atomic_output_dir(args.out) as tmp:
        result.write(tmp, format=args.format)
    progress.finish()
    print(f"{len(result.runs)} Szenario(s) / scenario(s) → {args.out}", file=sys.stderr)
    return 0
