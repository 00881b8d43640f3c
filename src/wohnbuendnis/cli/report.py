"""``wohnbuendnis report KIND --alliance SLUG [--format pdf|docx|html] [--out FILE] [--year YYYY]
[--edition N] [--meeting ID]`` (contract: ../shared/spec/cli.md).

A report from the live data of the configured database, as the reports page builds it, in
its public version (no non-public agenda items, only approved minutes, no person's name).
Exit 2 on invalid options (unknown alliance or meeting, a kind not built yet, minutes not
yet approved); the file is written atomically (a temporary name beside it, renamed at the end).
"""

from __future__ import annotations

import argparse
import sys
import time

from wohnbuendnis.cli._common import atomic_output_file
from wohnbuendnis.cli.web import setup_django

# every kind of ../shared/spec/cli.md; which of them are built is the builders' registry
KINDS = ("concept", "market", "evaluation", "progress", "allocation", "minutes", "invitation")
FORMATS = ("pdf", "docx", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser(
        "report",
        help="Bericht als PDF, Word oder HTML / a report as PDF, DOCX or HTML",
        description="Erstellt einen Bericht aus den aktuellen Daten eines Bündnisses (öffentliche "
        "Fassung). / Builds a report from the live data of one alliance (public version).",
    )
    report.add_argument(
        "kind",
        metavar="KIND",
        choices=KINDS,
        help="concept (Handlungskonzept, --edition), market (Wohnungsmarktbericht), "
        "evaluation (Erfolgskontrolle, --year), progress (Jahresbericht, --year), allocation "
        "(Vergabestatistik), minutes und invitation (Protokoll, Einladung: --meeting)",
    )
    report.add_argument("--alliance", required=True, help="Kurzname des Bündnisses / slug")
    report.add_argument("--format", default="pdf", choices=FORMATS, help="Vorgabe / default: pdf")
    report.add_argument(
        "--out", default="", help="Datei (Vorgabe: <slug>-<kind>.<format>) / output file"
    )
    report.add_argument("--year", type=int, default=None, help="Berichtsjahr / year")
    report.add_argument(
        "--edition", type=int, default=None, help="Fassung des Konzepts / concept edition"
    )
    report.add_argument(
        "--meeting", type=int, default=None, help="Sitzung (minutes, invitation) / meeting id"
    )
    report.set_defaults(handler=run_report)


def _invalid(german: str, english: str) -> int:
    print(f"Fehler: {german}\nerror: {english}", file=sys.stderr)
    return 2


def run_report(args: argparse.Namespace) -> int:
    setup_django()
    from wohnbuendnis.alliance.models import Alliance
    from wohnbuendnis.reports import services
    from wohnbuendnis.reports.builders import BUILDERS, Options, ReportInputError

    if args.kind not in BUILDERS:
        built = ", ".join(BUILDERS)
        return _invalid(
            f"Der Bericht „{args.kind}“ ist noch nicht gebaut; verfügbar: {built}.",
            f"the report '{args.kind}' is not built yet; available: {built}.",
        )

    alliance = Alliance.objects.select_related("area").filter(slug=args.alliance).first()
    if alliance is None:
        return _invalid(
            f"Ein Bündnis „{args.alliance}“ gibt es nicht.",
            f"no alliance with the slug '{args.alliance}'.",
        )
    options = Options(
        alliance=alliance,
        year=args.year,
        edition=args.edition,
        meeting_id=args.meeting,
    )
    started = time.monotonic()

    def progress(percent: int, message: str) -> None:
        if time.monotonic() - started > 2:
            print(f"{args.kind}: {percent} % {message}", file=sys.stderr, flush=True)

    try:
        document = services.build_document(args.kind, options, progress)
    except ReportInputError as error:
        return _invalid(str(error), str(error))
    out = args.out or f"{alliance.slug}-{args.kind}.{args.format}"
    with atomic_output_file(out) as tmp:
        tmp.write_bytes(services.render(document, args.format))
    print(out)
    return 0
