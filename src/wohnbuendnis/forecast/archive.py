"""Input folders as ZIP archives (upload, demo) and the engine's outputs as one ZIP of Parquet.

Extraction is defensive: only ``*.csv`` and ``*.toml`` members, flattened to their base names,
with a limit on the unpacked size (no zip bombs, no paths outside the folder).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import polars as pl
from django.core.files.base import File

from wohnbuendnis.analytics.forecast import ForecastInputs, ForecastResult, read_inputs
from wohnbuendnis.analytics.io.errors import Code, InputError

MAX_UNPACKED = 200 * 1024 * 1024
SUFFIXES = (".csv", ".toml")


def _members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    chosen: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = PurePosixPath(info.filename).name
        if info.is_dir() or not name.endswith(SUFFIXES) or name.startswith("."):
            continue
        if name in chosen:
            raise InputError(info.filename, Code.ZIP_DUPLICATE_MEMBER, params={"name": name})
        chosen[name] = info
    if sum(info.file_size for info in chosen.values()) > MAX_UNPACKED:
        raise InputError(
            "ZIP",
            Code.ZIP_TOO_LARGE,
            params={"members": len(chosen), "megabytes": MAX_UNPACKED // 2**20},
        )
    return [(info, name) for name, info in sorted(chosen.items())]


@contextmanager
def unpacked(upload: File) -> Iterator[Path]:
    """The input folder inside a ZIP archive, unpacked into a temporary folder. A file the
    caller passed open stays open (the upload is stored afterwards); one opened here is closed."""
    opened_here = upload.closed
    upload.open("rb")
    try:
        upload.seek(0)
        try:
            archive = zipfile.ZipFile(upload)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise InputError("ZIP", Code.NOT_ZIP) from None
        with archive, tempfile.TemporaryDirectory(prefix="forecast-inputs-") as tmp:
            folder = Path(tmp)
            for info, name in _members(archive):
                try:
                    data = archive.read(info)
                except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
                        EOFError, OSError, ValueError):  # fmt: skip
                    # a corrupt member: bad header, CRC error, broken or unknown compression,
                    # marked as encrypted
                    raise InputError(info.filename, Code.NOT_ZIP) from None
                (folder / name).write_bytes(data)
            yield folder
    finally:
        if opened_here:
            upload.close()  # a stored file left open fails the suite (ResourceWarning)


def read_archive(upload: File) -> ForecastInputs:
    """Validated engine inputs of a ZIP archive (raises InputError as the command does)."""
    with unpacked(upload) as folder:
        return read_inputs(folder)


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
