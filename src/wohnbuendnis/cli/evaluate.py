"""``wohnbuendnis evaluate``: goals against measured values (spec/monitoring.md)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = "Zielerreichung prüfen / evaluate goals against targets"
DESCRIPTION = (
    "Vergleicht Ist-Werte mit Zielwerten (Zielunterschreitung, Ziel erreicht, "
    "Zielüberschreitung; Korridorziele; kumulierte Ziele anteilig) und schreibt "
    "evaluation.csv. / Compares actual values with targets (below target, reached, above "
    "target; band targets; cumulative targets pro rata) and writes evaluation.csv."
)


def register(subparsers: Any) -> None:
    """Add the ``evaluate`` subcommand to the ``wohnbuendnis`` parser."""
    parser = subparsers.add_parser("evaluate", help=HELP, description=DESCRIPTION)
    parser.add_argument(
        "--targets",
        required=True,
        metavar="FILE",
        help="Ziele / targets.csv (goal, indicator, area, year_from, year_to, target, kind, …)",
    )
    parser.add_argument(
        "--actuals",
        required=True,
        metavar="FILE",
        help="Ist-Werte / actual values as observations.csv",
    )
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="Ergebnis / output evaluation.csv"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read targets and actuals, evaluate, write ``evaluation.csv`` atomically; returns 0.

    Goals without any actual value in their period are named on stderr (no rows for them)."""
    from wohnbuendnis.analytics.evaluation import evaluate_goals
    from wohnbuendnis.analytics.io.evaluation_files import format_evaluation, read_targets
    from wohnbuendnis.analytics.io.observations import read_observations
    from wohnbuendnis.cli._common import atomic_output_file

    targets = read_targets(args.targets)
    actuals = read_observations(args.actuals)
    result = evaluate_goals(targets, actuals)
    evaluated = set(result["goal"].to_list())
    for target in targets:
        if target.goal not in evaluated:
            print(
                f"Hinweis / note: Ziel / goal {target.goal!r}: keine Ist-Werte / no actual values "
                f"({target.indicator}, {target.area}, {target.year_from}–{target.year_to})",
                file=sys.stderr,
            )
    text = format_evaluation(result)
    with atomic_output_file(args.out) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
    return 0
