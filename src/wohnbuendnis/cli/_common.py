"""Shared helpers of the analytical subcommands: atomic output folders and progress lines."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_output_dir(out: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder inside ``out``; on success move its files into ``out``.

    On any exception the temporary folder is removed, so ``out`` never holds a partial result.
    """
    out_path = Path(out)
    out_path.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_path))
    try:
        yield tmp
        for item in sorted(tmp.iterdir()):
            os.replace(item, out_path / item.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def atomic_output_file(out: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; rename it to ``out`` on success only."""
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)


class Progress:
    """Progress on stderr for work longer than about two seconds.

    A bar that redraws in place on a terminal, plain lines otherwise (CI logs, pipes).
    """

    def __init__(self, label: str, total: int, *, quiet_seconds: float = 2.0) -> None:
        self.label, self.total = label, max(total, 1)
        self.started = time.monotonic()
        self.quiet_seconds = quiet_seconds
        self.last_shown = 0.0
        self.tty = sys.stderr.isatty()

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.started < self.quiet_seconds or now - self.last_shown < 1.0:
            return
        self.last_shown = now
        share = min(done / self.total, 1.0)
        if self.tty:
            bar = "#" * int(share * 30)
            sys.stderr.write(f"\r{self.label} [{bar:<30}] {share:6.1%}")
        else:
            sys.stderr.write(f"{self.label}: {done}/{self.total} ({share:.0%})\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.last_shown and self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()
