"""The ``wohnbuendnis`` command (contract: ../shared/spec/cli.md).

Each subcommand lives in a module of this package that defines ``register(subparsers)``;
the module adds its parser(s) and sets ``handler`` to a function ``(args) -> int``.
Heavy imports happen inside the handlers so that ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured

from wohnbuendnis.analytics.io.errors import InputError

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2

# Modules of this package that register subcommands, in the order --help lists them.
SUBCOMMAND_MODULES = [
    "web",
    "init",
    "report",
    "forecast",
    "index",
    "evaluate",
    "allocate",
    "backup",
]


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad options, as the contract wants; keep its message short."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: Fehler / error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wohnbuendnis",
        description="wohnbuendnis – Plattform für Bündnisse für Wohnen / "
        "working platform of a housing alliance",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"wohnbuendnis.cli.{name}").register(subparsers)
    return parser


def _german(error: InputError) -> str:
    """The message as the web pages show it (``lib.input_errors``); the analytics commands
    run without the web settings, so gettext gets a minimal configuration (German msgids)."""
    import os

    from django.conf import settings

    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        settings.configure(USE_I18N=False)
    from wohnbuendnis.lib.input_errors import message

    return message(error)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or EXIT_OK)
    except InputError as error:
        # German as on the web pages, then the readers' English (scripts and logs grep it).
        print(f"Fehler: {_german(error)}\nerror: {error.message}", file=sys.stderr)
        return EXIT_INVALID
    except ImproperlyConfigured as error:
        # One line naming the variable; no traceback for a configuration mistake.
        print(f"Konfigurationsfehler / configuration error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("abgebrochen / interrupted", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
