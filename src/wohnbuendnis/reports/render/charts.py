"""The pages' Altair (Vega-Lite) specs rendered for print by vl-convert: SVG for Typst, PNG
for Word. The web pages size charts to their container; print needs a fixed width."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import vl_convert

PRINT_WIDTH = 440  # px: the text width of an A4 page at the renderers' scale
#: Charts rendered at once: vl-convert releases the GIL, so two threads use both cores of the
#: machine (a report with 70 charts: about 40 % less time than one after the other).
WORKERS = 2
#: Numbers on the axes as on the pages (charts.js: decimal comma, thousands point).
LOCALE = "de-DE"


def _printable(spec: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(spec)
    if spec.get("width") == "container":
        spec["width"] = PRINT_WIDTH
    spec.setdefault("width", PRINT_WIDTH)
    spec.setdefault("background", "white")
    return spec


@functools.lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(_printable(json.loads(spec_json)), format_locale=LOCALE)


@functools.lru_cache(maxsize=512)
def _png(spec_json: str) -> bytes:
    return vl_convert.vegalite_to_png(
        _printable(json.loads(spec_json)), scale=2, format_locale=LOCALE
    )


def svg(spec: dict[str, Any]) -> str:
    return _svg(json.dumps(spec, sort_keys=True))


def png(spec: dict[str, Any]) -> bytes:
    return _png(json.dumps(spec, sort_keys=True))


def prepare(specs: Iterable[dict[str, Any]], kind: str) -> None:
    """Render the charts of a document ahead, in parallel, into the cache that :func:`svg` and
    :func:`png` read (``kind``: ``"svg"`` or ``"png"``)."""
    convert = _svg if kind == "svg" else _png
    keys = list(dict.fromkeys(json.dumps(spec, sort_keys=True) for spec in specs))
    if len(keys) < 2:
        return
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="vl-convert") as pool:
        list(pool.map(convert, keys))
