"""``wohnbuendnis index``: small-area status/dynamics index (spec/monitoring.md)."""

from __future__ import annotations

import argparse
from typing import Any

HELP = "Sozialindex für Quartiere / small-area status and dynamics index"
DESCRIPTION = (
    "Berechnet Status- und Dynamikindex je Gebiet aus observations.csv (z-Werte, 4 × 3 Klassen, "
    "auffällige Gebiete) und schreibt index.csv. / Computes the status and dynamics index per "
    "area from observations.csv (z-values, 4 × 3 classes, conspicuous areas) and writes "
    "index.csv. The index flags places for attention; a need for action needs local review."
)


def register(subparsers: Any) -> None:
    """Add the ``index`` subcommand to the ``wohnbuendnis`` parser."""
    parser = subparsers.add_parser("index", help=HELP, description=DESCRIPTION)
    parser.add_argument(
        "--input",
        required=True,
        metavar="FILE",
        help="Beobachtungen / observations.csv (indicator, area, year, value)",
    )
    parser.add_argument(
        "--config",
        required=True,
        metavar="FILE",
        help="Einstellungen / config.toml (indicators, year, dynamics_lag, min_population, …)",
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="Ergebnis / output index.csv")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the inputs, compute the index, write ``index.csv`` atomically; returns 0.

    Invalid input raises ``InputError`` (exit code 2 in ``wohnbuendnis.cli.main``)."""
    from wohnbuendnis.analytics.io.errors import InputError
    from wohnbuendnis.analytics.io.index_files import format_index, read_index_config
    from wohnbuendnis.analytics.io.observations import read_observations
    from wohnbuendnis.analytics.monitoring import compute_index
    from wohnbuendnis.cli._common import atomic_output_file

    config = read_index_config(args.config)
    observations = read_observations(args.input)
    present = set(observations.filter(observations["year"] == config.year)["indicator"].unique())
    for indicator in (*config.indicators, config.population_indicator):
        if indicator not in present:
            raise InputError(
                args.input,
                f"values of indicator {indicator!r} for year {config.year} expected "
                f"(named in {args.config})",
                column="indicator",
            )
    text = format_index(compute_index(observations, config))
    with atomic_output_file(args.out) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
    return 0
