"""The report builders, one per kind (a registry dict: the report kinds are the extension
point of this app). A builder reads the live data and returns a neutral ``Document``."""

from __future__ import annotations

from collections.abc import Callable

from wohnbuendnis.reports.builders.common import Options, Progress, ReportInputError
from wohnbuendnis.reports.document import Document

Builder = Callable[[Options, Progress], Document]


def _concept(options: Options, progress: Progress) -> Document:
    from wohnbuendnis.reports.builders import concept

    return concept.build(options, progress)


def _evaluation(options: Options, progress: Progress) -> Document:
    from wohnbuendnis.reports.builders import evaluation

    return evaluation.build(options, progress)


def _progress(options: Options, progress: Progress) -> Document:
    from wohnbuendnis.reports.builders import progress as yearly

    return yearly.build(options, progress)


def _minutes(options: Options, progress: Progress) -> Document:
    from wohnbuendnis.reports.builders import meetings

    return meetings.build_minutes(options, progress)


def _invitation(options: Options, progress: Progress) -> Document:
    from wohnbuendnis.reports.builders import meetings

    return meetings.build_invitation(options, progress)


def _allocation(options: Options, progress: Progress) -> Document:
    from wohnbuendnis.reports.builders import allocation

    return allocation.build(options, progress)


def _market(options: Options, progress: Progress) -> Document:
    from wohnbuendnis.reports.builders import market

    return market.build(options, progress)


BUILDERS: dict[str, Builder] = {
    "concept": _concept,
    "evaluation": _evaluation,
    "progress": _progress,
    "minutes": _minutes,
    "invitation": _invitation,
    "allocation": _allocation,
    "market": _market,
}
# A kind of ReportKind without a builder here is not offered by the page, and the command
# refuses it (exit 2).

__all__ = ["BUILDERS", "Options", "Progress", "ReportInputError"]
