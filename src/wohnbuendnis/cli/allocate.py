"""``wohnbuendnis allocate``: cooperative allocation of bound flats (spec: allocation.md)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

MECHANISMS = ("shortlist", "optimal", "deferred-acceptance")


def register(subparsers: Any) -> None:
    """Add the ``allocate`` parser to ``subparsers``."""
    parser = subparsers.add_parser(
        "allocate",
        help="Wohnungsvermittlung: Benennungen/Zuordnung berechnen / "
        "cooperative allocation of bound flats: nominations or assignment",
        description="Berechnet Benennungslisten (Benennungsrecht) oder eine Zuordnung nach "
        "sozialer Dringlichkeit / computes nomination shortlists or an assignment of bound "
        "flats by social urgency (contract: allocation.md).",
    )
    parser.add_argument(
        "--applicants", required=True, metavar="FILE", help="Bewerberhaushalte / applicants.csv"
    )
    parser.add_argument(
        "--flats", required=True, metavar="FILE", help="freie gebundene Wohnungen / flats.csv"
    )
    parser.add_argument(
        "--scheme",
        required=True,
        metavar="FILE",
        help="Prioritätenliste und Regeln / priority list and rules (scheme.toml)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="Ausgabeordner / output folder")
    parser.add_argument(
        "--mechanism",
        choices=MECHANISMS,
        default="shortlist",
        help="Verfahren / mechanism (Standard / default: shortlist)",
    )
    parser.add_argument(
        "--preferences",
        metavar="FILE",
        help="Wünsche der Haushalte / applicants' ranked flats (preferences.csv; "
        "nötig für / needed for deferred-acceptance)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="Losziehung für leere lottery-Zellen / seed for empty lottery cells (default 0)",
    )
    parser.set_defaults(handler=run)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wohnbuendnis")
    except PackageNotFoundError:
        return "unknown"


def run(args: argparse.Namespace) -> int:
    """Read and check the inputs, run the mechanism, write the outputs atomically."""
    from wohnbuendnis.analytics.allocation import allocate
    from wohnbuendnis.analytics.io.allocation_files import (
        read_applicants,
        read_flats,
        read_preferences,
        write_allocation,
    )
    from wohnbuendnis.analytics.io.allocation_scheme import read_scheme
    from wohnbuendnis.analytics.io.errors import InputError
    from wohnbuendnis.cli._common import Progress, atomic_output_dir

    started = time.monotonic()
    if args.mechanism == "deferred-acceptance" and not args.preferences:
        raise InputError("--preferences", "a preferences file for deferred-acceptance")
    if args.seed < 0:
        raise InputError("--seed", f"a whole number ≥ 0, found {args.seed}")
    scheme = read_scheme(args.scheme)
    households = read_applicants(args.applicants, scheme)
    flats = read_flats(args.flats, scheme)
    preferences = []
    if args.mechanism == "deferred-acceptance":
        preferences = read_preferences(args.preferences, households, flats)
    total = {"shortlist": len(flats), "optimal": len(households)}.get(
        args.mechanism, len(preferences)
    )
    progress = Progress(f"allocate {args.mechanism}", total)
    result = allocate(
        households,
        flats,
        scheme,
        args.mechanism,
        preferences=preferences,
        seed=args.seed,
        software_version=_version(),
        progress=progress.update,
    )
    progress.finish()
    with atomic_output_dir(args.out) as tmp:
        write_allocation(tmp, result)
        record = {
            "command": "allocate",
            "mechanism": args.mechanism,
            "seed": args.seed,
            "inputs": {"applicants": Path(args.applicants).name, "flats": Path(args.flats).name},
            "wall_time_seconds": round(time.monotonic() - started, 3),
        }
        (tmp / "run.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0
