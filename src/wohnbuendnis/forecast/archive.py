"""Input folders as ZIP archives (upload, demo) and the engine's outputs as one ZIP of Parquet.

Extraction is defensive: only ``*.csv`` and ``*.toml`` members, flattened to their base names,
with a limit on the unpacked size (no zip bombs, no paths outside the folder). The limit is
checked twice: on the sizes the archive declares, and on the bytes actually inflated while they
are copied to disk chunk by chunk, so an archive that lies about its sizes stops at the limit.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import polars as pl
from django.core.files.base import File

from wohnbuendnis.forecast.engine import (
    Code,
    ForecastInputs,
    ForecastResult,
    InputError,
    read_inputs,
)

MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 200
CHUNK = 1024 * 1024
SUFFIXES = (".csv", ".toml")


def _too_large() -> InputError:
    return InputError(
        "ZIP",
        Code.ZIP_TOO_LARGE,
        params={"members": MAX_MEMBERS, "megabytes": MAX_UNPACKED // 2**20},
    )


def _members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    if len(archive.infolist()) > MAX_MEMBERS:
        raise _too_large()
    chosen: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = PurePosixPath(info.filename).name
        if info.is_dir() or not name.endswith(SUFFIXES) or name.startswith("."):
            continue
        if name in chosen:
            raise InputError(info.filename, Code.ZIP_DUPLICATE_MEMBER, params={"name": name})
        chosen[name] = info
    if sum(info.file_size for info in chosen.values()) > MAX_UNPACKED:
        raise _too_large()
    return [(info, name) for name, info in sorted(chosen.items())]


def _extract(archive: zipfile.ZipFile, folder: Path) -> None:
    """Copy the chosen members to ``folder`` in chunks, counting the inflated bytes."""
    total = 0
    for info, name in _members(archive):
        with archive.open(info) as member, (folder / name).open("wb") as out:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > MAX_UNPACKED:
                    raise _too_large()
                out.write(chunk)


@contextmanager
def unpacked(upload: File) -> Iterator[Path]:
    """The input folder inside a ZIP archive, unpacked into a temporary folder.

    The caller owns ``upload``: it is opened here only if it is closed, and then closed again,
    but an open file (a fresh upload that is stored afterwards) stays open and usable.
    """
    opened_here = upload.closed
    if opened_here:
        upload.open("rb")
    try:
        upload.seek(0)
        try:
            archive = zipfile.ZipFile(upload)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise InputError("ZIP", Code.NOT_ZIP) from None
        with archive, tempfile.TemporaryDirectory(prefix="forecast-inputs-") as tmp:
            folder = Path(tmp)
            try:
                _extract(archive, folder)
            except InputError:
                raise
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                raise InputError("ZIP", Code.NOT_ZIP) from None
            yield folder
    finally:
        if opened_here:
            upload.close()  # a stored file left open fails the suite (ResourceWarning)
        else:
            upload.seek(0)


def read_archive(upload: File) -> ForecastInputs:
    """Validated engine inputs of a ZIP archive (raises InputError as the command does)."""
    with unpacked(upload) as folder:
        return read_inputs(folder)


def has_members(stored: File, names: tuple[str, ...]) -> bool:
    """Whether a stored input archive holds files of every one of ``names`` (base names, in
    any folder), without unpacking it."""
    stored.open("rb")
    try:
        with zipfile.ZipFile(stored) as archive:
            present = {PurePosixPath(n).name for n in archive.namelist()}
    except zipfile.BadZipFile:
        return False
    finally:
        stored.close()
    return set(names) <= present


def zip_folder(folder: Path) -> bytes:
    """The files of ``folder`` as a ZIP archive (sorted, for reproducible bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                archive.writestr(
                    zipfile.ZipInfo(path.name, (2024, 1, 1, 0, 0, 0)), path.read_bytes()
                )
    return buffer.getvalue()


def pack_result(result: ForecastResult) -> bytes:
    """The engine's output files (Parquet and run.json) as one ZIP archive."""
    with tempfile.TemporaryDirectory(prefix="forecast-out-") as tmp:
        result.write(tmp, format="parquet")
        return zip_folder(Path(tmp))


def read_table(stored: File, name: str) -> pl.DataFrame:
    """One output table (``population``, ``households`` …) of a stored result archive; an
    empty frame when the run did not produce it."""
    stored.open("rb")
    try:
        with zipfile.ZipFile(stored) as archive:
            if f"{name}.parquet" not in archive.namelist():
                return pl.DataFrame()
            return pl.read_parquet(io.BytesIO(archive.read(f"{name}.parquet")))
    finally:
        stored.close()
